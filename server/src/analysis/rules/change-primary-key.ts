// Analysis room: rule change-primary-key.
import type { RuleFinding, SchemaChangeRule } from './rule';
import { quoted, stepsOf, written } from './schemaChangeWording';

export const changePrimaryKey: SchemaChangeRule = {
  id: 'change-primary-key',
  target: 'schema-change',
  defaultSeverity: 'error',
  summary: 'Changing the primary key rebuilds the table and changes what the old code\'s upserts and lookups by key mean.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { operation, tableCreatedHere } of stepsOf(context, 'change-primary-key')) {
      if (tableCreatedHere) continue;
      findings.push({
        range: operation.range,
        message:
          `${written(operation, 'changePrimaryKey()', 'DROP/ADD PRIMARY KEY', 'A changed primary constraint')} on ${quoted(operation.table)}${operation.columns ? ` (now ${operation.columns.join(', ')})` : ''} rebuilds the table and changes what the old code's INSERT ... ON DUPLICATE KEY UPDATE and key lookups match. ` +
          `Create a new table with the new key, write both and backfill, switch, then drop the old one.`,
      });
    }
    return findings;
  },
};
