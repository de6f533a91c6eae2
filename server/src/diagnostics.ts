// Server room: analysis findings -> LSP diagnostics.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { ruleDocsUrl } from './analysis/rules/rule';
import type { Finding, Severity } from './analysis/types';
import type { DiagnosticData } from './protocol';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export const DIAGNOSTIC_SOURCE = 'magento-zdd';

export function toDiagnostics(findings: Finding[]): Diagnostic[] {
  return findings.map((finding) => {
    const data: DiagnosticData = { fixes: finding.fixes ?? [], suppression: finding.suppression };
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
