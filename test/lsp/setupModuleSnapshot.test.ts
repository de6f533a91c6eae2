// The built language server receiving the selected environment's setup_module from the client
// (magentoZdd/setupModuleSnapshot): module.xml files are checked again against it, the
// setup-version-drift diagnostic appears, and a cleared snapshot takes it away again.
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { SETUP_MODULE_SNAPSHOT_NOTIFICATION, type SetupModuleSnapshotParams } from '../../server/src/protocol';
import { LspSession } from '../helpers/lspClient';
import { TempProject } from '../helpers/tempProject';

const CHECKOUT_XML = 'app/code/Acme/Checkout/etc/module.xml';
const LOYALTY_XML = 'src/Acme/Loyalty/etc/module.xml';

function driftOf(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.code === 'setup-version-drift');
}

/** setup_module as the sample shop's staging database holds it: Acme_Checkout behind its module.xml (2.1.0). */
function stagingSnapshot(root?: string): SetupModuleSnapshotParams {
  return {
    root,
    snapshot: {
      environment: 'staging',
      modules: { Acme_Checkout: { schemaVersion: '2.0.0', dataVersion: '2.0.0' }, Acme_Loyalty: { schemaVersion: '1.4.2', dataVersion: '1.4.2' } },
    },
  };
}

describe('language server: setup_module snapshot from the client', () => {
  let shop: TempProject;
  let server: LspSession;
  let checkoutUri: string;
  let loyaltyUri: string;

  before(async () => {
    shop = TempProject.committed('lsp-setup-module');
    checkoutUri = pathToFileURL(shop.path(CHECKOUT_XML)).href;
    loyaltyUri = pathToFileURL(shop.path(LOYALTY_XML)).href;
    server = await LspSession.start(shop.dir);
    await server.diagnosticsFor(checkoutUri, () => true, 'the start-up check of Acme_Checkout');
  });

  after(async () => {
    await server.stop();
    shop.cleanup();
  });

  it('publishes setup-version-drift for a module.xml ahead of the environment, and none for one that matches', async () => {
    await server.connection.sendNotification(SETUP_MODULE_SNAPSHOT_NOTIFICATION, stagingSnapshot(shop.dir));
    const params = await server.diagnosticsFor(checkoutUri, (p) => driftOf(p.diagnostics).length > 0, 'setup-version-drift on Acme_Checkout');
    const [drift, ...rest] = driftOf(params.diagnostics);
    assert.equal(rest.length, 0);
    assert.match(String(drift.message), /^"staging" is behind this module\.xml: its setup_module has Acme_Checkout at 2\.0\.0 and setup_version is 2\.1\.0\./);
    assert.deepEqual(driftOf((await server.diagnosticsFor(loyaltyUri)).diagnostics), []);
  });

  it('clears the drift diagnostics when the client sends no snapshot', async () => {
    await server.connection.sendNotification(SETUP_MODULE_SNAPSHOT_NOTIFICATION, stagingSnapshot(shop.dir));
    await server.diagnosticsFor(checkoutUri, (p) => driftOf(p.diagnostics).length > 0, 'setup-version-drift on Acme_Checkout');
    await server.connection.sendNotification(SETUP_MODULE_SNAPSHOT_NOTIFICATION, { root: shop.dir, snapshot: null } satisfies SetupModuleSnapshotParams);
    await server.diagnosticsFor(checkoutUri, (p) => driftOf(p.diagnostics).length === 0, 'the drift diagnostic to go');
  });

  it('applies a snapshot without a root to every project, and ignores one for another root', async () => {
    await server.connection.sendNotification(SETUP_MODULE_SNAPSHOT_NOTIFICATION, { root: shop.dir, snapshot: null } satisfies SetupModuleSnapshotParams);
    await server.diagnosticsFor(checkoutUri, (p) => driftOf(p.diagnostics).length === 0, 'no drift');
    await server.connection.sendNotification(SETUP_MODULE_SNAPSHOT_NOTIFICATION, stagingSnapshot('/somewhere/else'));
    // Then one for every project: its diagnostics arriving also shows the one before was handled (in order) without effect.
    const before = server.diagnostics.get(checkoutUri);
    await server.connection.sendNotification(SETUP_MODULE_SNAPSHOT_NOTIFICATION, stagingSnapshot());
    const params = await server.diagnosticsFor(checkoutUri, (p) => p !== before && driftOf(p.diagnostics).length > 0, 'drift from a root-less snapshot');
    assert.match(String(driftOf(params.diagnostics)[0].message), /"staging" is behind/);
  });

  it('keeps the snapshot when magento-zdd.json changes and the project is reloaded', async () => {
    await server.connection.sendNotification(SETUP_MODULE_SNAPSHOT_NOTIFICATION, stagingSnapshot(shop.dir));
    await server.diagnosticsFor(checkoutUri, (p) => driftOf(p.diagnostics).length > 0, 'drift before the reload');
    const statusesBefore = server.statuses.length;
    shop.write('magento-zdd.json', JSON.stringify({ baseline: 'HEAD', bespokePaths: ['app/code/*/*', 'src/*/*'], server: 'mariadb-10.6' }));
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(shop.path('magento-zdd.json')).href, type: 2 }] });
    // A reload re-checks the whole workspace: 'checking', then 'done'.
    const states = () => server.statuses.slice(statusesBefore).map((status) => (status as { state: string }).state);
    await server.waitFor(() => states().includes('checking') && states().lastIndexOf('done') > states().indexOf('checking'), 'the re-check after the reload');
    assert.equal(driftOf(server.diagnostics.get(checkoutUri)?.diagnostics ?? []).length, 1);
  });
});
