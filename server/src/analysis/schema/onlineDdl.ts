// Analysis room: how a server runs each operation online. Facts: MySQL 8.0/8.4 "Online DDL
// Operations" tables and MariaDB's InnoDB online DDL pages; the MariaDB ones marked "seen" in
// domain.md were observed on 10.11. 'mysql-8.0' means any 8.0 release, so instant ADD/DROP COLUMN
// anywhere (8.0.29+) is not assumed there.
import type { TargetServer } from '../config';
import { bytesPerChar, canonicalType } from './columnTypes';
import type { ColumnDefinition, SchemaOperation } from './operations';

/** instant: metadata only; in-place: online rebuild or index build, writes continue; copy: table copied, writes blocked. */
export type DdlCost = 'instant' | 'in-place' | 'copy';

export interface DdlAssessment {
  cost: DdlCost;
  /** Why, in words for a message. */
  reason: string;
}

const EXPRESSION_DEFAULTS_THAT_STAY_INSTANT = /^(current_timestamp(\(\d*\))?|now\(\)|null)$/i;

export function assessDdl(operation: SchemaOperation, columnBefore: ColumnDefinition | undefined, server: TargetServer): DdlAssessment | undefined {
  switch (operation.kind) {
    case 'add-column': {
      const column = operation.column;
      if (column.generated === 'stored') return { cost: 'copy', reason: 'a STORED generated column is computed for every row' };
      if (column.autoIncrement) return { cost: 'copy', reason: 'an AUTO_INCREMENT column is filled for every row' };
      if (column.default?.isExpression && !EXPRESSION_DEFAULTS_THAT_STAY_INSTANT.test(column.default.value ?? '')) {
        return { cost: 'copy', reason: `the expression default ${column.default.value} is evaluated for every row` };
      }
      if (column.position && server === 'mysql-8.0') return { cost: 'in-place', reason: 'MySQL before 8.0.29 adds a column instantly only as the last column' };
      return { cost: 'instant', reason: 'adding a column is instant' };
    }
    case 'change-column': {
      const before = columnBefore ? canonicalType(columnBefore) : undefined;
      const after = canonicalType(operation.column);
      if (columnBefore && ((operation.column.charset && operation.column.charset !== columnBefore.charset) || (operation.column.collation && operation.column.collation !== columnBefore.collation))) {
        return { cost: 'copy', reason: 'changing a column\'s character set or collation copies the table' };
      }
      if (before && after && before.type !== after.type) return { cost: 'copy', reason: `changing the type from ${before.type} to ${after.type} copies the table` };
      if (before && after && before.type === 'varchar' && (after.length ?? 0) < (before.length ?? 0)) {
        return { cost: 'copy', reason: 'shortening a VARCHAR copies the table' };
      }
      if (before && after && (before.precision !== after.precision || before.scale !== after.scale) && (after.precision !== undefined || after.scale !== undefined)) {
        return { cost: 'copy', reason: `changing ${after.type} precision or scale copies the table` };
      }
      if (before && after && before.type === 'varchar' && (after.length ?? 0) > (before.length ?? 0)) {
        const perChar = bytesPerChar(operation.column.charset ?? columnBefore?.charset);
        if ((before.length ?? 0) * perChar <= 255 && (after.length ?? 0) * perChar > 255) {
          return { cost: 'copy', reason: `VARCHAR(${before.length}) -> VARCHAR(${after.length}) crosses 255 bytes (${perChar} bytes per character), which needs a 2-byte length prefix` };
        }
        return { cost: 'instant', reason: 'extending a VARCHAR within its length-prefix size is metadata only' };
      }
      if (columnBefore && (columnBefore.nullable ?? true) !== (operation.column.nullable ?? true)) return { cost: 'in-place', reason: 'changing NULL/NOT NULL rebuilds the table in place' };
      return { cost: 'instant', reason: 'a rename or default change is metadata only' };
    }
    case 'rename-column':
    case 'change-default':
    case 'rename-table':
      return { cost: 'instant', reason: 'metadata only' };
    case 'drop-column':
      return server === 'mysql-8.0' ? { cost: 'in-place', reason: 'MySQL before 8.0.29 rebuilds the table to drop a column' } : { cost: 'instant', reason: 'dropping a column is instant' };
    case 'add-index':
      if (operation.indexType) return { cost: 'copy', reason: `a ${operation.indexType.toUpperCase()} index blocks writes while it builds (the first one rebuilds the table)` };
      return { cost: 'in-place', reason: 'an index builds in place while writes continue' };
    case 'drop-index':
    case 'drop-foreign-key':
      return { cost: 'instant', reason: 'metadata only' };
    case 'change-primary-key':
      return operation.columns === undefined
        ? { cost: 'copy', reason: 'DROP PRIMARY KEY without adding another copies the table' }
        : { cost: 'in-place', reason: 'replacing the primary key rebuilds the table in place' };
    case 'rebuild-table':
      return {
        cost: operation.reason === 'charset' || operation.reason === 'collation' ? 'copy' : 'in-place',
        reason: { engine: 'ENGINE= rebuilds the whole table', charset: 'converting the character set copies the table', collation: 'changing the collation copies the table', force: 'FORCE rebuilds the whole table', optimize: 'OPTIMIZE TABLE rebuilds the whole table' }[operation.reason],
      };
    default:
      return undefined;
  }
}
