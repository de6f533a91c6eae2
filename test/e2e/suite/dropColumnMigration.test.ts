// VS Code suite: a new Phinx migration that drops a column: the drop-column error on the removeColumn()
// call, and the hover that explains why and shows the safe way.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from '../lib/wait';
import { activeExtension, openShopFile, placeCursor, revertAndCloseAll, shopUri, waitForDocumentReleased, waitForNoRuleDiagnostic, waitForRuleDiagnostic } from './shop';
import { workbench } from './workbench';

const MIGRATION = 'src/Acme/Loyalty/etc/migrations/20240701090000_drop_legacy_points_column.php';
const RULE = 'drop-column';
const MIGRATION_SOURCE = `<?php

use MX\\PhinxMigrations\\Migration;

class DropLegacyPointsColumn extends Migration
{
    /**
     * Upgrade the database: loyalty points moved to acme_loyalty_ledger in 1.4.
     */
    public function up()
    {
        $this->table('acme_loyalty_points')
            ->removeColumn('legacy_points')
            ->update();
    }

    /**
     * Rollback the database.
     */
    public function down()
    {
        $this->table('acme_loyalty_points')
            ->addColumn('legacy_points', 'integer', ['null' => true])
            ->update();
    }
}
`;

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

suite('Migrations: a drop-column migration', () => {
  suiteSetup(async () => {
    await activeExtension();
    await vscode.workspace.fs.writeFile(shopUri(MIGRATION), new TextEncoder().encode(MIGRATION_SOURCE));
  });

  suiteTeardown(async () => {
    await revertAndCloseAll();
    // Deleted while still open, the file would be re-checked from its editor text, not found missing.
    await waitForDocumentReleased(shopUri(MIGRATION));
    await vscode.workspace.fs.delete(shopUri(MIGRATION));
    await waitForNoRuleDiagnostic(shopUri(MIGRATION), RULE);
  });

  test('shows the drop-column error on removeColumn() and explains it on hover', async () => {
    const editor = await openShopFile(MIGRATION);
    const diagnostic = await waitForRuleDiagnostic(editor.document.uri, RULE);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(editor.document.getText(diagnostic.range), /removeColumn\('legacy_points'\)/);
    assert.match(diagnostic.message, /drops `acme_loyalty_points`\.`legacy_points` while the old code still selects and inserts it/);

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, diagnostic.range.start);
    const text = hoverText(hovers);
    assert.match(text, /magento-zdd error: `drop-column`/);
    assert.match(text, /\*Why:\* The old code still names the column/);
    assert.match(text, /\*The safe way:\*/);
    assert.match(text, /removeColumn\('legacy_points'\)->update\(\);/);
    assert.match(text, /Rule documentation/);

    // The same hover as the user sees it, over the squiggle.
    const ui = await workbench();
    await waitFor('an error squiggle in the migration', async () => (await ui.squiggles('error').count()) > 0);
    placeCursor(editor, diagnostic.range.start.translate(0, 4));
    await vscode.commands.executeCommand('editor.action.showHover');
    const hover = ui.visibleHover();
    await waitFor('the hover with the safe way', async () => (await hover.count()) > 0 && (await hover.first().innerText()).includes('The safe way'));
    await ui.growHoverToShow('Rule documentation: the safe way');
    await ui.screenshot('migration-hover');
    await ui.pressKey('Escape');
  });
});
