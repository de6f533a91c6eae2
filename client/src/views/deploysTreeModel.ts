// VS Code glue, pure (no vscode import): the Deploys view (deploy history) as plain nodes: one group
// per environment with a journal, its runs newest first, each run's steps. deploysTree.ts turns them
// into TreeItems. A run whose id is `runningRunId` is the deploy in progress; any other run without a
// final event is unfinished (killed), which Deploy offers to resume or roll back.
import { formatDuration } from '../commands/deployText';
import type { DeployRun, DeployStepRecord, RunStatus } from '../engine/deploy/deployHistory';
import type { StepStatus } from '../engine/deploy/auditLog';

export type NodeIcon = RunStatus | StepStatus | 'running' | 'environment' | 'info';

export interface DeployEnvironmentNode {
  kind: 'environment';
  id: string;
  label: string;
  description: string;
  children: DeployRunNode[];
}

export interface DeployRunNode {
  kind: 'run';
  id: string;
  label: string;
  description: string;
  tooltip: string;
  icon: NodeIcon;
  /** deploy-run-<status>, for menus. */
  contextValue: string;
  environment: string;
  runId: string;
  children: DeployStepNode[];
}

export interface DeployStepNode {
  kind: 'step';
  id: string;
  label: string;
  description: string;
  tooltip: string;
  icon: NodeIcon;
}

export interface DeployMessageNode {
  kind: 'message';
  id: string;
  label: string;
  tooltip?: string;
}

export type DeploysTreeNode = DeployEnvironmentNode | DeployRunNode | DeployStepNode | DeployMessageNode;

/** 2026-11-27 23:50 in local time. */
export function startTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

const STATUS_WORDS: Record<RunStatus | 'running', string> = {
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
  unfinished: 'unfinished',
  abandoned: 'abandoned',
  running: 'running',
};

/** Running: the deploy of this window, or a run whose owner still holds the deploy lock (a terminal, CI, another window). */
export type RunningRuns = string | ReadonlySet<string> | undefined;

function isRunning(runId: string, running: RunningRuns): boolean {
  return typeof running === 'string' ? running === runId : running?.has(runId) === true;
}

export function runNode(run: DeployRun, runningRunId: RunningRuns): DeployRunNode {
  const status = run.status === 'unfinished' && isRunning(run.runId, runningRunId) ? 'running' : run.status;
  const verb = run.mode === 'rollback' ? 'rollback' : 'deploy';
  const label = `${run.release ?? run.runId}${run.mode === 'rollback' ? ' (rollback)' : ''}`;
  const parts = [STATUS_WORDS[status]];
  if (run.colour) parts.push(run.colour);
  if (run.durationMs !== undefined) parts.push(formatDuration(run.durationMs));
  parts.push(startTime(run.startedAt));
  const tooltip = [
    `${verb} run ${run.runId} on "${run.environment}": ${STATUS_WORDS[status]}${run.resumed ? ' (resumed)' : ''}`,
    `release: ${run.release ?? 'not built'}`,
    `colour: ${run.colour ?? 'none'}`,
    `started: ${run.startedAt}`,
    ...(run.durationMs !== undefined ? [`took: ${formatDuration(run.durationMs)}`] : []),
    ...(run.error ? [`error: ${run.error}`] : []),
    ...(status === 'unfinished' ? ['It never finished (killed or lost its machine): "Magento ZDD: Deploy..." offers to resume it or roll back.'] : []),
    ...(status === 'abandoned' ? ['It never finished, and a later run took over (a roll back to the live colour, or a later deploy): there is nothing to resume.'] : []),
  ].join('\n');
  return {
    kind: 'run',
    id: `run:${run.environment}:${run.runId}`,
    label,
    description: parts.join(' · '),
    tooltip,
    icon: status,
    contextValue: `deploy-run-${status}`,
    environment: run.environment,
    runId: run.runId,
    children: run.steps.map((step) => stepNode(run, step, status === 'running')),
  };
}

function stepNode(run: DeployRun, step: DeployStepRecord, running: boolean): DeployStepNode {
  // A step still 'started' in a run that is not running any more stopped there.
  const status: NodeIcon = step.status === 'started' ? (running ? 'running' : 'unfinished') : step.status;
  const words = status === 'running' ? 'running' : status === 'unfinished' ? 'interrupted' : step.status;
  const details = Object.entries(step.detail ?? {})
    .filter(([key]) => key !== 'error')
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : String(value)}`);
  return {
    kind: 'step',
    id: `step:${run.environment}:${run.runId}:${step.step}`,
    label: step.step,
    description: [words, ...(step.durationMs !== undefined ? [formatDuration(step.durationMs)] : [])].join(' · '),
    tooltip: [`${step.step}: ${words}`, ...details, ...(step.error ? [`error: ${step.error}`] : [])].join('\n'),
    icon: status,
  };
}

export function deploysTreeRoots(journals: readonly { environment: string; runs: readonly DeployRun[] }[], runningRunId: RunningRuns): DeploysTreeNode[] {
  const withRuns = journals.filter((journal) => journal.runs.length > 0);
  if (withRuns.length === 0) {
    return [{ kind: 'message', id: 'message:none', label: 'No deploys yet: run "Magento ZDD: Deploy..."', tooltip: 'Each deploy writes its steps to .magento-zdd/deploys/<environment>.jsonl; this view lists them.' }];
  }
  return withRuns.map((journal) => {
    const last = journal.runs[0];
    return {
      kind: 'environment',
      id: `environment:${journal.environment}`,
      label: journal.environment,
      description: `${journal.runs.length} run${journal.runs.length === 1 ? '' : 's'}, last ${startTime(last.startedAt)}`,
      children: journal.runs.map((run) => runNode(run, runningRunId)),
    };
  });
}

export function deploysChildrenOf(node: DeploysTreeNode): DeploysTreeNode[] {
  return node.kind === 'environment' || node.kind === 'run' ? node.children : [];
}
