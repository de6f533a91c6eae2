// environments.<name>.deploy for each driver: the schema requires the driver's own section, the
// engine fills in the defaults, and a missing piece is a message that says which key to add.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ConfigError, parseConfig } from '../../../server/src/analysis/config';
import { DeployError } from '../../../client/src/engine/deploy/deployError';
import { driverProject, type DriverProject } from './driverProject';

function deployConfig(deploy: Record<string, unknown>): string {
  return JSON.stringify({ environments: { prod: { database: { database: 'magento' }, deploy } } });
}

describe('deploy driver settings', () => {
  const made: DriverProject[] = [];
  after(() => made.forEach((entry) => entry.cleanup()));
  const resolved = (deploy: Parameters<typeof driverProject>[0]) => {
    const entry = driverProject(deploy);
    made.push(entry);
    return entry.settings;
  };

  it('the schema requires the section named after the driver', () => {
    assert.throws(() => parseConfig(deployConfig({ driver: 'kubernetes' })), (error: unknown) => error instanceof ConfigError && error.problems.some((problem) => /environments\.prod\.deploy.*kubernetes/.test(problem)));
    assert.throws(() => parseConfig(deployConfig({ driver: 'local' })), (error: unknown) => error instanceof ConfigError && error.problems.some((problem) => /local/.test(problem)));
    assert.doesNotThrow(() => parseConfig(deployConfig({ driver: 'docker-swarm', swarm: { service: 'shop_php', image: 'shop:{release}' } })));
  });

  it('the schema refuses a token in the webhook section: only the names of variables go there', () => {
    assert.throws(() => parseConfig(deployConfig({ driver: 'webhook', webhook: { provider: 'github', baseUrl: 'https://api.github.com', tokenEnv: 'GITHUB_TOKEN', token: 'ghp_x' } })), (error: unknown) => error instanceof ConfigError && error.problems.some((problem) => /unknown key "environments\.prod\.deploy\.webhook\.token"/.test(problem)));
  });

  it('kubernetes defaults: env names as the local driver sets them, a migration Job, bounded timeouts', () => {
    const settings = resolved({ driver: 'kubernetes', kubernetes: { deployment: 'magento', container: 'php', image: 'shop:{release}' } });
    assert.equal(settings.driver.name, 'kubernetes');
    if (settings.driver.name !== 'kubernetes') return;
    assert.deepEqual(settings.driver.kubernetes.envNames, { cacheDb: 'MAGENTO_ZDD_CACHE_DB', pageCacheDb: 'MAGENTO_ZDD_PAGE_CACHE_DB', colour: 'MAGENTO_ZDD_COLOUR', release: 'MAGENTO_ZDD_RELEASE' });
    assert.deepEqual(settings.driver.kubernetes.migrate, { mode: 'job', command: ['vendor/bin/phinx', 'migrate'], timeoutMs: 900_000 });
    assert.equal(settings.driver.kubernetes.timeoutMs, 600_000);
  });

  it('reading the local settings of another driver says which driver the environment uses', () => {
    const settings = resolved({ driver: 'docker-swarm', swarm: { service: 'shop_php', image: 'shop:{release}' } });
    assert.throws(() => settings.local, (error: unknown) => error instanceof DeployError && /docker-swarm driver/.test(error.message));
  });

  it('a webhook provider without its own keys is refused with their names', () => {
    assert.throws(() => resolved({ driver: 'webhook', webhook: { provider: 'github', baseUrl: 'https://api.github.com', tokenEnv: 'GITHUB_TOKEN', owner: 'acme' } }), (error: unknown) => error instanceof DeployError && /"repo" and "workflow"/.test(error.message));
    assert.throws(() => resolved({ driver: 'webhook', webhook: { provider: 'gitlab', baseUrl: 'https://gitlab.example.com', tokenEnv: 'T', project: 'shop/magento' } }), (error: unknown) => error instanceof DeployError && /"statusTokenEnv"/.test(error.message));
  });
});
