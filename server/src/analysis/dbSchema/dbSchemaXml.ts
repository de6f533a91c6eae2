// Analysis room: reads a Magento declarative schema file (etc/db_schema.xml) into tables, columns,
// constraints and indexes, each with the range of its start tag and of its attribute values. Same
// approach as moduleXml.ts: fast-xml-parser decides well-formedness, structure and (entity-decoded)
// values; scanXml only contributes positions. Never throws: broken input gives `syntaxError` plus what
// the raw tags still show. Imports no vscode/LSP.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { XmlSyntaxError } from '../moduleXml';
import { TextLines } from '../textLines';
import type { Range } from '../types';
import { scanXml, type XmlStartTagToken } from '../xml/xmlTokens';

export interface DbSchemaAttribute {
  /** Entity-decoded value. */
  value: string;
  /** Range of the value inside its quotes (the start tag when the position pass could not place it). */
  valueRange: Range;
}

interface DbSchemaElement {
  /** Range of the element's start tag. */
  tagRange: Range;
  /** Every attribute as written, by its qualified name (`xsi:type`, `name`, ...). */
  attributes: Readonly<Record<string, DbSchemaAttribute>>;
  /** `disabled="true"`: Magento leaves the element out of the declaration, so it is dropped. */
  disabled: boolean;
}

export interface DbSchemaColumn extends DbSchemaElement {
  name: string;
  /** The `xsi:type` as written, lower-cased (int, varchar, decimal, timestamp, ...). */
  xsiType: string | undefined;
  /** Stated attributes only; columnDefinitionOf() applies Magento's defaults. */
  nullable?: boolean;
  identity?: boolean;
  unsigned?: boolean;
  length?: number;
  precision?: number;
  scale?: number;
  padding?: number;
  default?: string;
  onUpdate?: string;
  comment?: string;
  onCreate?: string;
}

export interface DbSchemaConstraint extends DbSchemaElement {
  /** primary | unique | foreign as written (lower-cased); anything else is kept for reporting. */
  xsiType: string | undefined;
  referenceId: string | undefined;
  /** primary/unique: the nested `<column name>`s in order; foreign: its single `column` attribute. */
  columns: string[];
  referenceTable?: string;
  referenceColumn?: string;
  /** Upper-cased; Magento's default is CASCADE. */
  onDelete?: string;
}

export interface DbSchemaIndex extends DbSchemaElement {
  referenceId: string | undefined;
  /** btree | fulltext | hash as written (lower-cased); Magento treats a missing one as a plain index. */
  indexType: string | undefined;
  columns: string[];
}

export interface DbSchemaTable extends DbSchemaElement {
  name: string;
  resource?: string;
  engine?: string;
  comment?: string;
  charset?: string;
  collation?: string;
  onCreate?: string;
  columns: DbSchemaColumn[];
  constraints: DbSchemaConstraint[];
  indexes: DbSchemaIndex[];
}

/** A value Magento would reject when it loads the file (it throws during setup:upgrade). */
export interface DbSchemaValueProblem {
  message: string;
  range: Range;
}

export interface DbSchemaDocument {
  lines: TextLines;
  syntaxError: XmlSyntaxError | undefined;
  rootElement: string | undefined;
  /** `<table>` elements under `<schema>`, in document order (from the raw tags when the XML is broken). */
  tables: DbSchemaTable[];
  valueProblems: DbSchemaValueProblem[];
}

/** One element with its attributes, as either fast-xml-parser or the position pass saw it. */
interface ElementRecord {
  name: string;
  depth: number;
  attributes: Record<string, DbSchemaAttribute>;
  tagRange: Range;
}

const ZERO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

const orderedParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseAttributeValue: false,
  // fast-xml-parser only decodes numeric character references (&#65;) with htmlEntities on; the DOM
  // Magento uses decodes them too.
  htmlEntities: true,
});

