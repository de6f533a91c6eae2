// E2E tooling (Node side): where things are. Imports nothing but node built-ins.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The checkout this file belongs to: the folder above that holds test/e2e/package.json. */
function findRepoRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'test', 'e2e', 'package.json'))) return dir;
  }
  throw new Error(`no test/e2e/package.json above ${from}`);
}

export const REPO_ROOT = findRepoRoot(__dirname);
export const E2E_DIR = join(REPO_ROOT, 'test', 'e2e');
export const E2E_NODE_MODULES = join(E2E_DIR, 'node_modules');
/** Bundled suite, logs and default screenshots; gitignored, rewritten every run. */
export const E2E_OUT = join(E2E_DIR, 'out');
export const SAMPLE_SHOP = join(REPO_ROOT, 'test', 'fixtures', 'sample-shop');
export const DOCS_IMAGES = join(REPO_ROOT, 'docs', 'images');

export const CODE_SERVER_ENTRY = join(E2E_NODE_MODULES, 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = '/usr/bin/chromium';
/** The VS Code inside code-server 4.100.3; @vscode/test-electron downloads the same one. */
export const VSCODE_VERSION = '1.100.3';
