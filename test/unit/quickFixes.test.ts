// Quick fixes on Phinx migrations, computed by the analysis and applied here as an editor would:
// "Add 'null' => true", "Restate the current attributes" and "Split into expand and contract migrations".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeMigration } from '../../server/src/analysis/migrations/analyzeMigration';
import { describeMigrationFile, type MigrationFile } from '../../server/src/analysis/migrations/migrationFiles';
import { SPLIT_FIX_TITLE, type SplitContext } from '../../server/src/analysis/migrations/splitMigration';
import { phinxSemantics } from '../../server/src/analysis/phinx/naming';
import type { ColumnDefinition } from '../../server/src/analysis/schema/operations';
import { SchemaModel } from '../../server/src/analysis/schema/schemaModel';
import type { Finding, FindingFix } from '../../server/src/analysis/types';
import { projectWith } from '../helpers/analysis';
import { applyEdits } from '../helpers/positions';

const FOLDER = 'app/code/Acme/Loyalty/etc/migrations';
const SOURCE_PATH = `${FOLDER}/20240701120000_rework_points.php`;

/** acme_points as earlier migrations left it. */
const POINTS_COLUMNS: ColumnDefinition[] = [
  { name: 'id', type: 'integer', nullable: false, autoIncrement: true },
  { name: 'customer_id', type: 'integer', unsigned: true, nullable: false },
  { name: 'legacy_code', type: 'string', length: 32, nullable: true },
  { name: 'label', type: 'string', length: 64, nullable: true, default: { value: 'none', isExpression: false }, comment: "Shopper's label" },
  { name: 'updated_at', type: 'timestamp', nullable: false, default: { value: 'CURRENT_TIMESTAMP', isExpression: true } },
  { name: 'score', type: 'decimal', nullable: false, default: { value: 'RAND()', isExpression: true } },
];

interface Options {
  phinxVersion?: string;
  path?: string;
  /** Other migration files of the project (paths); undefined = no split context at all. */
  others?: string[];
  now?: Date;
}

function analyze(text: string, options: Options = {}): Finding[] {
  const phinxVersion = options.phinxVersion ?? '0.9.2';
  const semantics = phinxSemantics(phinxVersion);
  const project = { ...projectWith(), composer: { phinxVersion, mxPhinxMigrations: true } };
  const schema = SchemaModel.empty();
  schema.declareTable('acme_points', POINTS_COLUMNS, `${FOLDER}/20240101000000_create_acme_points.php`);
  const file = describeMigrationFile(options.path ?? SOURCE_PATH, semantics);
  const others: MigrationFile[] = (options.others ?? []).map((path) => describeMigrationFile(path, semantics));
  const split: SplitContext | undefined = options.others ? { migrations: [...others, file], now: options.now ?? new Date(Date.UTC(2024, 0, 1)) } : undefined;
  return analyzeMigration(project, file, text, schema, { sameVersion: [], sameClassName: [] }, split).findings;
}

function fixOf(findings: Finding[], code: string, title: string): FindingFix | undefined {
  return findings.find((finding) => finding.code === code)?.fixes?.find((fix) => fix.title === title);
}

/** An MX_PhinxMigrations migration (the sample shop's style) with the given method bodies. */
function mxMigration(up: string, down = '', className = 'ReworkPoints'): string {
  return [
    '<?php',
    '',
    'use MX\\PhinxMigrations\\Migration;',
    '',
    `class ${className} extends Migration`,
    '{',
    '    public function up()',
    '    {',
    up,
    '    }',
    '',
    '    public function down()',
    '    {',
    down,
    '    }',
    '}',
    '',
  ].join('\n');
}

function upChain(...links: string[]): string {
  return [`        $this->table('acme_points')`, ...links.map((link) => `            ${link}`), '            ->update();'].join('\n');
}

