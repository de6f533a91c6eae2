// VS Code suite (demo shop window): "Magento ZDD: Deploy..." from the command palette's command with
// the arguments that answer its prompts, on the local driver against real services the runner started
// (MariaDB, Redis on a unix socket, nginx; test/helpers): the progress notification follows the steps,
// the Deploys view shows the runs, nginx serves the new release; Roll Back Deploy with nothing to go
// back to says so, and after blue and green deploys goes back to the first release on blue (listed in
// the palette, environment picked in the UI; the plan's modal confirmation is an argument, as VS Code
// shows no dialog while extension tests run). A killed run (journal lines) gets the question Resume / Roll Back /
// Cancel, and Roll Back restores the live colour; a real CLI deploy SIGKILLed during node 1 is resumed
// from VS Code to the end. The database password goes through "Set Database Password" (secret storage)
// and reaches the shop's PHP as passwordEnv.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { readSuiteConfig } from '../lib/suiteConfig';
import { waitFor } from '../lib/wait';
import { activeExtension, shopUri } from './shop';
import { workbench, type Workbench } from './workbench';

/** The fields of the command's result this suite reads (client/src/commands/deploy.ts DeployCommandResult). */
interface DeployCommandResult {
  status: string;
  mode?: string;
  problem?: string;
  release?: string;
  colour?: string;
  runId?: string;
  message?: string;
  progress?: string[];
}

const NOTIFICATION_TITLE = 'Deploy "local"';

function services(): NonNullable<ReturnType<typeof readSuiteConfig>['services']['deploy']> {
  const deploy = readSuiteConfig().services.deploy;
  assert.ok(deploy, 'the runner started the deploy services');
  return deploy;
}

/** Runs the command and, while it runs, collects what the progress notification shows. */
async function deployWatchingProgress(ui: Workbench, screenshotWhen?: RegExp): Promise<{ result: DeployCommandResult; seen: string[]; screenshot: string | undefined }> {
  const running = Promise.resolve(vscode.commands.executeCommand<DeployCommandResult>('magentoZdd.deploy', { environment: services().environment, confirmed: true }));
  let finished = false;
  void running.finally(() => (finished = true));
  const seen = new Set<string>();
  let screenshot: string | undefined;
  // Bounded by the command itself: the engine's health and lock timeouts end it.
  while (!finished) {
    for (const text of await ui.notificationTexts()) {
      if (!text.includes(NOTIFICATION_TITLE)) continue;
      seen.add(text);
      if (screenshot === undefined && screenshotWhen?.test(text)) screenshot = await ui.screenshot('deploy-progress');
    }
  }
  return { result: await running, seen: [...seen], screenshot };
}

/** The steps' start messages the notification got, without their "(step n of m)". */
function startedSteps(result: DeployCommandResult): string[] {
  return (result.progress ?? []).filter((message) => /… \(step \d+ of \d+\)$/.test(message)).map((message) => message.replace(/… \(step \d+ of \d+\)$/, '').replace(/ on port \d+$/, ''));
}

async function page(): Promise<string> {
  const response = await fetch(`${services().nginxUrl}/`);
  assert.equal(response.status, 200);
  return response.text();
}

