// The plain clauses read without node-sql-parser (sql/plainClauses.ts) must read exactly as the parser
// reads them: every SQL this project has (the SQL fixtures, the raw SQL of every rule fixture, a
// generated migration shop of the bench's styles) and a grammar sweep of every shape and name the
// shortcut accepts are read both ways, and the operations (ranges, batches and messages included) compared.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readPhinxMigration } from '../../../server/src/analysis/phinx/readPhinxMigration';
import type { SchemaOperation } from '../../../server/src/analysis/schema/operations';
import { plainAlterSpec, plainCreateIndex } from '../../../server/src/analysis/sql/plainClauses';
import { readSql } from '../../../server/src/analysis/sql/readSql';
import { splitSqlStatements } from '../../../server/src/analysis/sql/sqlStatements';
import { tokenizeSql } from '../../../server/src/analysis/sql/sqlTokens';
import { TextLines } from '../../../server/src/analysis/textLines';
import { generateMigrationShop, type MigrationShop } from '../../bench/generateMigrationShop';

const repoRoot = join(__dirname, '../../..');

function readBothWays(sql: string): { shortcut: SchemaOperation[]; parserOnly: SchemaOperation[] } {
  const lines = new TextLines(sql);
  const locate = (start: number, end: number) => lines.rangeOf(start, end);
  return {
    shortcut: readSql(sql, locate, 'up').operations,
    parserOnly: readSql(sql, locate, 'up', { shortcuts: false }).operations,
  };
}

function assertSameReading(sql: string, where: string): void {
  const { shortcut, parserOnly } = readBothWays(sql);
  assert.deepEqual(shortcut, parserOnly, `${where}: ${sql.slice(0, 200)}`);
}

function filesUnder(folder: string, extension: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return filesUnder(path, extension);
    return name.endsWith(extension) ? [path] : [];
  });
}

/** The raw SQL literals of a migration, as the migration reader extracts them. */
function rawSqlOf(path: string): string[] {
  const model = readPhinxMigration(readFileSync(path, 'utf8'), { phinxVersion: '0.16.1', fileName: path });
  return model.rawSql.flatMap((entry) => (entry.sql === undefined ? [] : [entry.sql]));
}

/** How many clauses of `sql` the shortcut reads, to show a comparison is not vacuous. */
function plainClauseCount(sql: string): number {
  let count = 0;
  for (const statement of splitSqlStatements(tokenizeSql(sql).tokens)) {
    const [first, second] = statement.tokens;
    if (first.upper === 'CREATE' && plainCreateIndex(statement.tokens.slice(1))) count++;
    if (first.upper === 'ALTER' && second?.upper === 'TABLE') {
      const clauses = joinedClauses(statement.tokens.slice(3));
      count += clauses.filter((clause) => plainAlterSpec('', clause)).length;
    }
  }
  return count;
}

function joinedClauses(tokens: ReturnType<typeof tokenizeSql>['tokens']): Array<typeof tokens> {
  const clauses: Array<typeof tokens> = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === 'symbol' && token.text === '(') depth++;
    if (token.kind === 'symbol' && token.text === ')') depth--;
    if (token.kind === 'symbol' && token.text === ',' && depth === 0) clauses.push([]);
    else clauses[clauses.length - 1].push(token);
  }
  return clauses;
}

