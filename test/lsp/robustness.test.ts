// The built language server fed garbled documents, as an editor sends them while the user types: it must
// keep answering. After each didChange a hover request must come back, and at the end the server still
// checks a valid text.
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspSession } from '../helpers/lspClient';
import { insertions, nested, spanEdits, truncations, type Mutation } from '../helpers/mutations';
import { buildFixtureProject, ruleFixtureCases } from '../helpers/ruleFixtures';
import type { TempProject } from '../helpers/tempProject';

const DOCUMENTS = [
  { file: 'src/Acme/Loyalty/etc/migrations/20240701120000_drop_legacy_transaction_columns.php', languageId: 'php' },
  { file: 'src/Acme/Loyalty/etc/db_schema.xml', languageId: 'xml' },
  { file: 'src/Acme/Loyalty/etc/module.xml', languageId: 'xml' },
  { file: 'app/etc/config.php', languageId: 'php' },
];

const ANSWER_TIMEOUT_MS = 20_000;

async function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${ANSWER_TIMEOUT_MS} ms`)), ANSWER_TIMEOUT_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function mutationsOf(text: string, seed: number): Mutation[] {
  return [
    ...truncations(text, 8),
    ...insertions(text, 8, seed),
    ...spanEdits(text, 4, seed + 1),
    { label: '5,000 nested parentheses', text: `${text}\n${nested('(', '1', ')', 5_000)}` },
    { label: '5,000 nested arrays', text: text.replace('<?php', `<?php $deep = ${nested('[', '1', ']', 5_000)};`) },
    { label: '5,000 nested elements', text: `${text}\n${nested('<table name="acme_deep">', '', '</table>', 5_000)}` },
    // php-parser 3.7 loops for ever on these three (see test/unit/phinx/parserLoops.test.ts).
    { label: 'an attribute left open at the end', text: `${text}\n#[AsCommand\n` },
    { label: 'a nowdoc after a name in a class body at the end', text: `${text}\nclass Loop\n{\n    x<<<'X'\nX\n` },
    { label: '{namespace at the end', text: `${text}\n{namespace` },
    { label: 'binary', text: '\u0000\u0001\uD800\uFEFF' },
    { label: 'empty', text: '' },
  ];
}

describe('language server on garbled documents', () => {
  let project: TempProject;
  let server: LspSession;

  before(async () => {
    project = buildFixtureProject(ruleFixtureCases('drop-column').find((candidate) => candidate.name === 'positive')!);
    server = await LspSession.start(project.dir);
  });

  after(async () => {
    await server.stop();
    project.cleanup();
  });

  DOCUMENTS.forEach(({ file, languageId }, index) => {
    it(`answers a hover after every garbled didChange of ${file}`, async () => {
      const uri = pathToFileURL(project.path(file)).href;
      const text = project.read(file);
      await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
      let version = 1;
      for (const mutation of mutationsOf(text, 500 + index)) {
        version++;
        await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: mutation.text }] });
        const hover = await withTimeout(server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }), `hover after ${mutation.label}`);
        assert.ok(hover === null || typeof hover === 'object', mutation.label);
        assert.equal(server.process.exitCode, null, `the server exited after ${mutation.label}`);
      }
      // Still checking: the original text comes back with its diagnostics.
      version++;
      await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
      const last = version;
      await server.diagnosticsFor(uri, (params) => params.version === last, `diagnostics of version ${last} of ${file}`);
    });
  });

  it('answers a hover after a 5 MB migration arrives in one didChange', async () => {
    const file = DOCUMENTS[0].file;
    const uri = pathToFileURL(project.path(file)).href;
    const text = project.read(file);
    const values: string[] = [];
    for (let size = 0, i = 0; size < 5_000_000; i++) {
      const row = `('reward_${i}', 'Reward number ${i}', ${i % 1000}),`;
      values.push(row);
      size += row.length + 1;
    }
    const up = "    public function up()\n    {\n";
    const big = text.replace(up, `${up}        $this->execute(<<<SQL\nINSERT INTO acme_loyalty_reward (code, title, points_cost) VALUES\n${values.join('\n')}\n('last', 'Last', 0);\nSQL\n        );\n`);
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 1_000 }, contentChanges: [{ text: big }] });
    const params = await server.diagnosticsFor(uri, (published) => published.version === 1_000, 'diagnostics of the 5 MB migration');
    assert.ok(params.diagnostics.some((diagnostic) => diagnostic.code === 'drop-column'));
    const dropColumn = params.diagnostics.find((diagnostic) => diagnostic.code === 'drop-column')!;
    const hover = await withTimeout(server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: dropColumn.range.start }), 'hover on the 5 MB migration');
    assert.match(JSON.stringify(hover), /drop-column/);
  });
});
