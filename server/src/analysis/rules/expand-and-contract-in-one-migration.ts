// Analysis room: rule expand-and-contract-in-one-migration.
import type { RuleFinding, SchemaChangeRule } from './rule';
import { quoted } from './schemaChangeWording';

export const expandAndContractInOneMigration: SchemaChangeRule = {
  id: 'expand-and-contract-in-one-migration',
  target: 'schema-change',
  defaultSeverity: 'warning',
  summary: 'Adding the replacement and removing the original in one migration leaves no release in which both the old and the new code work.',
  check(context) {
    const findings: RuleFinding[] = [];
    const addedColumns = new Map<string, string[]>();
    let createdTable: string | undefined;
    for (const { operation, tableCreatedHere } of context.steps) {
      if (operation.kind === 'add-column') {
        const list = addedColumns.get(operation.table.toLowerCase()) ?? [];
        list.push(operation.column.name);
        addedColumns.set(operation.table.toLowerCase(), list);
      } else if (operation.kind === 'create-table') {
        createdTable = operation.table;
      } else if (operation.kind === 'drop-column' && !tableCreatedHere) {
        const added = addedColumns.get(operation.table.toLowerCase());
        if (!added) continue;
        findings.push({
          range: operation.range,
          message: `This migration adds ${added.map((name) => `\`${name}\``).join(', ')} to ${quoted(operation.table)} and drops \`${operation.column}\` in the same step: old code needs \`${operation.column}\`, so no release runs on both schemas. Move the drop into a later migration.`,
        });
      } else if (operation.kind === 'drop-table' && createdTable && !tableCreatedHere) {
        findings.push({
          range: operation.range,
          message: `This migration creates ${quoted(createdTable)} and drops ${quoted(operation.table)} in the same step: the old code still uses ${quoted(operation.table)}. Move the drop into a later migration.`,
        });
      }
    }
    return findings;
  },
};