describe('plain clauses read without node-sql-parser', () => {
  it('read every SQL fixture as the parser does', () => {
    let plain = 0;
    for (const path of filesUnder(join(repoRoot, 'test/fixtures/sql'), '.sql')) {
      const sql = readFileSync(path, 'utf8');
      plain += plainClauseCount(sql);
      assertSameReading(sql, path);
    }
    assert.ok(plain > 5, `only ${plain} plain clauses in the SQL fixtures`);
  });

  it('read the raw SQL of every rule fixture as the parser does', () => {
    let literals = 0;
    for (const path of filesUnder(join(repoRoot, 'test/fixtures'), '.php')) {
      for (const sql of rawSqlOf(path)) {
        literals++;
        assertSameReading(sql, path);
      }
    }
    assert.ok(literals > 20, `only ${literals} SQL literals in the fixtures`);
  });

  describe('over a generated migration shop of the bench styles', () => {
    let root: string;
    let shop: MigrationShop;
    before(async () => {
      root = mkdtempSync(join(tmpdir(), 'zdd-plain-sql-'));
      shop = await generateMigrationShop(join(root, 'shop'), { moduleCount: 20, migrationCount: 800, unsafeShare: 0.1, largeMigrationLines: 2_000, seed: 20240612 });
    });
    after(() => rmSync(root, { recursive: true, force: true }));

    it('reads every raw SQL literal as the parser does', () => {
      let plain = 0;
      for (const file of shop.migrationFiles) {
        for (const sql of rawSqlOf(join(shop.root, file))) {
          plain += plainClauseCount(sql);
          assertSameReading(sql, file);
        }
      }
      assert.ok(plain > 100, `only ${plain} plain clauses in the generated shop`);
    });
  });

  it('read every type, length, option and position the shortcut accepts as the parser does', () => {
    const types = ['TINYINT', 'smallint', 'MEDIUMINT', 'INT', 'BIGINT', 'INT(11)', 'INT(10) UNSIGNED', 'bigint unsigned', 'DECIMAL', 'DECIMAL(12,4)', 'DECIMAL(10) UNSIGNED',
      'VARCHAR(255)', 'varchar(0)', 'CHAR', 'CHAR(2)', 'TEXT', 'MEDIUMTEXT', 'LONGTEXT', 'DATE', 'DATETIME', 'DATETIME(6)', 'TIMESTAMP', 'timestamp(3)'];
    const nullability = ['', ' NULL', ' NOT NULL'];
    const defaults = ['', " DEFAULT 'x'", " DEFAULT 'it''s'", ' DEFAULT 0', ' DEFAULT -1', ' DEFAULT 1.50', ' DEFAULT NULL', ' DEFAULT CURRENT_TIMESTAMP'];
    const comments = ['', " COMMENT 'Delivery date'", " COMMENT 'a\\'b'"];
    const positions = ['', ' AFTER entity_id', ' FIRST', ' AFTER `created at`'];
    let accepted = 0;
    for (const type of types) {
      for (const nullable of nullability) {
        for (const stated of defaults) {
          for (const comment of comments) {
            for (const position of positions) {
              const definition = `${type}${nullable}${stated}${comment}${position}`;
              for (const clause of [`ADD COLUMN delivery_date ${definition}`, `MODIFY \`delivery_date\` ${definition}`, `CHANGE COLUMN old_date delivery_date ${definition}`]) {
                const sql = `ALTER TABLE sales_order ${clause}, DROP COLUMN legacy_flag`;
                if (plainAlterSpec('', tokenizeSql(clause).tokens)) accepted++;
                assertSameReading(sql, 'grammar sweep');
              }
              assertSameReading(`CREATE TABLE vendor_note (note_id INT UNSIGNED NOT NULL, body ${definition}, INDEX VENDOR_NOTE_BODY (body))`, 'create table sweep');
            }
          }
        }
      }
    }
    assert.ok(accepted > types.length * 500, `the shortcut accepted only ${accepted} clauses of the sweep`);
  });

  it('read index clauses and CREATE INDEX as the parser does', () => {
    const statements = [
      'ALTER TABLE t ADD INDEX IDX_A (a), ADD KEY `idx b` (b, `c`), DROP INDEX IDX_OLD, DROP KEY idx_older, DROP old_column',
      'CREATE INDEX SALES_ORDER_DELIVERY_DATE ON sales_order (delivery_date)',
      'CREATE UNIQUE INDEX UQ ON `sales_order` (a, b)',
      'CREATE INDEX X ON db.t (a) ALGORITHM=COPY',
      'CREATE OR REPLACE INDEX IF NOT EXISTS X ON t (a)',
      'ALTER TABLE t ADD INDEX (a), ADD INDEX i (), DROP INDEX, DROP COLUMN, ADD COLUMN x VARCHAR, ADD COLUMN y DECIMAL(1,2,3)',
      'ALTER TABLE t ADD COLUMN x INT NOT, ADD COLUMN y INT DEFAULT -x, ADD COLUMN z INT COMMENT "dq", MODIFY a INT AFTER',
    ];
    assert.ok(plainCreateIndex(tokenizeSql('INDEX SALES_ORDER_DELIVERY_DATE ON sales_order (delivery_date)').tokens));
    for (const sql of statements) assertSameReading(sql, 'index sweep');
  });

  it('read every keyword of the parser used as a column or index name as the parser does', () => {
    const grammar = readFileSync(require.resolve('node-sql-parser/build/mysql'), 'utf8');
    const words = [...new Set(grammar.match(/\b[A-Z][A-Z0-9_]{1,30}\b/g) ?? [])];
    assert.ok(words.length > 300, `only ${words.length} words found in the grammar`);
    for (const word of words) {
      for (const name of [word, word.toLowerCase(), `\`${word.toLowerCase()}\``]) {
        assertSameReading(`ALTER TABLE t ADD COLUMN ${name} INT NULL AFTER ${name}, DROP ${name}, DROP INDEX ${name}, ADD INDEX ${name} (${name})`, `name ${name}`);
        assertSameReading(`CREATE INDEX ${name} ON t (${name})`, `name ${name}`);
      }
    }
  });
});
