// Test helper for the declarative schema tests: fixture text, a minimal db_schema.xml around inline
// tables, and the range of a whole start tag found from a piece of it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Range } from '../../../server/src/analysis/types';
import { positionAtOffset } from '../../helpers/positions';

const FIXTURE_DIR = join(__dirname, '..', '..', 'fixtures', 'db-schema');

/** Text of test/fixtures/db-schema/<name>. */
export function dbSchemaFixture(name: string): string {
  return readFileSync(join(FIXTURE_DIR, name), 'utf8');
}

/** A db_schema.xml as Magento modules write it, around `tables` (indented table elements). */
export function schemaXml(tables: string): string {
  return [
    '<?xml version="1.0"?>',
    '<schema xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
    '        xsi:noNamespaceSchemaLocation="urn:magento:framework:Setup/Declaration/Schema/etc/schema.xsd">',
    tables.replace(/^\n+|\s+$/g, ''),
    '</schema>',
    '',
  ].join('\n');
}

/** Range of the start tag containing the `occurrence`-th `needle`: from its `<` to its `>`. */
export function startTagRange(text: string, needle: string, occurrence = 0): Range {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${JSON.stringify(needle)} occurs fewer than ${occurrence + 1} times`);
  }
  const start = text.lastIndexOf('<', at);
  const end = text.indexOf('>', at) + 1;
  return { start: positionAtOffset(text, start), end: positionAtOffset(text, end) };
}

export const FILE_START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
