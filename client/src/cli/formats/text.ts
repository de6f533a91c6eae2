// CLI room: compiler-style text output, `file:line:col severity code message`, 1-based like compilers.
import type { FormatInput } from './format';

export function formatText({ result }: FormatInput): string {
  const lines = result.findings.map(
    (finding) => `${finding.file}:${finding.range.start.line + 1}:${finding.range.start.character + 1} ${finding.severity} ${finding.code} ${finding.message}`,
  );
  const count = (severity: string) => result.findings.filter((finding) => finding.severity === severity).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(
    `${plural(result.filesChecked, 'file')} checked: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info`,
  );
  return `${lines.join('\n')}\n`;
}