export function parseDbSchemaXml(text: string): DbSchemaDocument {
  const lines = new TextLines(text);
  try {
    const scanned = scanXml(text);
    const syntaxError = findSyntaxError(text, lines, scanned.startTags);
    const scannedRecords = scanned.startTags.map((tag) => recordFromScan(tag, lines));
    const parsedRecords = syntaxError ? undefined : recordsFromParser(text, scannedRecords);
    const records = parsedRecords ?? scannedRecords.map(decodeRecordValues);
    const root = records.find((record) => record.depth === 0);
    const valueProblems: DbSchemaValueProblem[] = [];
    const tables = root?.name === 'schema' ? buildTables(records, valueProblems) : [];
    return { lines, syntaxError, rootElement: root?.name, tables, valueProblems };
  } catch (error) {
    // Defensive: the parsers are not supposed to throw on any input, but a lint must never crash on a file.
    const message = error instanceof Error ? error.message : String(error);
    return { lines, syntaxError: { message: `the file could not be read as XML (${message})`, range: ZERO_RANGE }, rootElement: undefined, tables: [], valueProblems: [] };
  }
}

/**
 * Whether a table element only adds to a table another module (or Magento core) declares, as
 * `<table name="sales_order"><column .../></table>` does. `declaredElsewhere` answers it when the caller
 * knows the other modules' tables; otherwise a table with no primary key and no resource, engine,
 * comment or onCreate attribute is taken for such an extension (owners state those; extensions rarely do).
 */
export function extendsTableDeclaredElsewhere(table: DbSchemaTable, declaredElsewhere: ReadonlySet<string> | undefined): boolean {
  if (declaredElsewhere) return declaredElsewhere.has(table.name);
  const ownsTable =
    table.constraints.some((constraint) => constraint.xsiType === 'primary') ||
    ['resource', 'engine', 'comment', 'onCreate'].some((attribute) => attribute in table.attributes);
  return !ownsTable;
}

function findSyntaxError(text: string, lines: TextLines, startTags: XmlStartTagToken[]): XmlSyntaxError | undefined {
  if (text.trim() === '') return { message: 'the file is empty', range: lines.rangeOf(0, 0) };
  if (text.includes('\u0000')) return { message: 'the file is binary (it contains NUL bytes), not XML', range: lines.rangeOf(0, 0) };
  const result = XMLValidator.validate(text);
  if (result !== true) {
    // Elements left open (a truncated file) are reported at 1:1 as "Unclosed tag 'schema'." or, for
    // several, "Invalid '[ \"schema\", \"table\"]' found.": point at the end of the file instead.
    const unclosed = unclosedElements(result.err.msg);
    if (unclosed) {
      const innermost = unclosed[unclosed.length - 1] ?? 'an element';
      return { message: `the file ends before <${innermost}> is closed (still open: ${unclosed.join(', ')})`, range: lines.rangeOf(text.length, text.length) };
    }
    // Some messages ("Start tag expected.") come without a column.
    const line = Math.max(0, (Number.isFinite(result.err.line) ? result.err.line : 1) - 1);
    const character = Math.max(0, (Number.isFinite(result.err.col) ? result.err.col : 1) - 1);
    const lineLength = lines.lineText(line).length;
    return { message: result.err.msg, range: { start: { line, character }, end: { line, character: Math.max(character + 1, lineLength) } } };
  }
  // XMLValidator accepts several top-level elements; the DOM Magento loads with does not.
  const roots = startTags.filter((tag) => tag.depth === 0);
  if (roots.length > 1) {
    return { message: `only one root element is allowed, found a second one <${roots[1].name}>`, range: lines.rangeOf(roots[1].start, roots[1].end) };
  }
  return undefined;
}

function unclosedElements(message: string): string[] | undefined {
  const single = /^Unclosed tag '([^']*)'\.$/.exec(message);
  if (single) return [single[1]];
  const several = /^Invalid '\[([\s\S]*)\]' found\.$/.exec(message);
  return several ? [...several[1].matchAll(/"([^"]*)"/g)].map((match) => match[1]) : undefined;
}

function recordFromScan(tag: XmlStartTagToken, lines: TextLines): ElementRecord {
  const attributes = emptyAttributeMap();
  for (const attribute of tag.attributes) {
    if (!(attribute.name in attributes)) {
      attributes[attribute.name] = { value: attribute.value, valueRange: lines.rangeOf(attribute.valueStart, attribute.valueEnd) };
    }
  }
  return { name: tag.name, depth: tag.depth, attributes, tagRange: lines.rangeOf(tag.start, tag.end) };
}

// No prototype: attribute names such as `constructor` or `__proto__` are plain keys.
function emptyAttributeMap(): Record<string, DbSchemaAttribute> {
  return Object.create(null) as Record<string, DbSchemaAttribute>;
}

