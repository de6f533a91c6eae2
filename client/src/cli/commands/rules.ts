// CLI room: `magento-zdd rules`.
import { ALL_RULES } from '../../../../server/src/analysis/rules';
import { ruleDocsUrl } from '../../../../server/src/analysis/rules/rule';
import type { CliIo } from './check';
import { EXIT_OK } from '../usage';

export function runRules(io: CliIo): number {
  const width = Math.max(...ALL_RULES.map((rule) => rule.id.length));
  for (const rule of ALL_RULES) {
    io.stdout(`${rule.id.padEnd(width)}  ${rule.defaultSeverity.padEnd(7)}  ${rule.summary}\n${' '.repeat(width + 11)}${ruleDocsUrl(rule.id)}\n`);
  }
  return EXIT_OK;
}
