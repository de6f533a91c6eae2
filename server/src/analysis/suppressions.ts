// Analysis room: `zdd-ignore` comments. A suppression names rule ids and should give a reason:
//   <!-- zdd-ignore setup-version-changed: vendor fork, deployed with the blue-green switch on -->
// It silences those rules on the element that follows it; `zdd-ignore-file` silences them in the file.
import { findRule } from './rules';
import type { TextLines } from './textLines';
import type { Finding, Position, Range, SuppressionEdit } from './types';
import type { XmlTokens } from './xml/xmlTokens';

export interface Suppression {
  ruleIds: string[];
  reason: string | undefined;
  /** Where the comment is (for unused/without-reason findings). */
  range: Range;
  /**
   * What the suppression covers, end exclusive; undefined for file-wide suppressions. Positions, not
   * offsets: a finding can then be matched without the file's text (a parallel check sends none).
   */
  covers: Range | undefined;
}

const SUPPRESSION = /^\s*zdd-ignore(-file)?\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*(?::\s*([\s\S]*?))?\s*$/;

export function parseSuppressionText(body: string): { fileWide: boolean; ruleIds: string[]; reason: string | undefined } | undefined {
  const match = SUPPRESSION.exec(body);
  if (!match) return undefined;
  const reason = match[3]?.trim();
  return { fileWide: Boolean(match[1]), ruleIds: match[2].split(',').map((id) => id.trim()), reason: reason ? reason : undefined };
}

export function collectXmlSuppressions(tokens: XmlTokens, lines: TextLines): Suppression[] {
  const suppressions: Suppression[] = [];
  for (const comment of tokens.comments) {
    const parsed = parseSuppressionText(comment.body);
    if (!parsed) continue;
    const next = tokens.startTags.find((tag) => tag.start >= comment.end);
    suppressions.push({
      ruleIds: parsed.ruleIds,
      reason: parsed.reason,
      range: lines.rangeOf(comment.start, comment.end),
      covers: parsed.fileWide ? undefined : next ? lines.rangeOf(next.start, next.elementEnd) : lines.rangeOf(comment.end, comment.end),
    });
  }
  return suppressions;
}

/**
 * Removes suppressed findings and adds the suppressions' own findings. `rulesThatRan` keeps a
 * suppression of a rule that could not run (no baseline, rule off) from being called unused.
 */
export function applySuppressions(
  findings: Finding[],
  suppressions: Suppression[],
  file: string,
  rulesThatRan: ReadonlySet<string>,
): { kept: Finding[]; suppressionFindings: Array<Omit<Finding, 'severity'>> } {
  const used = new Set<Suppression>();
  const kept = findings.filter((finding) => {
    const at = finding.range.start;
    const suppression = suppressions.find(
      (candidate) => candidate.ruleIds.includes(finding.code) && (!candidate.covers || (!isBefore(at, candidate.covers.start) && isBefore(at, candidate.covers.end))),
    );
    if (suppression) used.add(suppression);
    return !suppression;
  });
  const suppressionFindings: Array<Omit<Finding, 'severity'>> = [];
  for (const suppression of suppressions) {
    if (!suppression.reason) {
      suppressionFindings.push({
        file,
        range: suppression.range,
        code: 'suppression-without-reason',
        message: `zdd-ignore ${suppression.ruleIds.join(', ')} gives no reason; add ": <why this is safe>" so the next reader knows why the risk was accepted.`,
      });
    }
    const unknown = suppression.ruleIds.filter((id) => !findRule(id));
    if (unknown.length > 0) {
      suppressionFindings.push({ file, range: suppression.range, code: 'unused-suppression', message: `zdd-ignore names unknown rule id(s): ${unknown.join(', ')}.` });
    } else if (!used.has(suppression) && suppression.ruleIds.every((id) => rulesThatRan.has(id))) {
      suppressionFindings.push({
        file,
        range: suppression.range,
        code: 'unused-suppression',
        message: `zdd-ignore ${suppression.ruleIds.join(', ')} suppresses nothing here; remove it so it cannot hide a future problem.`,
      });
    }
  }
  return { kept, suppressionFindings };
}

/**
 * The edit that suppresses `ruleId` on the XML element holding `at`: a comment line above the
 * element's start tag, indented like it. `reasonRange` is where the placeholder reason lands, so the
 * editor can select it for the user to type over.
 */
export function xmlSuppressionEdit(tokens: XmlTokens, lines: TextLines, at: Range, ruleId: string): SuppressionEdit | undefined {
  const offset = lines.offsetAt(at.start);
  const holder = [...tokens.startTags].reverse().find((tag) => tag.start <= offset && offset < Math.max(tag.end, tag.elementEnd));
  if (!holder) return undefined;
  return commentLineAbove(lines, lines.positionAt(holder.start).line, (reason) => `<!-- zdd-ignore ${ruleId}: ${reason} -->`);
}

/**
 * For PHP: places a `// zdd-ignore` line above the statement holding each finding. Built once per
 * file: statements are sorted once, so each finding costs a binary search, not a scan.
 */
