// Analysis room: rule duplicate-migration-version.
import type { PhinxMigrationRule } from './rule';

const FILE_START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export const duplicateMigrationVersion: PhinxMigrationRule = {
  id: 'duplicate-migration-version',
  target: 'phinx-migration',
  defaultSeverity: 'error',
  summary: 'Two migrations with the same timestamp, in any migration folders, make every phinx command fail with "Duplicate migration".',
  check({ sameVersion, model, fileName }) {
    if (sameVersion.length === 0) return [];
    return [
      {
        range: model.classes.find((candidate) => candidate.analysed)?.nameRange ?? FILE_START,
        message: `${fileName} has the same version as ${sameVersion.join(', ')}: Phinx scans all module migration folders together and every command fails with "Duplicate migration". Give one of them a new timestamp.`,
      },
    ];
  },
};
