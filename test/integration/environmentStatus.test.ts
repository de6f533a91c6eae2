// The editor's read of an environment against a real MariaDB: phinxlog and setup_module over one
// connection, the password from the editor's secret storage (env.php computes it with getenv(), as
// Magento Cloud-style set-ups do), a database without setup_module, and a wrong stored password.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadProject } from '../../server/src/analysis/project';
import { DatabaseError } from '../../client/src/engine/databaseStatus';
import { readEnvironmentStatus } from '../../client/src/engine/environmentStatus';
import type { SecretProvider } from '../../client/src/engine/environments';
import { integrationShops } from '../helpers/integrationShop';

const EDITOR_ENVIRONMENTS = { local: { database: { fromEnvPhp: true } } };

function secrets(password: string | undefined, asked: string[] = []): SecretProvider {
  return {
    getDatabasePassword: async (environment) => {
      asked.push(environment);
      return password;
    },
  };
}

describe('environment status for the editor against MariaDB', () => {
  const mariadb = integrationShops({ environments: EDITOR_ENVIRONMENTS });
  const shop = mariadb.shop.bind(mariadb);

  it('reads the migration status and setup_module with the password from the secret storage', async () => {
    const target = await shop();
    await mariadb.server.rootQuery(`INSERT INTO \`${target.database}\`.setup_module VALUES ('Acme_Checkout', '2.0.0', '2.0.0')`);
    const asked: string[] = [];
    const status = await readEnvironmentStatus(loadProject(target.project.dir), 'local', { secrets: secrets(target.password, asked), env: {} });
    assert.deepEqual(asked, ['local']);
    assert.equal(status.migrations.tableExists, false);
    assert.equal(status.migrations.pendingCount, 2);
    assert.deepEqual(status.setupModule?.modules.get('Acme_Checkout'), { schemaVersion: '2.0.0', dataVersion: '2.0.0' });
    assert.equal(status.setupModuleError, undefined);
  });

  it('still gives the migration status when the database has no setup_module', async () => {
    const target = await shop();
    await mariadb.server.rootQuery(`DROP TABLE \`${target.database}\`.setup_module`);
    const status = await readEnvironmentStatus(loadProject(target.project.dir), 'local', { secrets: secrets(target.password), env: {} });
    assert.equal(status.migrations.pendingCount, 2);
    assert.equal(status.setupModule, undefined);
    assert.equal(status.setupModuleError?.problem, 'missing-table');
  });

  it('a wrong stored password is "access denied" naming the secret storage, never the password', async () => {
    const target = await shop();
    const wrong = 'not-the-password-0451';
    await assert.rejects(readEnvironmentStatus(loadProject(target.project.dir), 'local', { secrets: secrets(wrong), env: {} }), (error: unknown) => {
      assert.ok(error instanceof DatabaseError);
      assert.equal(error.problem, 'access-denied');
      assert.match(error.message, /the password from the secret storage is wrong/);
      assert.ok(!error.message.includes(wrong));
      return true;
    });
  });
});
