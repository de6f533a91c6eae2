// Analysis room (pure): reading php-parser nodes structurally (the library's TypeScript types do not
// cover every field the migration reader uses) and the bits of PHP semantics it needs.

import type { ScalarValue } from './symbolicValue';

/** A php-parser node, read structurally (its TypeScript types do not cover every field used here). */
export interface AstNode {
  kind: string;
  loc?: { start: { offset: number }; end: { offset: number } } | null;
  [key: string]: unknown;
}

/** A class name as PHP resolves it: fully qualified, through `use`, or in the current namespace. */
export function resolveClassName(node: AstNode, context: { uses: ReadonlyMap<string, string>; namespace: string | undefined }): string {
  const written = String(node.name);
  if (node.resolution === 'fqn' || written.startsWith('\\')) return written.replace(/^\\/, '');
  const [first, ...rest] = written.split('\\');
  const imported = context.uses.get(first.toLowerCase());
  if (imported) return [imported, ...rest].join('\\');
  return context.namespace ? `${context.namespace}\\${written}` : written;
}

export function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';
}

export function asNodes(value: unknown): AstNode[] {
  return Array.isArray(value) ? value.filter(isNode) : [];
}

export function isPropertyLookup(node: AstNode | null | undefined): boolean {
  return node?.kind === 'propertylookup' || node?.kind === 'nullsafepropertylookup';
}

export function identifierName(node: AstNode | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.kind === 'identifier' && typeof node.name === 'string') return node.name;
  return undefined;
}

export function lowerName(node: unknown): string {
  const name = isNode(node) ? identifierName(node) : typeof node === 'string' ? node : undefined;
  return (name ?? '').toLowerCase();
}

export function variableName(node: AstNode | null | undefined): string | undefined {
  if (!node || node.kind !== 'variable') return undefined;
  return typeof node.name === 'string' ? node.name : undefined;
}

export function collectVariables(node: AstNode): string[] {
  const names: string[] = [];
  const pending: AstNode[] = [node];
  while (pending.length > 0) {
    const current = pending.pop() as AstNode;
    const name = variableName(current);
    if (name !== undefined) names.push(name);
    for (const [key, child] of Object.entries(current)) {
      if (key === 'loc') continue;
      if (Array.isArray(child)) pending.push(...child.filter(isNode));
      else if (isNode(child)) pending.push(child);
    }
  }
  return names;
}

/** PHP 8 named arguments carry their value inside. */
export function argumentValue(node: AstNode): AstNode {
  return node.kind === 'namedargument' && isNode(node.value) ? node.value : node;
}

export function parsePhpNumber(raw: string): number {
  const text = raw.replace(/_/g, '');
  if (/^0[xX]/.test(text)) return parseInt(text.slice(2), 16);
  if (/^0[bB]/.test(text)) return parseInt(text.slice(2), 2);
  if (/^0[oO]?[0-7]+$/.test(text) && text.length > 1) return parseInt(text.replace(/^0[oO]?/, ''), 8);
  return Number(text);
}

export function phpToString(value: ScalarValue): string {
  if (value === null || value === false) return '';
  if (value === true) return '1';
  return String(value);
}


/** `/[;\s]/` for one UTF-16 code unit, without a one-character string per test (spans of every call trim with it). */
export function isSemicolonOrSpace(code: number): boolean {
  if (code === 59 || code === 32 || (code >= 9 && code <= 13)) return true;
  if (!(code >= 0xa0)) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/**
 * source.lastIndexOf('->', from), by hand: the arrow is a character or two before a method name, and
 * the runtime call of lastIndexOf cost more than the search for each call of a migration.
 */
export function lastArrowAtOrBefore(source: string, from: number): number {
  for (let index = Math.min(Math.max(from, 0), source.length - 2); index >= 0; index--) {
    if (source.charCodeAt(index) === 45 && source.charCodeAt(index + 1) === 62) return index;
  }
  return -1;
}
