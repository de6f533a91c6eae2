// execute()/query() arguments: the SQL text when it is constant, and a map from SQL offsets back to
// the document so the SQL reader can underline one clause; a reason when it is not constant.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PhinxRawSql } from '../../../server/src/analysis/phinx/model';
import { readPhinxMigration } from '../../../server/src/analysis/phinx/readPhinxMigration';
import { rangeOf } from '../../helpers/positions';
import { changeMigration, readFixture } from './phinxTestKit';

const HEREDOC_FIXTURE = '20240301080000_backfill_badge_positions.php';

/** Document range of the first `clause` in the SQL of `entry`. */
function clauseRange(entry: PhinxRawSql, clause: string) {
  assert.ok(entry.sql !== undefined && entry.offsetMap, 'the SQL is constant');
  const at = entry.sql.indexOf(clause);
  assert.ok(at >= 0, `${JSON.stringify(clause)} is in ${JSON.stringify(entry.sql)}`);
  return entry.offsetMap.rangeOf(at, at + clause.length);
}

function sqlOf(body: string): PhinxRawSql[] {
  return readPhinxMigration(changeMigration(body), { phinxVersion: '0.16.1' }).rawSql;
}

describe('raw SQL in the heredoc fixture', () => {
  it('lists every execute() and query() with its phase and call range', () => {
    const { text, model } = readFixture(HEREDOC_FIXTURE, '0.16.1');
    assert.deepEqual(
      model.rawSql.map((entry) => [entry.via, entry.phase]),
      [
        ['execute', 'up'],
        ['execute', 'up'],
        ['execute', 'up'],
        ['execute', 'up'],
        ['query', 'up'],
        ['execute', 'up'],
        ['execute', 'up'],
        ['execute', 'down'],
      ],
    );
    const call = rangeOf(text, '$this->query($sql)');
    assert.deepEqual(model.rawSql[4].range, call);
    const argumentStart = { line: call.start.line, character: call.start.character + '$this->query('.length };
    assert.deepEqual(model.rawSql[4].argumentRange, { start: argumentStart, end: { line: call.end.line, character: call.end.character - 1 } });
  });

  it('removes the closing marker\'s indentation from a heredoc, as PHP 7.3+ does', () => {
    const { model } = readFixture(HEREDOC_FIXTURE, '0.16.1');
    assert.equal(model.rawSql[0].sql, "UPDATE acme_product_badge\n   SET position = 10\n WHERE label = 'New'");
    assert.equal(model.rawSql[1].sql, 'ALTER TABLE acme_product_badge\n  ADD COLUMN sort_key VARCHAR(64) NULL AFTER position,\n  ALGORITHM=INPLACE, LOCK=NONE');
  });

  it('maps a clause of a heredoc back to where it is written', () => {
    const { text, model } = readFixture(HEREDOC_FIXTURE, '0.16.1');
    assert.deepEqual(clauseRange(model.rawSql[0], 'SET position = 10'), rangeOf(text, 'SET position = 10'));
    assert.deepEqual(clauseRange(model.rawSql[1], 'ALGORITHM=INPLACE, LOCK=NONE'), rangeOf(text, 'ALGORITHM=INPLACE, LOCK=NONE'));
    assert.deepEqual(clauseRange(model.rawSql[1], 'ADD COLUMN sort_key VARCHAR(64) NULL AFTER position'), rangeOf(text, 'ADD COLUMN sort_key VARCHAR(64) NULL AFTER position'));
  });

  it('maps a clause spanning lines of a heredoc from its first to its last character', () => {
    const { text, model } = readFixture(HEREDOC_FIXTURE, '0.16.1');
    const range = clauseRange(model.rawSql[0], "position = 10\n WHERE label = 'New'");
    assert.deepEqual(range, { start: rangeOf(text, 'position = 10').start, end: rangeOf(text, "WHERE label = 'New'").end });
  });

  it('reads a concatenation with a class constant, mapping the constant as one block', () => {
    const { text, model } = readFixture(HEREDOC_FIXTURE, '0.16.1');
    const entry = model.rawSql[2];
    assert.equal(entry.sql, 'ALTER TABLE acme_product_badge DROP COLUMN legacy_flag');
    assert.deepEqual(clauseRange(entry, 'DROP COLUMN legacy_flag'), rangeOf(text, 'DROP COLUMN legacy_flag'));
    assert.deepEqual(clauseRange(entry, 'acme_product_badge'), rangeOf(text, 'self::BADGE_TABLE'));
    assert.deepEqual(clauseRange(entry, 'product'), rangeOf(text, 'self::BADGE_TABLE'));
  });

  it('resolves an interpolated local constant and maps it to the {$variable}', () => {
    const { text, model } = readFixture(HEREDOC_FIXTURE, '0.16.1');
    const entry = model.rawSql[3];
    assert.equal(entry.sql, "DELETE FROM acme_badge_cache WHERE store_code = 'default'");
    assert.deepEqual(clauseRange(entry, 'default'), rangeOf(text, '{$store}'));
  });

  it('follows SQL kept in a variable to the literal it was assigned from', () => {
    const { text, model } = readFixture(HEREDOC_FIXTURE, '0.16.1');
    const entry = model.rawSql[4];
    assert.equal(entry.sql, 'OPTIMIZE TABLE acme_product_badge');
    assert.deepEqual(clauseRange(entry, 'OPTIMIZE TABLE'), rangeOf(text, 'OPTIMIZE TABLE'));
  });

  it('gives a reason instead of SQL for sprintf(), and an unanalyzable-sql operation where it runs', () => {
    const { text, model } = readFixture(HEREDOC_FIXTURE, '0.16.1');
    const entry = model.rawSql[5];
    assert.equal(entry.sql, undefined);
    assert.equal(entry.offsetMap, undefined);
    assert.match(entry.unanalyzableReason ?? '', /sprintf\(\)/);
    const operation = model.operations[entry.operationIndex];
    assert.equal(operation.kind, 'unanalyzable-sql');
    assert.deepEqual(operation.range, rangeOf(text, "$this->execute(sprintf('DROP TABLE %s', $this->archiveTable()))"));
    assert.equal(operation.source, 'sql');
  });

  it('decodes double-quoted escapes and maps past them exactly', () => {
    const { text, model } = readFixture(HEREDOC_FIXTURE, '0.16.1');
    const entry = model.rawSql[6];
    assert.equal(entry.sql, "UPDATE acme_product_badge SET label = \"Sale\"\tWHERE label = 'Promo'");
    assert.deepEqual(clauseRange(entry, "WHERE label = 'Promo'"), rangeOf(text, "WHERE label = 'Promo'"));
    assert.deepEqual(clauseRange(entry, '\t'), rangeOf(text, '\\t'));
  });

  it('says where each SQL belongs among the operations', () => {
    const { model } = readFixture(HEREDOC_FIXTURE, '0.16.1');
    assert.deepEqual(
      model.rawSql.map((entry) => entry.operationIndex),
      [0, 0, 0, 0, 0, 0, 1, 1],
    );
  });
});

