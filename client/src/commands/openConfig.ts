// VS Code glue: "Magento ZDD: Open Configuration": opens magento-zdd.json, offering to create it with
// one environment read from app/etc/env.php when the project has none.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CONFIG_FILE_NAME } from '../../../server/src/analysis/config';
import type { ExtensionServices } from '../extensionServices';

const STARTER_CONFIG = `${JSON.stringify({ environments: { local: { database: { fromEnvPhp: true } } } }, null, 2)}\n`;

/** Returns the file's path, or undefined when there is no project or the user declined to create it. */
export async function openConfig(services: ExtensionServices, create?: boolean): Promise<string | undefined> {
  const root = services.project.root();
  if (root === undefined) {
    void vscode.window.showErrorMessage('Magento ZDD: open the Magento root folder first.');
    return undefined;
  }
  const file = join(root, CONFIG_FILE_NAME);
  if (!existsSync(file)) {
    const createIt = 'Create';
    const answer = create ?? ((await vscode.window.showInformationMessage(`Magento ZDD: ${root} has no ${CONFIG_FILE_NAME}. Create one with a "local" environment that reads app/etc/env.php?`, createIt)) === createIt);
    if (!answer) return undefined;
    writeFileSync(file, STARTER_CONFIG, { flag: 'wx' });
  }
  await vscode.window.showTextDocument(vscode.Uri.file(file));
  return file;
}
