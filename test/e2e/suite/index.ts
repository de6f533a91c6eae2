// VS Code suite entry, loaded by the extension host through `extensionTestsPath` (code-server's payload
// or @vscode/test-electron): the `run()` both expect. Mocha's spec output goes to a log file and the
// counts to a result file, because neither runner shows the extension host's console to the terminal.
import { appendFileSync, writeFileSync } from 'node:fs';
import { format } from 'node:util';
import Mocha from 'mocha';
import { readSuiteConfig, type ScenarioSet, type SuiteConfig, type SuiteResult } from '../lib/suiteConfig';
import { disconnectWorkbench } from './workbench';

/**
 * The scenario files, loaded after mocha's `pre-require` so their suite()/test() calls register.
 * One bundle holds them all, so they share one Playwright connection.
 */
const SCENARIOS: Record<ScenarioSet, (() => Promise<unknown>)[]> = {
  shop: [
    () => import('./activation.test.ts'),
    () => import('./moduleXml.test.ts'),
    () => import('./dropColumnMigration.test.ts'),
    () => import('./createMigration.test.ts'),
    () => import('./configJson.test.ts'),
    // Last: it adds an environment to magento-zdd.json (and puts the file back afterwards).
    () => import('./migrationsView.test.ts'),
  ],
  deploy: [() => import('./deploy.test.ts')],
};

export async function run(): Promise<void> {
  // Stack traces of failures point into the .ts scenarios, not the bundle.
  process.setSourceMapsEnabled(true);
  const config = readSuiteConfig();
  const started = Date.now();
  let result: SuiteResult;
  try {
    result = await runMocha(config);
  } catch (error) {
    // A suite that cannot even load must still answer the runner, which waits for the result file.
    result = { passes: 0, failures: 1, pending: 0, tests: 0, durationMs: Date.now() - started, failed: [{ title: 'loading the VS Code suite', error: error instanceof Error ? (error.stack ?? error.message) : String(error) }] };
  } finally {
    await disconnectWorkbench();
  }
  writeFileSync(config.resultFile, JSON.stringify(result, null, 2));
  if (result.failures > 0) throw new Error(`${result.failures} VS Code test(s) failed`);
}

async function runMocha(config: SuiteConfig): Promise<SuiteResult> {
  writeFileSync(config.logFile, '');
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => appendFileSync(config.logFile, `${format(...args)}\n`);
  const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', color: config.colors, timeout: 60_000, slow: 10_000 });
  mocha.suite.emit('pre-require', globalThis, 'magento-zdd-suite', mocha);
  for (const load of SCENARIOS[config.scenarios]) await load();

  const failed: SuiteResult['failed'] = [];
  const started = Date.now();
  const runner = mocha.run();
  runner.on('fail', (test, error: Error) => failed.push({ title: test.fullTitle(), error: error.stack ?? String(error) }));
  await new Promise<void>((resolve) => runner.on('end', () => resolve()));
  const stats = runner.stats;
  return {
    passes: stats?.passes ?? 0,
    failures: stats?.failures ?? failed.length,
    pending: stats?.pending ?? 0,
    tests: stats?.tests ?? 0,
    durationMs: Date.now() - started,
    failed,
  };
}