suite('Deploy from the command palette (local driver, MariaDB, Redis, nginx)', () => {
  let first: DeployCommandResult;
  let second: DeployCommandResult;

  suiteSetup(async () => {
    await activeExtension();
    assert.equal(await vscode.commands.executeCommand('magentoZdd.setDatabasePassword', services().environment, services().databasePassword), services().environment);
    await vscode.commands.executeCommand('workbench.files.action.collapseExplorerFolders');
  });

  test('the first deploy builds, migrates and starts blue, step by step in the progress notification, and nginx serves it', async function () {
    this.timeout(120_000);
    const ui = await workbench();
    assert.ok((await vscode.commands.getCommands(true)).includes('magentoZdd.deploy'));
    await vscode.commands.executeCommand('notifications.clearAll');
    const { result, seen } = await deployWatchingProgress(ui);
    assert.equal(result.status, 'succeeded', result.message);
    assert.ok(result.release && result.runId);
    assert.equal(result.colour, 'blue', 'the first deploy goes to blue');
    assert.deepEqual(startedSteps(result), [
      'taking the deploy lock',
      'reading the live colour',
      'checking the project (gates)',
      'building the release',
      'running the migrations',
      'flushing the new colour’s cache',
      'node 1: blue instance',
      'node 2: blue instance',
      'recording the switch',
    ]);
    assert.ok(seen.length > 0, 'the progress notification was on screen');
    assert.match(await page(), new RegExp(`release ${result.release} \\(blue\\)`));
    first = result;
  });

  test('Roll Back Deploy with only one release recorded says there is nothing to go back to, and blue keeps serving', async function () {
    this.timeout(60_000);
    assert.ok(first, 'the first deploy ran');
    const ui = await workbench();
    const result = await vscode.commands.executeCommand<DeployCommandResult>('magentoZdd.rollbackDeploy', { environment: services().environment, confirmed: true });
    assert.equal(result.status, 'failed');
    assert.equal(result.mode, 'rollback');
    assert.equal(result.problem, 'no-previous-release');
    assert.match(result.message ?? '', /has no previous release recorded to roll back to/);
    // The user is told in an error notification.
    await waitFor('the error notification', async () => (await ui.notificationTexts()).some((text) => text.includes('the rollback of "local" failed')), { describe: async () => JSON.stringify(await ui.notificationTexts()) });
    assert.match(await page(), new RegExp(`release ${first.release} \\(blue\\)`));
    await vscode.commands.executeCommand('magentoZdd.deploys.focus');
    const runRow = ui.viewPane('Deploys').locator('.monaco-list-row', { hasText: result.runId ?? 'no run id' });
    await waitFor('the failed rollback in the Deploys view', async () => (await runRow.count()) > 0, { describe: async () => JSON.stringify(await ui.viewRows('Deploys')) });
    assert.match((await ui.viewRows('Deploys')).find((row) => row.startsWith(result.runId ?? '-')) ?? '', /\(rollback\) failed · /);
    assert.equal(await runRow.locator('.codicon-error').count(), 1, 'an error icon marks it');
  });

  test('a second deploy switches node by node to green (drained), and the Deploys view lists both runs with their steps', async function () {
    this.timeout(120_000);
    assert.ok(first, 'the first deploy ran');
    const ui = await workbench();
    await vscode.commands.executeCommand('notifications.clearAll');
    const { result, seen, screenshot } = await deployWatchingProgress(ui, /node \d: green instance/);
    assert.equal(result.status, 'succeeded', result.message);
    assert.equal(result.colour, 'green');
    assert.notEqual(result.release, first.release);
    // No migration is pending any more: the step runs and finds nothing to do.
    assert.deepEqual(startedSteps(result).slice(-3), ['node 1: green instance', 'node 2: green instance', 'recording the switch']);
    assert.ok(seen.some((text) => /node \d: green instance on port \d+… \(step \d+ of \d+\)/.test(text)), `the notification showed the node steps: ${seen.join(' | ')}`);
    assert.ok(screenshot, 'the progress notification was photographed during a node step');
    assert.match(await page(), new RegExp(`release ${result.release} \\(green\\)`));

    await vscode.commands.executeCommand('magentoZdd.deploys.focus');
    await ui.collapseSectionsExcept('Migrations', 'Deploys');
    const pane = ui.viewPane('Deploys');
    const runRow = pane.locator('.monaco-list-row', { hasText: result.release ?? '' });
    await waitFor('the new run in the Deploys view', async () => (await runRow.count()) > 0, { describe: async () => JSON.stringify(await ui.viewRows('Deploys')) });
    const rows = await ui.viewRows('Deploys');
    assert.match(rows[0], /^local 3 runs, last /);
    // Newest first (then the refused rollback), each with its status, colour and duration.
    assert.match(rows[1], new RegExp(`^${result.release} succeeded · green · [\\d.]+ (ms|s) · \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$`));
    assert.match(rows[3], new RegExp(`^${first.release} succeeded · blue · `));
    assert.equal(await runRow.locator('.codicon-pass').count(), 1, 'a tick for the succeeded run');
    await runRow.click();
    await waitFor('the run’s steps', async () => (await ui.viewRows('Deploys')).some((row) => /^switch succeeded/.test(row)), { describe: async () => JSON.stringify(await ui.viewRows('Deploys')) });
    const expanded = await ui.viewRows('Deploys');
    for (const step of ['lock', 'gates', 'build', 'migrate', 'node-1', 'node-2', 'switch']) assert.ok(expanded.some((row) => new RegExp(`^${step} succeeded · [\\d.]+ (ms|s)$`).test(row)), `${step} listed: ${expanded.join(' | ')}`);
    await vscode.commands.executeCommand('notifications.clearAll');
    await ui.widenSideBar();
    await ui.screenshot('deploys-view');
    second = result;
  });

  test('Roll Back Deploy from the command palette goes back to the previous release on blue, step by step, and the Deploys view shows the rollback', async function () {
    this.timeout(120_000);
    assert.ok(first && second, 'two deploys ran');
    const ui = await workbench();
    await vscode.commands.executeCommand('notifications.clearAll');
    // The palette lists it; it runs with the plan confirmed by argument: VS Code refuses to show a
    // modal dialog while extension tests run ("refused to show dialog in tests"), so the confirmation
    // dialog cannot be clicked here. The environment is still picked in the UI.
    await showInPalette(ui, 'Magento ZDD: Roll Back Deploy');
    await ui.pressKey('Escape');
    const running = Promise.resolve(vscode.commands.executeCommand<DeployCommandResult>('magentoZdd.rollbackDeploy', { confirmed: true }));
    const quickInput = ui.page.locator('.quick-input-widget:visible');
    const firstRow = quickInput.locator('.monaco-list-row .label-name').first();
    await waitFor('the environment pick', async () => (await quickInput.count()) > 0 && (await firstRow.count()) > 0 && (await firstRow.innerText()).trim() === services().environment, {
      describe: async () => ((await quickInput.count()) > 0 ? quickInput.innerText() : 'no quick input'),
    });
    assert.match(await quickInput.innerText(), /Roll Back Deploy/);
    await firstRow.click();

    const seen = new Set<string>();
    const done = await waitFor(
      'the rollback to finish',
      async () => {
        for (const text of await ui.notificationTexts()) seen.add(text);
        return [...seen].find((text) => /Rolled back "local" to release/.test(text) || /rollback of "local" failed/.test(text));
      },
      { timeoutMs: 90_000, intervalMs: 50, describe: async () => [...seen].join(' | ') },
    );
    const result = await running;
    assert.equal(result.status, 'succeeded', result.message);
    assert.equal(result.mode, 'rollback');
    assert.deepEqual(startedSteps(result), ['taking the deploy lock', 'reading the live colour', 'flushing the new colour’s cache', 'node 1: blue instance', 'node 2: blue instance', 'recording the switch']);
    assert.match(done, new RegExp(`Rolled back "local" to release ${first.release} on blue \\(from green\\)`));
    // The node steps of the way back were in the progress notification.
    assert.ok([...seen].some((text) => text.includes('Roll back "local"') && /node \d: blue instance on port \d+… \(step \d+ of \d+\)/.test(text)), `node steps shown: ${[...seen].join(' | ')}`);
    assert.match(await page(), new RegExp(`release ${first.release} \\(blue\\)`));

    await vscode.commands.executeCommand('magentoZdd.deploys.focus');
    const runRow = ui.viewPane('Deploys').locator('.monaco-list-row', { hasText: `${first.release} (rollback)` });
    await waitFor('the rollback run in the Deploys view', async () => (await runRow.count()) > 0, { describe: async () => JSON.stringify(await ui.viewRows('Deploys')) });
    assert.match((await ui.viewRows('Deploys'))[1], new RegExp(`^${first.release} \\(rollback\\) succeeded · blue · `));
    assert.equal(await runRow.locator('.codicon-pass').count(), 1);
  });

  test('a run the journal says never finished is marked in the Deploys view; Deploy... offers Resume, Roll Back or Cancel, and Roll Back keeps the live colour serving', async function () {
    this.timeout(120_000);
    const ui = await workbench();
    // What a deploy killed during the gates leaves behind (the journal is appended line by line).
    const runId = '20261128000000-kill';
    const at = new Date().toISOString();
    const lines = [
      { runId, environment: 'local', step: 'deploy', status: 'started', at, detail: { mode: 'deploy' } },
      { runId, environment: 'local', step: 'lock', status: 'started', at },
      { runId, environment: 'local', step: 'lock', status: 'succeeded', at, durationMs: 12 },
      { runId, environment: 'local', step: 'gates', status: 'started', at },
    ];
    appendFileSync(shopUri('.magento-zdd/deploys/local.jsonl').fsPath, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));

    // The view follows the file (file events, or its stat while visible), without a Refresh.
    const pane = ui.viewPane('Deploys');
    const runRow = pane.locator('.monaco-list-row', { hasText: runId });
    await waitFor('the killed run in the Deploys view', async () => (await runRow.count()) > 0, { describe: async () => `${JSON.stringify(await ui.viewRows('Deploys'))}` });
    assert.match((await ui.viewRows('Deploys')).find((row) => row.startsWith(runId)) ?? '', /^20261128000000-kill unfinished · /);
    assert.equal(await runRow.locator('.codicon-warning').count(), 1, 'a warning icon marks it');

    // Cancel leaves it; a new deploy would be refused by the engine, so it is not offered.
    let running = Promise.resolve(vscode.commands.executeCommand<DeployCommandResult>('magentoZdd.deploy', { environment: services().environment, confirmed: true }));
    const quickInput = await unfinishedQuestion(ui, runId);
    assert.match(await quickInput.innerText(), new RegExp(`run ${runId}\\) never finished: it stopped after "gates" \\d+ s ago`));
    const choices = await quickInput.locator('.monaco-list-row .label-name').allInnerTexts();
    assert.deepEqual(choices.map((choice) => choice.trim()), ['Resume', 'Roll Back', 'Cancel']);
    assert.match((await quickInput.locator('.monaco-list-row').nth(1).innerText()).replace(/\s+/g, ' '), new RegExp(`every node back to blue \\(release ${first.release}\\), the colour Redis records as live`));
    await ui.screenshot('deploy-unfinished');
    await ui.pressKey('Escape');
    let result = await running;
    assert.equal(result.status, 'not-started');
    assert.match(result.message ?? '', /left as it is; a new deploy waits until it is resumed or rolled back/);

    // Roll Back: every node back to the colour Redis records as live (blue, the first release).
    running = Promise.resolve(vscode.commands.executeCommand<DeployCommandResult>('magentoZdd.deploy', { environment: services().environment, confirmed: true }));
    await unfinishedQuestion(ui, runId);
    await ui.pressKey('ArrowDown');
    await ui.pressKey('Enter');
    result = await running;
    assert.equal(result.status, 'succeeded', result.message);
    assert.equal(result.mode, 'rollback');
    assert.equal(result.colour, 'blue');
    assert.equal(result.release, first.release);
    assert.match(await page(), new RegExp(`release ${first.release} \\(blue\\)`));
    // Nothing is left to resume: the view says so, as the engine sees it.
    await waitFor('the killed run marked abandoned', async () => (await ui.viewRows('Deploys')).some((row) => row.startsWith(`${runId} abandoned · `)), { describe: async () => JSON.stringify(await ui.viewRows('Deploys')) });
    assert.match((await ui.viewRows('Deploys')).find((row) => row.startsWith(`${first.release} (rollback)`)) ?? '', / succeeded · blue · /);
  });

  test('a CLI deploy killed during node 1 leaves nginx half-switched; Deploy... offers Resume, which finishes it and nginx serves the new release', async function () {
    this.timeout(180_000);
    const ui = await workbench();
    const extension = await activeExtension();
    const workspace = shopUri('').fsPath;
    const config = JSON.parse(readFileSync(shopUri('magento-zdd.json').fsPath, 'utf8')) as { environments: Record<string, { database: { passwordEnv: string }; deploy: { local: { nginx: { upstreamFile: string }; basePort: number } } }> };
    const local = config.environments[services().environment];
    const journal = shopUri('.magento-zdd/deploys/local.jsonl').fsPath;
    const before = readFileSync(journal, 'utf8').length;

    // The CLI in a terminal, as a user would run it; killed with SIGKILL (no chance to clean up).
    const cli = spawn(process.execPath, [join(extension.extensionPath, 'dist', 'cli.js'), 'deploy', '--env', services().environment, '--yes'], {
      cwd: workspace,
      env: { ...process.env, [local.database.passwordEnv]: services().databasePassword },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let cliOutput = '';
    cli.stdout.on('data', (chunk: Buffer) => (cliOutput += chunk.toString()));
    cli.stderr.on('data', (chunk: Buffer) => (cliOutput += chunk.toString()));
    const exited = new Promise<void>((resolve) => cli.once('exit', () => resolve()));
    let killedRun: string;
    try {
      // Killed once node 1's green instance is enlisted next to blue's: nginx balances both colours.
      killedRun = await waitFor(
        'the CLI deploy to be in node 1 with green enlisted',
        async () => {
          if (cli.exitCode !== null) return 'exited';
          const added = readFileSync(journal, 'utf8').slice(before).split('\n').filter(Boolean).map((line) => JSON.parse(line) as { runId: string; step: string; status: string; detail?: { port?: number } });
          const node1 = added.find((entry) => entry.step === 'node-1' && entry.status === 'started');
          if (!node1 || added.some((entry) => entry.step === 'node-1' && entry.status !== 'started')) return undefined;
          // Draining: the old node 1 taken out (two servers left), green's in, and nginx reloaded with it.
          const upstream = readFileSync(local.deploy.local.nginx.upstreamFile, 'utf8').split('\n').filter((line) => line.startsWith('server '));
          if (upstream.length !== 2 || !upstream.includes(`server 127.0.0.1:${node1.detail?.port};`)) return undefined;
          return (await page()).includes('(green)') ? node1.runId : undefined;
        },
        { timeoutMs: 90_000, intervalMs: 20, describe: () => cliOutput.slice(-2000) },
      );
      assert.notEqual(killedRun, 'exited', `the CLI deploy ended before node 1: ${cliOutput.slice(-2000)}`);
      cli.kill('SIGKILL');
      await exited;
    } finally {
      if (cli.exitCode === null && cli.signalCode === null) cli.kill('SIGKILL');
    }
    const builtRelease = (readFileSync(journal, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { runId: string; step: string; status: string; detail?: { release?: string } }).find((entry) => entry.runId === killedRun && entry.step === 'build' && entry.status === 'succeeded')?.detail?.release) ?? '';
    assert.match(builtRelease, /^\d{14}-[a-z0-9]+$/, 'the killed run had built its release');
    // Half-switched: both colours serve (round robin), the old release still among them.
    const halfway = new Set<string>();
    for (let request = 0; request < 6; request += 1) halfway.add(/release (\S+) \((blue|green)\)/.exec(await page())?.[0] ?? 'none');
    assert.ok([...halfway].some((text) => text.includes('(green)')) && [...halfway].some((text) => text.includes('(blue)')), `both colours served: ${[...halfway].join(', ')}`);

    await vscode.commands.executeCommand('notifications.clearAll');
    const running = Promise.resolve(vscode.commands.executeCommand<DeployCommandResult>('magentoZdd.deploy', { environment: services().environment, confirmed: true }));
    const quickInput = await unfinishedQuestion(ui, killedRun);
    assert.match(await quickInput.innerText(), /it stopped after "node-1/);
    assert.match((await quickInput.locator('.monaco-list-row').first().innerText()).replace(/\s+/g, ' '), new RegExp(`finish run ${killedRun} \\(release ${builtRelease}\\)`));
    await ui.pressKey('Enter');
    const result = await running;
    assert.equal(result.status, 'succeeded', result.message);
    assert.equal(result.runId, killedRun, 'the same run, resumed');
    assert.equal(result.release, builtRelease);
    assert.equal(result.colour, 'green');
    // Only what was left: no gates, build or migration again.
    assert.deepEqual(startedSteps(result), ['taking the deploy lock', 'reading the live colour', 'node 1: green instance', 'node 2: green instance', 'recording the switch']);
    for (let request = 0; request < 4; request += 1) assert.match(await page(), new RegExp(`release ${builtRelease} \\(green\\)`));

    const rows = await waitFor('the resumed run in the Deploys view', async () => {
      const current = await ui.viewRows('Deploys');
      return current.some((row) => row.startsWith(`${builtRelease} succeeded · green`)) ? current : undefined;
    }, { describe: async () => JSON.stringify(await ui.viewRows('Deploys')) });
    assert.ok(!rows.some((row) => row.startsWith(`${builtRelease} unfinished`)));
  });
});

/** F1 and the command's title: the palette's first row is that command. */
async function showInPalette(ui: Workbench, title: string): Promise<void> {
  await ui.pressKey('F1');
  const quickInput = ui.page.locator('.quick-input-widget:visible');
  await waitFor('the command palette', async () => (await quickInput.count()) > 0);
  await ui.page.keyboard.type(title);
  await waitFor(`"${title}" first in the palette`, async () => ((await quickInput.locator('.monaco-list-row').first().innerText().catch(() => '')).includes(title.replace(/^Magento ZDD: /, '')) ? true : undefined), {
    describe: async () => quickInput.innerText(),
  });
}

/** Waits for the unfinished-run quick pick about `runId`. */
async function unfinishedQuestion(ui: Workbench, runId: string) {
  const quickInput = ui.page.locator('.quick-input-widget:visible');
  await waitFor('the question about the unfinished run', async () => (await quickInput.count()) > 0 && (await quickInput.innerText()).includes(`run ${runId}) never finished`), {
    describe: async () => ((await quickInput.count()) > 0 ? quickInput.innerText() : 'no quick input'),
  });
  return quickInput;
}
