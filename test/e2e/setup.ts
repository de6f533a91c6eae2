// E2E tooling: installs what `npm run test:vscode` needs into test/e2e/node_modules, following
// ../shared/docs/vscode-e2e.md. Idempotent: a stamp records the lockfile it installed, so a second run
// does nothing and needs no network. Debian's chromium, ripgrep and libkrb5-dev come from .ci/run.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runChecked } from './lib/processes';
import { CHROMIUM, CODE_SERVER_ENTRY, E2E_DIR, E2E_NODE_MODULES } from './lib/paths';

/** Bump when the steps below change, so existing installs are redone. */
const SETUP_VERSION = 1;
const STAMP = join(E2E_NODE_MODULES, '.magento-zdd-e2e-setup.json');
const VSCODE_DIR = join(E2E_NODE_MODULES, 'code-server', 'lib', 'vscode');
const RIPGREP = '/usr/bin/rg';
/** Native modules of VS Code's server; their install scripts were skipped and need a build. */
const VSCODE_NATIVE_MODULES = ['@parcel/watcher', '@vscode/deviceid', '@vscode/spdlog', 'kerberos', 'native-watchdog', 'node-pty'];
const NPM_TIMEOUT_MS = 10 * 60_000;

function expectedStamp(): string {
  const lock = readFileSync(join(E2E_DIR, 'package-lock.json'));
  return JSON.stringify({ setupVersion: SETUP_VERSION, lock: createHash('sha256').update(lock).digest('hex') });
}

function checkDebianPackages(): void {
  const missing = [
    [CHROMIUM, 'chromium'],
    [RIPGREP, 'ripgrep'],
  ].filter(([path]) => !existsSync(path));
  if (missing.length > 0) {
    throw new Error(
      `${missing.map(([path]) => path).join(', ')} not found. Install the Debian packages (bash .ci/run does): ` +
        `apt-get install chromium ripgrep libkrb5-dev pkg-config`,
    );
  }
}

/** @vscode/ripgrep's install script downloads rg from GitHub; Debian's binary does the same job. */
function linkRipgrep(): void {
  const bin = join(VSCODE_DIR, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(bin, { recursive: true });
  rmSync(join(bin, 'rg'), { force: true });
  symlinkSync(RIPGREP, join(bin, 'rg'));
}

export async function ensureE2eTools(log: (line: string) => void = console.log): Promise<void> {
  checkDebianPackages();
  const stamp = expectedStamp();
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === stamp && existsSync(CODE_SERVER_ENTRY)) return;

  const started = Date.now();
  log('e2e setup: installing code-server, playwright-core and mocha into test/e2e/node_modules (about 2 minutes, once)');
  const npm = { timeoutMs: NPM_TIMEOUT_MS, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_loglevel: 'error' } };
  rmSync(STAMP, { force: true });
  // code-server's own install scripts download things and break offline: run none, then do their work here.
  await runChecked('npm', ['ci', '--ignore-scripts'], { ...npm, cwd: E2E_DIR });
  // argon2's prebuilt binary is a download; build it from source (python3, make, g++).
  await runChecked('npm', ['rebuild', 'argon2'], { ...npm, cwd: E2E_DIR });
  // What code-server's postinstall does for its bundled VS Code, from its npm-shrinkwrap.json.
  await runChecked('npm', ['install', '--omit=dev', '--ignore-scripts'], { ...npm, cwd: VSCODE_DIR });
  linkRipgrep();
  // node-pty's build script runs `npx node-gyp`, which would wait for a "yes" on the terminal.
  await runChecked('npm', ['rebuild', ...VSCODE_NATIVE_MODULES], { ...npm, cwd: VSCODE_DIR, env: { ...npm.env, npm_config_yes: 'true' } });
  writeFileSync(STAMP, stamp);
  log(`e2e setup: done in ${Math.round((Date.now() - started) / 1000)} s`);
}

if (require.main === module) {
  ensureE2eTools().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
