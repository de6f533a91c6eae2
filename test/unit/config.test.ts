// magento-zdd.json: defaults, overrides, and messages that name the offending key.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, DEFAULT_CONFIG, loadConfig, parseConfig } from '../../server/src/analysis/config';
import { severityFor } from '../../server/src/analysis/findingsPipeline';
import { loadProject } from '../../server/src/analysis/project';
import { findRule } from '../../server/src/analysis/rules';
import { projectWith } from '../helpers/analysis';
import { SAMPLE_SHOP, TempProject } from '../helpers/tempProject';

function configProblems(text: string): string[] {
  try {
    parseConfig(text);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.problems;
  }
  assert.fail(`${text} was accepted`);
}

describe('loadConfig', () => {
  const projects: TempProject[] = [];
  after(() => projects.forEach((project) => project.cleanup()));

  it('gives the defaults when magento-zdd.json is absent', () => {
    const project = TempProject.create('config');
    projects.push(project);
    assert.deepEqual(loadConfig(project.dir), { config: DEFAULT_CONFIG, file: undefined });
  });

  it('reads the sample shop\'s file over the defaults', () => {
    const { config, file } = loadConfig(SAMPLE_SHOP);
    assert.equal(file, join(SAMPLE_SHOP, 'magento-zdd.json'));
    assert.equal(config.server, 'mariadb-10.6');
    assert.equal(config.baseline, 'HEAD');
    assert.deepEqual(config.smallTables, []);
  });

  it('names the file in the error of an invalid one', () => {
    const project = TempProject.create('config');
    projects.push(project);
    project.write('magento-zdd.json', '{"baseline": 1}');
    assert.throws(() => loadConfig(project.dir), (error: unknown) => error instanceof ConfigError && error.file === project.path('magento-zdd.json') && error.message.startsWith(project.path('magento-zdd.json')));
  });
});

describe('parseConfig', () => {
  it('keeps per-rule severities, "off" included, and the defaults for what is not set', () => {
    const config = parseConfig('{"rules": {"setup-version-removed": "off", "setup-version-changed": "warning"}}');
    assert.deepEqual(config.rules, { 'setup-version-removed': 'off', 'setup-version-changed': 'warning' });
    assert.deepEqual(config.bespokePaths, DEFAULT_CONFIG.bespokePaths);
    assert.equal(config.baseline, 'HEAD');
  });

  it('accepts the "$schema" key editors add', () => {
    assert.equal(parseConfig('{"$schema": "./node_modules/magento-zdd/schemas/magento-zdd.schema.json", "baseline": "origin/main"}').baseline, 'origin/main');
  });

  it('names an unknown top-level key', () => {
    assert.deepEqual(configProblems('{"baselin": "origin/main"}'), ['unknown key "baselin"']);
  });

  it('names an unknown rule id', () => {
    assert.deepEqual(configProblems('{"rules": {"setup-version-bumped": "error"}}'), ['"rules.setup-version-bumped" is not a known rule id']);
  });

  it('names the key of a severity that is not error, warning, info or off', () => {
    assert.deepEqual(configProblems('{"rules": {"setup-version-changed": "fatal"}}'), ['"rules.setup-version-changed" must be one of "error", "warning", "info", "off"']);
  });

  it('names the key of a value of the wrong type', () => {
    assert.deepEqual(configProblems('{"baseline": 42}'), ['"baseline" must be a string']);
    assert.deepEqual(configProblems('{"bespokePaths": "app/code/*/*"}'), ['"bespokePaths" must be an array']);
    assert.deepEqual(configProblems('{"smallTables": ["core_config_data", 7]}'), ['"smallTables.1" must be a string']);
    assert.deepEqual(configProblems('{"rules": []}'), ['"rules" must be an object']);
    assert.deepEqual(configProblems('[]'), ['"(root)" must be an object']);
  });

  it('names the key of an unknown target server', () => {
    assert.match(configProblems('{"server": "postgres-16"}')[0], /^"server" must be one of "mysql-8\.0"/);
  });

  it('rejects an absolute bespoke path and an empty baseline', () => {
    assert.match(configProblems('{"bespokePaths": ["/var/www/app/code/*/*"]}')[0], /^"bespokePaths\.0" /);
    assert.match(configProblems('{"baseline": ""}')[0], /^"baseline" /);
  });

  it('reports every problem of a file at once', () => {
    assert.equal(configProblems('{"baselin": "x", "server": 1, "rules": {"nope": "error"}}').length, 3);
  });

  it('says when the file is not JSON', () => {
    for (const text of ['{"baseline": "HEAD",}', '', '{', '// comment\n{}']) {
      assert.match(configProblems(text)[0], /^is not valid JSON \(/, JSON.stringify(text));
    }
  });
});

describe('configured severities', () => {
  it('the default severity applies unless magento-zdd.json sets one', () => {
    const rule = findRule('setup-version-removed')!;
    assert.equal(severityFor(projectWith(), rule), 'info');
    assert.equal(severityFor(projectWith({ rules: { 'setup-version-removed': 'error' } }), rule), 'error');
    assert.equal(severityFor(projectWith({ rules: { 'setup-version-removed': 'off' } }), rule), 'off');
  });
});

describe('loadProject overrides', () => {
  it('a baseline override beats magento-zdd.json, and an undefined one does not erase it', () => {
    const project = TempProject.create('config', SAMPLE_SHOP);
    try {
      project.write('magento-zdd.json', '{"baseline": "origin/main"}');
      assert.equal(loadProject(project.dir).config.baseline, 'origin/main');
      assert.equal(loadProject(project.dir, { baseline: 'release-41' }).config.baseline, 'release-41');
      assert.equal(loadProject(project.dir, { baseline: undefined }).config.baseline, 'origin/main');
    } finally {
      project.cleanup();
    }
  });
});
