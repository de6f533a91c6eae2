// Server room: hover over a flagged range explains the rule and links its documentation.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import { findRule } from './analysis/rules';
import { ruleDocsUrl } from './analysis/rules/rule';
import type { Finding } from './analysis/types';

function contains(finding: Finding, position: Position): boolean {
  const { start, end } = finding.range;
  const afterStart = position.line > start.line || (position.line === start.line && position.character >= start.character);
  const beforeEnd = position.line < end.line || (position.line === end.line && position.character <= end.character);
  return afterStart && beforeEnd;
}

export function hoverFor(findings: readonly Finding[], position: Position): Hover | null {
  const here = findings.filter((finding) => contains(finding, position));
  if (here.length === 0) return null;
  const sections = here.map((finding) => {
    const rule = findRule(finding.code);
    return [
      `**magento-zdd ${finding.severity}: \`${finding.code}\`**`,
      '',
      finding.message,
      ...(rule ? ['', `*Why:* ${rule.summary}`] : []),
      ...(finding.example ? ['', '*The safe way:*', '', '```php', finding.example, '```'] : []),
      '',
      `[Rule documentation: the safe way](${ruleDocsUrl(finding.code)}) · suppress with a \`zdd-ignore ${finding.code}: <reason>\` comment`,
    ].join('\n');
  });
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: here[0].range };
}
