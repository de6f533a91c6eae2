// Server room: the LSP wiring. Documents in, diagnostics/hover/code actions out; all judgement lives
// in ./analysis. Every handler is guarded: the server reports what failed and keeps answering.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionKind,
  FileChangeType,
  ResourceOperationKind,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { findMagentoRoot, listBespokeModuleXmlFiles } from './analysis/project';
import { toProjectPath } from './analysis/projectFiles';
import type { SetupModuleSnapshot } from './analysis/setupModuleDrift';
import type { Finding } from './analysis/types';
import { codeActionsFor } from './codeActions';
import { toDiagnostics } from './diagnostics';
import { hoverFor } from './hover';
import { ProjectSession } from './projectSession';
import {
  fromSetupModuleSnapshotParams,
  SETUP_MODULE_SNAPSHOT_NOTIFICATION,
  STATUS_NOTIFICATION,
  type SetupModuleSnapshotParams,
  type StatusParams,
} from './protocol';

const PROJECT_FILES = /(^|\/)(magento-zdd\.json|phinx\.php|composer\.lock)$/;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const sessions: ProjectSession[] = [];
  const findingsByUri = new Map<string, Finding[]>();
  // Kept up to date by publish(): the status after an edit must not walk every finding of the workspace.
  const totals: Record<Finding['severity'], number> = { error: 0, warning: 0, info: 0 };
  const countInto = (findings: readonly Finding[], sign: 1 | -1) => {
    for (const finding of findings) totals[finding.severity] += sign;
  };
  const noticesShown = new Set<string>();
  let workspaceRoots: string[] = [];
  let filesInLastCheck = 0;
  /** The client can apply a WorkspaceEdit that creates files (the migration split needs it). */
  let clientCreatesFiles = false;
  /** setup_module snapshots the client sent, by Magento root ('' = every project); kept for sessions created later. */
  const setupModules = new Map<string, SetupModuleSnapshot | undefined>();

  const log = (message: string) => connection.console.log(message);
  const guard = async <T>(what: string, work: () => Promise<T> | T): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      connection.console.error(`magento-zdd: ${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return undefined;
    }
  };

  function locate(uri: string): { session: ProjectSession; file: string } | undefined {
    if (!uri.startsWith('file:')) return undefined;
    const path = fileURLToPath(uri);
    const owners = sessions.filter((session) => path.startsWith(`${session.root}/`)).sort((a, b) => b.root.length - a.root.length);
    const session = owners[0];
    return session ? { session, file: toProjectPath(session.root, path) } : undefined;
  }

  function publish(uri: string, findings: Finding[], version?: number): void {
    const previous = findingsByUri.get(uri);
    if (previous) countInto(previous, -1);
    countInto(findings, 1);
    if (findings.length === 0) findingsByUri.delete(uri);
    else findingsByUri.set(uri, findings);
    void connection.sendDiagnostics({ uri, version, diagnostics: toDiagnostics(findings) });
  }

  function sendStatus(state: StatusParams['state'], filesChecked = filesInLastCheck): void {
    const notices = sessions.flatMap((session) => session.notices());
    const params: StatusParams = {
      state,
      errors: totals.error,
      warnings: totals.warning,
      infos: totals.info,
      filesChecked,
      notice: notices.map((notice) => notice.message).join(' ') || undefined,
    };
    void connection.sendNotification(STATUS_NOTIFICATION, params);
  }

  // Each notice is shown once per server lifetime: a missing baseline is a fact, not news on every edit.
  function showNewNotices(): void {
    for (const notice of sessions.flatMap((session) => session.notices())) {
      if (noticesShown.has(notice.message)) continue;
      noticesShown.add(notice.message);
      log(`notice: ${notice.message}`);
      void connection.window.showWarningMessage(`Magento ZDD: ${notice.message}`);
    }
  }

  async function checkDocument(document: TextDocument): Promise<void> {
    const target = locate(document.uri);
    if (!target || !target.session.checker.kindOf(target.file)) return;
    const version = document.version;
    const findings = await target.session.checker.checkFile(target.file, document.getText(), { editing: true });
    // A newer edit may have been analysed while this one waited for git: never publish stale results.
    if (documents.get(document.uri)?.version !== version) return;
    publish(document.uri, findings, version);
  }

  async function checkSession(session: ProjectSession): Promise<number> {
    const uriOf = (file: string) => pathToFileURL(`${session.root}/${file}`).href;
    const checked = await session.checker.checkAll(async (file) => documents.get(uriOf(file))?.getText() ?? (await session.checker.readText(file)));
    for (const { file, findings } of checked) publish(uriOf(file), findings, documents.get(uriOf(file))?.version);
    return checked.length;
  }

  /** Re-checks a file from the editor if it is open there, else from disk (and clears it when it is gone). */
  async function recheck(session: ProjectSession, file: string): Promise<void> {
    const uri = pathToFileURL(`${session.root}/${file}`).href;
    const open = documents.get(uri);
    if (open) return checkDocument(open);
    const text = await session.checker.readText(file);
    if (text === undefined) {
      session.checker.forgetFile(file);
      publish(uri, []);
      return;
    }
    publish(uri, await session.checker.checkFile(file, text));
  }

  function setupModuleFor(root: string): SetupModuleSnapshot | undefined {
    return setupModules.has(root) ? setupModules.get(root) : setupModules.get('');
  }

  /** Only module.xml files are compared with setup_module, so only they are checked again. */
  async function applySetupModule(params: SetupModuleSnapshotParams): Promise<void> {
    const snapshot = fromSetupModuleSnapshotParams(params);
    if (params.root === undefined) setupModules.clear();
    setupModules.set(params.root ?? '', snapshot);
    for (const session of sessions.filter((candidate) => params.root === undefined || candidate.root === params.root)) {
      session.checker.setupModule = snapshot;
      for (const file of listBespokeModuleXmlFiles(session.checker.project)) await recheck(session, file);
    }
    log(`magento-zdd: setup_module ${snapshot ? `of "${snapshot.environment}" (${snapshot.modules.size} modules)` : 'cleared'}${params.root ? ` for ${params.root}` : ''}`);
  }

  async function checkWorkspace(): Promise<void> {
    sendStatus('checking', 0);
    let filesChecked = 0;
    for (const session of sessions) filesChecked += (await guard(`checking ${session.root}`, () => checkSession(session))) ?? 0;
    filesInLastCheck = filesChecked;
    showNewNotices();
    sendStatus('done');
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
    workspaceRoots = folders.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
    const workspaceEdit = params.capabilities.workspace?.workspaceEdit;
    clientCreatesFiles = workspaceEdit?.documentChanges === true && (workspaceEdit.resourceOperations ?? []).includes(ResourceOperationKind.Create);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'magento-zdd', version: typeof MAGENTO_ZDD_VERSION === 'string' ? MAGENTO_ZDD_VERSION : undefined },
    };
  });

  connection.onInitialized(() => {
    void guard('start-up', async () => {
      for (const root of new Set(workspaceRoots.map((folder) => findMagentoRoot(folder)))) {
        const session = new ProjectSession(root);
        session.checker.setupModule = setupModuleFor(root);
        sessions.push(session);
      }
      log(`magento-zdd: projects ${sessions.map((session) => session.root).join(', ') || '(none)'}`);
      await checkWorkspace();
    });
  });

  documents.onDidChangeContent((event) => {
    void guard(`checking ${event.document.uri}`, async () => {
      await checkDocument(event.document);
      sendStatus('done');
    });
  });

  documents.onDidSave(() => {
    void guard('refreshing the git baseline', async () => {
      const moved = await Promise.all(sessions.map((session) => session.checker.refreshBaseline()));
      if (moved.some(Boolean)) await checkWorkspace();
    });
  });

  documents.onDidClose((event) => {
    // The file on disk is what counts once the editor lets go of it.
    void guard(`re-checking ${event.document.uri}`, async () => {
      const target = locate(event.document.uri);
      if (target && target.session.checker.kindOf(target.file)) await recheck(target.session, target.file);
    });
  });

  connection.onDidChangeWatchedFiles((params) => {
    void guard('handling file changes', async () => {
      let reloadAll = false;
      for (const change of params.changes) {
        const target = locate(change.uri);
        if (!target) continue;
        const { session, file } = target;
        if (PROJECT_FILES.test(file)) {
          session.reload();
          reloadAll = true;
          continue;
        }
        const kind = session.checker.kindOf(file);
        if (kind === 'db-schema-whitelist') await recheck(session, file.replace(/db_schema_whitelist\.json$/, 'db_schema.xml'));
        else if (kind && !(change.type !== FileChangeType.Deleted && documents.get(change.uri))) await recheck(session, file);
      }
      if (reloadAll) {
        for (const uri of findingsByUri.keys()) void connection.sendDiagnostics({ uri, diagnostics: [] });
        findingsByUri.clear();
        totals.error = totals.warning = totals.info = 0;
        noticesShown.clear();
        await checkWorkspace();
      } else sendStatus('done');
    });
  });

  connection.onNotification(SETUP_MODULE_SNAPSHOT_NOTIFICATION, (params: SetupModuleSnapshotParams) => {
    void guard('applying the setup_module snapshot', async () => {
      await applySetupModule(params);
      sendStatus('done');
    });
  });

  connection.onHover((params) => hoverFor(findingsByUri.get(params.textDocument.uri) ?? [], params.position));

  connection.onCodeAction((params) => {
    const { uri } = params.textDocument;
    const session = locate(uri)?.session;
    return codeActionsFor(uri, params.context.diagnostics, {
      canCreateFiles: clientCreatesFiles,
      uriOfProjectPath: (path) => (session ? pathToFileURL(`${session.root}/${path}`).href : undefined),
      documentVersion: documents.get(uri)?.version ?? null,
    });
  });

  documents.listen(connection);
  connection.listen();
}

declare const MAGENTO_ZDD_VERSION: string | undefined;