describe("quick fix: Add 'null' => true", () => {
  function fixed(link: string, phinxVersion?: string): string | undefined {
    const text = mxMigration(upChain(link));
    const fix = fixOf(analyze(text, { phinxVersion }), 'add-not-null-column-without-default', "Add 'null' => true");
    return fix && applyEdits(text, fix.edits);
  }

  it('adds an options argument when the call has none', () => {
    assert.equal(fixed("->addColumn('tier', 'string')"), mxMigration(upChain("->addColumn('tier', 'string', ['null' => true])")));
  });

  it('appends the entry to a one-line options array', () => {
    assert.equal(fixed("->addColumn('tier', 'string', ['limit' => 32, 'after' => 'label'])"), mxMigration(upChain("->addColumn('tier', 'string', ['limit' => 32, 'after' => 'label', 'null' => true])")));
  });

  it("replaces an explicit 'null' => false", () => {
    assert.equal(fixed("->addColumn('tier', 'string', ['null' => false, 'limit' => 32])", '0.16.1'), mxMigration(upChain("->addColumn('tier', 'string', ['null' => true, 'limit' => 32])")));
  });

  it('fills an empty array', () => {
    assert.equal(fixed("->addColumn('tier', 'string', [])"), mxMigration(upChain("->addColumn('tier', 'string', ['null' => true])")));
  });

  it('adds a line at the same indentation to an array written one entry per line, keeping the trailing comma', () => {
    const link = "->addColumn('tier', 'string', [\n                'limit' => 32,\n            ])";
    assert.equal(fixed(link), mxMigration(upChain("->addColumn('tier', 'string', [\n                'limit' => 32,\n                'null' => true,\n            ])")));
    const withoutComma = "->addColumn('tier', 'string', array(\n                'limit' => 32\n            ))";
    assert.equal(fixed(withoutComma), mxMigration(upChain("->addColumn('tier', 'string', array(\n                'limit' => 32,\n                'null' => true\n            ))")));
  });

  it('keeps CRLF line endings', () => {
    const text = mxMigration(upChain("->addColumn('tier', 'string', [\n                'limit' => 32,\n            ])")).replace(/\n/g, '\r\n');
    const fix = fixOf(analyze(text), 'add-not-null-column-without-default', "Add 'null' => true");
    assert.ok(fix);
    assert.equal(applyEdits(text, fix.edits), mxMigration(upChain("->addColumn('tier', 'string', [\n                'limit' => 32,\n                'null' => true,\n            ])")).replace(/\n/g, '\r\n'));
  });

  it('is not offered when the options come from a variable', () => {
    const text = mxMigration(`        $options = ['limit' => 32];\n${upChain("->addColumn('tier', 'string', $options)")}`);
    const finding = analyze(text).find((candidate) => candidate.code === 'add-not-null-column-without-default');
    assert.ok(finding);
    assert.equal(finding.fixes, undefined);
  });

  it('clears the finding once applied', () => {
    const text = mxMigration(upChain("->addColumn('tier', 'string', ['limit' => 32])"));
    const fix = fixOf(analyze(text), 'add-not-null-column-without-default', "Add 'null' => true");
    assert.ok(fix);
    assert.deepEqual(analyze(applyEdits(text, fix.edits)).filter((finding) => finding.code === 'add-not-null-column-without-default'), []);
  });
});

