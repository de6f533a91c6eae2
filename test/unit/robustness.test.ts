// The project checker on hostile input: every file kind it checks (module.xml, db_schema.xml,
// app/etc/config.php, Phinx migrations with SQL heredocs) truncated, garbled, nested 5,000 deep, and a
// 5 MB migration. A lint runs on every keystroke: it must report, never throw, and every finding must
// point inside the text it was given. Mutations are seeded (test/helpers/mutations.ts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findRule } from '../../server/src/analysis/rules';
import { loadProject } from '../../server/src/analysis/project';
import { ProjectChecker } from '../../server/src/analysis/projectChecker';
import type { Finding } from '../../server/src/analysis/types';
import { insertions, nested, spanEdits, truncations, type Mutation } from '../helpers/mutations';
import { buildFixtureProject, ruleFixtureCases } from '../helpers/ruleFixtures';
import type { TempProject } from '../helpers/tempProject';

// The drop-column fixture has every file kind: db_schema.xml with its baseline, migrations in three styles.
const FILES = {
  'module.xml': 'src/Acme/Loyalty/etc/module.xml',
  'db_schema.xml': 'src/Acme/Loyalty/etc/db_schema.xml',
  'config.php': 'app/etc/config.php',
  migration: 'src/Acme/Loyalty/etc/migrations/20240701120000_drop_legacy_transaction_columns.php',
  'earlier migration': 'src/Acme/Loyalty/etc/migrations/20240110090000_create_loyalty_transaction.php',
} as const;
type FileKind = keyof typeof FILES;

const DEPTH = 5_000;

let project: TempProject;
let checker: ProjectChecker;
const original = {} as Record<FileKind, string>;

/** Checks `text` as `file` and asserts the findings are well-formed and inside the text. */
async function checkSane(kind: FileKind, mutation: Mutation): Promise<Finding[]> {
  let findings: Finding[];
  try {
    findings = await checker.checkFile(FILES[kind], mutation.text);
  } catch (error) {
    assert.fail(`${kind}, ${mutation.label}: threw ${error instanceof Error ? error.stack : String(error)}`);
  }
  assert.ok(Array.isArray(findings), `${kind}, ${mutation.label}`);
  const lineCount = mutation.text.split(/\r\n|\r|\n/).length;
  for (const finding of findings) {
    const where = `${kind}, ${mutation.label}: ${finding.code} at ${JSON.stringify(finding.range)}`;
    assert.ok(findRule(finding.code), where);
    const { start, end } = finding.range;
    assert.ok(start.line >= 0 && start.character >= 0 && start.line < lineCount, where);
    assert.ok(end.line < lineCount && (end.line > start.line || (end.line === start.line && end.character >= start.character)), where);
  }
  return findings;
}

