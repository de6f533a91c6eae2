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

/**
 * Client -> server: the selected environment's setup_module (read by the client's engine), which the
 * server hands to rule setup-version-drift for every module.xml. `snapshot: null` clears it (no
 * environment selected, or its setup_module cannot be read). A Map does not survive JSON, so the
 * modules travel as an object.
 */
export const SETUP_MODULE_SNAPSHOT_NOTIFICATION = 'magentoZdd/setupModuleSnapshot';

export interface SetupModuleSnapshotParams {
  /** The Magento root it belongs to (as findMagentoRoot gives it); every project when absent. */
  root?: string;
  snapshot: {
    environment: string;
    modules: Record<string, { schemaVersion: string | null; dataVersion: string | null }>;
    requestCheckDisabled?: boolean;
  } | null;
}

type SetupModuleSnapshot = import('./analysis/setupModuleDrift').SetupModuleSnapshot;

export function toSetupModuleSnapshotParams(snapshot: SetupModuleSnapshot | undefined, root?: string): SetupModuleSnapshotParams {
  if (!snapshot) return { root, snapshot: null };
  const modules = Object.fromEntries([...snapshot.modules].map(([name, row]) => [name, { schemaVersion: row.schemaVersion, dataVersion: row.dataVersion }]));
  return { root, snapshot: { environment: snapshot.environment, modules, requestCheckDisabled: snapshot.requestCheckDisabled } };
}

export function fromSetupModuleSnapshotParams(params: SetupModuleSnapshotParams): SetupModuleSnapshot | undefined {
  if (!params.snapshot) return undefined;
  const { environment, modules, requestCheckDisabled } = params.snapshot;
  return { environment, modules: new Map(Object.entries(modules)), requestCheckDisabled };
}
