// Analysis room (pure): text edits on the options array of a Table API call (`addColumn('x', 'string',
// [...])`), written in the user's layout: one-line arrays stay one line, one-entry-per-line arrays get a
// new line at the same indentation.

import type { Position, TextReplacement } from '../types';
import type { PhinxCallSyntax } from './model';

export interface OptionEntry {
  key: string;
  /** PHP source of the value (`true`, `'a comment'`). */
  value: string;
}

/** A PHP single-quoted string literal of `text`. */
export function phpString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * Edits that make the options argument at `index` state `entries`. A stated key keeps its value unless
 * `overwrite` (then the value is replaced); a missing options argument is added after the last one.
 * undefined when the options are not an array literal written in the call, or an earlier argument is missing.
 */
export function optionEntryEdits(call: PhinxCallSyntax, index: number, entries: readonly OptionEntry[], overwrite: boolean): TextReplacement[] | undefined {
  const written = (entry: OptionEntry) => `${phpString(entry.key)} => ${entry.value}`;
  if (call.arguments.length === index && index > 0) {
    if (entries.length === 0) return [];
    const end = call.arguments[index - 1].range.end;
    return [{ range: { start: end, end }, newText: `, [${entries.map(written).join(', ')}]` }];
  }
  const array = call.arguments[index]?.array;
  if (!array) return undefined;
  const edits: TextReplacement[] = [];
  const missing: OptionEntry[] = [];
  for (const entry of entries) {
    const stated = array.entries.find((candidate) => candidate.key === entry.key);
    if (!stated) missing.push(entry);
    else if (overwrite) edits.push({ range: stated.valueRange, newText: entry.value });
  }
  if (missing.length === 0) return edits;
  const last = array.entries[array.entries.length - 1];
  if (!last) {
    edits.push({ range: { start: array.open, end: array.open }, newText: missing.map(written).join(', ') });
  } else {
    // Inserted after the last entry, so a trailing comma stays trailing.
    const separator = array.entryBreak !== undefined ? `,${array.entryBreak}` : ', ';
    const added = missing.map((entry) => `${separator}${written(entry)}`).join('');
    // One edit where the last entry's value is replaced too: edits touching at one point may be applied in either order.
    const replacingLast = edits.find((edit) => samePosition(edit.range.end, last.range.end));
    if (replacingLast) replacingLast.newText += added;
    else edits.push({ range: { start: last.range.end, end: last.range.end }, newText: added });
  }
  return edits;
}

function samePosition(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}
