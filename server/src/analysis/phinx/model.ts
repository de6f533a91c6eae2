// Analysis room (pure): what the Phinx migration reader returns. Rules read operations and raw SQL
// from here; ranges are LSP ranges (0-based, UTF-16) into the migration file.

import type { PhpParseResult } from '../php/parsePhp';
import type { MigrationPhase, SchemaOperation, SchemaOperationKind } from '../schema/operations';
import type { TextLines } from '../textLines';
import type { Position, Range } from '../types';
import type { PhinxSemantics } from './naming';
import type { SqlOffsetMap } from './sqlSourceMap';

export interface ReadPhinxMigrationOptions {
  /** robmorgan/phinx version from composer.lock; undefined = assume the newest Phinx. */
  phinxVersion: string | undefined;
  /** The file's name or path (`.../20240101000000_add_foo.php`): picks the class Phinx will load when the file declares several. */
  fileName?: string;
  /** Parses the file's PHP; an editor passes an IncrementalPhpParser's. Default: parsePhp(). */
  parse?: (text: string) => PhpParseResult;
  /** Leave callSyntax empty: only quick fixes read it, and a check that prints no fixes need not pay for it. */
  withoutCallSyntax?: boolean;
}

export interface PhpSyntaxError {
  /** PHP's wording, e.g. "syntax error, unexpected '}'". */
  message: string;
  range: Range;
}

export interface MigrationClass {
  name: string;
  /** The parent class as written (`Migration`, `\Phinx\Migration\AbstractMigration`); undefined without `extends`. */
  extends: string | undefined;
  /** The parent resolved through `use` statements and the namespace (`MX\PhinxMigrations\Migration`). */
  extendsResolved: string | undefined;
  nameRange: Range;
  range: Range;
  /** True for the class the operations were read from. */
  analysed: boolean;
}

export type MigrationMethodName = 'up' | 'down' | 'change';

export interface MigrationMethod {
  name: MigrationMethodName;
  phase: MigrationPhase;
  nameRange: Range;
  range: Range;
  /** Number of statements in the body; 0 = an empty method (e.g. an empty `down()`). */
  statementCount: number;
}

export type MigrationProblemKind =
  /** The file declares no class: Phinx fails to load it. */
  | 'no-class'
  /** More than one class: only the one named after the file is run. */
  | 'several-classes'
  /** A class without `extends`: Phinx requires an AbstractMigration subclass. */
  | 'class-without-base'
  /** change() next to up()/down(): Phinx ignores up() and down(). */
  | 'change-with-up-down'
  /** A call the installed Phinx does not have (dropTable()/insert() on 0.13+). */
  | 'api-not-in-version'
  /** A method called on a Table method's void result (`->drop()->save()` on 0.9, `->save()->...`): PHP stops there. */
  | 'call-on-nothing'
  /** Part of the file could not be analysed (too deeply nested, internal failure): said instead of guessing. */
  | 'analysis-incomplete';

export interface MigrationProblem {
  kind: MigrationProblemKind;
  message: string;
  range: Range;
}

/** Context the Phinx reader adds to each operation. */
export interface PhinxOperationContext {
  /** The API method that produced the operation (`removeColumn`, `dropColumn`, `execute`), for messages. */
  apiCall: string;
  /** The whole statement holding the call: where a `// zdd-ignore` line above applies. */
  statementRange: Range;
  /** The operation's table was created earlier in the same migration method (lock and data rules stay quiet). */
  tableCreatedInMigration: boolean;
  /** Queued on a table that is never create()d/update()d/save()d: Phinx never runs it (see unsavedTables). */
  neverSaved?: true;
}

export type PhinxSchemaOperation = SchemaOperation & PhinxOperationContext;

/** What an operation does, before the reader adds where and when (range, source, phase, batch). */
export type SchemaOperationDetails = SchemaOperation extends infer Operation
  ? Operation extends SchemaOperation
    ? Omit<Operation, 'range' | 'source' | 'phase' | 'batch'>
    : never
  : never;

export type RawSqlCall = 'execute' | 'query' | 'adapter-query';

