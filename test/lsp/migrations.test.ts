// The built language server on a Phinx migration: diagnostics, hover and the quick fixes, applied as an
// editor applies them (including the split that creates a new migration file).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CreateFile, Diagnostic, Hover, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { REPO_ROOT, runCli } from '../helpers/cli';
import { DEFAULT_CAPABILITIES, LspSession } from '../helpers/lspClient';
import { rangeOf } from '../helpers/positions';
import { TempProject } from '../helpers/tempProject';

const FOLDER = 'app/code/Acme/Catalog/etc/migrations';
const MIGRATION = `${FOLDER}/20240701090000_rework_product_badge.php`;
const SPLIT_TITLE = 'Split into expand and contract migrations';

const MIGRATION_TEXT = `<?php

use MX\\PhinxMigrations\\Migration;

class ReworkProductBadge extends Migration
{
    /**
     * Upgrade the database.
     */
    public function up()
    {
        $this->table('acme_product_badge')
            ->addColumn('priority', 'integer')
            ->changeColumn('created_at', 'timestamp')
            ->update();
        $this->table('acme_product_badge')->removeColumn('label')->update();
    }

    /**
     * Rollback the database.
     */
    public function down()
    {
        $this->table('acme_product_badge')->addColumn('label', 'string', ['limit' => 64, 'null' => false])->update();
        $this->table('acme_product_badge')->removeColumn('priority')->update();
    }
}
`;

function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x.php', 'php', 0, text), edits);
}

function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => String(diagnostic.code)).sort();
}

