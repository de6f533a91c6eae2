// `npm run test:vscode`: runs the VS Code suite (suite/) inside a real VS Code, then the packaged-.vsix
// test (packaged/). VS Code itself comes from @vscode/test-electron where it can be downloaded and a
// display exists, otherwise from code-server in headless Chromium (always the case offline).
// The suite runs in two windows: the sample shop (its Migrations view reads a phinxlog on a real MariaDB)
// and the demo shop (a deploy from the command palette through MariaDB, Redis and nginx, all started
// here from test/helpers and always stopped, with any shop instance the deploy left running).
// Flags: --update-screenshots writes the suite's PNGs to docs/images (default test/e2e/out/screenshots);
// --only=suite, --only=grammar or --only=packaged runs one part; --only=deploy the suite's deploy window alone.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import Mocha from 'mocha';
import { createDemoShop } from '../helpers/demoShop';
import { PASSWORD_VARIABLE } from '../helpers/integrationShop';
import { MariaDbServer } from '../helpers/mariadb';
import { NginxServer } from '../helpers/nginx';
import { freeLoopbackPort } from '../helpers/ports';
import { RedisServer } from '../helpers/redis';
import { launchChromium } from './lib/chromium';
import { createCodeServerFolders, removeCodeServerFolders, startCodeServer } from './lib/codeServer';
import { DOCS_IMAGES, E2E_DIR, E2E_OUT, REPO_ROOT, VSCODE_VERSION } from './lib/paths';
import { runChecked } from './lib/processes';
import { sampleShopCopy } from './lib/sampleShop';
import { stopProcessesServing } from '../helpers/strayProcesses';
import { stopRecordedInstances } from './lib/strayProcesses';
import { SUITE_CONFIG_ENV, type DatabaseAccess, type ScenarioSet, type SuiteConfig, type SuiteResult, type SuiteServices } from './lib/suiteConfig';
import { waitFor } from './lib/wait';
import { ensureE2eTools } from './setup';
import { startTogether } from '../helpers/services';

const SUITE_TIMEOUT_MS = 4 * 60_000;

type Runner = 'code-server' | 'electron';

/** Stops what a run started even when it is interrupted (Ctrl+C, CI cancel). */
const cleanups = new Set<() => Promise<void> | void>();
async function runCleanups(): Promise<void> {
  for (const cleanup of [...cleanups].reverse()) {
    cleanups.delete(cleanup);
    await Promise.resolve(cleanup()).catch((error: unknown) => console.error('cleanup failed:', error));
  }
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\ntest:vscode: ${signal}, stopping code-server and Chromium`);
    void runCleanups().finally(() => process.exit(130));
  });
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** A quick look for the VS Code download service: well under a second offline, 3 s at most. */
async function chooseRunner(): Promise<{ runner: Runner; reason: string }> {
  const forced = process.env.MAGENTO_ZDD_VSCODE_RUNNER;
  if (forced === 'code-server' || forced === 'electron') return { runner: forced, reason: 'MAGENTO_ZDD_VSCODE_RUNNER' };
  try {
    await fetch('https://update.code.visualstudio.com/api/releases/stable', { method: 'HEAD', signal: AbortSignal.timeout(3_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error instanceof Error ? error.name : String(error));
    return { runner: 'code-server', reason: `VS Code cannot be downloaded: ${cause}` };
  }
  // Electron needs a display; headless Linux (CI without xvfb) keeps to code-server and Chromium.
  if (process.platform === 'linux' && !process.env.DISPLAY) return { runner: 'code-server', reason: 'no DISPLAY for Electron' };
  return { runner: 'electron', reason: 'update.code.visualstudio.com answered' };
}

/** Bundles suite/ into one file; returns its path. */
async function bundleSuite(runDir: string): Promise<string> {
  const index = join(runDir, 'suite', 'index.js');
  await build({
    entryPoints: [join(E2E_DIR, 'suite', 'index.ts')],
    outfile: index,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
    // Provided by the extension host, or resolved from test/e2e/node_modules at run time.
    external: ['vscode', 'mocha', 'playwright-core'],
  });
  return index;
}

/** Prints what the suite appended to its log since the last call. */
function logTailer(logFile: string): () => void {
  let printed = 0;
  return () => {
    if (!existsSync(logFile)) return;
    const text = readFileSync(logFile, 'utf8');
    if (text.length > printed) process.stdout.write(text.slice(printed));
    printed = text.length;
  };
}

function readResult(resultFile: string): SuiteResult | undefined {
  return existsSync(resultFile) ? (JSON.parse(readFileSync(resultFile, 'utf8')) as SuiteResult) : undefined;
}

async function runSuiteInCodeServer(config: SuiteConfig, configFile: string, suiteIndex: string, workspace: string): Promise<SuiteResult> {
  const folders = createCodeServerFolders('vscode-suite');
  cleanups.add(() => removeCodeServerFolders(folders));
  const chromium = await launchChromium();
  const closeChromium = (): Promise<void> => chromium.close();
  cleanups.add(closeChromium);
  config.cdpEndpoint = chromium.cdpEndpoint;
  writeFileSync(configFile, JSON.stringify(config, null, 2));

  const browserLog: string[] = [];
  chromium.page.on('console', (message) => browserLog.push(`[${message.type()}] ${message.text()}`));
  chromium.page.on('pageerror', (error) => browserLog.push(`[pageerror] ${error.message}`));

  // The extension host inherits this environment, which is how the suite finds its config.
  const server = await startCodeServer(folders, workspace, { [SUITE_CONFIG_ENV]: configFile });
  const stopServer = (): Promise<void> => server.stop();
  cleanups.add(stopServer);
  try {
    const host = new URL(server.url).host;
    // VS Code web's `payload`: what `--extensionDevelopmentPath`/`--extensionTestsPath` are on the desktop.
    // The vscode-remote:// prefix makes the remote (server-side) extension host run them.
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${host}${REPO_ROOT}`],
      ['extensionTestsPath', `vscode-remote://${host}${suiteIndex}`],
    ];
    await chromium.page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const printNewLog = logTailer(config.logFile);
    return await waitFor(
      'the VS Code suite to finish',
      () => {
        printNewLog();
        if (server.process.hasExited) throw new Error(`code-server exited:\n${server.process.log.slice(-3000)}`);
        return readResult(config.resultFile);
      },
      { timeoutMs: SUITE_TIMEOUT_MS, intervalMs: 250, describe: () => `browser console:\n${browserLog.slice(-40).join('\n')}` },
    ).finally(printNewLog);
  } finally {
    writeFileSync(join(E2E_OUT, 'code-server.log'), server.process.log);
    writeFileSync(join(E2E_OUT, 'browser-console.log'), browserLog.join('\n'));
    cleanups.delete(stopServer);
    await stopServer();
    cleanups.delete(closeChromium);
    await closeChromium();
  }
}

