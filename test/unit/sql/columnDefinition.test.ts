// Column definitions in raw SQL become ColumnDefinitions with only what the SQL states, so rules can
// tell "NOT NULL" from "nullability not mentioned" and a literal default from an expression.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ColumnDefinition } from '../../../server/src/analysis/schema/operations';
import { as, readOne } from './sqlTestKit';

/** The definition of `ADD COLUMN <definition>`. */
function column(definition: string): ColumnDefinition {
  return as(readOne(`ALTER TABLE t ADD COLUMN ${definition}`), 'add-column').column;
}

describe('column types', () => {
  it('lower-cases the type and keeps a VARCHAR length', () => {
    assert.deepEqual(column('sku VARCHAR(64)'), { name: 'sku', type: 'varchar', length: 64 });
  });

  it('reads DECIMAL precision and scale', () => {
    assert.deepEqual(column('price DECIMAL(20,6)'), { name: 'price', type: 'decimal', precision: 20, scale: 6 });
  });

  it('reads a DECIMAL precision without scale', () => {
    assert.deepEqual(column('qty DECIMAL(10)'), { name: 'qty', type: 'decimal', precision: 10 });
  });

  it('reads the fractional seconds of DATETIME(6) as precision', () => {
    assert.deepEqual(column('at DATETIME(6)'), { name: 'at', type: 'datetime', precision: 6 });
  });

  it('leaves out integer display widths, which are not lengths', () => {
    assert.deepEqual(column('store_id SMALLINT(5) UNSIGNED'), { name: 'store_id', type: 'smallint', unsigned: true });
  });

  it('normalises synonyms to the type MySQL stores (INTEGER, NUMERIC, BOOLEAN)', () => {
    assert.equal(column('a INTEGER').type, 'int');
    assert.equal(column('b NUMERIC(5,2)').type, 'decimal');
    assert.equal(column('c BOOLEAN').type, 'tinyint');
  });

  it('reads DOUBLE PRECISION as double', () => {
    assert.deepEqual(column('ratio DOUBLE PRECISION(10,4)'), { name: 'ratio', type: 'double', precision: 10, scale: 4 });
  });

  it('reads SIGNED as unsigned: false and says nothing when neither is written', () => {
    assert.equal(column('a INT SIGNED').unsigned, false);
    assert.equal('unsigned' in column('b INT'), false);
  });

  it('reads ENUM and SET values in order, unescaped', () => {
    assert.deepEqual(column("state ENUM('new','it''s','b\\\\c')").values, ['new', "it's", 'b\\c']);
    assert.deepEqual(column("flags SET('a','b')").values, ['a', 'b']);
  });
});

describe('nullability', () => {
  it('reads NOT NULL as nullable: false', () => {
    assert.equal(column('a INT NOT NULL').nullable, false);
  });

  it('reads NULL as nullable: true', () => {
    assert.equal(column('a INT NULL').nullable, true);
  });

  it('leaves nullability out when the SQL does not state it', () => {
    assert.equal('nullable' in column('a INT'), false);
  });
});

