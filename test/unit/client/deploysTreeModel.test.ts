// The Deploys view's nodes and the journal read back as runs (deployHistory.ts), from journal lines
// as the engine writes them.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DeployProgressText, formatDuration } from '../../../client/src/commands/deployText';
import type { AuditEntry } from '../../../client/src/engine/deploy/auditLog';
import { deployRunsOf, listDeployJournals, readDeployHistory } from '../../../client/src/engine/deploy/deployHistory';
import { deploysTreeRoots, type DeployEnvironmentNode, type DeployRunNode } from '../../../client/src/views/deploysTreeModel';

const entry = (runId: string, step: string, status: AuditEntry['status'], at: string, extra: Partial<AuditEntry> = {}): AuditEntry => ({ runId, environment: 'local', step, status, at, ...extra });

const SUCCEEDED = [
  entry('20261127100000-aaaa', 'deploy', 'started', '2026-11-27T10:00:00.000Z', { detail: { mode: 'deploy' } }),
  entry('20261127100000-aaaa', 'lock', 'started', '2026-11-27T10:00:00.010Z'),
  entry('20261127100000-aaaa', 'lock', 'succeeded', '2026-11-27T10:00:00.020Z', { durationMs: 10 }),
  entry('20261127100000-aaaa', 'build', 'started', '2026-11-27T10:00:00.030Z'),
  entry('20261127100000-aaaa', 'build', 'succeeded', '2026-11-27T10:00:01.030Z', { durationMs: 1000, detail: { release: '20261127100000-bbbb', argv: ['cp', '-r'] } }),
  entry('20261127100000-aaaa', 'node-1', 'started', '2026-11-27T10:00:01.100Z', { detail: { colour: 'blue', port: 20000 } }),
  entry('20261127100000-aaaa', 'node-1', 'succeeded', '2026-11-27T10:00:02.100Z', { durationMs: 1000, detail: { colour: 'blue', port: 20000 } }),
  entry('20261127100000-aaaa', 'deploy', 'succeeded', '2026-11-27T10:00:02.200Z', { durationMs: 2200, detail: { release: '20261127100000-bbbb', colour: 'blue' } }),
];
const KILLED = [
  entry('20261127110000-cccc', 'deploy', 'started', '2026-11-27T11:00:00.000Z', { detail: { mode: 'deploy' } }),
  entry('20261127110000-cccc', 'migrate', 'started', '2026-11-27T11:00:01.000Z'),
];
const FAILED = [
  entry('20261127120000-dddd', 'deploy', 'started', '2026-11-27T12:00:00.000Z', { detail: { mode: 'rollback' } }),
  entry('20261127120000-dddd', 'node-2', 'started', '2026-11-27T12:00:01.000Z', { detail: { colour: 'green', port: 20003 } }),
  entry('20261127120000-dddd', 'node-2', 'failed', '2026-11-27T12:00:31.000Z', { durationMs: 30000, detail: { colour: 'green', port: 20003, error: 'green instance 2 did not become healthy' } }),
  entry('20261127120000-dddd', 'deploy', 'failed', '2026-11-27T12:00:31.100Z', { durationMs: 31100, detail: { error: 'green instance 2 did not become healthy' } }),
];

