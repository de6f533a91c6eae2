// Creating a migration: the module list, class names as Phinx 0.9, 0.13 and 0.16 accept them (and
// unique across every module), the UTC timestamp no migration has, and the template that fits the
// project. Running the created files is covered by test/integration.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { loadProject } from '../../../server/src/analysis/project';
import { phinxSemantics } from '../../../server/src/analysis/phinx/naming';
import {
  createMigration,
  listModulesForMigrations,
  migrationClassNameProblem,
  renderMigrationTemplate,
  ScaffoldError,
  templateKind,
  uniqueMigrationTimestamp,
} from '../../../client/src/engine/migrationScaffold';
import { TempProject } from '../../helpers/tempProject';

const SAMPLE_NOW = new Date(Date.UTC(2024, 8, 30, 7, 5, 9));

describe('create-migration', () => {
  const projects: TempProject[] = [];
  after(() => projects.forEach((project) => project.cleanup()));

  /** The sample shop with the given Phinx version in composer.lock (and MX_PhinxMigrations or not). */
  function shop(phinxVersion: string | undefined, mx: boolean) {
    const project = TempProject.create('scaffold', `${__dirname}/../../fixtures/sample-shop`);
    projects.push(project);
    const packages = [...(phinxVersion ? [{ name: 'robmorgan/phinx', version: phinxVersion }] : []), ...(mx ? [{ name: 'mx/module-phinx-migrations', version: '1.3.0' }] : [])];
    project.write('composer.lock', JSON.stringify({ packages }));
    return { project, model: () => loadProject(project.dir) };
  }

  it('lists bespoke modules with migrations first, then the others by name', () => {
    const { model } = shop('0.9.2', true);
    assert.deepEqual(
      listModulesForMigrations(model()).map((module) => [module.name, module.migrationsFolder, module.migrationCount]),
      [
        ['Acme_Catalog', 'app/code/Acme/Catalog/etc/migrations', 1],
        ['Acme_Loyalty', 'src/Acme/Loyalty/etc/migrations', 1],
        ['Acme_Checkout', 'app/code/Acme/Checkout/etc/migrations', 0],
      ],
    );
  });

  describe('class names per Phinx version', () => {
    const cases: Array<{ version: string; accepts: string[]; rejects: string[] }> = [
      // 0.9-0.12.1: ^([A-Z][a-z0-9]+)+$ (no one-letter words, no consecutive capitals)
      { version: '0.9.2', accepts: ['AddGiftNoteToOrder', 'AddColumnV2', 'To30chars'], rejects: ['addGiftNote', 'AddSKUColumn', 'AddAColumn', 'Add_Gift', 'A'] },
      // 0.12.2+: ^(?:[A-Z][a-z\d]*)+$ (single capitals allowed)
      { version: '0.13.4', accepts: ['AddGiftNoteToOrder', 'AddSKUColumn', 'AddAColumn', 'AddFooTo30Chars'], rejects: ['addGiftNote', 'Add_Gift', '1Add'] },
      { version: '0.16.6', accepts: ['AddGiftNoteToOrder', 'AddSKUColumn', 'CreateV2Table'], rejects: ['add', 'Add-Gift', 'Ädd'] },
    ];
    for (const { version, accepts, rejects } of cases) {
      it(`Phinx ${version}: accepts ${accepts.join(', ')}; rejects ${rejects.join(', ')}`, () => {
        const model = shop(version, false).model();
        for (const name of accepts) assert.equal(migrationClassNameProblem(model, name), undefined, name);
        for (const name of rejects) assert.equal(migrationClassNameProblem(model, name)?.problem, 'invalid-class-name', name);
      });
    }

    it('explains the pattern in words for the installed version', () => {
      const old = migrationClassNameProblem(shop('0.9.2', true).model(), 'AddSKUColumn');
      assert.match(old?.message ?? '', /"AddSKUColumn" is not a migration class name Phinx 0\.9\.2 accepts: .*no two capitals in a row/);
      const current = migrationClassNameProblem(shop('0.16.6', false).model(), 'add_sku');
      assert.match(current?.message ?? '', /Phinx 0\.16\.6 accepts: use PascalCase: letters and digits, starting with a capital letter/);
    });

    it('refuses a name Phinx would read back differently from the file name (a lower-case word after digits, 0.12.2+)', () => {
      const problem = migrationClassNameProblem(shop('0.16.6', false).model(), 'AddColumn2fast');
      assert.match(problem?.message ?? '', /writes "AddColumn2fast" as YYYYMMDDHHMMSS_add_column_2_fast\.php and reads the class back as "AddColumn2Fast": name it AddColumn2Fast\./);
      assert.equal(migrationClassNameProblem(shop('0.9.2', true).model(), 'AddColumn2fast'), undefined, 'before 0.12.2 digits stay in their word');
    });

    it('refuses PHP reserved words and the base class name', () => {
      assert.match(migrationClassNameProblem(shop('0.16.6', false).model(), 'List')?.message ?? '', /reserved word in PHP/);
      assert.match(migrationClassNameProblem(shop('0.16.6', false).model(), 'AbstractMigration')?.message ?? '', /the name of the base class \(Phinx\\Migration\\AbstractMigration\)/);
      assert.match(migrationClassNameProblem(shop('0.9.2', true).model(), 'Migration')?.message ?? '', /MX\\PhinxMigrations\\Migration/);
    });

    it('refuses a class name used in ANY migration folder, ignoring case as PHP does', () => {
      const model = shop('0.16.6', false).model();
      const problem = migrationClassNameProblem(model, 'CreateAcmeProductBadge');
      assert.equal(problem?.problem, 'duplicate-class-name');
      assert.match(problem?.message ?? '', /already exists in app\/code\/Acme\/Catalog\/etc\/migrations\/20240506091500_create_acme_product_badge\.php: Phinx fails every command/);
      assert.equal(migrationClassNameProblem(model, 'CreateAcmeProductbadge')?.problem, 'duplicate-class-name');
    });
  });

  it('names the file YYYYMMDDHHMMSS_snake_name.php in UTC, splitting digits as the installed Phinx does', () => {
    const current = shop('0.16.6', false);
    const created = createMigration(current.model(), { module: 'Acme_Checkout', className: 'AddFooTo30Chars', now: SAMPLE_NOW });
    assert.equal(created.path, 'app/code/Acme/Checkout/etc/migrations/20240930070509_add_foo_to_30_chars.php');
    assert.equal(created.version, '20240930070509');
    const mx = shop('0.9.2', true);
    assert.equal(createMigration(mx.model(), { module: 'Acme_Checkout', className: 'AddColumnV2', now: SAMPLE_NOW }).path, 'app/code/Acme/Checkout/etc/migrations/20240930070509_add_column_v2.php');
  });

  it('never reuses a version: a taken second moves on by one second, across modules', () => {
    assert.equal(uniqueMigrationTimestamp(new Date(Date.UTC(2024, 4, 6, 9, 15, 0, 999)), new Set(['20240506091500', '20240506091501'])), '20240506091502');
    assert.equal(uniqueMigrationTimestamp(new Date(Date.UTC(2024, 11, 31, 23, 59, 59)), new Set(['20241231235959'])), '20250101000000');
    const { model } = shop('0.9.2', true);
    // Acme_Catalog already has 20240506091500.
    const created = createMigration(model(), { module: 'Acme_Checkout', className: 'AddGiftNote', now: new Date(Date.UTC(2024, 4, 6, 9, 15, 0)) });
    assert.equal(created.version, '20240506091501');
  });

  it('creates the migrations folder when the module has none, and never overwrites', () => {
    const { project, model } = shop('0.9.2', true);
    const created = createMigration(model(), { module: 'acme_checkout', className: 'AddGiftNote', now: SAMPLE_NOW });
    assert.equal(created.createdFolder, true);
    assert.equal(created.module.name, 'Acme_Checkout');
    assert.ok(readFileSync(project.path(created.path), 'utf8').includes('class AddGiftNote extends Migration'));
    assert.throws(() => createMigration(model(), { module: 'Acme_Checkout', className: 'AddGiftNote', now: SAMPLE_NOW }), (error: unknown) => error instanceof ScaffoldError && error.problem === 'duplicate-class-name');
  });

  it('explains an unknown module and a module folder phinx.php does not scan', () => {
    const { project, model } = shop('0.9.2', true);
    assert.throws(() => createMigration(model(), { module: 'Acme_Nope', className: 'AddGiftNote' }), /no bespoke module "Acme_Nope" \(looked in app\/code\/\*\/\*, src\/\*\/\*\): known modules are Acme_Catalog, Acme_Checkout, Acme_Loyalty\./);
    project.write('phinx.php', "<?php\nreturn ['paths' => ['migrations' => [__DIR__ . '/app/code/*/*/etc/migrations']]];\n");
    assert.throws(() => createMigration(model(), { module: 'Acme_Loyalty', className: 'AddGiftNote' }), (error: unknown) => {
      assert.ok(error instanceof ScaffoldError);
      assert.equal(error.problem, 'not-scanned');
      assert.match(error.message, /src\/Acme\/Loyalty\/etc\/migrations is not a folder phinx\.php scans \(paths\.migrations: app\/code\/\*\/\*\/etc\/migrations\)/);
      return true;
    });
  });

  describe('templates', () => {
    it('MX_PhinxMigrations installed: MX base class, up() and down(), no 0.12.13 decorations on Phinx 0.9', () => {
      const { model } = shop('0.9.2', true);
      const created = createMigration(model(), { module: 'Acme_Checkout', className: 'AddGiftNote', now: SAMPLE_NOW });
      const text = readFileSync(created.absolutePath, 'utf8');
      assert.equal(created.style, 'up-down');
      assert.match(text, /^<\?php\n\nuse MX\\PhinxMigrations\\Migration;\n\nclass AddGiftNote extends Migration\n\{/);
      assert.match(text, /public function up\(\)\n {4}\{\n {8}\n {4}\}/);
      assert.match(text, /public function down\(\)\n/);
      assert.doesNotMatch(text, /strict_types|final/);
      // The cursor sits on the indented empty line inside up().
      const lines = text.split('\n');
      assert.equal(lines[created.cursor.line - 2].trim(), 'public function up()');
      assert.equal(created.cursor.character, 8);
    });

    it('plain Phinx 0.12.13+: declare(strict_types=1), final class, change(): void', () => {
      const { model } = shop('0.13.4', false);
      const created = createMigration(model(), { module: 'Acme_Checkout', className: 'AddGiftNote', now: SAMPLE_NOW });
      const text = readFileSync(created.absolutePath, 'utf8');
      assert.equal(created.style, 'change');
      assert.match(text, /^<\?php\n\ndeclare\(strict_types=1\);\n\nuse Phinx\\Migration\\AbstractMigration;\n\nfinal class AddGiftNote extends AbstractMigration\n/);
      assert.match(text, /public function change\(\): void\n/);
      assert.doesNotMatch(text, /function up|function down/);
      assert.equal(text.split('\n')[created.cursor.line - 2].trim(), 'public function change(): void');
    });

    it('--style up-down on plain Phinx, and --style change with MX', () => {
      const plain = createMigration(shop('0.16.6', false).model(), { module: 'Acme_Checkout', className: 'AddGiftNote', style: 'up-down', now: SAMPLE_NOW });
      assert.match(readFileSync(plain.absolutePath, 'utf8'), /public function up\(\): void[\s\S]*public function down\(\): void/);
      const mx = createMigration(shop('0.9.2', true).model(), { module: 'Acme_Checkout', className: 'AddGiftNote', style: 'change', now: SAMPLE_NOW });
      assert.match(readFileSync(mx.absolutePath, 'utf8'), /class AddGiftNote extends Migration\n\{[\s\S]*public function change\(\)\n/);
    });

    it('an unknown Phinx version gets the newest template', () => {
      const kind = templateKind(shop(undefined, false).model(), phinxSemantics(undefined));
      assert.equal(kind.modern, true);
      assert.match(renderMigrationTemplate('AddGiftNote', 'change', kind).text, /final class AddGiftNote extends AbstractMigration/);
    });
  });
});
