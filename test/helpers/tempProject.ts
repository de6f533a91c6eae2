// Test helper: throw-away folders and git repositories for the baseline and CLI tests. Every one is
// created under the OS temp folder and removed by the test that made it.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// Inside a git hook these point at the outer repository; the code under test and the helper must
// only ever see the temporary repositories.
for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_CEILING_DIRECTORIES']) {
  delete process.env[name];
}

/**
 * git for the tests' temporary repositories: no machine config (autocrlf or hooks cannot change what is
 * committed), no outer repository's variables (inside a git hook), a fixed author.
 */
export const TEST_GIT_ENV: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GIT_'))),
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Magento ZDD tests',
  GIT_AUTHOR_EMAIL: 'tests@magento-zdd.invalid',
  GIT_COMMITTER_NAME: 'Magento ZDD tests',
  GIT_COMMITTER_EMAIL: 'tests@magento-zdd.invalid',
};

export const FIXTURES = join(__dirname, '..', 'fixtures');
export const SAMPLE_SHOP = join(FIXTURES, 'sample-shop');

export function createTempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `magento-zdd-${label}-`));
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A folder of files, optionally a git repository; paths are relative to `dir`, forward slashes. */
export class TempProject {
  private constructor(readonly dir: string) {}

  /** An empty folder, or a copy of a fixture folder; not a git repository until `initGit()`. */
  static create(label: string, fixture?: string): TempProject {
    const project = new TempProject(createTempDir(label));
    if (fixture) cpSync(fixture, project.dir, { recursive: true });
    return project;
  }

  /** A copy of a fixture folder (default the sample shop) committed as the first commit of a new repository. */
  static committed(label: string, fixture: string = SAMPLE_SHOP): TempProject {
    const project = TempProject.create(label, fixture);
    project.initGit();
    project.commit('Initial shop');
    return project;
  }

  path(file = ''): string {
    return join(this.dir, file);
  }

  read(file: string): string {
    return readFileSync(this.path(file), 'utf8');
  }

  write(file: string, text: string | Buffer): void {
    mkdirSync(dirname(this.path(file)), { recursive: true });
    writeFileSync(this.path(file), text);
  }

  /** Replaces `from` (which must occur) in a file. */
  edit(file: string, from: string, to: string): void {
    const text = this.read(file);
    if (!text.includes(from)) throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
    this.write(file, text.replace(from, to));
  }

  remove(file: string): void {
    rmSync(this.path(file), { recursive: true, force: true });
  }

  initGit(): void {
    this.git('init', '-q', '-b', 'main');
  }

  /** Commits everything in the folder; returns the new commit id. */
  commit(message: string): string {
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD').trim();
  }

  git(...args: string[]): string {
    const result = spawnSync('git', args, { cwd: this.dir, env: TEST_GIT_ENV, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
    return result.stdout;
  }

  cleanup(): void {
    removeTempDir(this.dir);
  }
}
