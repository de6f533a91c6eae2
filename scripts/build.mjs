// Bundles the entry points; each side ships as one file so the .vsix needs no node_modules. The CLI's
// check reads migrations on worker threads from dist/migrationFactsWorker.js, found beside dist/cli.js.
import { readFileSync } from 'node:fs';
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

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['client/src/cli/bin.ts'], outfile: 'dist/cli.js' }),
  build({ ...common, entryPoints: ['server/src/analysis/migrations/migrationFactsWorker.ts'], outfile: 'dist/migrationFactsWorker.js' }),
]);