export interface PhinxRawSql {
  /** `$this->execute()`, `$this->query()`, or an adapter's: Magento `query()`/`multiQuery()`, setup `run()`, Phinx adapter `execute()`/`query()`, PDO `exec()`. */
  via: RawSqlCall;
  phase: MigrationPhase;
  /** The call. */
  range: Range;
  statementRange: Range;
  /** The SQL argument; undefined when the call has none. */
  argumentRange: Range | undefined;
  /** The SQL text when the argument is constant (literal, heredoc/nowdoc, concatenation, constant variable). */
  sql: string | undefined;
  /** Maps SQL offsets back to the document; present whenever `sql` is. */
  offsetMap?: SqlOffsetMap;
  /** Why `sql` is undefined, written for the user. */
  unanalyzableReason?: string;
  /**
   * Where the operations of this SQL belong in `operations` (which is in execution order): before
   * `operations[operationIndex]`. A non-constant SQL already has its `unanalyzable-sql` operation there.
   */
  operationIndex: number;
}

export interface UnsavedTable {
  /** undefined when the table name is not a constant. */
  table: string | undefined;
  phase: MigrationPhase;
  /** The `table()` call. */
  range: Range;
  /** The queued calls that never run. */
  actionRanges: Range[];
}

/** How a `save()` was read: Phinx itself decides at run time (create when the table does not exist). */
export interface SaveResolution {
  table: string | undefined;
  phase: MigrationPhase;
  range: Range;
  resolvedAs: 'create' | 'update';
  reason: 'has-alter-actions' | 'no-new-columns' | 'table-created-earlier' | 'table-dropped-earlier' | 'table-options' | 'dropped-by-rollback' | 'assumed-existing';
}

/** A schema call whose table or column names are not constants, so no operation could be built. */
export interface UnresolvedCall {
  apiCall: string;
  /** The operation it would have been. */
  operationKind: SchemaOperationKind;
  phase: MigrationPhase;
  range: Range;
  statementRange: Range;
  reason: string;
}

/** An array literal as written, so a quick fix can add or replace entries in the user's own layout. */
export interface PhpArraySyntax {
  /** Just after `[` or `array(`. */
  open: Position;
  /** At the closing `]` or `)`. */
  close: Position;
  /** `key` is undefined for list items, spreads and keys that are not literals. */
  entries: Array<{ key: string | undefined; range: Range; valueRange: Range }>;
  trailingComma: boolean;
  /** Line break plus indentation before each entry when the entries stand one per line; undefined for a one-line array. */
  entryBreak?: string;
}

export interface PhpArgumentSyntax {
  range: Range;
  /** Set when the argument is an array literal. */
  array?: PhpArraySyntax;
}

/**
 * How a Phinx Table API call is written (`->addColumn('x', 'string', [...])`), for quick fixes that
 * edit its arguments or move it into another migration. Recorded only for calls with positional arguments.
 */
export interface PhinxCallSyntax {
  /** The API method as written (`addColumn`). */
  method: string;
  /** The call as underlined: its chain link (`->addColumn(...)`) or the whole call; equals the operation's range. */
  range: Range;
  arguments: PhpArgumentSyntax[];
  /** Every argument is a literal or a class constant: the call means the same when copied into another migration. */
  literalArguments: boolean;
  /** The `$this->table(...)` call of the chain; undefined when the table comes from a variable or elsewhere. */
  tableCall?: Range;
}

/** A statement written directly in the body of up(), down() or change(). */
export interface MethodStatement {
  phase: MigrationPhase;
  range: Range;
  /**
   * An expression statement using only literals, class constants, `$this` and the base class's API (no
   * variables, no members of this class): it runs the same when moved into another migration.
   */
  selfContained: boolean;
}

export interface PhinxMigrationModel {
  lines: TextLines;
  semantics: PhinxSemantics;
  /** PHP stops at the first syntax error, so at most one; the reader still analyses what parsed. */
  parseErrors: PhpSyntaxError[];
  classes: MigrationClass[];
  /** up/down/change of the analysed class. */
  methods: MigrationMethod[];
  problems: MigrationProblem[];
  /** Every schema or data action, in the order Phinx runs them within each method. */
  operations: PhinxSchemaOperation[];
  rawSql: PhinxRawSql[];
  unsavedTables: UnsavedTable[];
  saves: SaveResolution[];
  unresolvedCalls: UnresolvedCall[];
  /** Table API calls as written, in source order (several operations may share one, e.g. addTimestamps). */
  callSyntax: PhinxCallSyntax[];
  /** The top-level statements of up()/down()/change() of the analysed class. */
  statements: MethodStatement[];
}
