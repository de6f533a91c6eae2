// Analysis room: rule migration-invalid (PHP that does not parse, or a file Phinx cannot load as a migration).
import type { PhinxMigrationRule, RuleFinding } from './rule';

export const migrationInvalid: PhinxMigrationRule = {
  id: 'migration-invalid',
  target: 'phinx-migration',
  defaultSeverity: 'error',
  summary: 'Phinx cannot load this migration (a PHP syntax error, no migration class, a class without a migration base): the deploy\'s migrate step fails.',
  check({ model }) {
    const findings: RuleFinding[] = [];
    for (const error of model.parseErrors) {
      findings.push({ range: error.range, message: `PHP syntax error: ${error.message}. Phinx fails to load the file, so the deploy's migrate step fails; the rest of the file was still checked as far as it parses.` });
    }
    for (const problem of model.problems) {
      findings.push({ range: problem.range, message: problem.message, severity: problem.kind === 'analysis-incomplete' ? 'info' : undefined });
    }
    return findings;
  },
};
