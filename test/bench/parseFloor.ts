// Bench room: the floor `magento-zdd check` is measured against. A separate process that does nothing
// but read the given module.xml files and parse them the way server/src/analysis/moduleXml.ts does
// (XMLValidator, then XMLParser with the same options). Bundled by esbuild like dist/cli.js, so both
// sides pay the same start-up costs. Usage: node floor.js <root> <file listing project paths>
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const [root, listFile] = process.argv.slice(2);
if (!root || !listFile) {
  process.stderr.write('usage: floor.js <root> <list file>\n');
  process.exit(2);
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (_name: string, _path: unknown, _isLeaf: boolean, isAttribute: boolean) => !isAttribute,
});

let modules = 0;
for (const file of readFileSync(listFile, 'utf8').split('\n').filter(Boolean)) {
  const text = readFileSync(join(root, file), 'utf8');
  if (XMLValidator.validate(text) !== true) continue;
  const parsed = parser.parse(text) as { config?: Array<{ module?: unknown[] }> };
  modules += parsed.config?.[0]?.module?.length ?? 0;
}
// Printing the count keeps the parse from being dead code and lets the bench check the floor did the work.
process.stdout.write(`${modules}\n`);
