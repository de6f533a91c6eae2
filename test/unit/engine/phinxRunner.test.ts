// The phinx command line magento-zdd builds for an environment, and the progress lines it parses
// from phinx's output. Running phinx is covered by test/integration.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { loadProject } from '../../../server/src/analysis/project';
import { resolveEnvironment } from '../../../client/src/engine/environments';
import { buildPhinxArgv, parsePhinxProgressLine, PhinxError, PhinxProgressParser } from '../../../client/src/engine/phinxRunner';
import { TempProject } from '../../helpers/tempProject';

describe('phinx progress lines', () => {
  it('reads migrating, migrated (with seconds), reverting and reverted', () => {
    assert.deepEqual(parsePhinxProgressLine(' == 20240101000000 CreateFoo: migrating'), { kind: 'started', version: '20240101000000', name: 'CreateFoo', direction: 'up', seconds: undefined });
    assert.deepEqual(parsePhinxProgressLine(' == 20240101000000 CreateFoo: migrated 0.0123s'), { kind: 'finished', version: '20240101000000', name: 'CreateFoo', direction: 'up', seconds: 0.0123 });
    assert.deepEqual(parsePhinxProgressLine(' == 20240101000000 CreateFoo: reverting')?.direction, 'down');
    assert.deepEqual(parsePhinxProgressLine(' == 20240101000000 CreateFoo: reverted 1.5000s')?.kind, 'finished');
  });

  it('ignores colours and everything else phinx prints', () => {
    assert.equal(parsePhinxProgressLine('\u001b[32m == \u001b[0m\u001b[32m20240101000000 CreateFoo:\u001b[0m \u001b[33mmigrating\u001b[0m')?.name, 'CreateFoo');
    for (const line of ['All Done. Took 0.0456s', 'using environment shop', ' == CreateFoo: seeding', 'warning 2024 is not a valid version', '']) {
      assert.equal(parsePhinxProgressLine(line), undefined, line);
    }
  });

  it('joins lines split across output chunks', () => {
    const parser = new PhinxProgressParser();
    assert.deepEqual(parser.push('\n == 2024010100'), []);
    assert.deepEqual(
      parser.push('0000 CreateFoo: migrating\r\n == 20240101000000 CreateFoo: mig').map((event) => event.kind),
      ['started'],
    );
    assert.deepEqual(parser.push('rated 0.0100s'), []);
    assert.deepEqual(parser.flush().map((event) => [event.kind, event.seconds]), [['finished', 0.01]]);
  });
});

describe('phinx command line', () => {
  const projects: TempProject[] = [];
  after(() => projects.forEach((project) => project.cleanup()));

  function shop(environments: object, files: Record<string, string> = {}) {
    const project = TempProject.create('phinx-argv');
    projects.push(project);
    project.write('magento-zdd.json', JSON.stringify({ environments }));
    for (const [path, text] of Object.entries(files)) project.write(path, text);
    const model = loadProject(project.dir);
    return (name: string) => ({ model, environment: resolveEnvironment(model, name) });
  }

  it('defaults to php vendor/bin/phinx with -c phinx.php and the database name as -e', () => {
    const { model, environment } = shop({ local: { database: { database: 'shop_local' } } }, { 'vendor/bin/phinx': '', 'bin/phinx': '', 'phinx.php': '<?php return [];' })('local');
    assert.deepEqual(buildPhinxArgv(model, environment, { command: 'migrate' }), ['php', 'vendor/bin/phinx', 'migrate', '-c', 'phinx.php', '-e', 'shop_local']);
    assert.deepEqual(buildPhinxArgv(model, environment, { command: 'rollback', target: '0', dryRun: true }), ['php', 'vendor/bin/phinx', 'rollback', '-c', 'phinx.php', '-e', 'shop_local', '-t', '0', '--dry-run']);
    assert.deepEqual(buildPhinxArgv(model, environment, { command: 'status' }), ['php', 'vendor/bin/phinx', 'status', '-c', 'phinx.php', '-e', 'shop_local', '-f', 'json']);
  });

  it('falls back to bin/phinx, and leaves -c out when there is no phinx.php', () => {
    const { model, environment } = shop({ local: { database: { database: 'shop' } } }, { 'bin/phinx': '' })('local');
    assert.deepEqual(buildPhinxArgv(model, environment, { command: 'migrate', target: '20240101000000' }), ['php', 'bin/phinx', 'migrate', '-e', 'shop', '-t', '20240101000000']);
  });

  it('uses the configured command, config file and Phinx environment as given', () => {
    const { model, environment } = shop({
      staging: { database: { database: 'shop' }, phinx: { command: ['warden', 'env', 'exec', '-T', 'php-fpm', 'bin/phinx'], config: 'config/phinx.php', environment: 'staging' } },
    })('staging');
    assert.deepEqual(buildPhinxArgv(model, environment, { command: 'migrate' }), ['warden', 'env', 'exec', '-T', 'php-fpm', 'bin/phinx', 'migrate', '-c', 'config/phinx.php', '-e', 'staging']);
  });

  it('refuses a target that is not a version, so nothing reaches phinx as an option', () => {
    const { model, environment } = shop({ local: { database: { database: 'shop' }, phinx: { command: ['phinx'] } } })('local');
    for (const target of ['--fake', '2024-01-01', '', 'latest']) {
      assert.throws(() => buildPhinxArgv(model, environment, { command: 'rollback', target }), (error: unknown) => error instanceof PhinxError && error.problem === 'invalid-target', target);
    }
  });

  it('explains a missing phinx and a missing Phinx environment name', () => {
    const get = shop({ local: { database: { database: 'shop' } }, bare: { phinx: { command: ['phinx'] } } });
    const local = get('local');
    assert.throws(() => buildPhinxArgv(local.model, local.environment, { command: 'migrate' }), /phinx is not installed in .*: neither vendor\/bin\/phinx nor bin\/phinx exists\./);
    const bare = get('bare');
    assert.throws(() => buildPhinxArgv(bare.model, bare.environment, { command: 'migrate' }), /environment "bare" names no Phinx environment: set environments\.bare\.phinx\.environment/);
  });
});
