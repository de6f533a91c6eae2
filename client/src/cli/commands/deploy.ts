// CLI room: `magento-zdd deploy --env X --plan [--json]`: every step of the environment's blue-green
// rolling deploy with its concrete argv and URLs, without running anything (the live colour is read
// from Redis when it answers). Running the deploy itself from the CLI is not offered yet: the local
// driver's instances live in the process that started them.
import { parseArgs } from 'node:util';
import { planDeploy } from '../../engine/deploy/deployPipeline';
import { loadProjectAt, reportEngineError, requireEnvironmentOption } from '../cliProject';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../usage';
import type { CliIo } from './check';

export async function runDeployCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: { env: { type: 'string' }, plan: { type: 'boolean' }, json: { type: 'boolean' } } });
  if (positionals.length > 0) throw new UsageError(`deploy takes no arguments besides its options, got: ${positionals.join(' ')}`);
  const name = requireEnvironmentOption(values.env, 'deploy');
  if (values.plan !== true) throw new UsageError('deploy needs --plan: this version prints the plan only; the deploy runs from the engine (the local driver keeps its instances in the process that started them).');
  const project = loadProjectAt(io.cwd);
  try {
    const steps = await planDeploy(project, name, { env: io.env });
    if (values.json === true) io.stdout(`${JSON.stringify({ environment: name, steps }, null, 2)}\n`);
    else {
      const lines = [`Deploy plan for "${name}" (nothing was run):`, ''];
      steps.forEach((step, index) => {
        lines.push(`${index + 1}. ${step.step}: ${step.description}`);
        if (step.argv) lines.push(`   $ ${step.argv.map(quoteForDisplay).join(' ')}`);
        for (const url of step.urls ?? []) lines.push(`   GET ${url}`);
      });
      io.stdout(`${lines.join('\n')}\n`);
    }
    return EXIT_OK;
  } catch (error) {
    return reportEngineError(error, io, EXIT_FAILED);
  }
}

/** For reading only: argv is never joined into a command that runs. */
function quoteForDisplay(argument: string): string {
  return /^[\w@%+=:,./-]+$/.test(argument) ? argument : `'${argument.replace(/'/g, "'\\''")}'`;
}
