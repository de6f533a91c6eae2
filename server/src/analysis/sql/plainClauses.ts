// Analysis room: the AST node-sql-parser would give for the plainest, most common clauses (ADD/MODIFY/
// CHANGE/DROP COLUMN with a simple type, ADD/DROP INDEX, CREATE INDEX name ON t (cols)), read straight
// from the tokens. A parse costs 0.2-0.6 ms however small the clause, and these shapes are most of what
// migrations hold. Only the fields the readers use are filled, with node-sql-parser's own spellings.
// Anything outside this narrow grammar gives undefined and goes to the parser, so the grammar errs on
// the side of refusing: test/unit/sql/plainClauses.test.ts checks that every clause it accepts reads
// exactly as the parser reads it.
import type { AstAlterSpec, AstColumnRef, AstCreateIndexStatement, AstDataType } from './mysqlParser';
import type { SqlToken } from './sqlTokens';

/**
 * Words node-sql-parser 5.4.0 (MySQL grammar) refuses as an unquoted name (its reserved words, plus the
 * words that start a column option), so a column called `order` still goes to the parser and fails there.
 */
const NOT_A_PLAIN_NAME = new Set(
  (
    'ALTER ALL ADD AND AS ASC ANALYZE ACCESSIBLE BEFORE BETWEEN BIGINT BLOB BOTH BY BOOLEAN CALL CASCADE CASE CHAR CHECK ' +
    'COLLATE CONDITION CONSTRAINT CONTINUE CONVERT CREATE CROSS CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER ' +
    'CURSOR DATABASE DATABASES DAY_HOUR DAY_MICROSECOND DAY_MINUTE DAY_SECOND DEC DECIMAL DECLARE DEFAULT DELAYED DELETE ' +
    'DESC DESCRIBE DETERMINISTIC DISTINCT DISTINCTROW DIV DROP DOUBLE DUAL ELSE EACH ELSEIF ENCLOSED ESCAPED EXCEPT EXISTS ' +
    'EXIT EXPLAIN FALSE FULL FROM FETCH FLOAT FLOAT4 FLOAT8 FOR FORCE FOREIGN FULLTEXT FUNCTION GENERATED GET GO GRANT ' +
    'GROUP GROUPING GROUPS HAVING HIGH_PRIORITY HOUR_MICROSECOND HOUR_MINUTE HOUR_SECOND IGNORE IN INNER INFILE INOUT ' +
    'INSENSITIVE INSERT INTERSECT INT INT1 INT2 INT3 INT4 INT8 INTEGER INTERVAL INTO IO_AFTER_GTIDS IO_BEFORE_GTIDS IS ' +
    'ITERATE JOIN JSON_TABLE KEY KEYS KILL LAG LAST_VALUE LATERAL LEAD LEADING LEAVE LEFT LIKE LIMIT LINEAR LINES LOAD ' +
    'LOCALTIME LOCALTIMESTAMP LOCK LONG LONGBLOB LONGTEXT LOOP LOW_PRIORITY MASTER_BIND MATCH MAXVALUE MEDIUMBLOB ' +
    'MEDIUMINT MEDIUMTEXT MIDDLEINT MINUTE_MICROSECOND MINUTE_SECOND MINUS MOD MODIFIES NATURAL NOT NO_WRITE_TO_BINLOG ' +
    'NTH_VALUE NTILE NULL NUMERIC OF ON OPTIMIZE OPTIMIZER_COSTS OPTION OPTIONALLY OR ORDER OUT OUTER OUTFILE OVER ' +
    'PARTITION PERCENT_RANK PRECISION PRIMARY PROCEDURE PURGE RANGE RANK READ READS READ_WRITE REAL RECURSIVE REFERENCES ' +
    'REGEXP RELEASE RENAME REPEAT REPLACE REQUIRE RESIGNAL RESTRICT RETURN REVOKE RIGHT RLIKE ROW ROWS ROW_NUMBER SCHEMA ' +
    'SCHEMAS SELECT SENSITIVE SEPARATOR SET SHOW SIGNAL SMALLINT SPATIAL SPECIFIC SQL SQLEXCEPTION SQLSTATE SQLWARNING ' +
    'SQL_BIG_RESULT SSL STARTING STORED TABLE TERMINATED THEN TINYBLOB TINYINT TINYTEXT TO TRAILING TRIGGER TRUE UNION ' +
    'UNIQUE UNLOCK UNSIGNED UPDATE USAGE USE USING UTC_DATE UTC_TIME UTC_TIMESTAMP VALUES VARBINARY VARCHAR VARCHARACTER ' +
    'VARYING VIRTUAL VECTOR WHEN WHERE WHILE WINDOW WITH WRITE XOR YEAR_MONTH ZEROFILL ' +
    // Column options and positions, and words whose meaning after a name differs.
    'COLUMN INDEX AFTER FIRST COMMENT AUTO_INCREMENT SIGNED CHARSET CHARACTER COLUMN_FORMAT STORAGE VISIBLE INVISIBLE ' +
    'ENGINE_ATTRIBUTE SECONDARY_ENGINE_ATTRIBUTE SRID MODIFY CHANGE ALGORITHM BINARY CHECKSUM STRAIGHT_JOIN'
  ).split(' '),
);