async function runSuiteInElectron(config: SuiteConfig, configFile: string, suiteIndex: string, workspace: string): Promise<SuiteResult> {
  const { runTests } = await import('@vscode/test-electron');
  const folders = createCodeServerFolders('vscode-electron');
  cleanups.add(() => removeCodeServerFolders(folders));
  const port = await freeLoopbackPort();
  config.cdpEndpoint = `http://127.0.0.1:${port}`;
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const printNewLog = logTailer(config.logFile);
  const tail = setInterval(printNewLog, 250);
  try {
    await runTests({
      version: VSCODE_VERSION,
      cachePath: join(E2E_DIR, '.vscode-test'),
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: suiteIndex,
      extensionTestsEnv: { [SUITE_CONFIG_ENV]: configFile },
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--extensions-dir', folders.extensionsDir,
        '--user-data-dir', folders.userDataDir,
        // Same role as Chromium's port in code-server mode: the suite's Playwright attaches here.
        `--remote-debugging-port=${port}`,
      ],
    }).catch(() => undefined); // A failing suite makes VS Code exit non-zero; the result file says why.
  } finally {
    clearInterval(tail);
    printNewLog();
  }
  const result = readResult(config.resultFile);
  if (!result) throw new Error('VS Code exited without a suite result (see the output above)');
  return result;
}

/** One VS Code window: a workspace, the scenario files it runs, and the services they use. */
interface SuiteSession {
  label: string;
  workspace: string;
  scenarios: ScenarioSet;
  services: SuiteServices;
}

async function runVsCodeSuite(runner: Runner, screenshotDir: string, session: SuiteSession): Promise<SuiteResult> {
  // Everything the suite and this runner exchange is per run: two runs in one checkout (npm test in
  // two terminals) must not read each other's results.
  const runDir = mkdtempSync(join(E2E_OUT, 'run-'));
  cleanups.add(() => rmSync(runDir, { recursive: true, force: true }));
  const suiteIndex = await bundleSuite(runDir);
  const config: SuiteConfig = {
    resultFile: join(runDir, 'suite-result.json'),
    logFile: join(runDir, 'suite.log'),
    cdpEndpoint: '',
    screenshotDir,
    colors: Boolean(process.stdout.isTTY),
    scenarios: session.scenarios,
    services: session.services,
  };
  const configFile = join(runDir, 'suite-config.json');
  try {
    return runner === 'electron' ? await runSuiteInElectron(config, configFile, suiteIndex, session.workspace) : await runSuiteInCodeServer(config, configFile, suiteIndex, session.workspace);
  } finally {
    // The last run's log stays for reading after the run folder is gone.
    if (existsSync(config.logFile)) copyFileSync(config.logFile, join(E2E_OUT, `suite-${session.scenarios}.log`));
  }
}

