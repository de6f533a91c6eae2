// VS Code glue, pure (no vscode import, so unit tests load it): the ids the manifest (package.json
// `contributes`) and the code share. A rename here must be made there too.

export const COMMANDS = {
  selectEnvironment: 'magentoZdd.selectEnvironment',
  setDatabasePassword: 'magentoZdd.setDatabasePassword',
  clearDatabasePassword: 'magentoZdd.clearDatabasePassword',
  createMigration: 'magentoZdd.createMigration',
  refreshMigrations: 'magentoZdd.refreshMigrations',
  migrate: 'magentoZdd.migrate',
  migrateDryRun: 'magentoZdd.migrateDryRun',
  rollback: 'magentoZdd.rollback',
  rollbackDryRun: 'magentoZdd.rollbackDryRun',
  migrateToHere: 'magentoZdd.migrateToHere',
  rollbackToHere: 'magentoZdd.rollbackToHere',
  showPhinxOutput: 'magentoZdd.showPhinxOutput',
  openConfig: 'magentoZdd.openConfig',
  deploy: 'magentoZdd.deploy',
  rollbackDeploy: 'magentoZdd.rollbackDeploy',
  refreshDeploys: 'magentoZdd.refreshDeploys',
  showDeployOutput: 'magentoZdd.showDeployOutput',
} as const;

export const MIGRATIONS_VIEW = 'magentoZdd.migrations';
/** VS Code registers `<view id>.focus` for every view. */
export const FOCUS_MIGRATIONS_VIEW = `${MIGRATIONS_VIEW}.focus`;
/** The deploy history, beside Migrations in the Explorer. */
export const DEPLOYS_VIEW = 'magentoZdd.deploys';
/** The output channel's language: syntaxes/magento-zdd-deploy.tmLanguage.json colours it. */
export const DEPLOY_OUTPUT_LANGUAGE = 'magento-zdd-deploy';

export const SETTINGS = {
  environment: 'magentoZdd.environment',
  statusRefreshSeconds: 'magentoZdd.statusRefreshSeconds',
  codeLensEnabled: 'magentoZdd.codeLens.enabled',
} as const;

/** A command a tree item, CodeLens or notification runs: VS Code's Command shape without the import. */
export interface CommandRef {
  command: string;
  title: string;
  arguments?: unknown[];
}
