// "Existing table" for the lock and data rules: operations on a table the same method created earlier
// are flagged, also after the SQL reader's operations are merged in where the SQL runs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeRawSqlOperations, tableCreatedEarlierFlags } from '../../../server/src/analysis/phinx/createdTables';
import { readPhinxMigration } from '../../../server/src/analysis/phinx/readPhinxMigration';
import type { SchemaOperation } from '../../../server/src/analysis/schema/operations';
import { changeMigration } from './phinxTestKit';

const RANGE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function operation(fields: Partial<SchemaOperation> & Pick<SchemaOperation, 'kind'>): SchemaOperation {
  return { range: RANGE, source: 'sql', phase: 'up', ...fields } as SchemaOperation;
}

describe('tableCreatedEarlierFlags', () => {
  it('flags later operations on a created table, not the creation itself', () => {
    const flags = tableCreatedEarlierFlags([
      operation({ kind: 'add-index', table: 'acme_badge', columns: ['a'], unique: true }),
      operation({ kind: 'create-table', table: 'acme_badge', columns: [] }),
      operation({ kind: 'add-index', table: 'ACME_BADGE', columns: ['a'], unique: true }),
    ]);
    assert.deepEqual(flags, [false, false, true]);
  });

  it('follows a created table through a rename and forgets it after a drop', () => {
    const flags = tableCreatedEarlierFlags([
      operation({ kind: 'create-table', table: 'acme_tmp', columns: [] }),
      operation({ kind: 'rename-table', table: 'acme_tmp', newName: 'acme_badge' }),
      operation({ kind: 'add-foreign-key', table: 'acme_badge', columns: ['a'], referencedTable: 'store' }),
      operation({ kind: 'drop-table', table: 'acme_badge' }),
      operation({ kind: 'truncate-table', table: 'acme_badge' }),
    ]);
    assert.deepEqual(flags, [false, true, true, true, false]);
  });

  it('keeps each method apart: a table created in up() is existing in down()', () => {
    const flags = tableCreatedEarlierFlags([
      operation({ kind: 'create-table', table: 'acme_badge', columns: [], phase: 'up' }),
      operation({ kind: 'drop-table', table: 'acme_badge', phase: 'down' }),
    ]);
    assert.deepEqual(flags, [false, false]);
  });
});

describe('mergeRawSqlOperations', () => {
  it('splices the SQL reader\'s operations where each execute() runs', () => {
    const text = changeMigration(`
        $this->table('acme_badge')->addColumn('code', 'string')->create();
        $this->execute('CREATE INDEX idx_code ON acme_badge (code)');
        $this->table('acme_badge')->removeColumn('legacy')->update();
        $this->execute($dynamic);
    `);
    const model = readPhinxMigration(text, { phinxVersion: '0.16.1' });
    const merged = mergeRawSqlOperations(model, (entry) => [operation({ kind: 'add-index', table: 'acme_badge', columns: ['code'], unique: false, phase: entry.phase })]);
    assert.deepEqual(
      merged.map((item) => `${item.kind} ${item.source}`),
      ['create-table phinx', 'add-index sql', 'drop-column phinx', 'unanalyzable-sql sql'],
    );
    assert.deepEqual(tableCreatedEarlierFlags(merged), [false, true, true, false]);
  });
});
