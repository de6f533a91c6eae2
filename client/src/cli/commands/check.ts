// CLI room: `magento-zdd check`.
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkProject } from '../../../../server/src/analysis/analyzer';
import { ConfigError } from '../../../../server/src/analysis/config';
import { findMagentoRoot, loadProject } from '../../../../server/src/analysis/project';
import type { Severity } from '../../../../server/src/analysis/types';
import { OUTPUT_FORMATS, type OutputFormat, type FormatInput } from '../formats/format';
import { formatGithub } from '../formats/github';
import { formatJson } from '../formats/json';
import { formatSarif } from '../formats/sarif';
import { formatText } from '../formats/text';
import { reportEngineError, requireEnvironmentOption } from '../cliProject';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from '../usage';

const FAIL_ON = ['error', 'warning', 'never'] as const;
type FailOn = (typeof FAIL_ON)[number];

const FORMATTERS: Record<OutputFormat, (input: FormatInput) => string> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
};

export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  toolVersion: string;
  /** Where password variables (passwordEnv) are read; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C: a running phinx is stopped and the command says what ran. */
  signal?: AbortSignal;
  /** stdin is a terminal a person types into: commands may ask instead of refusing. */
  isInteractive?: boolean;
  /** Asks one question on the terminal; undefined when stdin closed. */
  ask?: (question: string) => Promise<string | undefined>;
  /** Registers a listener told of every SIGINT/SIGTERM (the deploy explains what it will stop at). */
  onInterrupt?: (listener: (signal: NodeJS.Signals) => void) => void;
}

export async function runCheck(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', default: 'text' },
      baseline: { type: 'string' },
      'fail-on': { type: 'string', default: 'error' },
      env: { type: 'string' },
      jobs: { type: 'string' },
    },
  });
  const format = values.format as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')} (got "${values.format}")`);
  const failOn = values['fail-on'] as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')} (got "${values['fail-on']}")`);
  if (positionals.length > 1) throw new UsageError(`check takes one project folder, got ${positionals.length}: ${positionals.join(' ')}`);
  if (values.baseline !== undefined && values.baseline.trim() === '') throw new UsageError('--baseline needs a git ref, e.g. origin/main');
  const jobs = values.jobs === undefined ? defaultJobs() : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > MAX_JOBS) throw new UsageError(`--jobs must be a whole number from 1 to ${MAX_JOBS} (got "${values.jobs}")`);

  const start = resolve(io.cwd, positionals[0] ?? '.');
  // A mistyped folder would otherwise check zero files and pass the CI gate.
  if (!statSync(start, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`${start} is not a folder; pass the Magento root (or a folder inside it)`);
  const root = findMagentoRoot(start);
  let project;
  try {
    project = loadProject(root, { baseline: values.baseline });
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`invalid configuration: ${error.message}`);
    throw error;
  }
  let setupModule;
  if (values.env !== undefined) {
    // Asked for explicitly: a database that cannot be read fails the run instead of skipping the rule.
    try {
      // Loaded here: only --env reads a database (mysql2), and most checks run without it.
      const { readSetupModuleSnapshot } = await import('../../engine/setupVersionDrift.js');
      setupModule = await readSetupModuleSnapshot(project, requireEnvironmentOption(values.env, 'check --env'), { env: io.env });
    } catch (error) {
      return reportEngineError(error, io, EXIT_USAGE);
    }
  }
  const result = await checkProject(project, { setupModule, jobs });
  // Notices go to stderr for the line formats so stdout stays machine-readable; JSON and SARIF carry them inside.
  if (format === 'text') for (const notice of result.notices) io.stderr(`note: ${notice.message}\n`);
  io.stdout(FORMATTERS[format]({ result, root, cwd: io.cwd, toolVersion: io.toolVersion }));
  return reachesThreshold(result.findings.map((finding) => finding.severity), failOn) ? EXIT_FINDINGS : EXIT_OK;
}

const MAX_JOBS = 64;

/** One thread per CPU the process may use: parsing PHP dominates a large check and splits cleanly. */
function defaultJobs(): number {
  return Math.min(availableParallelism(), MAX_JOBS);
}

function reachesThreshold(severities: Severity[], failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  if (failOn === 'warning') return severities.some((severity) => severity === 'error' || severity === 'warning');
  return severities.includes('error');
}
