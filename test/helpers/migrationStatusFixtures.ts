// Test helper for the client glue tests: migration status reports and store states as the engine
// would produce them for the sample shop (no database).
import { describeMigrationFile } from '../../server/src/analysis/migrations/migrationFiles';
import { phinxSemantics } from '../../server/src/analysis/phinx/naming';
import type { PhinxlogRow } from '../../client/src/engine/databaseStatus';
import type { EnvironmentStatus } from '../../client/src/engine/environmentStatus';
import { mergeMigrationStatus, summarizeMigrationStatus, type MigrationStatusReport } from '../../client/src/engine/migrationStatus';
import type { MigrationStatusState } from '../../client/src/migrationStatusStore';

export const ROOT = '/srv/shop';
export const BADGE = 'app/code/Acme/Catalog/etc/migrations/20240506091500_create_acme_product_badge.php';
export const GIFT_NOTE = 'app/code/Acme/Checkout/etc/migrations/20240601080000_add_gift_note_to_sales_order.php';
export const TIER = 'src/Acme/Loyalty/etc/migrations/20240612140000_add_loyalty_tier_to_customer_points.php';

export function row(version: string, migrationName: string, endTime = '2024-05-06 09:15:02'): PhinxlogRow {
  return { version, migrationName, startTime: '2024-05-06 09:15:00', endTime, breakpoint: false };
}

export function report(files: string[], rows: PhinxlogRow[], environment = 'staging'): MigrationStatusReport {
  const semantics = phinxSemantics('0.16.1');
  const entries = mergeMigrationStatus(files.map((file) => describeMigrationFile(file, semantics)), rows);
  return summarizeMigrationStatus(environment, 'phinxlog', true, entries);
}

/** Badge applied, the gift note and the tier pending, and a row whose file is gone. */
export function mixedReport(environment = 'staging'): MigrationStatusReport {
  return report([BADGE, GIFT_NOTE, TIER], [row('20240506091500', 'CreateAcmeProductBadge'), row('20240401000000', 'DropLegacyBadge', '2024-04-01 00:00:03')], environment);
}

export function environmentStatus(migrations: MigrationStatusReport, environment = 'staging'): EnvironmentStatus {
  return {
    environment,
    migrations,
    setupModule: { environment, modules: new Map([['Acme_Checkout', { schemaVersion: '2.0.0', dataVersion: '2.0.0' }]]) },
    setupModuleError: undefined,
  };
}

export function readyState(migrations: MigrationStatusReport = mixedReport(), environment = 'staging'): MigrationStatusState {
  return { kind: 'ready', root: ROOT, environment, status: environmentStatus(migrations, environment), readAt: new Date('2024-06-01T10:00:00Z') };
}
