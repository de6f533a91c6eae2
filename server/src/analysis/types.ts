// Analysis room: plain data types shared by the rules, the language server and the CLI.
// Imports nothing from vscode or the LSP libraries; positions follow LSP (0-based, UTF-16 units).

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export interface TextReplacement {
  range: Range;
  newText: string;
}

/** A file a fix creates, with its whole text. */
export interface CreatedFile {
  /** Project path (relative to the project root, forward slashes). */
  path: string;
  text: string;
}

/** A fix the editor offers as a quick fix and the CLI can describe. */
export interface FindingFix {
  title: string;
  /** Edits of the finding's own file. */
  edits: TextReplacement[];
  /** New files (e.g. the contract half of a split migration); editors without file-creation support do not offer such a fix. */
  createFiles?: CreatedFile[];
}

/** The edit that adds a zdd-ignore comment for a finding; the editor selects `reasonRange` for typing. */
export interface SuppressionEdit {
  edit: TextReplacement;
  reasonRange: Range;
}

export interface Finding {
  /** Path relative to the project root, forward slashes. */
  file: string;
  range: Range;
  severity: Severity;
  code: string;
  message: string;
  fixes?: FindingFix[];
  /** The safe way with the user's names, as code (hover shows it). */
  example?: string;
  suppression?: SuppressionEdit;
}

/** Something the run could not do at all (no baseline, unreadable file), said once rather than per file. */
export interface Notice {
  message: string;
  /** Rules that were skipped because of it. */
  skippedRules?: string[];
}
