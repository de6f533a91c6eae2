// E2E tooling (Node side): the workspace the tests open, a git repository whose only commit is a copy
// of test/fixtures/sample-shop (the git baseline then sees exactly the edits a test makes).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_GIT_ENV } from '../../helpers/tempProject';
import { SAMPLE_SHOP } from './paths';

export interface SampleShopCopy {
  dir: string;
  cleanup(): void;
}

function git(cwd: string, ...args: string[]): void {
  const result = spawnSync('git', args, { cwd, env: TEST_GIT_ENV, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
}

/**
 * The copy is named sample-shop (inside a unique temporary folder), which is what the window title and
 * the Explorer show in the screenshots. The fixture's magento-zdd.json names its schema by a path into
 * this repository, which a copy cannot follow; without "$schema" VS Code takes the schema the extension
 * contributes, as in a user's shop.
 */
export function sampleShopCopy(label: string): SampleShopCopy {
  const parent = mkdtempSync(join(tmpdir(), `magento-zdd-${label}-`));
  const dir = join(parent, 'sample-shop');
  try {
    cpSync(SAMPLE_SHOP, dir, { recursive: true });
    const configFile = join(dir, 'magento-zdd.json');
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
    delete config.$schema;
    writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'Sample shop');
  } catch (error) {
    rmSync(parent, { recursive: true, force: true });
    throw error;
  }
  return { dir, cleanup: () => rmSync(parent, { recursive: true, force: true }) };
}