/** Type names the parser reads differently in an ADD INDEX name or column list (found by the keyword sweep of the test). */
const TYPE_WORDS = new Set(
  'DATE TIME YEAR BIT JSON TEXT ENUM SET DATETIME TIMESTAMP GEOMETRY POINT LINESTRING POLYGON MULTIPOINT MULTILINESTRING MULTIPOLYGON GEOMETRYCOLLECTION'.split(' '),
);

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A name the parser reads as itself: an unreserved plain word, or a `quoted` name without doubled backticks. */
function plainName(token: SqlToken | undefined): string | undefined {
  if (!token) return undefined;
  if (token.kind === 'word') return PLAIN_NAME.test(token.text) && !NOT_A_PLAIN_NAME.has(token.upper) ? token.text : undefined;
  if (token.kind === 'quoted-identifier' && !token.unterminated && token.value !== '' && !token.text.slice(1, -1).includes('`')) return token.value;
  return undefined;
}

function columnRef(name: string): AstColumnRef {
  return { type: 'column_ref', column: name };
}

/** Types and the parentheses they may take: none, a length, or precision and scale. */
const PLAIN_TYPES: ReadonlyMap<string, { lengths: 0 | 1 | 2; required?: true; unsigned?: true }> = new Map([
  ['TINYINT', { lengths: 1, unsigned: true }],
  ['SMALLINT', { lengths: 1, unsigned: true }],
  ['MEDIUMINT', { lengths: 1, unsigned: true }],
  ['INT', { lengths: 1, unsigned: true }],
  ['BIGINT', { lengths: 1, unsigned: true }],
  ['DECIMAL', { lengths: 2, unsigned: true }],
  ['VARCHAR', { lengths: 1, required: true }],
  ['CHAR', { lengths: 1 }],
  ['TEXT', { lengths: 0 }],
  ['MEDIUMTEXT', { lengths: 0 }],
  ['LONGTEXT', { lengths: 0 }],
  ['DATE', { lengths: 0 }],
  ['DATETIME', { lengths: 1 }],
  ['TIMESTAMP', { lengths: 1 }],
] as const);

class Reader {
  index = 0;
  constructor(readonly tokens: readonly SqlToken[]) {}

  get done(): boolean {
    return this.index >= this.tokens.length;
  }

  peek(ahead = 0): SqlToken | undefined {
    return this.tokens[this.index + ahead];
  }

  word(upper: string): boolean {
    if (this.tokens[this.index]?.upper !== upper) return false;
    this.index++;
    return true;
  }

  symbol(text: string): boolean {
    const token = this.tokens[this.index];
    if (token?.kind !== 'symbol' || token.text !== text) return false;
    this.index++;
    return true;
  }

  /** `inIndex`: also refuses type names, which the parser reads differently in ADD INDEX. */
  name(inIndex = false): string | undefined {
    const token = this.tokens[this.index];
    const name = plainName(token);
    if (name === undefined || (inIndex && TYPE_WORDS.has(token!.upper))) return undefined;
    this.index++;
    return name;
  }

  /** A plain decimal integer without leading zeros. */
  integer(): number | undefined {
    const token = this.tokens[this.index];
    if (token?.kind !== 'number' || !/^(0|[1-9][0-9]{0,8})$/.test(token.text)) return undefined;
    this.index++;
    return Number(token.text);
  }

  /** `( name, name ... )` */
  nameList(inIndex = false): string[] | undefined {
    if (!this.symbol('(')) return undefined;
    const names: string[] = [];
    do {
      const name = this.name(inIndex);
      if (name === undefined) return undefined;
      names.push(name);
    } while (this.symbol(','));
    return this.symbol(')') ? names : undefined;
  }
}

/**
 * The AST node-sql-parser gives for `ALTER TABLE t <prefix><tokens>`, for the prefixes the readers use
 * ('', 'ADD COLUMN ', 'ADD '), or undefined when the clause is not one of the plain shapes.
 */
export function plainAlterSpec(prefix: string, tokens: readonly SqlToken[]): { type: 'alter'; expr: AstAlterSpec[] } | undefined {
  const reader = new Reader(tokens);
  let spec: AstAlterSpec | undefined;
  if (prefix === 'ADD COLUMN ') spec = columnClause(reader, 'add', false);
  else if (prefix === 'ADD ') spec = addIndexClause(reader);
  else if (prefix === '') spec = alterClause(reader);
  return spec && reader.done ? { type: 'alter', expr: [spec] } : undefined;
}

