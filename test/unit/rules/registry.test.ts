// The rule registry: ids are stable, unique, and known to the config schema and the docs.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ALL_RULES, findRule, MODULE_XML_RULES } from '../../../server/src/analysis/rules';
import { ruleDocsUrl } from '../../../server/src/analysis/rules/rule';
import { RULE_FIXTURES, ruleFixtureCases, ruleFixtureIds } from '../../helpers/ruleFixtures';

const REPO_ROOT = join(__dirname, '..', '..', '..');

describe('rule registry', () => {
  it('gives every rule a unique kebab-case id', () => {
    const ids = ALL_RULES.map((rule) => rule.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z]+(?:-[a-z0-9]+)*$/, id);
  });

  it('finds each rule by its id and nothing by an unknown one', () => {
    for (const rule of ALL_RULES) assert.equal(findRule(rule.id), rule);
    assert.equal(findRule('setup-version-bumped'), undefined);
  });

  it('lists exactly the registry\'s ids in the magento-zdd.json schema', () => {
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'magento-zdd.schema.json'), 'utf8'));
    assert.deepEqual([...schema.properties.rules.propertyNames.enum].sort(), ALL_RULES.map((rule) => rule.id).sort());
  });

  it('has the module.xml rules, in the order of the catalog', () => {
    assert.deepEqual(
      MODULE_XML_RULES.map((rule) => [rule.id, rule.defaultSeverity, rule.needsBaseline]),
      [
        ['setup-version-changed', 'error', true],
        ['setup-version-added', 'error', true],
        ['setup-version-removed', 'info', true],
        ['module-xml-invalid', 'error', false],
      ],
    );
  });

  it('has a docs page for every rule, where its diagnostics link', () => {
    const missing = ALL_RULES.map((rule) => rule.id).filter((id) => !existsSync(join(REPO_ROOT, 'docs', 'rules', `${id}.md`)));
    assert.deepEqual(missing, [], 'rules without docs/rules/<id>.md');
    for (const rule of ALL_RULES) assert.ok(ruleDocsUrl(rule.id).endsWith(`/docs/rules/${rule.id}.md`));
  });

  it('starts each docs page with the rule id and its default severity', () => {
    for (const rule of ALL_RULES) {
      const page = readFileSync(join(REPO_ROOT, 'docs', 'rules', `${rule.id}.md`), 'utf8');
      assert.ok(page.startsWith(`# ${rule.id}\n`), `docs/rules/${rule.id}.md title`);
      // Both page styles: "Default severity: **error**" and "**Default severity:** error".
      assert.match(page, new RegExp(`Default severity:(?:\\*\\*)? (?:\\*\\*)?${rule.defaultSeverity}\\b`), `docs/rules/${rule.id}.md severity`);
    }
  });

  it('links every rule\'s page from the rule list in docs/rules/README.md', () => {
    const index = readFileSync(join(REPO_ROOT, 'docs', 'rules', 'README.md'), 'utf8');
    assert.deepEqual(ALL_RULES.map((rule) => rule.id).filter((id) => !index.includes(`[${id}](${id}.md)`)), []);
  });

  // The module.xml rules have their own fixtures (test/fixtures/module-xml) and tests.
  it('has a fixture folder with a positive and a negative case for every rule outside module.xml', () => {
    const incomplete = ALL_RULES.filter((rule) => rule.target !== 'module-xml')
      .map((rule) => rule.id)
      .filter((id) => {
        if (!existsSync(join(RULE_FIXTURES, id))) return true;
        const kinds = new Set(ruleFixtureCases(id).map((fixtureCase) => fixtureCase.kind));
        return !kinds.has('positive') || !kinds.has('negative');
      });
    assert.deepEqual(incomplete, [], 'rules without test/fixtures/rules/<id>/positive and negative');
  });

  it('has no fixture folder for an id that is not a rule', () => {
    assert.deepEqual(ruleFixtureIds().filter((id) => !findRule(id)), []);
  });
});
