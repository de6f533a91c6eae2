// Analysis room: rule migration-file-name.
import type { PhinxMigrationRule } from './rule';

const FILE_START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export const migrationFileName: PhinxMigrationRule = {
  id: 'migration-file-name',
  target: 'phinx-migration',
  defaultSeverity: 'error',
  summary: 'Phinx silently ignores a file in a migrations folder whose name does not match YYYYMMDDHHMMSS_snake_case.php: the migration never runs.',
  check({ fileName, model }) {
    const { semantics } = model;
    if (semantics.fileNamePattern.test(fileName)) return [];
    if (semantics.acceptsTimestampOnlyFileName && /^\d+\.php$/i.test(fileName)) return [];
    const stem = fileName.replace(/\.php$/i, '');
    const snake = stem.replace(/^\d*_?/, '').replace(/([a-z\d])([A-Z])/g, '$1_$2').replace(/[^A-Za-z\d]+/g, '_').replace(/^_|_$/g, '').toLowerCase();
    return [
      {
        range: model.classes.find((candidate) => candidate.analysed)?.nameRange ?? FILE_START,
        message: `Phinx ignores "${fileName}" without a word: migration files must be named YYYYMMDDHHMMSS_snake_case.php (UTC timestamp), e.g. 20240506091500_${snake || 'add_column'}.php.`,
      },
    ];
  },
};
