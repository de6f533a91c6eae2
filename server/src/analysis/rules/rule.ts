// Analysis room: what a rule is. One rule per file in this folder; each exports a Rule.
import type { ModuleXmlDocument } from '../moduleXml';
import type { FindingFix, Range, Severity } from '../types';

export const DOCS_BASE_URL = 'https://github.com/magento-zdd/magento-zdd/blob/main/docs/rules';

export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}/${ruleId}.md`;
}

/** What the baseline knows about one file. */
export type ModuleXmlBaseline =
  | { kind: 'available'; ref: string; document: ModuleXmlDocument | undefined }
  | { kind: 'unavailable'; reason: string };

export interface ModuleXmlContext {
  /** Project path of the module.xml. */
  file: string;
  document: ModuleXmlDocument;
  baseline: ModuleXmlBaseline;
}

export interface RuleFinding {
  range: Range;
  message: string;
  fixes?: FindingFix[];
}

interface RuleBase {
  id: string;
  defaultSeverity: Severity;
  /** One sentence for hovers and the rule list: what goes wrong for the old code. */
  summary: string;
}

export interface ModuleXmlRule extends RuleBase {
  target: 'module-xml';
  /** Rules that compare with git; they are skipped, with one notice, when the baseline is unavailable. */
  needsBaseline: boolean;
  check(context: ModuleXmlContext): RuleFinding[];
}

/** Rules the suppression machinery itself reports. */
export interface SuppressionRule extends RuleBase {
  target: 'suppression';
}

export type Rule = ModuleXmlRule | SuppressionRule;
