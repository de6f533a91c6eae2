// What the SQL reader cannot read is said, never silenced and never thrown: other dialects, garbage,
// templates, unterminated text, and input built to hurt (random bytes, a megabyte, deep nesting).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { as, kinds, randomText, rangeOf, read, readOne, unanalyzableReasons } from './sqlTestKit';

describe('statements the reader does not understand', () => {
  it('reports a misspelt statement over its whole range, and reads the next one', () => {
    const sql = 'SELEC 1; DROP TABLE t';
    const [unreadable, drop] = read(sql);
    assert.equal(unreadable.kind, 'unanalyzable-sql');
    assert.deepEqual(unreadable.range, rangeOf(sql, 'SELEC 1'));
    assert.equal(drop.kind, 'drop-table');
  });

  it('reports Postgres-only syntax', () => {
    const sql = 'ALTER TABLE t ALTER COLUMN a TYPE bigint USING a::bigint;\nCOMMENT ON TABLE t IS $$x$$';
    assert.deepEqual(kinds(read(sql)), ['unanalyzable-sql', 'unanalyzable-sql']);
  });

  it('reports a template placeholder instead of a table name', () => {
    assert.match(as(readOne('DROP TABLE {{table}}'), 'unanalyzable-sql').reason, /expected DROP TABLE/);
    assert.match(as(readOne('CREATE TABLE {{prefix}}_log (id INT)'), 'unanalyzable-sql').reason, /not a plain identifier/);
  });

  it('says that views, triggers and routines are not analysed', () => {
    const reasons = unanalyzableReasons(read('CREATE VIEW v AS SELECT 1; DROP TRIGGER trg; CREATE PROCEDURE p() BEGIN SELECT 1; END'));
    assert.deepEqual(
      reasons.map((reason) => reason.split(' is not analysed')[0]),
      ['CREATE VIEW', 'DROP TRIGGER', 'CREATE PROCEDURE'],
    );
  });

  it('says the statement ends early when the SQL is cut off', () => {
    assert.match(unanalyzableReasons(read('ALTER TABLE t ADD COLUMN a DECIMAL(12,'))[0], /ends before the statement is complete/);
  });
});

describe('unterminated text', () => {
  it('reports an unterminated string over the rest of the SQL', () => {
    const sql = "DROP TABLE a; INSERT INTO t VALUES ('never closed); DROP TABLE b";
    const [drop, unreadable] = read(sql);
    assert.equal(drop.kind, 'drop-table');
    assert.match(as(unreadable, 'unanalyzable-sql').reason, /string that is never closed/);
    assert.deepEqual(unreadable.range, rangeOf(sql, "INSERT INTO t VALUES ('never closed); DROP TABLE b"));
  });

  it('reports an unterminated `quoted name`', () => {
    assert.match(unanalyzableReasons(read('DROP TABLE `never'))[0], /`quoted` name that is never closed/);
  });

  it('reports an unterminated /* comment, even after the last statement', () => {
    const operations = read('DROP TABLE a; /* never closed');
    assert.deepEqual(kinds(operations), ['drop-table', 'unanalyzable-sql']);
    assert.match(unanalyzableReasons(operations)[0], /comment that is never closed/);
  });
});

describe('hostile input', () => {
  it('never throws on random text, and anything it reports has a range inside the SQL', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const sql = randomText(2_000, seed);
      const operations = read(sql);
      const lastLine = sql.split(/\r\n|\r|\n/).length - 1;
      for (const operation of operations) assert.ok(operation.range.end.line <= lastLine, `seed ${seed}`);
    }
  });

  it('never throws on random SQL-looking words and symbols', () => {
    const alphabet = [..."ALTER TABLE ADD DROP COLUMN INDEX KEY ( ) , ; ' \" ` -- # /* */ \n DEFAULT NULL NOT INT VARCHAR 1 x y".split(' '), ' '];
    for (let seed = 1; seed <= 200; seed++) {
      const words = randomText(60, seed, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789').split('');
      const sql = words.map((letter) => alphabet[letter.charCodeAt(0) % alphabet.length]).join(' ');
      assert.doesNotThrow(() => read(sql), `seed ${seed}: ${sql}`);
    }
  });

  it('never throws on raw bytes read as latin1', () => {
    const bytes = Buffer.from(Array.from({ length: 4_096 }, (_, i) => (i * 7919 + 13) % 256));
    assert.doesNotThrow(() => read(bytes.toString('latin1')));
  });

  it('reports 100 000 nested parentheses as unanalyzable, without a stack overflow', () => {
    const sql = `ALTER TABLE t ADD COLUMN a INT DEFAULT ${'('.repeat(100_000)}1${')'.repeat(100_000)}`;
    assert.deepEqual(kinds(read(sql)), ['unanalyzable-sql']);
  });

  it('reports nesting deep enough to overflow the SQL parser as unanalyzable', () => {
    const sql = `ALTER TABLE t ADD COLUMN a INT DEFAULT ${'('.repeat(3_000)}1${')'.repeat(3_000)}`;
    assert.match(unanalyzableReasons(read(sql))[0], /Could not read/);
  });

  it('reports parentheses that never close as unanalyzable', () => {
    assert.deepEqual(kinds(read(`CREATE TABLE t (a INT DEFAULT ${'('.repeat(50_000)}`)), ['create-table', 'unanalyzable-sql']);
  });

  it('reads a megabyte of DDL in bounded time and says what it skipped', () => {
    const sql = Array.from({ length: 20_000 }, (_, i) => `ALTER TABLE vendor_t${i} ADD COLUMN c${i} INT NOT NULL DEFAULT 0`).join(';\n');
    assert.ok(sql.length > 1_000_000);
    const started = performance.now();
    const operations = read(sql);
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 15_000, `took ${elapsed} ms`);
    const skipped = operations.at(-1)!;
    assert.match(as(skipped, 'unanalyzable-sql').reason, /the rest was skipped/);
    assert.equal(skipped.range.end.line, 19_999);
    assert.ok(operations.filter((operation) => operation.kind === 'add-column').length > 500);
  });

  it('reads a megabyte string literal', () => {
    const sql = `UPDATE cms_block SET content = '${'<p>x</p>'.repeat(130_000)}' WHERE identifier = 'footer'`;
    assert.deepEqual(kinds(read(sql)), ['update-rows']);
  });

  it('reads nothing from empty, blank and comment-only SQL', () => {
    assert.deepEqual(read(''), []);
    assert.deepEqual(read(' \n\t;; '), []);
    assert.deepEqual(read('-- only\n# comments\n/* here */'), []);
  });
});
