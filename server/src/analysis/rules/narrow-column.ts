// Analysis room: rule narrow-column.
import { canonicalType } from '../schema/columnTypes';
import type { RuleFinding, SchemaChangeRule } from './rule';
import { quoted, stepsOf } from './schemaChangeWording';

export const narrowColumn: SchemaChangeRule = {
  id: 'narrow-column',
  target: 'schema-change',
  defaultSeverity: 'error',
  summary: 'Values longer than the new size are truncated (data loss) or make the ALTER and the old code\'s writes fail.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { operation, tableCreatedHere, columnBefore } of stepsOf(context, 'change-column')) {
      if (tableCreatedHere || !columnBefore) continue;
      const before = canonicalType(columnBefore);
      const after = canonicalType(operation.column);
      if (!before || !after || before.type !== after.type) continue;
      const shrinks: string[] = [];
      if (before.length !== undefined && after.length !== undefined && after.length < before.length) shrinks.push(`length ${before.length} -> ${after.length}`);
      if (before.precision !== undefined && after.precision !== undefined && after.precision < before.precision) shrinks.push(`precision ${before.precision} -> ${after.precision}`);
      if (before.scale !== undefined && after.scale !== undefined && after.scale < before.scale) shrinks.push(`scale ${before.scale} -> ${after.scale}`);
      if (shrinks.length === 0) continue;
      findings.push({
        range: operation.range,
        message:
          `${quoted(operation.table, operation.from)} shrinks (${shrinks.join(', ')}): existing longer values are cut or fail the ALTER, and the old code keeps writing values of the old size. ` +
          `Keep the size; if it must shrink, first make every writer respect the new limit and clean the data, then narrow in a later release.`,
      });
    }
    return findings;
  },
};
