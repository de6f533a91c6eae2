// Bench room: the floor `magento-zdd check` over migrations is measured against. A separate process
// that does nothing but read the given migration files and parse each with the PHP parser exactly as
// the analysis configures it (server/src/analysis/php/parsePhp.ts). Bundled by esbuild like
// dist/cli.js, so both sides pay the same start-up costs. Usage: node floor.js <root> <list file>
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePhp } from '../../server/src/analysis/php/parsePhp';

const [root, listFile] = process.argv.slice(2);
if (!root || !listFile) {
  process.stderr.write('usage: migration-floor.js <root> <list file>\n');
  process.exit(2);
}

let parsedWithoutErrors = 0;
for (const file of readFileSync(listFile, 'utf8').split('\n').filter(Boolean)) {
  const { program, errors } = parsePhp(readFileSync(join(root, file), 'utf8'), file);
  if (errors.length === 0 && program.children.length > 0) parsedWithoutErrors += 1;
}
// Printing the count keeps the parse from being dead code and lets the bench check the floor did the work.
process.stdout.write(`${parsedWithoutErrors}\n`);
