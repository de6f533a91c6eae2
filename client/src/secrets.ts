// VS Code glue: database passwords in VS Code's SecretStorage (the OS keychain), one per environment
// under `magentoZdd.db.<env>`, and the engine's SecretProvider on top of it. A missing password is
// asked for only when the user started the action (never from a timer), and only once at a time.
// Passwords are never logged or shown.
import * as vscode from 'vscode';
import type { SecretProvider } from './engine/environments';

export function databasePasswordKey(environment: string): string {
  return `magentoZdd.db.${environment}`;
}

export class DatabasePasswords {
  private readonly asking = new Map<string, Promise<string | undefined>>();

  constructor(private readonly storage: vscode.SecretStorage) {}

  get(environment: string): Promise<string | undefined> {
    return Promise.resolve(this.storage.get(databasePasswordKey(environment)));
  }

  async store(environment: string, password: string): Promise<void> {
    await this.storage.store(databasePasswordKey(environment), password);
  }

  async delete(environment: string): Promise<void> {
    await this.storage.delete(databasePasswordKey(environment));
  }

  /** `ask`: prompt for a password that is not stored (the user started the action). */
  provider(options: { ask: boolean }): SecretProvider {
    return {
      getDatabasePassword: async (environment) => {
        const stored = await this.get(environment);
        if (stored !== undefined || !options.ask) return stored;
        return this.askOnce(environment);
      },
    };
  }

  /** Asks with a password box and stores the answer; undefined when the user dismissed it. */
  askFor(environment: string, prompt?: string): Promise<string | undefined> {
    return this.askOnce(environment, prompt);
  }

  private askOnce(environment: string, prompt?: string): Promise<string | undefined> {
    // Two reads started together (tree and drift) must not open two password boxes.
    const pending = this.asking.get(environment);
    if (pending) return pending;
    const asked = (async () => {
      const password = await vscode.window.showInputBox({
        title: `Magento ZDD: database password for "${environment}"`,
        prompt: prompt ?? `The database password of environment "${environment}". It is kept in VS Code's secret storage, never in magento-zdd.json. Leave empty for none.`,
        password: true,
        ignoreFocusOut: true,
      });
      if (password !== undefined) await this.store(environment, password);
      return password;
    })();
    this.asking.set(environment, asked);
    return asked.finally(() => this.asking.delete(environment));
  }
}
