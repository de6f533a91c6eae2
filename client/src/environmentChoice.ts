// VS Code glue, pure (no vscode import): which environment of magento-zdd.json the editor works on.
// The one picked in this workspace wins, then the magentoZdd.environment setting, then the only one.

export type EnvironmentChoice =
  | { name: string; source: 'picked' | 'setting' | 'only' }
  | { name: undefined; reason: 'none-configured' | 'not-picked' | 'unknown-setting'; configured: string[]; setting?: string };

export function chooseEnvironment(configured: readonly string[], picked: string | undefined, setting: string | undefined): EnvironmentChoice {
  const names = [...configured];
  // A pick can outlive the environment (renamed in magento-zdd.json): it is then ignored, not an error.
  if (picked !== undefined && names.includes(picked)) return { name: picked, source: 'picked' };
  const wanted = setting?.trim() || undefined;
  if (wanted !== undefined && names.includes(wanted)) return { name: wanted, source: 'setting' };
  if (names.length === 0) return { name: undefined, reason: 'none-configured', configured: names };
  if (wanted !== undefined) return { name: undefined, reason: 'unknown-setting', configured: names, setting: wanted };
  if (names.length === 1) return { name: names[0], source: 'only' };
  return { name: undefined, reason: 'not-picked', configured: names };
}

/** Why no environment is selected, for the tree, the status bar and CodeLens. */
export function noEnvironmentMessage(choice: Extract<EnvironmentChoice, { name: undefined }>): string {
  switch (choice.reason) {
    case 'none-configured':
      return 'magento-zdd.json defines no environments: add "environments": {"local": {"database": {"fromEnvPhp": true}}} to it.';
    case 'unknown-setting':
      return `the setting magentoZdd.environment names "${choice.setting}", which magento-zdd.json does not define (it has ${choice.configured.map((name) => `"${name}"`).join(', ')}): select one with "Magento ZDD: Select Environment".`;
    case 'not-picked':
      return `no environment is selected: pick one of ${choice.configured.map((name) => `"${name}"`).join(', ')} with "Magento ZDD: Select Environment".`;
  }
}
