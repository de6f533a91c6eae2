// Analysis room: what a rule is. One rule per file in this folder; each exports a Rule.
import type { TargetServer } from '../config';
import type { ModuleXmlDocument } from '../moduleXml';
import type { DbSchemaDiff } from '../dbSchema/diffDbSchema';
import type { ModuleDisableDrop } from '../dbSchema/moduleStatus';
import type { WhitelistProblem } from '../dbSchema/whitelist';
import type { PhinxCallSyntax, PhinxMigrationModel } from '../phinx/model';
import type { SetupModuleSnapshot } from '../setupModuleDrift';
import type { ColumnDefinition, SchemaOperation } from '../schema/operations';
import type { IndexState } from '../schema/schemaModel';
import type { FindingFix, Range, Severity } from '../types';

export const DOCS_BASE_URL = 'https://github.com/magento-zdd/magento-zdd/blob/main/docs/rules';

export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}/${ruleId}.md`;
}

/** What the baseline knows about one file. */
export type ModuleXmlBaseline =
  | { kind: 'available'; ref: string; document: ModuleXmlDocument | undefined }
  | { kind: 'unavailable'; reason: string };

export interface ModuleXmlContext {
  /** Project path of the module.xml. */
  file: string;
  document: ModuleXmlDocument;
  baseline: ModuleXmlBaseline;
  /** setup_module of the selected environment; undefined when no database was read. */
  setupModule?: SetupModuleSnapshot;
}

export interface RuleFinding {
  range: Range;
  message: string;
  fixes?: FindingFix[];
  /** The safe way as code with the user's own names, shown on hover. */
  example?: string;
  /** Lowers the rule's severity for this finding, e.g. to 'info' for "could not be checked". */
  severity?: Severity;
}

interface RuleBase {
  id: string;
  defaultSeverity: Severity;
  /** One sentence for hovers and the rule list: what goes wrong for the old code. */
  summary: string;
}

export interface ModuleXmlRule extends RuleBase {
  target: 'module-xml';
  /** Rules that compare with git; they are skipped, with one notice, when the baseline is unavailable. */
  needsBaseline: boolean;
  /** Rules that compare with an environment's setup_module; they run only when the caller read one. */
  needsDatabase?: boolean;
  check(context: ModuleXmlContext): RuleFinding[];
}

/** What the rules need of a table before an operation: its indexes (columns come one at a time, as columnBefore). */
export interface TableBefore {
  name: string;
  indexes: readonly IndexState[];
}

/** One operation of a migration (or db_schema.xml diff) with the schema as it stood just before it. */
export interface SchemaChangeStep {
  operation: SchemaOperation;
  /** The table was created earlier in the same migration: lock and data rules stay quiet on it. */
  tableCreatedHere: boolean;
  /** The table as it stood before this operation; undefined when its definition is unknown (core table, unparsed SQL). */
  tableBefore: TableBefore | undefined;
  /** The column the operation touches, as it stood before; undefined when unknown. */
  columnBefore: ColumnDefinition | undefined;
}

export interface SchemaChangeContext {
  file: string;
  /** Steps that run when migrating UP (up() and change()); down() is checked for reversibility only. */
  steps: SchemaChangeStep[];
  /** Phinx semantics of the installed version (new columns NOT NULL before 0.13). */
  newColumnsNullableByDefault: boolean;
  server: TargetServer;
  smallTables: ReadonlySet<string>;
  /** How a Phinx Table API operation's call is written, for fixes that edit it; absent outside Phinx migrations. */
  callSyntaxOf?: (operation: SchemaOperation) => PhinxCallSyntax | undefined;
}

export interface SchemaChangeRule extends RuleBase {
  target: 'schema-change';
  check(context: SchemaChangeContext): RuleFinding[];
}

export interface PhinxMigrationContext {
  /** Project path of the migration file. */
  file: string;
  fileName: string;
  model: PhinxMigrationModel;
  /** The reader's operations with the raw SQL's spliced in, every phase, in run order. */
  operations: SchemaOperation[];
  /** Other migration files (project paths) with the same version / the same class name. */
  sameVersion: string[];
  sameClassName: string[];
}

export interface PhinxMigrationRule extends RuleBase {
  target: 'phinx-migration';
  check(context: PhinxMigrationContext): RuleFinding[];
}

export interface DbSchemaContext {
  /** Project path of the db_schema.xml. */
  file: string;
  diff: DbSchemaDiff;
  /** Only the problems located in db_schema.xml (whitelist-file problems are reported there too, at line 0). */
  whitelistProblems: WhitelistProblem[];
}

export interface DbSchemaRule extends RuleBase {
  target: 'db-schema';
  check(context: DbSchemaContext): RuleFinding[];
}

export interface ModuleConfigContext {
  /** Project path of app/etc/config.php. */
  file: string;
  drops: ModuleDisableDrop[];
}

export interface ModuleConfigRule extends RuleBase {
  target: 'module-config';
  check(context: ModuleConfigContext): RuleFinding[];
}

/** Rules the suppression machinery itself reports. */
export interface SuppressionRule extends RuleBase {
  target: 'suppression';
}

export type Rule = ModuleXmlRule | SchemaChangeRule | PhinxMigrationRule | DbSchemaRule | ModuleConfigRule | SuppressionRule;
