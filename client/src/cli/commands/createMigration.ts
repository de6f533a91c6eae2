// CLI room: `magento-zdd create-migration <Vendor_Module> <ClassName> [--style change|up-down]`:
// writes the migration file into the module's etc/migrations and prints its path.
import { relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { createMigration, MIGRATION_STYLES, type MigrationStyle } from '../../engine/migrationScaffold';
import { loadProjectAt, reportEngineError } from '../cliProject';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../usage';
import type { CliIo } from './check';

export async function runCreateMigration(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: { style: { type: 'string' } } });
  if (positionals.length !== 2) {
    throw new UsageError(`create-migration needs a module and a class name, e.g. "create-migration Acme_Checkout AddGiftNoteToOrder" (got ${positionals.length} argument${positionals.length === 1 ? '' : 's'})`);
  }
  const style = values.style as MigrationStyle | undefined;
  if (style !== undefined && !MIGRATION_STYLES.includes(style)) throw new UsageError(`--style must be one of ${MIGRATION_STYLES.join(', ')} (got "${values.style}")`);
  const [module, className] = positionals;
  const project = loadProjectAt(io.cwd);
  try {
    const created = createMigration(project, { module, className, style });
    // The path relative to where the user stands, so it can be opened directly.
    io.stdout(`${relative(io.cwd, created.absolutePath).split(sep).join('/') || created.path}\n`);
    if (created.createdFolder) io.stderr(`note: created ${created.module.migrationsFolder}\n`);
    return EXIT_OK;
  } catch (error) {
    return reportEngineError(error, io, EXIT_FAILED);
  }
}
