// Analysis room: the registry of every rule. Adding a rule = one file in this folder, one line here,
// its id in schemas/magento-zdd.schema.json and its page in docs/rules/ (tests check all three).
import { moduleXmlInvalid } from './module-xml-invalid';
import type { ModuleXmlRule, Rule } from './rule';
import { setupVersionAdded } from './setup-version-added';
import { setupVersionChanged } from './setup-version-changed';
import { setupVersionRemoved } from './setup-version-removed';
import { suppressionWithoutReason } from './suppression-without-reason';
import { unusedSuppression } from './unused-suppression';

export const ALL_RULES: readonly Rule[] = [
  setupVersionChanged,
  setupVersionAdded,
  setupVersionRemoved,
  moduleXmlInvalid,
  unusedSuppression,
  suppressionWithoutReason,
];

export const MODULE_XML_RULES: readonly ModuleXmlRule[] = ALL_RULES.filter((rule): rule is ModuleXmlRule => rule.target === 'module-xml');

const byId = new Map(ALL_RULES.map((rule) => [rule.id, rule]));

export function findRule(id: string): Rule | undefined {
  return byId.get(id);
}
