// Analysis room (pure): values of the framework constants migrations use (Magento DDL types, EAV
// entity codes, Phinx adapter limits), so `Table::TYPE_TEXT` or `Product::ENTITY` read as constants.

import type { ScalarValue } from './symbolicValue';

/** Marks MysqlAdapter::FIRST (`'after' => MysqlAdapter::FIRST` puts a column first). */
export const PHINX_FIRST_POSITION = 'FIRST';

const EAV_ENTITY_CODES: Record<string, string> = {
  'Magento\\Catalog\\Model\\Product::ENTITY': 'catalog_product',
  'Magento\\Catalog\\Model\\Category::ENTITY': 'catalog_category',
  'Magento\\Customer\\Model\\Customer::ENTITY': 'customer',
  'Magento\\Catalog\\Api\\Data\\ProductAttributeInterface::ENTITY_TYPE_CODE': 'catalog_product',
  'Magento\\Catalog\\Api\\Data\\CategoryAttributeInterface::ENTITY_TYPE_CODE': 'catalog_category',
  'Magento\\Customer\\Api\\CustomerMetadataInterface::ENTITY_TYPE_CUSTOMER': 'customer',
  'Magento\\Customer\\Api\\AddressMetadataInterface::ENTITY_TYPE_ADDRESS': 'customer_address',
};

/** When the class is written without a resolvable `use`, its short name is enough for the common ones. */
const EAV_ENTITY_CODES_BY_SHORT_NAME: Record<string, string> = {
  'Product::ENTITY': 'catalog_product',
  'Category::ENTITY': 'catalog_category',
  'Customer::ENTITY': 'customer',
};

const PHINX_MYSQL_LIMITS: Record<string, number> = {
  TEXT_TINY: 255,
  TEXT_SMALL: 255,
  TEXT_REGULAR: 65535,
  TEXT_MEDIUM: 16777215,
  TEXT_LONG: 4294967295,
  BLOB_TINY: 255,
  BLOB_SMALL: 255,
  BLOB_REGULAR: 65535,
  BLOB_MEDIUM: 16777215,
  BLOB_LONG: 4294967295,
  INT_TINY: 255,
  INT_SMALL: 65535,
  INT_MEDIUM: 16777215,
  INT_REGULAR: 4294967295,
  INT_BIG: 18446744073709551615,
};

/**
 * The value of `Class::CONSTANT` for framework classes; `fullClassName` is resolved through `use`
 * statements (no leading backslash). undefined = not a constant this reader knows.
 */
export function knownClassConstant(fullClassName: string, constant: string): ScalarValue | undefined {
  const shortName = fullClassName.slice(fullClassName.lastIndexOf('\\') + 1);
  const key = `${fullClassName}::${constant}`;
  if (EAV_ENTITY_CODES[key] !== undefined) return EAV_ENTITY_CODES[key];
  if (EAV_ENTITY_CODES_BY_SHORT_NAME[`${shortName}::${constant}`] !== undefined) return EAV_ENTITY_CODES_BY_SHORT_NAME[`${shortName}::${constant}`];
  // Magento\Framework\DB\Ddl\Table: TYPE_TEXT = 'text', OPTION_NULLABLE = 'nullable', TIMESTAMP_INIT = 'TIMESTAMP_INIT'.
  if (shortName === 'Table') {
    if (/^(TYPE|OPTION)_[A-Z_]+$/.test(constant)) return constant.slice(constant.indexOf('_') + 1).toLowerCase();
    if (/^TIMESTAMP_[A-Z_]+$/.test(constant)) return constant;
  }
  // Magento's AdapterInterface::INDEX_TYPE_UNIQUE = 'unique'; Phinx's AdapterInterface::PHINX_TYPE_BIG_INTEGER = 'biginteger'.
  if (/^INDEX_TYPE_[A-Z]+$/.test(constant)) return constant.slice('INDEX_TYPE_'.length).toLowerCase();
  if (/^PHINX_TYPE_[A-Z_]+$/.test(constant)) return constant.slice('PHINX_TYPE_'.length).replace(/_/g, '').toLowerCase();
  if (/Adapter$/.test(shortName)) {
    if (PHINX_MYSQL_LIMITS[constant] !== undefined) return PHINX_MYSQL_LIMITS[constant];
    if (constant === 'FIRST') return PHINX_FIRST_POSITION;
  }
  return undefined;
}
