// Analysis room: rule migration-class-name.
import { classNameFromFileName, isValidMigrationClassName } from '../phinx/naming';
import type { PhinxMigrationRule, RuleFinding } from './rule';

export const migrationClassName: PhinxMigrationRule = {
  id: 'migration-class-name',
  target: 'phinx-migration',
  defaultSeverity: 'error',
  summary: 'Phinx loads the class named after the file; a different or invalid class name fails every phinx command with "Could not find class".',
  check({ fileName, model }) {
    const findings: RuleFinding[] = [];
    const analysed = model.classes.find((candidate) => candidate.analysed);
    const expected = classNameFromFileName(fileName, model.semantics);
    if (!analysed || !expected) return findings;
    if (analysed.name !== expected) {
      findings.push({
        range: analysed.nameRange,
        message: `Phinx expects class ${expected} in ${fileName} (the PascalCase of its name) and finds ${analysed.name}: every phinx command then fails with "Could not find class". Rename the class or the file.`,
        fixes: [{ title: `Rename the class to ${expected}`, edits: [{ range: analysed.nameRange, newText: expected }] }],
      });
    } else if (!isValidMigrationClassName(analysed.name, model.semantics)) {
      findings.push({
        range: analysed.nameRange,
        message: `${analysed.name} is not a valid migration class name for the installed Phinx (${model.semantics.classNamePattern.source}); Phinx refuses it.`,
      });
    }
    return findings;
  },
};