describe('string literal decoding', () => {
  it('reads single quotes: only \\\\ and \\\' are escapes', () => {
    const [entry] = sqlOf(String.raw`$this->execute('UPDATE t SET a = \'x\\y\n\'');`);
    assert.equal(entry.sql, String.raw`UPDATE t SET a = 'x\y\n'`);
  });

  it('reads PHP double-quote escapes: octal, hex, unicode, \\$, and keeps unknown ones', () => {
    const [entry] = sqlOf(String.raw`$this->execute("SELECT '\101\x42\u{1F600}\$x\z'");`);
    assert.equal(entry.sql, "SELECT 'AB\u{1F600}$x\\z'");
  });

  it('keeps \\" as two characters in a heredoc, as PHP does', () => {
    const [entry] = sqlOf(['$this->execute(<<<SQL', '    SELECT "a\\"b"', '    SQL);'].join('\n'));
    assert.equal(entry.sql, 'SELECT "a\\"b"');
  });

  it('keeps a nowdoc as written, backslashes included', () => {
    const [entry] = sqlOf(["$this->execute(<<<'SQL'", "SELECT '\\n'", 'SQL);'].join('\n'));
    assert.equal(entry.sql, "SELECT '\\n'");
  });

  it('reads a heredoc with CRLF line ends', () => {
    const text = changeMigration('$this->execute(<<<SQL\r\n        DELETE FROM t\r\n        WHERE id = 1\r\n        SQL);');
    const [entry] = readPhinxMigration(text, { phinxVersion: '0.16.1' }).rawSql;
    assert.equal(entry.sql, 'DELETE FROM t\r\nWHERE id = 1');
    assert.deepEqual(clauseRange(entry, 'WHERE id = 1'), rangeOf(text, 'WHERE id = 1'));
  });

  it('maps an empty SQL string to an empty range', () => {
    const [entry] = sqlOf("$this->execute('');");
    assert.equal(entry.sql, '');
    assert.deepEqual(entry.offsetMap?.rangeOf(0, 0).start, entry.offsetMap?.rangeOf(0, 0).end);
  });

  it('builds SQL with .= across statements', () => {
    const body = ["$sql = 'ALTER TABLE acme_badge ';", "$sql .= 'DROP COLUMN legacy';", '$this->execute($sql);'].join('\n');
    const text = changeMigration(body);
    const [entry] = readPhinxMigration(text, { phinxVersion: '0.16.1' }).rawSql;
    assert.equal(entry.sql, 'ALTER TABLE acme_badge DROP COLUMN legacy');
    assert.deepEqual(clauseRange(entry, 'DROP COLUMN legacy'), rangeOf(text, 'DROP COLUMN legacy'));
  });
});

describe('SQL sent through an adapter', () => {
  it('reads SQL given to Phinx\'s adapter, its PDO, and Magento\'s setup run()', () => {
    const entries = sqlOf(`
        $this->getAdapter()->execute('DROP TABLE acme_a');
        $this->getAdapter()->getConnection()->exec('DROP TABLE acme_b');
        $this->schemaSetup->run('DROP TABLE acme_c');
    `);
    assert.deepEqual(
      entries.map((entry) => [entry.via, entry.sql]),
      [
        ['adapter-query', 'DROP TABLE acme_a'],
        ['adapter-query', 'DROP TABLE acme_b'],
        ['adapter-query', 'DROP TABLE acme_c'],
      ],
    );
  });
});

describe('SQL that is not constant', () => {
  it('explains a variable that is not known, an interpolated unknown, and a call', () => {
    const entries = sqlOf(`
        $this->execute($this->buildSql());
        $this->execute("DELETE FROM t WHERE id = {$id}");
        $this->execute($undefined);
        $this->execute();
    `);
    assert.deepEqual(
      entries.map((entry) => [entry.sql, entry.unanalyzableReason]),
      [
        [undefined, 'the SQL cannot be read before it runs: it is returned by buildSql() at run time'],
        [undefined, 'the SQL cannot be read before it runs: $id is not a constant at this point'],
        [undefined, 'the SQL cannot be read before it runs: $undefined is not a constant at this point'],
        [undefined, 'execute() is called without SQL'],
      ],
    );
  });
});
