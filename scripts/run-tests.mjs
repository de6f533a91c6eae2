// Runs node's test runner over every *.test.ts below the given folders. Node 20's runner does not
// look for .ts files in a folder, and sh has no recursive glob, so the list is built here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function testFiles(path) {
  if (statSync(path).isFile()) return path.endsWith('.test.ts') ? [path] : [];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => !['node_modules', 'fixtures'].includes(entry.name))
    .flatMap((entry) => testFiles(join(path, entry.name)))
    .sort();
}

const folders = process.argv.slice(2);
const files = folders.flatMap(testFiles);
if (files.length === 0) {
  console.error(`no *.test.ts files under ${folders.join(', ')}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