describe('robustness of the project checker', () => {
  before(() => {
    project = buildFixtureProject(ruleFixtureCases('drop-column').find((candidate) => candidate.name === 'positive')!);
    checker = new ProjectChecker(loadProject(project.dir));
    checker.listFiles();
    for (const kind of Object.keys(FILES) as FileKind[]) original[kind] = project.read(FILES[kind]);
  });

  after(() => project.cleanup());

  for (const kind of Object.keys(FILES) as FileKind[]) {
    it(`never throws on truncations of ${kind}`, async () => {
      for (const mutation of truncations(original[kind], 60)) await checkSane(kind, mutation);
    });

    it(`never throws on random insertions into ${kind}`, async () => {
      for (const mutation of insertions(original[kind], 40, 1000 + kind.length)) await checkSane(kind, mutation);
    });

    it(`never throws on deleted or duplicated spans of ${kind}`, async () => {
      for (const mutation of spanEdits(original[kind], 30, 2000 + kind.length)) await checkSane(kind, mutation);
    });
  }

  it('replays a garbled earlier migration under the later one without throwing', async () => {
    for (const mutation of [...truncations(original['earlier migration'], 20), ...insertions(original['earlier migration'], 20, 3000)]) {
      await checkSane('earlier migration', mutation);
      await checkSane('migration', { label: `after the earlier migration's ${mutation.label}`, text: original.migration });
    }
  });

  it('never throws on 5,000 nested parentheses and arrays in a migration\'s PHP', async () => {
    const up = "    public function up()\n    {\n";
    for (const [label, expression] of [
      ['parentheses', nested('(', '1', ')', DEPTH)],
      ['arrays', nested('[', '1', ']', DEPTH)],
      ['array() calls', nested('array(', "'a'", ')', DEPTH)],
      ['unclosed parentheses', '('.repeat(DEPTH)],
    ]) {
      const text = original.migration.replace(up, `${up}        $options = ${expression};\n`);
      await checkSane('migration', { label: `nested ${label}`, text });
    }
    const options = original.migration.replace("->removeColumn('legacy_reference')", `->addColumn('deep', 'string', ${nested('[', "'null' => true", ']', DEPTH)})`);
    await checkSane('migration', { label: 'nested Table API options', text: options });
  });

  it('never throws on 5,000 nested parentheses in the SQL of a heredoc', async () => {
    for (const [label, sql] of [
      ['a SELECT', `SELECT ${nested('(', '1', ')', DEPTH)};`],
      ['an UPDATE', `UPDATE acme_loyalty_transaction SET points = ${nested('(', 'points + 1', ')', DEPTH)};`],
      ['a column default', `ALTER TABLE acme_loyalty_transaction ADD COLUMN deep INT NULL DEFAULT ${nested('(', '1', ')', DEPTH)};`],
      ['unbalanced parentheses', `ALTER TABLE acme_loyalty_transaction ADD COLUMN deep ${'('.repeat(DEPTH)};`],
    ]) {
      const text = original.migration.replace('    DROP COLUMN old_flag;\n', `    DROP COLUMN old_flag;\n${sql}\n`);
      await checkSane('migration', { label: `nested ${label}`, text });
    }
  });

  it('never throws on 5,000 nested elements in db_schema.xml and module.xml', async () => {
    const tables = original['db_schema.xml'].replace('</schema>', `${nested('<table name="acme_deep">', '', '</table>', DEPTH)}\n</schema>`);
    await checkSane('db_schema.xml', { label: 'nested tables', text: tables });
    const unclosed = original['db_schema.xml'].replace('</schema>', `${'<table name="acme_deep">'.repeat(DEPTH)}\n</schema>`);
    await checkSane('db_schema.xml', { label: 'unclosed tables', text: unclosed });
    const modules = original['module.xml'].replace('</config>', `${nested('<sequence>', '<module name="Magento_Store"/>', '</sequence>', DEPTH)}\n</config>`);
    await checkSane('module.xml', { label: 'nested sequences', text: modules });
  });

  it('never throws on 5,000 nested arrays in app/etc/config.php', async () => {
    const text = original['config.php'].replace("'Acme_Loyalty' => 1", `'Acme_Loyalty' => ${nested('[', '1', ']', DEPTH)}`);
    await checkSane('config.php', { label: 'nested arrays', text });
  });

  it('checks a 5 MB seed migration (PHP rows) and still reports its drop', async () => {
    const rows: string[] = [];
    for (let size = 0, i = 0; size < 5_000_000; i++) {
      const row = `            ['code' => 'reward_${i}', 'title' => 'Reward number ${i}', 'points_cost' => ${i % 1000}],`;
      rows.push(row);
      size += row.length + 1;
    }
    const up = "    public function up()\n    {\n";
    const text = original.migration.replace(up, `${up}        $rows = [\n${rows.join('\n')}\n        ];\n        $this->table('acme_loyalty_reward')->insert($rows)->save();\n`);
    assert.ok(text.length >= 5_000_000);
    const findings = await checkSane('migration', { label: '5 MB of PHP rows', text });
    assert.ok(findings.some((finding) => finding.code === 'drop-column'));
  });

  it('checks a 5 MB seed migration (SQL heredoc) and still reports its drop', async () => {
    const values: string[] = [];
    for (let size = 0, i = 0; size < 5_000_000; i++) {
      const row = `('reward_${i}', 'Reward number ${i}', ${i % 1000}),`;
      values.push(row);
      size += row.length + 1;
    }
    const up = "    public function up()\n    {\n";
    const seed = `        $this->execute(<<<SQL\nINSERT INTO acme_loyalty_reward (code, title, points_cost) VALUES\n${values.join('\n')}\n('last', 'Last', 0);\nSQL\n        );\n`;
    const text = original.migration.replace(up, `${up}${seed}`);
    assert.ok(text.length >= 5_000_000);
    const findings = await checkSane('migration', { label: '5 MB of SQL rows', text });
    assert.ok(findings.some((finding) => finding.code === 'drop-column'));
  });
});
