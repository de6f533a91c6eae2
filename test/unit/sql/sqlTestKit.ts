// Test helper for the raw-SQL reader: reads SQL with an identity `locate` (ranges in the SQL itself,
// through TextLines as the real extractor does), and shows what an operation underlines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrationPhase, SchemaOperation, SchemaOperationKind } from '../../../server/src/analysis/schema/operations';
import { readSql } from '../../../server/src/analysis/sql/readSql';
import { TextLines } from '../../../server/src/analysis/textLines';

export { rangeOf } from '../../helpers/positions';

/** The operations of `sql`, ranges relative to `sql`. */
export function read(sql: string, phase: MigrationPhase = 'up'): SchemaOperation[] {
  const lines = new TextLines(sql);
  return readSql(sql, (start, end) => lines.rangeOf(start, end), phase).operations;
}

/** The single operation of `sql`; fails when there are more or none. */
export function readOne(sql: string): SchemaOperation {
  const operations = read(sql);
  if (operations.length !== 1) throw new Error(`expected one operation, got ${JSON.stringify(operations.map((operation) => operation.kind))}`);
  return operations[0];
}

/** The SQL text an operation underlines. */
export function underlined(sql: string, operation: SchemaOperation): string {
  const lines = new TextLines(sql);
  return sql.slice(lines.offsetAt(operation.range.start), lines.offsetAt(operation.range.end));
}

export function kinds(operations: readonly SchemaOperation[]): SchemaOperationKind[] {
  return operations.map((operation) => operation.kind);
}

/** Narrows to one kind, failing loudly otherwise. */
export function as<K extends SchemaOperationKind>(operation: SchemaOperation | undefined, kind: K): Extract<SchemaOperation, { kind: K }> {
  if (operation?.kind !== kind) throw new Error(`expected ${kind}, got ${JSON.stringify(operation)}`);
  return operation as Extract<SchemaOperation, { kind: K }>;
}

/** The operation without range, source, phase and batch: what it says, for deepEqual. */
export function meaning(operation: SchemaOperation): Record<string, unknown> {
  const { range: _range, source: _source, phase: _phase, batch: _batch, ...rest } = operation;
  return rest;
}

/** The reasons of the unanalyzable-sql operations in `operations`. */
export function unanalyzableReasons(operations: readonly SchemaOperation[]): string[] {
  return operations.flatMap((operation) => (operation.kind === 'unanalyzable-sql' ? [operation.reason] : []));
}

const FIXTURE_DIR = join(__dirname, '..', '..', 'fixtures', 'sql');

/** Text of test/fixtures/sql/<name>. */
export function sqlFixture(name: string): string {
  return readFileSync(join(FIXTURE_DIR, name), 'utf8');
}

/** Deterministic pseudo-random text (xorshift), so a failure can be replayed. */
export function randomText(length: number, seed: number, alphabet?: string): string {
  let state = seed || 1;
  const parts: string[] = [];
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const n = state >>> 0;
    parts.push(alphabet ? alphabet[n % alphabet.length] : String.fromCharCode(n % 0x3000));
  }
  return parts.join('');
}