export function phpSuppressionPlacer(lines: TextLines, statements: readonly Range[]): (at: Range, ruleId: string) => SuppressionEdit {
  const sorted = statements
    .map((range) => ({ range, start: lines.offsetAt(range.start), end: lines.offsetAt(range.end) }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  return (at, ruleId) => {
    const offset = lines.offsetAt(at.start);
    let low = 0;
    let high = sorted.length - 1;
    let last = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (sorted[mid].start <= offset) {
        last = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    // The innermost holder is the latest-starting statement that still contains the offset.
    let holder: Range | undefined;
    for (let index = last; index >= 0; index--) {
      if (sorted[index].end >= offset) {
        holder = sorted[index].range;
        break;
      }
    }
    return commentLineAbove(lines, holder ? holder.start.line : at.start.line, (reason) => `// zdd-ignore ${ruleId}: ${reason}`);
  };
}

function commentLineAbove(lines: TextLines, line: number, comment: (reason: string) => string): SuppressionEdit {
  const indent = /^\s*/.exec(lines.lineText(line))?.[0] ?? '';
  const [prefix] = comment('\u0000').split('\u0000');
  return {
    edit: { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}${comment(SUPPRESSION_REASON_PLACEHOLDER)}\n` },
    reasonRange: { start: { line, character: indent.length + prefix.length }, end: { line, character: indent.length + prefix.length + SUPPRESSION_REASON_PLACEHOLDER.length } },
  };
}

export const SUPPRESSION_REASON_PLACEHOLDER = 'reason';

/**
 * Suppressions in a PHP migration. `// zdd-ignore ...` (or `#`, or a one-line block comment) applies
 * to the statement on the next line, or to the statement it ends; `zdd-ignore-file` to the file;
 * `-- zdd-ignore ...` inside SQL applies to the SQL statement that follows it. Statement ranges come
 * from the PHP parser (the migration reader), so only the comments themselves are found in the text.
 */
export function collectPhpSuppressions(text: string, lines: TextLines, statements: readonly Range[]): Suppression[] {
  const suppressions: Suppression[] = [];
  let from = 0;
  for (let guard = 0; guard < 10_000; guard++) {
    const at = text.indexOf('zdd-ignore', from);
    if (at < 0) break;
    from = at + 10;
    const { line } = lines.positionAt(at);
    const lineText = lines.lineText(line);
    const lineStart = lines.offsetAt({ line, character: 0 });
    const column = at - lineStart;
    const before = lineText.slice(0, column);
    const commentStart = commentOpening(before);
    if (commentStart === undefined) continue;
    const body = lineText.slice(column).replace(/\s*\*+\/\s*$/, '');
    const parsed = parseSuppressionText(body);
    if (!parsed) continue;
    const range = lines.rangeOf(lineStart + commentStart.index, lineStart + lineText.length);
    let covers: Suppression['covers'];
    if (!parsed.fileWide) {
      const trailing = commentStart.index > 0 && before.slice(0, commentStart.index).trim() !== '';
      covers = commentStart.sql ? sqlStatementAfter(lines, line) : trailing ? statementEndingOn(lines, statements, line) : statementAfter(lines, statements, line);
    }
    // A suppression with nothing after it covers nothing (and is reported unused).
    suppressions.push({ ruleIds: parsed.ruleIds, reason: parsed.reason, range, covers: parsed.fileWide ? undefined : (covers ?? lines.rangeOf(at, at)) });
  }
  return suppressions;
}

function isBefore(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function commentOpening(before: string): { index: number; sql: boolean } | undefined {
  const match = /(\/\/|#|\/\*+|--)\s*$/.exec(before);
  if (!match) return undefined;
  return { index: match.index, sql: match[1] === '--' };
}

function statementAfter(lines: TextLines, statements: readonly Range[], line: number): Suppression['covers'] {
  const next = statements.filter((range) => range.start.line > line).sort((a, b) => a.start.line - b.start.line || a.start.character - b.start.character)[0];
  return next ? lines.rangeOf(lines.offsetAt(next.start), lines.offsetAt(next.end)) : undefined;
}

function statementEndingOn(lines: TextLines, statements: readonly Range[], line: number): Suppression['covers'] {
  const holder = statements.find((range) => range.start.line <= line && range.end.line >= line);
  return holder ? lines.rangeOf(lines.offsetAt(holder.start), lines.offsetAt(holder.end)) : undefined;
}

/** A SQL comment covers the SQL statement that follows: up to the next line ending with `;`. */
function sqlStatementAfter(lines: TextLines, line: number): Suppression['covers'] {
  const start = lines.offsetAt({ line: line + 1, character: 0 });
  for (let next = line + 1; next < lines.lineCount; next++) {
    if (/;\s*$/.test(lines.lineText(next)) || next === lines.lineCount - 1) return lines.rangeOf(start, lines.offsetAt({ line: next, character: lines.lineText(next).length }));
  }
  return undefined;
}