describe('defaults', () => {
  it('reads a string default unescaped', () => {
    assert.deepEqual(column("note VARCHAR(20) DEFAULT 'it''s'").default, { value: "it's", isExpression: false });
  });

  it('reads a number default as written', () => {
    assert.deepEqual(column("price DECIMAL(12,4) DEFAULT 1.50").default, { value: '1.50', isExpression: false });
  });

  it('reads a quoted number default as its string', () => {
    assert.deepEqual(column("qty INT NOT NULL DEFAULT '0'").default, { value: '0', isExpression: false });
  });

  it('reads a negative default and drops a leading plus', () => {
    assert.deepEqual(column('a INT DEFAULT -1').default, { value: '-1', isExpression: false });
    assert.deepEqual(column('b INT DEFAULT +5').default, { value: '5', isExpression: false });
  });

  it('reads DEFAULT NULL as a null value, not as no default', () => {
    assert.deepEqual(column('a DATE DEFAULT NULL').default, { value: null, isExpression: false });
  });

  it('reads TRUE and FALSE as 1 and 0', () => {
    assert.deepEqual(column('a TINYINT(1) DEFAULT TRUE').default, { value: '1', isExpression: false });
    assert.deepEqual(column('b TINYINT(1) DEFAULT FALSE').default, { value: '0', isExpression: false });
  });

  it('keeps hex and bit literals as written', () => {
    assert.deepEqual(column("a BIT(1) DEFAULT b'0'").default, { value: "b'0'", isExpression: false });
    assert.deepEqual(column("b VARBINARY(4) DEFAULT X'00FF'").default, { value: "X'00FF'", isExpression: false });
  });

  it('reads a string with a character set introducer as the plain string', () => {
    assert.deepEqual(column("a VARCHAR(9) DEFAULT _utf8mb4'x'").default, { value: 'x', isExpression: false });
  });

  it('reads DEFAULT (expression) as an expression, without the outer parentheses', () => {
    assert.deepEqual(column('uid CHAR(36) NOT NULL DEFAULT (UUID())').default, { value: 'UUID()', isExpression: true });
  });

  it('reads CURRENT_TIMESTAMP and NOW() defaults as expressions', () => {
    assert.deepEqual(column('a TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP').default, {
      value: 'CURRENT_TIMESTAMP',
      isExpression: true,
    });
    assert.deepEqual(column('b DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6)').default, { value: 'CURRENT_TIMESTAMP(6)', isExpression: true });
    assert.deepEqual(column('c DATETIME DEFAULT NOW()').default, { value: 'NOW()', isExpression: true });
  });

  it('leaves the default out when the SQL does not state it', () => {
    assert.equal('default' in column('a INT NOT NULL'), false);
  });

  it('does not take DEFAULT inside a comment string for a default', () => {
    assert.equal('default' in column("a INT COMMENT 'DEFAULT 5'"), false);
  });
});

describe('column options', () => {
  it('reads AUTO_INCREMENT', () => {
    assert.equal(column('id INT UNSIGNED NOT NULL AUTO_INCREMENT').autoIncrement, true);
  });

  it('reads COMMENT unescaped, in single or double quotes', () => {
    assert.equal(column("a INT COMMENT 'Customer''s note'").comment, "Customer's note");
    assert.equal(column('b INT COMMENT "say \\"hi\\""').comment, 'say "hi"');
  });

  it('reads CHARACTER SET, its synonym CHARSET, and COLLATE, lower-cased', () => {
    assert.deepEqual(column('a VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_BIN'), {
      name: 'a',
      type: 'varchar',
      length: 10,
      charset: 'utf8mb4',
      collation: 'utf8mb4_bin',
    });
    assert.equal(column('b TEXT CHARSET latin1').charset, 'latin1');
  });

  it('keeps a column named charset a name', () => {
    assert.deepEqual(column('charset VARCHAR(16) NOT NULL'), { name: 'charset', type: 'varchar', length: 16, nullable: false });
  });

  it('reads GENERATED ... STORED and AS (...) VIRTUAL', () => {
    assert.equal(column('total DECIMAL(12,4) GENERATED ALWAYS AS (price * qty) STORED').generated, 'stored');
    assert.equal(column('total DECIMAL(12,4) AS (price * qty) VIRTUAL').generated, 'virtual');
  });

  it('reads a generated column without storage as virtual, the MySQL default', () => {
    assert.equal(column('total INT AS (a + b)').generated, 'virtual');
  });

  it('reads AFTER and FIRST', () => {
    assert.deepEqual(column('a INT AFTER `entity_id`').position, { after: 'entity_id' });
    assert.equal(column('b INT FIRST').position, 'first');
  });

  it('unescapes doubled backticks in a column name', () => {
    assert.equal(column('`odd``name` INT').name, 'odd`name');
  });
});