describe('deploy history from the journal', () => {
  it('groups entries into runs, newest first, with status, release, colour and duration', () => {
    const runs = deployRunsOf([...SUCCEEDED, ...KILLED, ...FAILED]);
    assert.deepEqual(runs.map((run) => [run.runId, run.status, run.mode]), [
      ['20261127120000-dddd', 'failed', 'rollback'],
      ['20261127110000-cccc', 'unfinished', 'deploy'],
      ['20261127100000-aaaa', 'succeeded', 'deploy'],
    ]);
    const done = runs[2];
    assert.equal(done.release, '20261127100000-bbbb');
    assert.equal(done.colour, 'blue');
    assert.equal(done.durationMs, 2200);
    assert.deepEqual(done.steps.map((step) => [step.step, step.status, step.durationMs]), [['lock', 'succeeded', 10], ['build', 'succeeded', 1000], ['node-1', 'succeeded', 1000]]);
    assert.equal(runs[0].steps[0].error, 'green instance 2 did not become healthy');
  });

  it('reads a journal file, skipping a torn last line, and lists the journals of the project', () => {
    const root = mkdtempSync(join(tmpdir(), 'deploy-history-'));
    try {
      mkdirSync(join(root, '.magento-zdd', 'deploys'), { recursive: true });
      const file = join(root, '.magento-zdd', 'deploys', 'local.jsonl');
      writeFileSync(file, `${SUCCEEDED.map((line) => JSON.stringify(line)).join('\n')}\n{"runId":"2026112`);
      assert.equal(readDeployHistory(file).length, 1);
      assert.deepEqual(listDeployJournals(root), [{ environment: 'local', file }]);
      assert.deepEqual(listDeployJournals(join(root, 'nowhere')), []);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('Deploys view nodes', () => {
  it('shows each run with status, release, colour, duration and start, and its steps with errors as tooltips', () => {
    const [group] = deploysTreeRoots([{ environment: 'local', runs: deployRunsOf([...SUCCEEDED, ...FAILED]) }], undefined) as DeployEnvironmentNode[];
    assert.equal(group.label, 'local');
    const [failed, succeeded] = group.children;
    assert.equal(succeeded.label, '20261127100000-bbbb');
    assert.match(succeeded.description, /^succeeded · blue · 2\.2 s · \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    assert.equal(succeeded.icon, 'succeeded');
    assert.equal(failed.icon, 'failed');
    assert.match(failed.label, /\(rollback\)$/);
    const step = failed.children[0];
    assert.equal(step.label, 'node-2');
    assert.match(step.description, /failed · 30\.0 s/);
    assert.match(step.tooltip, /error: green instance 2 did not become healthy/);
  });

  it('a killed run that a later run took the lock after is abandoned, not unfinished (as the engine sees it)', () => {
    const killedWithLock = [
      entry('20261127130000-eeee', 'deploy', 'started', '2026-11-27T13:00:00.000Z', { detail: { mode: 'deploy' } }),
      entry('20261127130000-eeee', 'lock', 'succeeded', '2026-11-27T13:00:00.010Z'),
      entry('20261127130000-eeee', 'node-1', 'started', '2026-11-27T13:00:01.000Z'),
    ];
    const restore = [
      entry('20261127140000-ffff', 'deploy', 'started', '2026-11-27T14:00:00.000Z', { detail: { mode: 'rollback', restore: true, unfinished: '20261127130000-eeee' } }),
      entry('20261127140000-ffff', 'lock', 'succeeded', '2026-11-27T14:00:00.010Z'),
      entry('20261127140000-ffff', 'deploy', 'succeeded', '2026-11-27T14:00:05.000Z', { durationMs: 5000, detail: { release: 'r', colour: 'blue', restored: true } }),
    ];
    assert.equal(deployRunsOf(killedWithLock).find((run) => run.runId === '20261127130000-eeee')?.status, 'unfinished');
    const runs = deployRunsOf([...killedWithLock, ...restore]);
    assert.equal(runs.find((run) => run.runId === '20261127130000-eeee')?.status, 'abandoned');
    const node = (deploysTreeRoots([{ environment: 'local', runs }], undefined)[0] as DeployEnvironmentNode).children.find((child) => (child as DeployRunNode).runId === '20261127130000-eeee') as DeployRunNode;
    assert.equal(node.icon, 'abandoned');
    assert.match(node.tooltip, /nothing to resume/);
  });

  it('a run without a final event whose owner holds the lock elsewhere (a set of running ids) is running', () => {
    const runs = deployRunsOf(KILLED);
    const node = (deploysTreeRoots([{ environment: 'local', runs }], new Set(['20261127110000-cccc']))[0] as DeployEnvironmentNode).children[0] as DeployRunNode;
    assert.equal(node.icon, 'running');
    assert.equal(node.children[0].description, 'running');
    const other = (deploysTreeRoots([{ environment: 'local', runs }], new Set(['someone-else']))[0] as DeployEnvironmentNode).children[0] as DeployRunNode;
    assert.equal(other.icon, 'unfinished');
  });

  it('marks a run without a final event unfinished, or running when it is the deploy in progress', () => {
    const runs = deployRunsOf(KILLED);
    const unfinished = (deploysTreeRoots([{ environment: 'local', runs }], undefined)[0] as DeployEnvironmentNode).children[0] as DeployRunNode;
    assert.equal(unfinished.icon, 'unfinished');
    assert.equal(unfinished.contextValue, 'deploy-run-unfinished');
    assert.match(unfinished.tooltip, /never finished/);
    assert.equal(unfinished.children[0].description, 'interrupted');
    const running = (deploysTreeRoots([{ environment: 'local', runs }], '20261127110000-cccc')[0] as DeployEnvironmentNode).children[0];
    assert.equal(running.icon, 'running');
    assert.equal(running.children[0].icon, 'running');
  });

  it('says how to start when there is no journal yet', () => {
    const [message] = deploysTreeRoots([], undefined);
    assert.equal(message.kind, 'message');
    assert.match(message.label, /No deploys yet/);
  });
});

describe('deploy progress text', () => {
  it('follows the steps and fills the bar once per finished step', () => {
    const text = new DeployProgressText(4);
    assert.equal(text.next(SUCCEEDED[0]), undefined, 'the run itself is the notification, not a step');
    assert.deepEqual(text.next(SUCCEEDED[1]), { message: 'taking the deploy lock… (step 1 of 4)', increment: undefined });
    assert.deepEqual(text.next(SUCCEEDED[2]), { message: 'lock done in 10 ms', increment: 25 });
    assert.equal(text.next(SUCCEEDED[5])?.message, 'node 1: blue instance on port 20000… (step 2 of 4)');
    assert.equal(formatDuration(125_000), '2 min 05 s');
  });
});
