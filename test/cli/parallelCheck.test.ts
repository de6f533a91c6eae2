// `check --jobs N` reads migrations on worker threads: its output must be the single-thread output,
// byte for byte, on a shop big enough for the threads to start (planted problems, broken files,
// suppressions, misnamed and duplicate migrations included).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PARALLEL_MIN_MIGRATIONS } from '../../server/src/analysis/migrations/migrationFactsPool';
import { generateMigrationShop, type MigrationShop } from '../bench/generateMigrationShop';
import { ensureCliBuilt, runCli } from '../helpers/cli';
import { createTempDir, removeTempDir } from '../helpers/tempProject';

describe('check --jobs (worker threads)', () => {
  let dir: string;
  let shop: MigrationShop;
  const extraFiles: Record<string, string> = {};

  before(async () => {
    ensureCliBuilt();
    dir = createTempDir('parallel-check');
    shop = await generateMigrationShop(join(dir, 'shop'), { moduleCount: 12, migrationCount: PARALLEL_MIN_MIGRATIONS + 150, unsafeShare: 0.2, largeMigrationLines: 300, seed: 7 });
    const folder = shop.migrationFiles[0].slice(0, shop.migrationFiles[0].lastIndexOf('/'));
    // Written after the generated history, so they land in several batches of the parallel read.
    extraFiles[`${folder}/20990101000001_broken_syntax.php`] = "<?php\nuse Phinx\\Migration\\AbstractMigration;\nclass BrokenSyntax extends AbstractMigration\n{\n    public function up(): void\n    {\n        $this->table('x')->removeColumn('y'\n    }\n}\n";
    extraFiles[`${folder}/20990101000002_suppressed_drop.php`] =
      "<?php\nuse Phinx\\Migration\\AbstractMigration;\nclass SuppressedDrop extends AbstractMigration\n{\n    public function up(): void\n    {\n        // zdd-ignore drop-table: the table was never used by any release\n        $this->table('never_used')->drop()->save();\n        // zdd-ignore rename-column\n        $this->table('other')->addColumn('z', 'string', ['null' => true])->update();\n    }\n    public function down(): void\n    {\n    }\n}\n";
    extraFiles[`${folder}/20990101000003_Bad-Name.php`] = "<?php\nuse Phinx\\Migration\\AbstractMigration;\nclass BadName extends AbstractMigration\n{\n    public function change(): void\n    {\n    }\n}\n";
    extraFiles[`${folder}/20990101000002_same_version.php`] = "<?php\nuse Phinx\\Migration\\AbstractMigration;\nclass SameVersion extends AbstractMigration\n{\n    public function change(): void\n    {\n        $this->execute('ALTER TABLE catalog_x DROP COLUMN legacy_flag');\n    }\n}\n";
    for (const [file, text] of Object.entries(extraFiles)) writeFileSync(join(shop.root, file), text);
  });

  after(() => removeTempDir(dir));

  it('reports exactly what one thread reports, with the same exit code, in every format', () => {
    for (const format of ['json', 'text', 'sarif']) {
      const single = runCli(['check', shop.root, '--format', format, '--jobs', '1'], { cwd: shop.root });
      const parallel = runCli(['check', shop.root, '--format', format, '--jobs', '3'], { cwd: shop.root });
      assert.equal(single.status, 1, single.stderr);
      assert.equal(parallel.status, single.status, parallel.stderr);
      assert.equal(parallel.stdout, single.stdout, `${format} output differs`);
      assert.equal(parallel.stderr, single.stderr);
    }
  });

  it('finds the planted problems and the extra files\' findings with worker threads', () => {
    const run = runCli(['check', shop.root, '--format', 'json', '--jobs', '2'], { cwd: shop.root });
    const { diagnostics } = JSON.parse(run.stdout) as { diagnostics: Array<{ file: string; code: string }> };
    const found = new Set(diagnostics.map((diagnostic) => `${diagnostic.file}\n${diagnostic.code}`));
    const missed = shop.planted.filter((planted) => !found.has(`${planted.file}\n${planted.code}`));
    assert.deepEqual(missed, []);
    const codesOf = (suffix: string) => diagnostics.filter((diagnostic) => diagnostic.file.endsWith(suffix)).map((diagnostic) => diagnostic.code);
    assert.ok(codesOf('_broken_syntax.php').includes('migration-invalid'));
    assert.ok(codesOf('_Bad-Name.php').includes('migration-file-name'));
    assert.ok(codesOf('_same_version.php').includes('duplicate-migration-version'));
    assert.ok(codesOf('_same_version.php').includes('drop-column'));
    // The reasoned suppression silences drop-table; the one naming a rule that never fires is reported.
    assert.ok(!codesOf('_suppressed_drop.php').includes('drop-table'));
    assert.ok(codesOf('_suppressed_drop.php').includes('unused-suppression'));
  });

  it('refuses a --jobs that is not a whole number from 1 to 64', () => {
    for (const jobs of ['0', '-1', '1.5', 'many', '65']) {
      const run = runCli(['check', shop.root, `--jobs=${jobs}`], { cwd: shop.root });
      assert.equal(run.status, 2, jobs);
      assert.match(run.stderr, /--jobs must be a whole number from 1 to 64/);
    }
  });
});