describe('quick fix: Restate the current attributes', () => {
  function fixed(link: string): string | undefined {
    const text = mxMigration(upChain(link));
    const fix = fixOf(analyze(text), 'changecolumn-full-redefinition', 'Restate the current attributes');
    return fix && applyEdits(text, fix.edits);
  }

  it('adds every forgotten attribute to the options, quoting the comment for PHP', () => {
    assert.equal(
      fixed("->changeColumn('label', 'string', ['limit' => 128])"),
      mxMigration(upChain("->changeColumn('label', 'string', ['limit' => 128, 'null' => true, 'default' => 'none', 'comment' => 'Shopper\\'s label'])")),
    );
  });

  it("adds the options argument, with 'signed' => false for an unsigned column", () => {
    assert.equal(fixed("->changeColumn('customer_id', 'integer')"), mxMigration(upChain("->changeColumn('customer_id', 'integer', ['signed' => false])")));
  });

  it('writes CURRENT_TIMESTAMP as the string Phinx expects', () => {
    assert.equal(fixed("->changeColumn('updated_at', 'timestamp', ['null' => false])"), mxMigration(upChain("->changeColumn('updated_at', 'timestamp', ['null' => false, 'default' => 'CURRENT_TIMESTAMP'])")));
  });

  it('keeps the attributes already stated and adds the rest on their own lines', () => {
    const link = "->changeColumn('label', 'string', [\n                'limit' => 128,\n                'null' => true,\n            ])";
    assert.equal(
      fixed(link),
      mxMigration(upChain("->changeColumn('label', 'string', [\n                'limit' => 128,\n                'null' => true,\n                'default' => 'none',\n                'comment' => 'Shopper\\'s label',\n            ])")),
    );
  });

  it('is not offered when a forgotten default is an SQL expression it cannot write', () => {
    const text = mxMigration(upChain("->changeColumn('score', 'decimal', ['null' => false])"));
    const finding = analyze(text).find((candidate) => candidate.code === 'changecolumn-full-redefinition');
    assert.ok(finding);
    assert.equal(finding.fixes, undefined);
  });

  it('clears the finding once applied', () => {
    const text = mxMigration(upChain("->changeColumn('label', 'string', ['limit' => 128])"));
    const fix = fixOf(analyze(text), 'changecolumn-full-redefinition', 'Restate the current attributes');
    assert.ok(fix);
    assert.deepEqual(
      analyze(applyEdits(text, fix.edits)).filter((finding) => finding.code === 'changecolumn-full-redefinition'),
      [],
    );
  });
});

