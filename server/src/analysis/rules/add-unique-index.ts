// Analysis room: rule add-unique-index.
import type { RuleFinding, SchemaChangeRule } from './rule';
import { quoted, stepsOf, written } from './schemaChangeWording';

export const addUniqueIndex: SchemaChangeRule = {
  id: 'add-unique-index',
  target: 'schema-change',
  defaultSeverity: 'warning',
  summary: 'Existing duplicates fail the ALTER, and the old code, which does not expect the constraint, starts getting duplicate-key errors on its writes.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { operation, tableCreatedHere } of stepsOf(context, 'add-index')) {
      if (tableCreatedHere || !operation.unique) continue;
      findings.push({
        range: operation.range,
        message:
          `${written(operation, "addIndex(..., ['unique' => true])", 'ADD UNIQUE', 'A new unique constraint')} on ${quoted(operation.table)} (${operation.columns.join(', ')}) fails if duplicates exist, and the old code's inserts of duplicates start failing with "Duplicate entry". ` +
          `Make the code avoid duplicates and clean them up first; add the unique index in a later release.`,
      });
    }
    return findings;
  },
};