// Raw-tag fallback (broken files) only; on well-formed files fast-xml-parser's decoded values are used.
function decodeRecordValues(record: ElementRecord): ElementRecord {
  const attributes = emptyAttributeMap();
  for (const [name, attribute] of Object.entries(record.attributes)) attributes[name] = { ...attribute, value: decodeXmlText(attribute.value) };
  return { ...record, attributes };
}

function decodeXmlText(raw: string): string {
  return raw.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (whole, entity: string) => {
    switch (entity) {
      case 'lt': return '<';
      case 'gt': return '>';
      case 'amp': return '&';
      case 'quot': return '"';
      case 'apos': return "'";
    }
    const code = entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

type OrderedNode = Record<string, unknown>;

const MATCH_LOOKAHEAD = 64;

/**
 * Elements in document order as fast-xml-parser sees them, each given the ranges of the raw start
 * tag at the same place (same name and depth, next in order). Should the two passes ever disagree,
 * the parser's structure and values win and the ranges fall back to the nearest matched tag.
 */
function recordsFromParser(text: string, scanned: ElementRecord[]): ElementRecord[] | undefined {
  let tree: unknown;
  try {
    tree = orderedParser.parse(text);
  } catch {
    // fast-xml-parser refuses names such as `constructor` (prototype pollution guard) on files its own
    // validator accepts: the raw tags, decoded here, describe such a file just as well.
    return undefined;
  }
  if (!Array.isArray(tree)) return undefined;
  const records: ElementRecord[] = [];
  let cursor = 0;
  let lastRange = ZERO_RANGE;
  const visit = (nodes: unknown[], depth: number): void => {
    for (const node of nodes) {
      if (typeof node !== 'object' || node === null) continue;
      const entry = node as OrderedNode;
      const name = Object.keys(entry).find((key) => key !== ':@' && !key.startsWith('#') && !key.startsWith('?') && !key.startsWith('!'));
      if (name === undefined) continue;
      let match = -1;
      // A bounded look-ahead keeps a (theoretical) disagreement from turning quadratic.
      for (let i = cursor; i < Math.min(scanned.length, cursor + MATCH_LOOKAHEAD); i++) {
        if (scanned[i].name === name && scanned[i].depth === depth) {
          match = i;
          break;
        }
      }
      const scannedRecord = match >= 0 ? scanned[match] : undefined;
      if (scannedRecord) {
        cursor = match + 1;
        lastRange = scannedRecord.tagRange;
      }
      const parsedAttributes = (entry[':@'] ?? {}) as Record<string, unknown>;
      const attributes = emptyAttributeMap();
      for (const [attributeName, rawValue] of Object.entries(parsedAttributes)) {
        const value = String(rawValue);
        const scannedAttribute = scannedRecord?.attributes[attributeName];
        attributes[attributeName] = { value, valueRange: scannedAttribute?.valueRange ?? scannedRecord?.tagRange ?? lastRange };
      }
      records.push({ name, depth, attributes, tagRange: scannedRecord?.tagRange ?? lastRange });
      const children = entry[name];
      if (Array.isArray(children)) visit(children, depth + 1);
    }
  };
  visit(tree, 0);
  return records;
}

function buildTables(records: ElementRecord[], problems: DbSchemaValueProblem[]): DbSchemaTable[] {
  const tables: DbSchemaTable[] = [];
  let table: DbSchemaTable | undefined;
  let group: DbSchemaConstraint | DbSchemaIndex | undefined;
  const read = new AttributeReader(problems);
  for (const record of records) {
    if (record.depth === 1) {
      group = undefined;
      table = record.name === 'table' ? toTable(record, read) : undefined;
      if (table) tables.push(table);
    } else if (record.depth === 2 && table) {
      group = undefined;
      if (record.name === 'column') {
        const column = toColumn(record, read);
        if (column) table.columns.push(column);
      } else if (record.name === 'constraint') {
        group = toConstraint(record, read);
        table.constraints.push(group);
      } else if (record.name === 'index') {
        group = toIndex(record, read);
        table.indexes.push(group);
      }
    } else if (record.depth === 3 && group && record.name === 'column') {
      const memberName = record.attributes.name?.value;
      // A foreign key names its column in an attribute; nested columns belong to primary/unique/index.
      const isForeignKey = 'xsiType' in group && group.xsiType === 'foreign';
      if (memberName && !isForeignKey) group.columns.push(memberName);
    }
  }
  return tables;
}

function toTable(record: ElementRecord, read: AttributeReader): DbSchemaTable | undefined {
  const name = read.required(record, 'name', '<table> has no name attribute; Magento requires one.');
  if (name === undefined) return undefined;
  return {
    name,
    resource: read.text(record, 'resource'),
    engine: read.text(record, 'engine')?.toLowerCase(),
    comment: read.text(record, 'comment'),
    charset: read.text(record, 'charset'),
    collation: read.text(record, 'collation'),
    onCreate: read.text(record, 'onCreate'),
    disabled: read.boolean(record, 'disabled') ?? false,
    tagRange: record.tagRange,
    attributes: record.attributes,
    columns: [],
    constraints: [],
    indexes: [],
  };
}

function toColumn(record: ElementRecord, read: AttributeReader): DbSchemaColumn | undefined {
  const name = read.required(record, 'name', '<column> has no name attribute; Magento requires one.');
  if (name === undefined) return undefined;
  return {
    name,
    xsiType: read.text(record, 'xsi:type')?.toLowerCase(),
    nullable: read.boolean(record, 'nullable'),
    identity: read.boolean(record, 'identity'),
    unsigned: read.boolean(record, 'unsigned'),
    length: read.integer(record, 'length'),
    precision: read.integer(record, 'precision'),
    scale: read.integer(record, 'scale'),
    padding: read.integer(record, 'padding'),
    default: read.text(record, 'default'),
    onUpdate: read.text(record, 'on_update'),
    comment: read.text(record, 'comment'),
    onCreate: read.text(record, 'onCreate'),
    disabled: read.boolean(record, 'disabled') ?? false,
    tagRange: record.tagRange,
    attributes: record.attributes,
  };
}

function toConstraint(record: ElementRecord, read: AttributeReader): DbSchemaConstraint {
  const xsiType = read.text(record, 'xsi:type')?.toLowerCase();
  const column = read.text(record, 'column');
  return {
    xsiType,
    referenceId: read.text(record, 'referenceId'),
    columns: xsiType === 'foreign' && column !== undefined ? [column] : [],
    referenceTable: read.text(record, 'referenceTable'),
    referenceColumn: read.text(record, 'referenceColumn'),
    onDelete: read.text(record, 'onDelete')?.toUpperCase(),
    disabled: read.boolean(record, 'disabled') ?? false,
    tagRange: record.tagRange,
    attributes: record.attributes,
  };
}

function toIndex(record: ElementRecord, read: AttributeReader): DbSchemaIndex {
  return {
    referenceId: read.text(record, 'referenceId'),
    indexType: read.text(record, 'indexType')?.toLowerCase(),
    columns: [],
    disabled: read.boolean(record, 'disabled') ?? false,
    tagRange: record.tagRange,
    attributes: record.attributes,
  };
}

/** Typed attribute access; values Magento would reject are reported and read as "not stated". */
class AttributeReader {
  constructor(private readonly problems: DbSchemaValueProblem[]) {}

  text(record: ElementRecord, name: string): string | undefined {
    return record.attributes[name]?.value;
  }

  required(record: ElementRecord, name: string, message: string): string | undefined {
    const value = record.attributes[name]?.value;
    if (value === undefined || value.trim() === '') {
      this.problems.push({ message, range: record.tagRange });
      return undefined;
    }
    return value;
  }

  // Magento casts with BooleanUtils::toBoolean: true/false/1/0 (as xs:boolean allows); anything else throws.
  boolean(record: ElementRecord, name: string): boolean | undefined {
    const attribute = record.attributes[name];
    if (!attribute) return undefined;
    const value = attribute.value.trim().toLowerCase();
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    this.problems.push({ message: `${name}="${attribute.value}" is not a boolean; Magento accepts true, false, 1 or 0.`, range: attribute.valueRange });
    return undefined;
  }

  integer(record: ElementRecord, name: string): number | undefined {
    const attribute = record.attributes[name];
    if (!attribute) return undefined;
    if (!/^\s*\d+\s*$/.test(attribute.value)) {
      this.problems.push({ message: `${name}="${attribute.value}" is not a whole number.`, range: attribute.valueRange });
      return undefined;
    }
    return Number(attribute.value);
  }
}
