// CLI room: the JSON format, positions 0-based as in LSP.
import type { FormatInput } from './format';

export function formatJson({ result }: FormatInput): string {
  const diagnostics = result.findings.map((finding) => ({
    file: finding.file,
    range: finding.range,
    severity: finding.severity,
    code: finding.code,
    message: finding.message,
  }));
  return `${JSON.stringify({ diagnostics, notices: result.notices.map((notice) => notice.message) }, null, 2)}\n`;
}
