// Server room: quick fixes. Everything they need travels on the diagnostic's data (see diagnostics.ts).
import { CodeActionKind, type CodeAction, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { FindingFix } from './analysis/types';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { SELECT_RANGE_COMMAND, type DiagnosticData } from './protocol';

export interface CodeActionContext {
  /** The client applies workspace edits with documentChanges and `create` resource operations. */
  canCreateFiles: boolean;
  /** file: URI of a project path of the document's project; undefined when the document is in none. */
  uriOfProjectPath: (path: string) => string | undefined;
  /** The open document's version, so the client refuses the edit if the text moved on; null when unknown. */
  documentVersion: number | null;
}

export function codeActionsFor(uri: string, diagnostics: readonly Diagnostic[], context: CodeActionContext): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
    const data = diagnostic.data as DiagnosticData | undefined;
    if (!data) continue;
    for (const fix of data.fixes) {
      const edit = workspaceEditFor(uri, fix, context);
      if (!edit) continue;
      // One migration split serves all its destructive diagnostics: offer it once per request.
      const same = actions.find((action) => action.title === fix.title && fix.createFiles && JSON.stringify(action.edit) === JSON.stringify(edit));
      if (same) {
        same.diagnostics?.push(diagnostic);
        continue;
      }
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        // A fix that writes a new migration is a bigger step than an in-place edit: never the one applied by default.
        isPreferred: !fix.createFiles,
        edit,
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

function workspaceEditFor(uri: string, fix: FindingFix, context: CodeActionContext): WorkspaceEdit | undefined {
  if (!fix.createFiles || fix.createFiles.length === 0) return { changes: { [uri]: fix.edits } };
  if (!context.canCreateFiles) return undefined;
  const created = fix.createFiles.map((file) => ({ uri: context.uriOfProjectPath(file.path), text: file.text }));
  if (created.some((file) => file.uri === undefined)) return undefined;
  const start = { line: 0, character: 0 };
  return {
    documentChanges: [
      ...created.flatMap((file) => [
        { kind: 'create' as const, uri: file.uri!, options: { overwrite: false, ignoreIfExists: false } },
        { textDocument: { uri: file.uri!, version: null }, edits: [{ range: { start, end: start }, newText: file.text }] },
      ]),
      { textDocument: { uri, version: context.documentVersion }, edits: fix.edits },
    ],
  };
}
