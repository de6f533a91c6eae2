// Analysis room: rule duplicate-migration-class.
import type { PhinxMigrationRule } from './rule';

const FILE_START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export const duplicateMigrationClass: PhinxMigrationRule = {
  id: 'duplicate-migration-class',
  target: 'phinx-migration',
  defaultSeverity: 'error',
  summary: 'Migration classes have no namespace, so two migrations with the same class name anywhere in the project make every phinx command fail.',
  check({ sameClassName, model }) {
    const analysed = model.classes.find((candidate) => candidate.analysed);
    if (sameClassName.length === 0) return [];
    return [
      {
        range: analysed?.nameRange ?? FILE_START,
        message: `Class ${analysed?.name ?? '(this migration)'} is also declared by ${sameClassName.join(', ')}: migration classes share one global namespace, so every phinx command fails with "Migration ... has the same name as ...". Rename one of them (and its file).`,
      },
    ];
  },
};