describe('quick fix: Split into expand and contract migrations', () => {
  const EARLIER = `${FOLDER}/20240101000000_create_acme_points.php`;
  const ELSEWHERE = 'src/Acme/Catalog/etc/migrations/20240702080000_create_acme_badge.php';

  function split(text: string, options: Options = {}): FindingFix | undefined {
    const findings = analyze(text, { others: [EARLIER, ELSEWHERE], ...options });
    return findings.flatMap((finding) => finding.fixes ?? []).find((fix) => fix.title === SPLIT_FIX_TITLE);
  }

  it('moves a destructive statement and a destructive chain link, and their inverses in down(), into the next migration', () => {
    const up = [
      upChain("->addColumn('tier', 'string', ['null' => true])", "->removeColumn('legacy_code')"),
      "        $this->table('acme_points')->removeColumn('label')->update();",
    ].join('\n');
    const down = [
      "        $this->table('acme_points')->addColumn('label', 'string', ['limit' => 64, 'null' => true])->update();",
      "        $this->table('acme_points')",
      "            ->addColumn('legacy_code', 'string', ['limit' => 32, 'null' => true])",
      "            ->removeColumn('tier')",
      '            ->update();',
    ].join('\n');
    const text = mxMigration(up, down);
    const fix = split(text);
    assert.ok(fix);
    assert.equal(
      applyEdits(text, fix.edits),
      mxMigration(upChain("->addColumn('tier', 'string', ['null' => true])"), ["        $this->table('acme_points')", "            ->removeColumn('tier')", '            ->update();'].join('\n')),
    );
    assert.deepEqual(fix.createFiles?.map((file) => file.path), [`${FOLDER}/20240702080001_rework_points_contract.php`]);
    assert.equal(
      fix.createFiles?.[0].text,
      [
        '<?php',
        '',
        'use MX\\PhinxMigrations\\Migration;',
        '',
        'class ReworkPointsContract extends Migration',
        '{',
        '    /**',
        '     * The contract step split from 20240701120000_rework_points.php.',
        '     * Deploy it in a later release, once no running code uses what it removes.',
        '     */',
        '    public function up()',
        '    {',
        "        $this->table('acme_points')->removeColumn('legacy_code')->update();",
        "        $this->table('acme_points')->removeColumn('label')->update();",
        '    }',
        '',
        '    public function down()',
        '    {',
        '        // Brings back the structure only: the data up() removed cannot be restored automatically.',
        "        $this->table('acme_points')->addColumn('label', 'string', ['limit' => 64, 'null' => true])->update();",
        "        $this->table('acme_points')->addColumn('legacy_code', 'string', ['limit' => 32, 'null' => true])->update();",
        '    }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('leaves the original without the destructive findings and gives them to the new migration', () => {
    const up = [upChain("->addColumn('tier', 'string', ['null' => true])"), "        $this->table('acme_points')->removeColumn('legacy_code')->update();"].join('\n');
    const text = mxMigration(up, "        $this->table('acme_points')->removeColumn('tier')->update();");
    const findings = analyze(text, { others: [EARLIER] });
    assert.deepEqual(findings.map((finding) => finding.code).sort(), ['drop-column', 'expand-and-contract-in-one-migration']);
    // Both findings are on the same removeColumn() and offer the same split.
    assert.equal(new Set(findings.map((finding) => JSON.stringify(finding.fixes))).size, 1);
    const fix = findings[0].fixes?.find((candidate) => candidate.title === SPLIT_FIX_TITLE);
    assert.ok(fix?.createFiles);
    assert.deepEqual(analyze(applyEdits(text, fix.edits), { others: [EARLIER] }).map((finding) => finding.code), []);
    const created = fix.createFiles[0];
    const newFindings = analyze(created.text, { path: created.path, others: [EARLIER, SOURCE_PATH] });
    assert.deepEqual(newFindings.map((finding) => finding.code), ['drop-column']);
  });

  it('keeps the style of a Phinx 0.16 change() migration: declare, final, void, and uses up()/down()', () => {
    const text = [
      '<?php',
      '',
      'declare(strict_types=1);',
      '',
      'use Phinx\\Migration\\AbstractMigration;',
      '',
      '/**',
      ' * Reworks the points.',
      ' */',
      'final class ReworkPoints extends AbstractMigration',
      '{',
      '    public function change(): void',
      '    {',
      "        $this->table('acme_points')->addColumn('tier', 'string', ['null' => true])->update();",
      "        $this->table('acme_points')->drop()->save();",
      '    }',
      '}',
      '',
    ].join('\n');
    const fix = split(text, { phinxVersion: '0.16.1', now: new Date(Date.UTC(2025, 2, 4, 5, 6, 7)) });
    assert.ok(fix);
    assert.equal(applyEdits(text, fix.edits), text.replace("        $this->table('acme_points')->drop()->save();\n", ''));
    assert.deepEqual(fix.createFiles?.map((file) => file.path), [`${FOLDER}/20250304050607_rework_points_contract.php`]);
    assert.equal(
      fix.createFiles?.[0].text,
      [
        '<?php',
        '',
        'declare(strict_types=1);',
        '',
        'use Phinx\\Migration\\AbstractMigration;',
        '',
        'final class ReworkPointsContract extends AbstractMigration',
        '{',
        '    /**',
        '     * The contract step split from 20240701120000_rework_points.php.',
        '     * Deploy it in a later release, once no running code uses what it removes.',
        '     */',
        '    public function up(): void',
        '    {',
        "        $this->table('acme_points')->drop()->save();",
        '    }',
        '',
        '    public function down(): void',
        '    {',
        '        // The contract step cannot be undone automatically: what up() removed is gone, with its data.',
        '        // Restore it from a backup if this migration really has to be rolled back.',
        '    }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('moves raw SQL and Magento adapter statements as they are written', () => {
    const up = ["        $this->execute('ALTER TABLE acme_points DROP COLUMN legacy_code');", "        $this->getConnection()->dropColumn($this->getTable('acme_points'), 'label');"].join('\n');
    const fix = split(mxMigration(up));
    assert.ok(fix);
    assert.equal(applyEdits(mxMigration(up), fix.edits), mxMigration('').replace('    {\n\n    }\n\n', '    {\n    }\n\n'));
    assert.match(fix.createFiles?.[0].text ?? '', /\n {8}\$this->execute\('ALTER TABLE acme_points DROP COLUMN legacy_code'\);\n {8}\$this->getConnection\(\)->dropColumn\(\$this->getTable\('acme_points'\), 'label'\);\n/);
  });

  it('moves the line comments above and after a moved statement with it', () => {
    const up = [
      upChain("->addColumn('tier', 'string', ['null' => true])"),
      '        // legacy_code is unused since 2.4',
      "        $this->table('acme_points')->removeColumn('legacy_code')->update(); // ACME-123",
    ].join('\n');
    const fix = split(mxMigration(up));
    assert.ok(fix);
    assert.equal(applyEdits(mxMigration(up), fix.edits), mxMigration(upChain("->addColumn('tier', 'string', ['null' => true])")));
    assert.match(fix.createFiles?.[0].text ?? '', /\n {4}\{\n {8}\/\/ legacy_code is unused since 2\.4\n {8}\$this->table\('acme_points'\)->removeColumn\('legacy_code'\)->update\(\); \/\/ ACME-123\n {4}\}\n/);
  });

  it('re-issues several links of one chain as one new chain', () => {
    const text = mxMigration(upChain("->addColumn('tier', 'string', ['null' => true])", "->removeColumn('legacy_code')", "->renameColumn('label', 'title')"));
    const fix = split(text);
    assert.ok(fix);
    assert.equal(applyEdits(text, fix.edits), mxMigration(upChain("->addColumn('tier', 'string', ['null' => true])")));
    assert.match(fix.createFiles?.[0].text ?? '', /\n {8}\$this->table\('acme_points'\)\n {12}->removeColumn\('legacy_code'\)\n {12}->renameColumn\('label', 'title'\)\n {12}->update\(\);\n/);
  });

  it('names the file after every existing version, in UTC, and picks a free class name', () => {
    const text = mxMigration("        $this->table('acme_points')->removeColumn('legacy_code')->update();");
    const later = split(text, { now: new Date(Date.UTC(2030, 11, 31, 23, 59, 59)) });
    assert.deepEqual(later?.createFiles?.map((file) => file.path), [`${FOLDER}/20301231235959_rework_points_contract.php`]);
    const taken = split(text, { others: [EARLIER, 'src/Acme/Catalog/etc/migrations/20240801000059_rework_points_contract.php'] });
    assert.deepEqual(taken?.createFiles?.map((file) => file.path), [`${FOLDER}/20240801000100_rework_points_contract2.php`]);
    assert.match(taken?.createFiles?.[0].text ?? '', /^class ReworkPointsContract2 extends Migration$/m);
  });

  it('is not offered without the project context, or when a later step uses what would move', () => {
    const removal = "        $this->table('acme_points')->removeColumn('legacy_code')->update();";
    assert.equal(analyze(mxMigration(removal)).find((finding) => finding.code === 'drop-column')?.fixes, undefined);
    // Dropped and added again with another type: running the drop later would break the add.
    const readded = `${removal}\n        $this->table('acme_points')->addColumn('legacy_code', 'integer', ['null' => true])->update();`;
    assert.equal(split(mxMigration(readded)), undefined);
  });

  it('leaves statements that need this class or its variables, and links that end their chain', () => {
    const guarded = ["        if ($this->hasTable('acme_points')) {", "            $this->table('acme_points')->removeColumn('legacy_code')->update();", '        }'].join('\n');
    assert.equal(split(mxMigration(guarded)), undefined);
    const variable = ["        $table = $this->table('acme_points');", "        $table->removeColumn('legacy_code');", '        $table->update();'].join('\n');
    assert.equal(split(mxMigration(variable)), undefined);
    const constant = "        $this->table(self::TABLE)->addColumn('tier', 'string', ['null' => true])->removeColumn(self::LEGACY)->update();";
    assert.equal(split(mxMigration(constant, '', 'ReworkPoints').replace('{\n    public function up', "{\n    const TABLE = 'acme_points';\n    const LEGACY = 'legacy_code';\n\n    public function up")), undefined);
  });
});
