// Analysis room: rule whitelist-out-of-sync.
import type { DbSchemaRule, RuleFinding } from './rule';

export const whitelistOutOfSync: DbSchemaRule = {
  id: 'whitelist-out-of-sync',
  target: 'db-schema',
  defaultSeverity: 'warning',
  summary: 'Magento drops only what db_schema_whitelist.json lists: an element missing from it is silently kept when removed, so schema and code drift apart.',
  check({ diff, whitelistProblems }) {
    const findings: RuleFinding[] = [];
    for (const removal of diff.unwhitelistedRemovals) {
      findings.push({
        range: removal.range,
        message: `${removal.element === 'table' ? `The table \`${removal.table}\`` : `The ${removal.element} ${removal.name} of \`${removal.table}\``} was removed here but db_schema_whitelist.json does not list it (${removal.whitelistKeys[0] ?? 'no key'}), so setup:upgrade silently keeps it. Regenerate the whitelist (bin/magento setup:db-declaration:generate-whitelist) or restore the element.`,
      });
    }
    for (const problem of whitelistProblems) {
      const what = problem.kind === 'whitelist-invalid' ? `db_schema_whitelist.json is not valid JSON${problem.detail ? ` (${problem.detail})` : ''}` : problem.kind === 'whitelist-missing' ? 'the module has no db_schema_whitelist.json' : `${problem.element ? `${problem.element} of ` : ''}\`${problem.table ?? '?'}\` is not in db_schema_whitelist.json${problem.expectedKey ? ` (key ${problem.expectedKey})` : ''}`;
      findings.push({
        range: problem.range,
        message: `${what}: a later removal of it would be skipped by setup:upgrade without a word. Run bin/magento setup:db-declaration:generate-whitelist --module-name=<Vendor_Module>.`,
      });
    }
    return findings;
  },
};
