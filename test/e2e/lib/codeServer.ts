// E2E tooling (Node side): a code-server (VS Code 1.100.3 in a browser) on a loopback port, with fresh
// extensions and user-data folders per run, as ../shared/docs/vscode-e2e.md describes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LongRunningProcess, runChecked } from './processes';
import { CODE_SERVER_ENTRY } from './paths';

/** Workbench settings for a quiet, repeatable window: no welcome tab, no blinking cursor in screenshots. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'editor.cursorBlinking': 'solid',
  'editor.minimap.enabled': false,
  // Below the line, so a screenshot shows the flagged code and its explanation together.
  'editor.hover.above': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'files.autoSave': 'off',
};

export interface CodeServerFolders {
  root: string;
  extensionsDir: string;
  userDataDir: string;
}

/** Fresh folders: an extensions dir that already has extensions.json would not pick up new ones. */
export function createCodeServerFolders(label: string): CodeServerFolders {
  const root = mkdtempSync(join(tmpdir(), `magento-zdd-${label}-`));
  const folders = { root, extensionsDir: join(root, 'extensions'), userDataDir: join(root, 'user-data') };
  mkdirSync(folders.extensionsDir, { recursive: true });
  mkdirSync(join(folders.userDataDir, 'User'), { recursive: true });
  writeFileSync(join(folders.userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  writeFileSync(join(root, 'config.yaml'), 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  return folders;
}

export function removeCodeServerFolders(folders: CodeServerFolders): void {
  rmSync(folders.root, { recursive: true, force: true });
}

function codeServerEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  // No CLI hook of an outer VS Code terminal, and no gallery: code-server must not try to go online.
  return { ...process.env, VSCODE_IPC_HOOK_CLI: '', EXTENSIONS_GALLERY: '{}', ...extra };
}

/** `code-server --install-extension x.vsix`: what a user does with the packaged extension. */
export async function installVsix(folders: CodeServerFolders, vsix: string): Promise<string> {
  return runChecked(
    process.execPath,
    [CODE_SERVER_ENTRY, '--extensions-dir', folders.extensionsDir, '--user-data-dir', folders.userDataDir, '--install-extension', vsix],
    { env: codeServerEnv({}), timeoutMs: 60_000 },
  );
}

export interface RunningCodeServer {
  url: string;
  process: LongRunningProcess;
  stop(): Promise<void>;
}

export async function startCodeServer(folders: CodeServerFolders, workspace: string, env: NodeJS.ProcessEnv = {}): Promise<RunningCodeServer> {
  const args = [
    CODE_SERVER_ENTRY,
    '--auth', 'none',
    '--bind-addr', '127.0.0.1:0',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--extensions-dir', folders.extensionsDir,
    '--user-data-dir', folders.userDataDir,
    '--config', join(folders.root, 'config.yaml'),
    workspace,
  ];
  const server = LongRunningProcess.start('code-server', process.execPath, args, { env: codeServerEnv(env) });
  try {
    const match = await server.waitForOutput(/HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/, 30_000);
    return { url: match[1], process: server, stop: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
