// Server-client protocol extensions, in one file (both sides import it; it imports no runtime code).

/** Server -> client: the state the status bar shows. */
export const STATUS_NOTIFICATION = 'magentoZdd/status';

export interface StatusParams {
  state: 'checking' | 'done' | 'failed';
  errors: number;
  warnings: number;
  infos: number;
  filesChecked: number;
  /** Something that kept part of the check from running (no git baseline, invalid config). */
  notice?: string;
}

/** Client command the suppression quick fix runs after its edit, to select the placeholder reason. */
export const SELECT_RANGE_COMMAND = 'magentoZdd.selectRange';

/** Data carried on each diagnostic so code actions need no second analysis. */
export interface DiagnosticData {
  /** Fixes whose `createFiles` paths are project paths (the server resolves them against the project root). */
  fixes: Array<import('./analysis/types').FindingFix>;
  suppression?: import('./analysis/types').SuppressionEdit;
}
