// Bundles the entry points; each side ships as one file so the .vsix needs no node_modules. The CLI's
// check reads migrations on worker threads from dist/migrationFactsWorker.js, found beside dist/cli.js.
// dist/configValidator.js is magento-zdd.json's schema compiled by ajv ahead of time: compiling it at
// start-up was ~180 ms of every CLI run (server/src/analysis/config.ts loads it when it is there).
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  define: { MAGENTO_ZDD_VERSION: JSON.stringify(version) },
};

// The same options as config.ts's fallback compile: the two must judge a file alike (a test compares them).
const schema = JSON.parse(readFileSync(new URL('../schemas/magento-zdd.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false, code: { source: true } });
const validatorSource = standaloneCode.default(ajv, ajv.compile(schema));

await Promise.all([
  build({ ...common, sourcemap: false, stdin: { contents: validatorSource, resolveDir: '.', sourcefile: 'configValidator.js' }, outfile: 'dist/configValidator.js' }),
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['client/src/cli/bin.ts'], outfile: 'dist/cli.js' }),
  build({ ...common, entryPoints: ['server/src/analysis/migrations/migrationFactsWorker.ts'], outfile: 'dist/migrationFactsWorker.js' }),
]);