/** Registers a cleanup that runs even when the run is interrupted, and returns its undo for the normal path. */
function onCleanup(cleanup: () => Promise<void> | void): () => Promise<void> {
  cleanups.add(cleanup);
  return async () => {
    if (!cleanups.delete(cleanup)) return;
    await Promise.resolve(cleanup()).catch((error: unknown) => console.error('cleanup failed:', error));
  };
}

/**
 * The sample shop (the Migrations view reads a real phinxlog on MariaDB), then the demo shop (a deploy
 * through MariaDB, Redis and nginx). The services start once for both windows and always stop.
 */
async function runVsCodeSuites(runner: Runner, screenshotDir: string, sessions: ScenarioSet[]): Promise<[string, SuiteResult][]> {
  const started = Date.now();
  const mariadb = await MariaDbServer.start();
  const stopMariaDb = onCleanup(() => mariadb.stop());
  const [redis, nginx] = await startTogether(RedisServer.start(), NginxServer.start());
  const stopRedis = onCleanup(() => redis.stop());
  const stopNginx = onCleanup(() => nginx.stop());
  console.log(`test:vscode: MariaDB, Redis and nginx started in ${seconds(started)}`);
  try {
    const results: [string, SuiteResult][] = [];
    if (sessions.includes('shop')) await runSampleShopSession(runner, screenshotDir, mariadb, results);
    if (!sessions.includes('deploy')) return results;

    // Draining takes a moment, as with real traffic: the second deploy's node steps stay on screen.
    const demo = await createDemoShop(mariadb, redis, nginx, { drainMs: 2_500 });
    // The local driver detaches its instances (they outlive VS Code and the killed CLI): stopped by
    // their pid files, then anything else still serving the releases folder.
    const removeDemo = onCleanup(async () => {
      const recorded = await stopRecordedInstances(join(demo.project.dir, '.magento-zdd', 'instances'));
      const stray = await stopProcessesServing(demo.releasesDir);
      console.log(`test:vscode: stopped ${recorded} shop instance(s) by their pid files${stray > 0 ? ` and ${stray} more serving the releases folder` : ''}`);
      demo.cleanup();
    });
    try {
      demo.applyNextRelease();
      results.push([
        'VS Code suite (demo shop deploy)',
        await runVsCodeSuite(runner, screenshotDir, { label: 'demo shop', workspace: demo.project.dir, scenarios: 'deploy', services: { deploy: { environment: 'local', database: demo.database, databasePassword: demo.env[PASSWORD_VARIABLE] ?? '', nginxUrl: nginx.url } } }),
      ]);
    } finally {
      await removeDemo();
    }
    return results;
  } finally {
    await Promise.all([stopNginx(), stopRedis()]);
    await stopMariaDb();
  }
}

async function runSampleShopSession(runner: Runner, screenshotDir: string, mariadb: MariaDbServer, results: [string, SuiteResult][]): Promise<void> {
  const shop = sampleShopCopy('vscode-shop');
  const removeShop = onCleanup(() => shop.cleanup());
  try {
    const migrationsDatabase = await createSampleShopDatabase(mariadb);
    results.push(['VS Code suite (sample shop)', await runVsCodeSuite(runner, screenshotDir, { label: 'sample shop', workspace: shop.dir, scenarios: 'shop', services: { migrationsDatabase } })]);
  } finally {
    await removeShop();
  }
}

/** The sample shop's database: phinxlog with CreateAcmeProductBadge applied, AddLoyaltyTierToCustomerPoints not; setup_module current. */
async function createSampleShopDatabase(mariadb: MariaDbServer): Promise<DatabaseAccess> {
  const access: DatabaseAccess = { host: '127.0.0.1', port: mariadb.port, database: `sample_shop_${process.pid}`, user: 'sample_shop', password: `pw-${Math.random().toString(36).slice(2)}` };
  await mariadb.createDatabase(access.database, access.user, access.password);
  await mariadb.rootQuery(
    `CREATE TABLE \`${access.database}\`.phinxlog (version BIGINT NOT NULL PRIMARY KEY, migration_name VARCHAR(100) NULL, start_time TIMESTAMP NULL, end_time TIMESTAMP NULL, breakpoint TINYINT(1) NOT NULL DEFAULT 0)`,
  );
  await mariadb.rootQuery(`INSERT INTO \`${access.database}\`.phinxlog VALUES (20240506091500, 'CreateAcmeProductBadge', '2024-05-06 09:15:00', '2024-05-06 09:15:02', 0)`);
  // As setup:upgrade left it for the committed module.xml versions: no setup-version drift to report.
  await mariadb.rootQuery(
    `CREATE TABLE \`${access.database}\`.setup_module (module VARCHAR(50) NOT NULL PRIMARY KEY, schema_version VARCHAR(50) NULL, data_version VARCHAR(50) NULL);
     INSERT INTO \`${access.database}\`.setup_module VALUES ('Acme_Checkout', '2.1.0', '2.1.0'), ('Acme_Loyalty', '1.4.2', '1.4.2')`,
  );
  return access;
}

