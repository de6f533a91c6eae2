// Test helper for the Phinx migration reader: fixture text, the model read from it, and compact views
// of operations so assertions read like the migration they describe.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PhinxMigrationModel, PhinxSchemaOperation } from '../../../server/src/analysis/phinx/model';
import { readPhinxMigration } from '../../../server/src/analysis/phinx/readPhinxMigration';
import type { MigrationPhase } from '../../../server/src/analysis/schema/operations';

export const MIGRATION_FIXTURES = join(__dirname, '..', '..', 'fixtures', 'migrations');

/** Text of test/fixtures/migrations/<name>. */
export function migrationFixture(name: string): string {
  return readFileSync(join(MIGRATION_FIXTURES, name), 'utf8');
}

export function readFixture(name: string, phinxVersion: string | undefined, fileName?: string): { text: string; model: PhinxMigrationModel } {
  const text = migrationFixture(name);
  return { text, model: readPhinxMigration(text, { phinxVersion, fileName }) };
}

/** A migration class around the given method bodies, as `phinx create` writes it (0.13+ template). */
export function changeMigration(body: string, extraMembers = ''): string {
  return [
    '<?php',
    '',
    'declare(strict_types=1);',
    '',
    'use Phinx\\Migration\\AbstractMigration;',
    '',
    'final class InlineMigration extends AbstractMigration',
    '{',
    '    public function change(): void',
    '    {',
    body.replace(/^\n+|\s+$/g, ''),
    '    }',
    extraMembers,
    '}',
    '',
  ].join('\n');
}

/** An MX-style up()/down() migration. */
export function upDownMigration(up: string, down = '', extraMembers = ''): string {
  return [
    '<?php',
    '',
    'use MX\\PhinxMigrations\\Migration;',
    '',
    'class InlineMigration extends Migration',
    '{',
    '    public function up()',
    '    {',
    up.replace(/^\n+|\s+$/g, ''),
    '    }',
    '',
    '    public function down()',
    '    {',
    down.replace(/^\n+|\s+$/g, ''),
    '    }',
    extraMembers,
    '}',
    '',
  ].join('\n');
}

/** The operation without its ranges and reader context: what it does. */
export function whatItDoes(operation: PhinxSchemaOperation): Record<string, unknown> {
  const { range: _range, statementRange: _statement, apiCall: _call, tableCreatedInMigration: _created, source: _source, phase: _phase, ...rest } = operation;
  return rest;
}

/** One line per operation: `phase kind table detail [batch]`, for order and batch assertions. */
export function summary(model: PhinxMigrationModel, phase?: MigrationPhase): string[] {
  return model.operations
    .filter((operation) => phase === undefined || operation.phase === phase)
    .map((operation) => {
      const detail =
        'column' in operation && typeof operation.column === 'string'
          ? operation.column
          : 'column' in operation && typeof operation.column === 'object'
            ? operation.column.name
            : 'columns' in operation && Array.isArray(operation.columns) && operation.kind !== 'create-table'
              ? (operation.columns as string[]).join(',')
              : 'name' in operation && operation.name
                ? operation.name
                : '';
      return [operation.phase, operation.kind, operation.table ?? '-', detail, operation.batch ? `[${operation.batch}]` : ''].filter(Boolean).join(' ');
    });
}
