// Engine room (pure Node, no vscode): the `command` driver, for traditional servers. The user gives an
// argv for each step of the per-node cycle (start, health, enlist, drain, stop); placeholders such as
// {node} and {cacheDb} are filled in inside each argument, never through a shell. Health is a command
// retried until it exits 0, or a URL that must answer 200, bounded by health.timeoutMs.
import type { PlannedStep } from '../deployPipeline';
import type { DeploySettings } from '../deploySettings';
import { waitUntilHealthy } from '../healthCheck';
import { rollingSwitch, type InstanceOperations, type SideOfSwitch } from '../rollingSwitch';
import type { DeployDriver, DriverPlanContext, DriverRunContext, RollResult } from './deployDriver';
import type { CommandSettings } from './driverSettings';
import { runDriverCommand } from './driverCommand';
import { fillArgument, fillArgv, type Placeholders } from './placeholders';

type CommandStep = 'start' | 'health' | 'enlist' | 'drain' | 'stop';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class CommandDriver implements DeployDriver {
  readonly name = 'command';
  readonly kind = 'instances';
  readonly ownsMigrations = false;

  constructor(
    private readonly settings: DeploySettings,
    private readonly command: CommandSettings,
  ) {}

  placeholders(index: number, side: SideOfSwitch, other: SideOfSwitch | undefined): Placeholders {
    return {
      node: this.command.nodes[index] ?? '',
      index: String(index + 1),
      colour: side.colour,
      release: side.release,
      cacheDb: String(side.cacheDatabases[0]),
      pageCacheDb: String(side.cacheDatabases[1]),
      environment: this.settings.environment.name,
      oldColour: other?.colour ?? '',
      oldRelease: other?.release ?? '',
    };
  }

  argv(step: Exclude<CommandStep, 'health'>, index: number, side: SideOfSwitch, other: SideOfSwitch | undefined): string[] {
    return fillArgv(this.command[step], this.placeholders(index, side, other), `environments.${this.settings.environment.name}.deploy.command.${step}`);
  }

  healthArgv(index: number, side: SideOfSwitch, other: SideOfSwitch | undefined): string[] | undefined {
    return this.command.health ? fillArgv(this.command.health, this.placeholders(index, side, other), `environments.${this.settings.environment.name}.deploy.command.health`) : undefined;
  }

  healthUrl(index: number, side: SideOfSwitch, other: SideOfSwitch | undefined): string | undefined {
    return this.command.healthUrl ? fillArgument(this.command.healthUrl, this.placeholders(index, side, other), `environments.${this.settings.environment.name}.deploy.command.healthUrl`) : undefined;
  }

  private operations(context: DriverRunContext): InstanceOperations {
    const other = (side: SideOfSwitch) => (side.colour === context.to.colour ? context.from : context.to);
    const run = (step: Exclude<CommandStep, 'health'>, index: number, side: SideOfSwitch) =>
      runDriverCommand(this.argv(step, index, side, other(side)), { what: `${step} the ${side.colour} instance on ${this.command.nodes[index]}`, cwd: this.settings.root, env: context.env, timeoutMs: this.command.timeoutMs, onOutput: context.onOutput }).then(() => undefined);
    return {
      nodes: this.command.nodes.length,
      journalDetail: (index, side) => ({ node: this.command.nodes[index] ?? '', colour: side.colour }),
      describe: (index, side) => `instance on ${this.command.nodes[index]} (release ${side.release})`,
      start: (index, side) => run('start', index, side),
      waitHealthy: (index, side) => this.waitHealthy(index, side, other(side), context),
      enlist: (index, side) => run('enlist', index, side),
      drain: (index, side) => run('drain', index, side),
      stop: (index, side) => run('stop', index, side),
    };
  }

  private async waitHealthy(index: number, side: SideOfSwitch, other: SideOfSwitch | undefined, context: DriverRunContext): Promise<{ problem: string | undefined; waitedMs: number }> {
    const { timeoutMs, intervalMs } = this.settings.health;
    const url = this.healthUrl(index, side, other);
    if (url) {
      const result = await waitUntilHealthy({ healthUrl: url, pageUrl: url, timeoutMs, intervalMs });
      return { problem: result.healthy ? undefined : (result.lastProblem ?? 'no answer'), waitedMs: result.waitedMs };
    }
    const argv = this.healthArgv(index, side, other) ?? [];
    const started = Date.now();
    const deadline = started + timeoutMs;
    const maxAttempts = Math.ceil(timeoutMs / Math.max(intervalMs, 1)) + 1;
    let problem = 'not run';
    for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
      const result = await runDriverCommand(argv, { what: `check the health of the ${side.colour} instance on ${this.command.nodes[index]}`, cwd: this.settings.root, env: context.env, timeoutMs: Math.max(1_000, Math.min(this.command.timeoutMs, deadline - Date.now())), allowFailure: true });
      if (result.exitCode === 0) return { problem: undefined, waitedMs: Date.now() - started };
      problem = `"${argv.join(' ')}" exited ${result.exitCode ?? result.signal}${result.stderr.trim() ? `: ${result.stderr.trim().slice(-240)}` : ''}`;
      if (Date.now() + intervalMs > deadline) break;
      await sleep(intervalMs);
    }
    return { problem, waitedMs: Date.now() - started };
  }

  roll(context: DriverRunContext): Promise<RollResult> {
    return rollingSwitch(this.operations(context), context, this.settings.drainMs);
  }

  planRoll(context: DriverPlanContext): PlannedStep[] {
    const { from, to } = context;
    return this.command.nodes.flatMap((node, index): PlannedStep[] => {
      const step = `node-${index + 1}`;
      const healthArgv = this.healthArgv(index, to, from);
      const healthUrl = this.healthUrl(index, to, from);
      return [
        { step, description: `start the ${to.colour} instance (release ${to.release}, cache DBs ${to.cacheDatabases.join('/')}) on ${node}`, argv: this.argv('start', index, to, from) },
        healthArgv
          ? { step, description: `repeat until it exits 0 (every ${this.settings.health.intervalMs} ms, at most ${this.settings.health.timeoutMs} ms)`, argv: healthArgv }
          : { step, description: `wait until it answers 200 (at most ${this.settings.health.timeoutMs} ms)`, urls: healthUrl ? [healthUrl] : [] },
        { step, description: `enlist it in the load balancer`, argv: this.argv('enlist', index, to, from) },
        ...(from
          ? [
              { step, description: `take the ${from.colour} instance on ${node} out of the load balancer, then wait ${this.settings.drainMs} ms`, argv: this.argv('drain', index, from, to) },
              { step, description: `stop the ${from.colour} instance on ${node}`, argv: this.argv('stop', index, from, to) },
            ]
          : []),
      ];
    });
  }
}