/** Node-side tests (the packaged extension drives its own code-server; the grammar needs VS Code's tokenizer), run by mocha here. */
async function runNodeSideTest(file: string): Promise<SuiteResult> {
  const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', timeout: 180_000, slow: 30_000, color: Boolean(process.stdout.isTTY) });
  mocha.addFile(join(E2E_DIR, file));
  await mocha.loadFilesAsync();
  const started = Date.now();
  const failed: SuiteResult['failed'] = [];
  const runner = mocha.run();
  runner.on('fail', (test, error: Error) => failed.push({ title: test.fullTitle(), error: error.message }));
  await new Promise<void>((resolve) => runner.on('end', () => resolve()));
  const stats = runner.stats;
  return { passes: stats?.passes ?? 0, failures: stats?.failures ?? failed.length, pending: stats?.pending ?? 0, tests: stats?.tests ?? 0, durationMs: Date.now() - started, failed };
}

async function main(): Promise<number> {
  const started = Date.now();
  const args = process.argv.slice(2);
  const only = args.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  const screenshotDir = args.includes('--update-screenshots') ? DOCS_IMAGES : join(E2E_OUT, 'screenshots');

  await ensureE2eTools();
  mkdirSync(E2E_OUT, { recursive: true });
  // The e2e code has its own tsconfig (its types live in test/e2e/node_modules, installed just now).
  await runChecked(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(E2E_DIR, 'tsconfig.json'), '--noEmit'], { timeoutMs: 120_000, cwd: REPO_ROOT });
  console.log(`test:vscode: tools ready and type-checked in ${seconds(started)}`);

  const results: [string, SuiteResult][] = [];
  if (only === undefined || only === 'suite' || only === 'deploy') {
    const { runner, reason } = await chooseRunner();
    const suiteStarted = Date.now();
    console.log(`test:vscode: VS Code suite in ${runner === 'electron' ? `VS Code ${VSCODE_VERSION} (@vscode/test-electron)` : 'code-server 4.100.3 + headless Chromium'} (${reason})`);
    results.push(...(await runVsCodeSuites(runner, screenshotDir, only === 'deploy' ? ['deploy'] : ['shop', 'deploy'])));
    console.log(`test:vscode: VS Code suite took ${seconds(suiteStarted)}; screenshots in ${screenshotDir}`);
  }
  if (only === undefined || only === 'grammar') {
    console.log('test:vscode: deploy output grammar in vscode-textmate');
    results.push(['deploy output grammar', await runNodeSideTest(join('grammar', 'deployOutputGrammar.test.ts'))]);
  }
  if (only === undefined || only === 'packaged') {
    const packagedStarted = Date.now();
    console.log('test:vscode: packaged .vsix in a fresh code-server');
    results.push(['packaged .vsix', await runNodeSideTest(join('packaged', 'vsix.test.ts'))]);
    console.log(`test:vscode: packaged test took ${seconds(packagedStarted)}`);
  }

  let failures = 0;
  for (const [name, result] of results) {
    failures += result.failures;
    console.log(`test:vscode: ${name}: ${result.passes} passing, ${result.failures} failing, ${result.pending} pending (${(result.durationMs / 1000).toFixed(1)} s)`);
    for (const failure of result.failed) console.log(`  FAILED ${failure.title}\n    ${failure.error.split('\n').join('\n    ')}`);
  }
  if (results.some(([, result]) => result.tests === 0)) {
    console.log('test:vscode: a part ran no tests');
    failures += 1;
  }
  console.log(`test:vscode: ${failures === 0 ? 'passed' : 'FAILED'} in ${seconds(started)}`);
  return failures === 0 ? 0 : 1;
}

main()
  .then(async (code) => {
    await runCleanups();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    console.error(`test:vscode: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await runCleanups();
    process.exit(1);
  });
