// Analysis room: the registry of every rule. Adding a rule = one file in this folder, one line here,
// its id in schemas/magento-zdd.schema.json and its page in docs/rules/ (tests check all three).
import { dropTable } from './drop-table';
import { dropColumn } from './drop-column';
import { renameTable } from './rename-table';
import { renameColumn } from './rename-column';
import { addNotNullColumnWithoutDefault } from './add-not-null-column-without-default';
import { setNotNull } from './set-not-null';
import { changeColumnType } from './change-column-type';
import { narrowColumn } from './narrow-column';
import { dropDefault } from './drop-default';
import { changecolumnFullRedefinition } from './changecolumn-full-redefinition';
import { addUniqueIndex } from './add-unique-index';
import { addForeignKey } from './add-foreign-key';
import { dropForeignKey } from './drop-foreign-key';
import { dropUniqueIndex } from './drop-unique-index';
import { dropIndex } from './drop-index';
import { changePrimaryKey } from './change-primary-key';
import { enumValueRemoved } from './enum-value-removed';
import { truncateOrUnboundedDelete } from './truncate-or-unbounded-delete';
import { dropDatabase } from './drop-database';
import { expandAndContractInOneMigration } from './expand-and-contract-in-one-migration';
import { tableCopyAlter } from './table-copy-alter';
import { addColumnNotInstant } from './add-column-not-instant';
import { varcharLengthByteBoundary } from './varchar-length-byte-boundary';
import { mixedAlterBatch } from './mixed-alter-batch';
import { explicitCopyOrLock } from './explicit-copy-or-lock';
import { backfillInSchemaMigration } from './backfill-in-schema-migration';
import { migrationInvalid } from './migration-invalid';
import { migrationFileName } from './migration-file-name';
import { migrationClassName } from './migration-class-name';
import { duplicateMigrationVersion } from './duplicate-migration-version';
import { duplicateMigrationClass } from './duplicate-migration-class';
import { irreversibleInChange } from './irreversible-in-change';
import { executeInChange } from './execute-in-change';
import { missingDown } from './missing-down';
import { unsavedTableActions } from './unsaved-table-actions';
import { unanalyzableCall } from './unanalyzable-call';
import { rawSqlUnanalyzable } from './raw-sql-unanalyzable';
import { whitelistOutOfSync } from './whitelist-out-of-sync';
import { moduleDisableDropsTables } from './module-disable-drops-tables';
import { moduleXmlInvalid } from './module-xml-invalid';
import type { DbSchemaRule, ModuleConfigRule, ModuleXmlRule, PhinxMigrationRule, Rule, SchemaChangeRule } from './rule';
import { setupVersionAdded } from './setup-version-added';
import { setupVersionChanged } from './setup-version-changed';
import { setupVersionDrift } from './setup-version-drift';
import { setupVersionRemoved } from './setup-version-removed';
import { suppressionWithoutReason } from './suppression-without-reason';
import { unusedSuppression } from './unused-suppression';

export const ALL_RULES: readonly Rule[] = [
  setupVersionChanged,
  setupVersionAdded,
  setupVersionRemoved,
  setupVersionDrift,
  moduleXmlInvalid,
  dropTable,
  dropColumn,
  renameTable,
  renameColumn,
  addNotNullColumnWithoutDefault,
  setNotNull,
  changeColumnType,
  narrowColumn,
  dropDefault,
  changecolumnFullRedefinition,
  addUniqueIndex,
  addForeignKey,
  dropForeignKey,
  dropUniqueIndex,
  dropIndex,
  changePrimaryKey,
  enumValueRemoved,
  truncateOrUnboundedDelete,
  dropDatabase,
  expandAndContractInOneMigration,
  tableCopyAlter,
  addColumnNotInstant,
  varcharLengthByteBoundary,
  mixedAlterBatch,
  explicitCopyOrLock,
  backfillInSchemaMigration,
  migrationInvalid,
  migrationFileName,
  migrationClassName,
  duplicateMigrationVersion,
  duplicateMigrationClass,
  irreversibleInChange,
  executeInChange,
  missingDown,
  unsavedTableActions,
  unanalyzableCall,
  rawSqlUnanalyzable,
  whitelistOutOfSync,
  moduleDisableDropsTables,
  unusedSuppression,
  suppressionWithoutReason,
];

/** The module.xml rules that read the file (and git): they run on every check. */
export const MODULE_XML_RULES: readonly ModuleXmlRule[] = ALL_RULES.filter((rule): rule is ModuleXmlRule => rule.target === 'module-xml' && !rule.needsDatabase);
/** The module.xml rules that compare with an environment's setup_module: they run when the caller read one. */
export const SETUP_MODULE_RULES: readonly ModuleXmlRule[] = ALL_RULES.filter((rule): rule is ModuleXmlRule => rule.target === 'module-xml' && rule.needsDatabase === true);

export const SCHEMA_CHANGE_RULES: readonly SchemaChangeRule[] = ALL_RULES.filter((rule): rule is SchemaChangeRule => rule.target === 'schema-change');

export const PHINX_MIGRATION_RULES: readonly PhinxMigrationRule[] = ALL_RULES.filter((rule): rule is PhinxMigrationRule => rule.target === 'phinx-migration');
export const DB_SCHEMA_RULES: readonly DbSchemaRule[] = ALL_RULES.filter((rule): rule is DbSchemaRule => rule.target === 'db-schema');
export const MODULE_CONFIG_RULES: readonly ModuleConfigRule[] = ALL_RULES.filter((rule): rule is ModuleConfigRule => rule.target === 'module-config');

const byId = new Map(ALL_RULES.map((rule) => [rule.id, rule]));

export function findRule(id: string): Rule | undefined {
  return byId.get(id);
}
