// Server room: quick fixes. Everything they need travels on the diagnostic's data (see diagnostics.ts).
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver/node';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { SELECT_RANGE_COMMAND, type DiagnosticData } from './protocol';

export function codeActionsFor(uri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
    const data = diagnostic.data as DiagnosticData | undefined;
    if (!data) continue;
    for (const fix of data.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: { changes: { [uri]: fix.edits } },
      });
    }
    if (data.suppression) {
      actions.push({
        title: `Suppress: ${String(diagnostic.code)} (add a reason)`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [uri]: [data.suppression.edit] } },
        command: { title: 'Select the reason', command: SELECT_RANGE_COMMAND, arguments: [uri, data.suppression.reasonRange] },
      });
    }
  }
  return actions;
}