describe('language server on a Phinx migration', () => {
  let shop: TempProject;
  let server: LspSession;
  let uri: string;
  let version = 1;

  before(async () => {
    shop = TempProject.committed('lsp-migrations');
    shop.write(MIGRATION, MIGRATION_TEXT);
    uri = pathToFileURL(shop.path(MIGRATION)).href;
    server = await LspSession.start(shop.dir);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'php', version, text: MIGRATION_TEXT } });
  });

  after(async () => {
    await server.stop();
    shop.cleanup();
  });

  /** Sends `text` as the new content and returns the diagnostics published for it. */
  async function edit(text: string): Promise<Diagnostic[]> {
    version++;
    const sent = version;
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: sent }, contentChanges: [{ text }] });
    return (await server.diagnosticsFor(uri, (params) => params.version === sent)).diagnostics;
  }

  async function diagnostic(code: string): Promise<Diagnostic> {
    const published = await server.diagnosticsFor(uri, (params) => params.version === version && params.diagnostics.some((candidate) => candidate.code === code));
    return published.diagnostics.find((candidate) => candidate.code === code)!;
  }

  async function actionsFor(target: Diagnostic, session = server): Promise<CodeAction[]> {
    return (await session.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: target.range, context: { diagnostics: [target] } })) as CodeAction[];
  }

  function titled(actions: CodeAction[], title: string): CodeAction {
    const action = actions.find((candidate) => candidate.title === title);
    assert.ok(action, `no "${title}" among: ${actions.map((candidate) => candidate.title).join(', ')}`);
    return action;
  }

  it('flags the removeColumn() call as drop-column, with a docs link', async () => {
    const drop = await diagnostic('drop-column');
    assert.deepEqual(drop.range, rangeOf(MIGRATION_TEXT, "->removeColumn('label')"));
    assert.equal(drop.severity, 1);
    assert.equal(drop.source, 'magento-zdd');
    assert.match(drop.codeDescription?.href ?? '', /docs\/rules\/drop-column\.md$/);
    const published = await server.diagnosticsFor(uri, (params) => params.version === version);
    assert.deepEqual(codes(published.diagnostics), [
      'add-not-null-column-without-default',
      'changecolumn-full-redefinition',
      'drop-column',
      'drop-default',
      'expand-and-contract-in-one-migration',
    ]);
  });

  it("explains the drop on hover with the rule's reason and the safe way as code", async () => {
    const drop = await diagnostic('drop-column');
    const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: drop.range.start })) as Hover;
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /`drop-column`/);
    assert.match(value, /\*Why:\* The old code still names the column/);
    assert.match(value, /```php\n\/\/ Release N: stop reading and writing label \(the column stays\)\.\n\/\/ Release N\+1, new migration:\n\$this->table\('acme_product_badge'\)->removeColumn\('label'\)->update\(\);\n```/);
  });

  it('suppresses the drop with a zdd-ignore comment that clears the diagnostic', async () => {
    const suppress = titled(await actionsFor(await diagnostic('drop-column')), 'Suppress: drop-column (add a reason)');
    const suppressed = applyEdits(MIGRATION_TEXT, suppress.edit!.changes![uri]);
    assert.match(suppressed, /\n {8}\/\/ zdd-ignore drop-column: reason\n {8}\$this->table\('acme_product_badge'\)->removeColumn\('label'\)/);
    assert.ok(!codes(await edit(suppressed)).includes('drop-column'));
    await edit(MIGRATION_TEXT);
  });

  it("makes the new column nullable with Add 'null' => true", async () => {
    const fix = titled(await actionsFor(await diagnostic('add-not-null-column-without-default')), "Add 'null' => true");
    assert.equal(fix.isPreferred, true);
    const fixed = applyEdits(MIGRATION_TEXT, fix.edit!.changes![uri]);
    assert.match(fixed, /->addColumn\('priority', 'integer', \['null' => true\]\)\n/);
    assert.ok(!codes(await edit(fixed)).includes('add-not-null-column-without-default'));
    await edit(MIGRATION_TEXT);
  });

  it('restates the attributes changeColumn() would reset', async () => {
    const fix = titled(await actionsFor(await diagnostic('changecolumn-full-redefinition')), 'Restate the current attributes');
    const fixed = applyEdits(MIGRATION_TEXT, fix.edit!.changes![uri]);
    // Phinx 0.9 created the column NOT NULL, so only the default is at stake.
    assert.match(fixed, /->changeColumn\('created_at', 'timestamp', \['default' => 'CURRENT_TIMESTAMP'\]\)\n/);
    const after = codes(await edit(fixed));
    assert.ok(!after.includes('changecolumn-full-redefinition'), after.join(', '));
    assert.ok(!after.includes('drop-default'));
    await edit(MIGRATION_TEXT);
  });

  it('does not offer the split to a client that cannot create files', async () => {
    const plain = await LspSession.start(shop.dir, { textDocument: DEFAULT_CAPABILITIES.textDocument });
    try {
      await plain.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'php', version: 1, text: MIGRATION_TEXT } });
      const published = await plain.diagnosticsFor(uri, (params) => params.version === 1 && params.diagnostics.some((candidate) => candidate.code === 'drop-column'));
      const actions = await actionsFor(published.diagnostics.find((candidate) => candidate.code === 'drop-column')!, plain);
      assert.deepEqual(
        actions.map((action) => action.title),
        ['Suppress: drop-column (add a reason)'],
      );
    } finally {
      await plain.stop();
    }
  });

  it('splits the drop into a new, valid migration that runs later', async () => {
    const drop = await diagnostic('drop-column');
    const sameCall = await diagnostic('expand-and-contract-in-one-migration');
    // Both findings on the removeColumn() share one split: offered once, for both.
    const actions = (await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: drop.range, context: { diagnostics: [drop, sameCall] } })) as CodeAction[];
    assert.equal(actions.filter((action) => action.title === SPLIT_TITLE).length, 1);
    const split = titled(actions, SPLIT_TITLE);
    assert.deepEqual(codes(split.diagnostics ?? []), ['drop-column', 'expand-and-contract-in-one-migration']);
    assert.equal(split.isPreferred, false);
    const changes = split.edit?.documentChanges ?? [];
    const [create, content, source] = changes as [CreateFile, TextDocumentEdit, TextDocumentEdit];
    assert.equal(changes.length, 3);
    assert.equal(create.kind, 'create');
    const newName = create.uri.slice(create.uri.lastIndexOf('/') + 1);
    assert.match(newName, /^(\d{14})_rework_product_badge_contract\.php$/);
    assert.ok(newName.slice(0, 14) > '20240701090000');
    assert.equal(create.uri, pathToFileURL(shop.path(`${FOLDER}/${newName}`)).href);
    assert.equal(content.textDocument.uri, create.uri);
    assert.equal(source.textDocument.uri, uri);
    assert.equal(source.textDocument.version, version);

    // Applied as the editor would: the new file, then the source without the moved statements.
    const newText = applyEdits('', content.edits as TextEdit[]);
    shop.write(`${FOLDER}/${newName}`, newText);
    const remaining = applyEdits(MIGRATION_TEXT, source.edits as TextEdit[]);
    shop.write(MIGRATION, remaining);
    assert.doesNotMatch(remaining, /removeColumn\('label'\)|addColumn\('label'/);
    assert.match(newText, /^class ReworkProductBadgeContract extends Migration$/m);
    assert.match(newText, /\n {8}\$this->table\('acme_product_badge'\)->removeColumn\('label'\)->update\(\);\n/);
    assert.match(newText, /public function down\(\)\n {4}\{\n {8}\/\/ Brings back the structure only[^\n]*\n {8}\$this->table\('acme_product_badge'\)->addColumn\('label', 'string', \['limit' => 64, 'null' => false\]\)->update\(\);\n/);

    const run = runCli(['check', shop.dir, '--format', 'json'], { cwd: REPO_ROOT });
    const { diagnostics } = JSON.parse(run.stdout) as { diagnostics: Array<{ file: string; code: string }> };
    const invalid = diagnostics.filter((finding) => /^(migration-file-name|migration-class-name|migration-invalid|duplicate-)/.test(finding.code));
    assert.deepEqual(invalid, []);
    const codesIn = (file: string) => diagnostics.filter((finding) => finding.file === file).map((finding) => finding.code).sort();
    assert.ok(!codesIn(MIGRATION).includes('drop-column'), codesIn(MIGRATION).join(', '));
    assert.deepEqual(codesIn(`${FOLDER}/${newName}`), ['drop-column']);
    assert.deepEqual(readdirSync(shop.path(FOLDER)).sort(), ['20240506091500_create_acme_product_badge.php', '20240701090000_rework_product_badge.php', newName]);
  });
});
