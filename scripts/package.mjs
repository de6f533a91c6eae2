// Packages the extension: vsce runs on a staging copy of the top-level entries .vscodeignore lets in,
// then .vscodeignore filters them as usual. vsce lists every file below its folder before filtering
// (only the top node_modules is skipped), so in the checkout it would walk .bench/ and test/e2e/node_modules
// (tens of thousands of files, tens of seconds) to ship about a dozen.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// `npm run package -- --out <file>` writes elsewhere (the packaged-extension test uses its own file).
const outFlag = process.argv.indexOf('--out');
const out = resolve(outFlag >= 0 ? process.argv[outFlag + 1] : join(root, 'magento-zdd.vsix'));
const ignoreFile = readFileSync(join(root, '.vscodeignore'), 'utf8');
// "!dist/client.js" -> "dist": the first path segment of every let-in pattern.
const entries = [...new Set(ignoreFile.split('\n').filter((line) => line.startsWith('!')).map((line) => line.slice(1).split('/')[0]))];

const staging = mkdtempSync(join(tmpdir(), 'magento-zdd-package-'));
try {
  for (const entry of ['.vscodeignore', ...entries]) cpSync(join(root, entry), join(staging, entry), { recursive: true });
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], { cwd: staging, stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(staging, { recursive: true, force: true });
}
