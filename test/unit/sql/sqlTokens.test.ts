// The lexer and statement splitter every SQL recogniser relies on: strings, comments and `names`
// must never be mistaken for keywords or statement ends.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitSqlStatements } from '../../../server/src/analysis/sql/sqlStatements';
import { tokenizeSql, unescapeSqlString } from '../../../server/src/analysis/sql/sqlTokens';

function statementTexts(sql: string): string[] {
  return splitSqlStatements(tokenizeSql(sql).tokens).map((statement) => sql.slice(statement.start, statement.end));
}

describe('tokenizeSql', () => {
  it('gives words an upper-case form and other tokens none', () => {
    const { tokens } = tokenizeSql("drop `drop` 'drop' 12");
    assert.deepEqual(
      tokens.map((token) => [token.kind, token.upper, token.value]),
      [
        ['word', 'DROP', 'drop'],
        ['quoted-identifier', '', 'drop'],
        ['string', '', 'drop'],
        ['number', '', '12'],
      ],
    );
  });

  it('unescapes doubled backticks in quoted names', () => {
    assert.equal(tokenizeSql('`odd``name`').tokens[0].value, 'odd`name');
  });

  it('unescapes backslash escapes and doubled quotes in strings', () => {
    const { tokens } = tokenizeSql(String.raw`'it''s' "say ""hi""" 'a\'b\nc\\d' '50\%'`);
    assert.deepEqual(
      tokens.map((token) => token.value),
      ["it's", 'say "hi"', "a'b\nc\\d", '50\\%'],
    );
  });

  it('keeps offsets of every token', () => {
    const sql = 'ALTER TABLE `t` ADD x';
    for (const token of tokenizeSql(sql).tokens) assert.equal(sql.slice(token.start, token.end), token.text);
  });

  it('collects --, # and /* */ comments apart from the tokens', () => {
    const { tokens, comments } = tokenizeSql('DROP -- zdd-ignore drop-table: legacy\nTABLE # hash\n/* block */ t');
    assert.deepEqual(tokens.map((token) => token.text), ['DROP', 'TABLE', 't']);
    assert.deepEqual(comments.map((comment) => comment.body), [' zdd-ignore drop-table: legacy', ' hash', ' block ']);
  });

  it('reads -- without a following space as two minus signs, as MySQL does', () => {
    assert.deepEqual(tokenizeSql('5--3').tokens.map((token) => token.text), ['5', '-', '-', '3']);
  });

  it('lexes the content of /*! version comments as SQL, since the server runs it', () => {
    const { tokens, comments } = tokenizeSql('/*!40101 SET NAMES utf8 */; /*M!100100 DROP TABLE t */');
    assert.deepEqual(tokens.map((token) => token.text), ['SET', 'NAMES', 'utf8', ';', 'DROP', 'TABLE', 't']);
    assert.equal(comments.length, 0);
  });

  it('flags an unterminated string and lets it run to the end', () => {
    const sql = "SELECT 'abc; DROP TABLE t";
    const last = tokenizeSql(sql).tokens.at(-1)!;
    assert.equal(last.kind, 'string');
    assert.equal(last.unterminated, true);
    assert.equal(last.end, sql.length);
  });

  it('turns an unterminated block comment into an unterminated-comment token', () => {
    assert.equal(tokenizeSql('DROP TABLE t /* never closed').tokens.at(-1)!.kind, 'unterminated-comment');
  });

  it('reads a number glued to letters as a name (MySQL allows 1st_table)', () => {
    assert.deepEqual(tokenizeSql('1st_table 1.5e3 0x1F').tokens.map((token) => [token.kind, token.text]), [
      ['word', '1st_table'],
      ['number', '1.5e3'],
      ['number', '0x1F'],
    ]);
  });
});

describe('unescapeSqlString', () => {
  it('returns the content unchanged when it has nothing to unescape', () => {
    assert.equal(unescapeSqlString('plain text', "'"), 'plain text');
  });

  it('keeps doubled quotes of the other kind as written', () => {
    assert.equal(unescapeSqlString('a""b', "'"), 'a""b');
  });
});

describe('splitSqlStatements', () => {
  it('splits at semicolons', () => {
    assert.deepEqual(statementTexts('DROP TABLE a; DROP TABLE b;'), ['DROP TABLE a', 'DROP TABLE b']);
  });

  it('ignores semicolons in strings, quoted names and comments', () => {
    const sql = "UPDATE t SET a = 'x;y'; -- c;\nALTER TABLE `we;ird` COMMENT \"q;\" /* ; */ ; # ;\nSELECT 1";
    assert.deepEqual(statementTexts(sql), ["UPDATE t SET a = 'x;y'", 'ALTER TABLE `we;ird` COMMENT "q;"', 'SELECT 1']);
  });

  it('skips empty statements and comment-only text', () => {
    assert.deepEqual(statementTexts(';; -- nothing\n; /* here */'), []);
  });

  it('keeps a trigger body with inner semicolons in one statement', () => {
    const sql = 'CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; IF NEW.b THEN SET NEW.c = 2; END IF; END; DROP TABLE x';
    assert.deepEqual(statementTexts(sql), [
      'CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; IF NEW.b THEN SET NEW.c = 2; END IF; END',
      'DROP TABLE x',
    ]);
  });

  it('recognises a stored program behind DEFINER = user@host', () => {
    const sql = "CREATE DEFINER=`root`@`%` PROCEDURE p() BEGIN SELECT 1; SELECT 2; END; SELECT 3";
    assert.equal(statementTexts(sql).length, 2);
  });

  it('does not look for BEGIN ... END in a table named event', () => {
    assert.deepEqual(statementTexts('CREATE TABLE event (`end` INT); DROP TABLE x'), ['CREATE TABLE event (`end` INT)', 'DROP TABLE x']);
  });
});
