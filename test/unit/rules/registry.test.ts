// The rule registry: ids are stable, unique, and known to the config schema and the docs.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ALL_RULES, findRule, MODULE_XML_RULES } from '../../../server/src/analysis/rules';
import { ruleDocsUrl } from '../../../server/src/analysis/rules/rule';

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

  it('has a docs page for each module.xml and suppression rule, where its diagnostics link', () => {
    for (const id of [...MODULE_XML_RULES.map((rule) => rule.id), 'unused-suppression', 'suppression-without-reason']) {
      assert.ok(existsSync(join(REPO_ROOT, 'docs', 'rules', `${id}.md`)), `docs/rules/${id}.md`);
      assert.ok(ruleDocsUrl(id).endsWith(`/docs/rules/${id}.md`));
    }
  });
});