function alterClause(reader: Reader): AstAlterSpec | undefined {
  if (reader.word('ADD')) {
    if (reader.peek()?.upper === 'INDEX' || reader.peek()?.upper === 'KEY') return addIndexClause(reader);
    reader.word('COLUMN');
    return columnClause(reader, 'add', false);
  }
  if (reader.word('MODIFY')) {
    reader.word('COLUMN');
    return columnClause(reader, 'modify', false);
  }
  if (reader.word('CHANGE')) {
    reader.word('COLUMN');
    return columnClause(reader, 'change', true);
  }
  if (reader.word('DROP')) {
    for (const keyword of ['INDEX', 'KEY'] as const) {
      if (!reader.word(keyword)) continue;
      const name = reader.name();
      if (name === undefined) return undefined;
      const resource = keyword.toLowerCase();
      return { action: 'drop', resource, keyword: resource, [resource]: name };
    }
    reader.word('COLUMN');
    const name = reader.name();
    return name === undefined ? undefined : { action: 'drop', resource: 'column', column: columnRef(name) };
  }
  return undefined;
}

/** INDEX|KEY name (a, b) */
function addIndexClause(reader: Reader): AstAlterSpec | undefined {
  const keyword = reader.word('INDEX') ? 'index' : reader.word('KEY') ? 'key' : undefined;
  if (!keyword) return undefined;
  const name = reader.name(true);
  const columns = name === undefined ? undefined : reader.nameList(true);
  if (!columns) return undefined;
  return { action: 'add', resource: 'index', keyword, index: name, definition: columns.map(columnRef) };
}

/**
 * [old] name TYPE[(n[,m])] [UNSIGNED] [NOT NULL|NULL] [DEFAULT literal] [COMMENT 'text'] [AFTER name|FIRST].
 * The DEFAULT is not in the AST the readers use (they read it from the tokens); only its shape is checked.
 */
function columnClause(reader: Reader, action: 'add' | 'modify' | 'change', renames: boolean): AstAlterSpec | undefined {
  const oldName = renames ? reader.name() : undefined;
  if (renames && oldName === undefined) return undefined;
  const name = reader.name();
  if (name === undefined) return undefined;
  const definition = dataType(reader);
  if (!definition) return undefined;
  const spec: AstAlterSpec = { action, resource: 'column', column: columnRef(name), definition };
  if (oldName !== undefined) spec.old_column = columnRef(oldName);
  if (reader.word('NOT')) {
    if (!reader.word('NULL')) return undefined;
    spec.nullable = { type: 'not null' };
  } else if (reader.word('NULL')) {
    spec.nullable = { type: 'null' };
  }
  if (reader.word('DEFAULT') && !defaultLiteral(reader)) return undefined;
  if (reader.word('COMMENT')) {
    const comment = reader.peek();
    if (comment?.kind !== 'string' || comment.unterminated || !comment.text.startsWith("'")) return undefined;
    reader.index++;
    spec.comment = { value: { type: 'single_quote_string', value: comment.text.slice(1, -1) } };
  }
  if (reader.word('AFTER')) {
    const after = reader.name();
    if (after === undefined) return undefined;
    spec.suffix = { keyword: 'AFTER', expr: columnRef(after) };
  } else if (reader.word('FIRST')) {
    spec.suffix = { keyword: 'FIRST' };
  }
  return spec;
}

function dataType(reader: Reader): AstDataType | undefined {
  const token = reader.peek();
  const type = token?.kind === 'word' ? PLAIN_TYPES.get(token.upper) : undefined;
  if (!token || !type) return undefined;
  reader.index++;
  const definition: AstDataType = { dataType: token.upper };
  if (type.lengths > 0 && reader.symbol('(')) {
    const length = reader.integer();
    if (length === undefined) return undefined;
    definition.length = length;
    if (type.lengths === 2 && reader.symbol(',')) {
      const scale = reader.integer();
      if (scale === undefined) return undefined;
      definition.scale = scale;
    }
    if (!reader.symbol(')')) return undefined;
  } else if (type.required) {
    return undefined;
  }
  if (type.unsigned && reader.word('UNSIGNED')) definition.suffix = ['UNSIGNED'];
  return definition;
}

/** 'text', 123, 1.5, -1, NULL, CURRENT_TIMESTAMP */
function defaultLiteral(reader: Reader): boolean {
  const token = reader.peek();
  if (!token) return false;
  if (token.kind === 'string' && !token.unterminated && token.text.startsWith("'")) {
    reader.index++;
    return true;
  }
  const negative = reader.symbol('-');
  const value = reader.peek();
  if (value?.kind === 'number' && /^[0-9]+(\.[0-9]+)?$/.test(value.text)) {
    reader.index++;
    return true;
  }
  if (negative) return false;
  return reader.word('NULL') || reader.word('CURRENT_TIMESTAMP');
}

/** `[UNIQUE] INDEX name ON table (a, b)`, the tokens after CREATE, as node-sql-parser reads them. */
export function plainCreateIndex(tokens: readonly SqlToken[]): AstCreateIndexStatement | undefined {
  const reader = new Reader(tokens);
  const unique = reader.word('UNIQUE');
  if (!reader.word('INDEX')) return undefined;
  const index = reader.name();
  if (index === undefined || !reader.word('ON') || reader.name() === undefined) return undefined;
  const columns = reader.nameList();
  if (!columns || !reader.done) return undefined;
  return { type: 'create', keyword: 'index', index, index_type: unique ? 'unique' : null, index_columns: columns.map(columnRef) };
}
