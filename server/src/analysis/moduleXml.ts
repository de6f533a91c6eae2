// Analysis room: reads a module.xml into the declarations the version rules need, with the exact
// ranges of the `name` and `setup_version` values so diagnostics and fixes land on them.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { TextLines } from './textLines';
import type { Range } from './types';
import { scanXml, type XmlAttributeToken, type XmlStartTagToken, type XmlTokens } from './xml/xmlTokens';

export interface AttributeValue {
  value: string;
  /** Range of the value inside the quotes. */
  valueRange: Range;
  /** Range from the whitespace before the attribute to its closing quote: what a removal deletes. */
  removalRange: Range;
}

export interface ModuleDeclaration {
  name: AttributeValue | undefined;
  setupVersion: AttributeValue | undefined;
  /** The pre-2.0 `version=` attribute, which Magento no longer reads. */
  legacyVersion: AttributeValue | undefined;
  /** Range of the `<module ...>` start tag. */
  tagRange: Range;
  tagStart: number;
}

export interface XmlSyntaxError {
  message: string;
  range: Range;
}

export interface ModuleXmlDocument {
  lines: TextLines;
  tokens: XmlTokens;
  syntaxError: XmlSyntaxError | undefined;
  rootElement: string | undefined;
  /** `<module>` elements directly under `<config>`. Found from the raw tags even when the XML is broken. */
  modules: ModuleDeclaration[];
}

const structureParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // libxml keeps attribute whitespace and module.xsd's patterns reject it: trimming would hide both.
  trimValues: false,
  isArray: (_name: string, _path: unknown, _isLeaf: boolean, isAttribute: boolean) => !isAttribute,
});

export function parseModuleXml(text: string): ModuleXmlDocument {
  const lines = new TextLines(text);
  const tokens = scanXml(text);
  const syntaxError = findSyntaxError(text, lines);
  const root = tokens.startTags.find((tag) => tag.depth === 0);
  const moduleTags = tokens.startTags.filter((tag) => tag.depth === 1 && tag.name === 'module' && tag.parent === 'config');
  const declarations = moduleTags.map((tag) => toDeclaration(tag, lines, text));
  return {
    lines,
    tokens,
    syntaxError,
    rootElement: root?.name,
    // The validator has vouched for the markup, so the scanned values are exact unless an entity
    // (&amp;, &#46;) needs decoding: only then is the object tree worth building.
    modules: syntaxError || !moduleTags.some((tag) => tag.attributes.some((attribute) => attribute.value.includes('&'))) ? declarations : withParsedValues(text, declarations),
  };
}

function findSyntaxError(text: string, lines: TextLines): XmlSyntaxError | undefined {
  if (text.trim() === '') return { message: 'the file is empty', range: lines.rangeOf(0, 0) };
  if (text.includes('\u0000')) return { message: 'the file is binary (it contains NUL bytes), not XML', range: lines.rangeOf(0, 0) };
  const result = XMLValidator.validate(text);
  if (result === true) return undefined;
  // Some validator errors ("Start tag expected.") come without a column, or without a line.
  const line = Number.isFinite(result.err.line) ? Math.max(0, result.err.line - 1) : 0;
  const character = Number.isFinite(result.err.col) ? Math.max(0, result.err.col - 1) : 0;
  const lineLength = lines.lineText(line).length;
  return {
    message: result.err.msg,
    range: { start: { line, character }, end: { line, character: Math.max(character + 1, lineLength) } },
  };
}

// On a well-formed file the values come from fast-xml-parser (entities decoded); the position pass
// only contributes ranges. Should the two ever disagree on the modules, the parser's values win and
// the ranges fall back to the start tag, so a diagnostic is never placed on the wrong attribute.
function withParsedValues(text: string, declarations: ModuleDeclaration[]): ModuleDeclaration[] {
  let parsed: { config?: Array<{ module?: Array<Record<string, unknown>> }> };
  try {
    parsed = structureParser.parse(text) as typeof parsed;
  } catch {
    // fast-xml-parser refuses some names it validated (e.g. <constructor>); the raw tags still hold.
    return declarations;
  }
  const modules = parsed.config?.[0]?.module ?? [];
  return modules.map((module, index) => {
    const scanned = declarations[index];
    const fallbackRange = scanned?.tagRange ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const value = (attribute: string, scannedValue: AttributeValue | undefined): AttributeValue | undefined => {
      const raw = module[`@${attribute}`];
      if (raw === undefined) return undefined;
      const decoded = String(raw);
      if (scannedValue && scannedValue.value === decoded) return scannedValue;
      return { value: decoded, valueRange: scannedValue?.valueRange ?? fallbackRange, removalRange: scannedValue?.removalRange ?? fallbackRange };
    };
    return {
      name: value('name', scanned?.name),
      setupVersion: value('setup_version', scanned?.setupVersion),
      legacyVersion: value('version', scanned?.legacyVersion),
      tagRange: fallbackRange,
      tagStart: scanned?.tagStart ?? 0,
    };
  });
}

function toDeclaration(tag: XmlStartTagToken, lines: TextLines, text: string): ModuleDeclaration {
  const attribute = (name: string) => toAttributeValue(tag.attributes.find((candidate) => candidate.name === name), lines, text);
  return {
    name: attribute('name'),
    setupVersion: attribute('setup_version'),
    legacyVersion: attribute('version'),
    tagRange: lines.rangeOf(tag.start, tag.end),
    tagStart: tag.start,
  };
}

function toAttributeValue(token: XmlAttributeToken | undefined, lines: TextLines, text: string): AttributeValue | undefined {
  if (!token) return undefined;
  let removalStart = token.nameStart;
  while (removalStart > 0 && /[ \t]/.test(text[removalStart - 1])) removalStart--;
  return {
    value: token.value,
    valueRange: lines.rangeOf(token.valueStart, token.valueEnd),
    removalRange: lines.rangeOf(removalStart, token.end),
  };
}
