// Server room: analysis findings -> LSP diagnostics.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { parseModuleXml } from './analysis/moduleXml';
import { ruleDocsUrl } from './analysis/rules/rule';
import { xmlSuppressionEdit } from './analysis/suppressions';
import type { Finding, Severity } from './analysis/types';
import type { DiagnosticData } from './protocol';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export const DIAGNOSTIC_SOURCE = 'magento-zdd';

/** `text` is the document the findings were computed on; it places the suppression quick fix. */
export function toDiagnostics(findings: Finding[], text: string): Diagnostic[] {
  const document = findings.length > 0 ? parseModuleXml(text) : undefined;
  return findings.map((finding) => {
    const suppression = document ? xmlSuppressionEdit(document.tokens, document.lines, finding.range, finding.code) : undefined;
    const data: DiagnosticData = { fixes: finding.fixes ?? [], suppression };
    return {
      range: finding.range,
      severity: SEVERITY[finding.severity],
      code: finding.code,
      codeDescription: { href: ruleDocsUrl(finding.code) },
      source: DIAGNOSTIC_SOURCE,
      message: finding.message,
      data,
    };
  });
}
