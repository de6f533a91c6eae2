// E2E tooling, shared by the runner and the suite: what the runner tells the suite. It travels as a JSON
// file named by an environment variable set on code-server (or VS Code), which the extension host inherits.
import { readFileSync } from 'node:fs';

export const SUITE_CONFIG_ENV = 'MAGENTO_ZDD_E2E_CONFIG';

export interface SuiteConfig {
  /** The suite writes its SuiteResult here when mocha is done; the runner polls for it. */
  resultFile: string;
  /** Mocha's spec reporter output, appended line by line; the runner prints it as it grows. */
  logFile: string;
  /** Chromium's (or Electron's) CDP endpoint, for Playwright to attach to the workbench page. */
  cdpEndpoint: string;
  screenshotDir: string;
  colors: boolean;
  /** Which scenario files this window runs: 'shop' on the sample shop, 'deploy' on the demo shop. */
  scenarios: ScenarioSet;
  services: SuiteServices;
}

export type ScenarioSet = 'shop' | 'deploy';

export interface DatabaseAccess {
  host: string;
  port: number;
  database: string;
  user: string;
  /** A throw-away password of the test server: the scenario stores it in VS Code's secret storage. */
  password: string;
}

/** The real services the runner started for this window (test/helpers: MariaDB, Redis, nginx). */
export interface SuiteServices {
  /** 'shop': a database whose phinxlog records CreateAcmeProductBadge (applied) and not AddLoyaltyTierToCustomerPoints. */
  migrationsDatabase?: DatabaseAccess;
  /** 'deploy': the demo shop's `local` environment (its env.php reads the password from passwordEnv) behind nginx. */
  deploy?: { environment: string; database: string; databasePassword: string; nginxUrl: string };
}

export interface SuiteResult {
  passes: number;
  failures: number;
  pending: number;
  tests: number;
  durationMs: number;
  failed: { title: string; error: string }[];
}

export function readSuiteConfig(): SuiteConfig {
  const file = process.env[SUITE_CONFIG_ENV];
  if (!file) throw new Error(`${SUITE_CONFIG_ENV} is not set: run the suite through \`npm run test:vscode\`.`);
  return JSON.parse(readFileSync(file, 'utf8')) as SuiteConfig;
}
