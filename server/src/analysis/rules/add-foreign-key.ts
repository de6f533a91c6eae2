// Analysis room: rule add-foreign-key.
import type { RuleFinding, SchemaChangeRule } from './rule';
import { quoted, stepsOf, written } from './schemaChangeWording';

export const addForeignKey: SchemaChangeRule = {
  id: 'add-foreign-key',
  target: 'schema-change',
  defaultSeverity: 'warning',
  summary: 'Adding a foreign key to an existing table copies it unless foreign_key_checks=0, and orphan rows or old-code writes that break the reference fail.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { operation, tableCreatedHere } of stepsOf(context, 'add-foreign-key')) {
      if (tableCreatedHere) continue;
      findings.push({
        range: operation.range,
        message:
          `${written(operation, 'addForeignKey()', 'ADD FOREIGN KEY', 'A new foreign constraint')} on ${quoted(operation.table)} (${operation.columns.join(', ')}) -> ${quoted(operation.referencedTable)}: MySQL copies the table unless foreign_key_checks=0, existing orphans fail the ALTER, and old-code writes with dangling references start failing. ` +
          `Clean orphans and make the code honour the reference first; add the key in a later release (with SET foreign_key_checks=0 for an in-place ALTER).`,
      });
    }
    return findings;
  },
};
