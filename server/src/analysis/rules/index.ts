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
import { moduleXmlInvalid } from './module-xml-invalid';
import type { ModuleXmlRule, Rule, SchemaChangeRule } from './rule';
import { setupVersionAdded } from './setup-version-added';
import { setupVersionChanged } from './setup-version-changed';
import { setupVersionRemoved } from './setup-version-removed';
import { suppressionWithoutReason } from './suppression-without-reason';
import { unusedSuppression } from './unused-suppression';

export const ALL_RULES: readonly Rule[] = [
  setupVersionChanged,
  setupVersionAdded,
  setupVersionRemoved,
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
  unusedSuppression,
  suppressionWithoutReason,
];

export const MODULE_XML_RULES: readonly ModuleXmlRule[] = ALL_RULES.filter((rule): rule is ModuleXmlRule => rule.target === 'module-xml');

export const SCHEMA_CHANGE_RULES: readonly SchemaChangeRule[] = ALL_RULES.filter((rule): rule is SchemaChangeRule => rule.target === 'schema-change');

const byId = new Map(ALL_RULES.map((rule) => [rule.id, rule]));

export function findRule(id: string): Rule | undefined {
  return byId.get(id);
}
