// Bench room: generates a shop whose bespoke modules carry many Phinx migrations, written the ways real
// projects write them: MX up()/down() with Table API chains, Phinx change() in final classes,
// `$table = $this->table(...)` across statements, Magento's adapter via getConnection(), and raw SQL in
// heredocs. Each module's later migrations alter the tables its earlier ones created, so the replay of
// earlier migrations has real work to do. A share of the migrations is unsafe on purpose and the
// generator records which rule each one must trigger, so the bench can tell a full analysis from one
// that quietly skipped the files. The newest migration is a 2,000-line one: the file the LSP bench edits.
// Deterministic (seeded) and committed in one git commit.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { seededRandom } from '../helpers/mutations';
import { runGit } from './generateShop';

export interface MigrationShopOptions {
  moduleCount: number;
  /** All migrations, the large one included. */
  migrationCount: number;
  /** Share of the ordinary migrations given one unsafe operation. */
  unsafeShare: number;
  /** Lines of the large migration the LSP bench edits. */
  largeMigrationLines: number;
  seed: number;
}

/** A rule a generated migration must trigger (at least once in that file). */
export interface PlantedFinding {
  file: string;
  code: string;
}

/** The edits the LSP bench makes to the large migration: positions are 0-based, as in LSP. */
export interface LargeMigrationEdits {
  file: string;
  /** A column name inside an addColumn() of the up() method, to alternate with `renamedColumn`. */
  column: { line: number; character: number; name: string; renamed: string };
  /** A line where a whole statement is inserted and then removed again. */
  insertLine: number;
  /** The statement inserted (ends with a newline); it drops a column, so it adds one drop-column finding. */
  insertedStatement: string;
}

export interface MigrationShop {
  root: string;
  /** Project paths of every migration, in the order Phinx runs them. */
  migrationFiles: string[];
  planted: PlantedFinding[];
  largeMigration: LargeMigrationEdits;
  /** How many migrations of each style were written, for the report. */
  styleCounts: Record<MigrationStyle, number>;
}

export type MigrationStyle = 'mx-up-down' | 'phinx-change' | 'table-variable' | 'magento-adapter' | 'raw-sql';
const STYLES: readonly MigrationStyle[] = ['mx-up-down', 'phinx-change', 'table-variable', 'magento-adapter', 'raw-sql'];

const VENDORS = ['Acme', 'Contoso', 'Northwind', 'Fabrikam', 'Globex', 'Initech', 'Umbrella', 'Wayne', 'Stark', 'Tyrell', 'Hooli', 'Vandelay', 'Wonka', 'Oscorp', 'Aperture'];
const DOMAINS = ['Catalog', 'Checkout', 'Customer', 'Sales', 'Shipping', 'Payment', 'Inventory', 'Cms', 'Loyalty', 'Review', 'Wishlist', 'Quote', 'Newsletter', 'Import', 'Gift'];
const FEATURES = ['Badge', 'Rules', 'Feed', 'Sync', 'Widget', 'Grid', 'Logger', 'Mapper', 'Points', 'Labels', 'Queue', 'Audit', 'Pricing', 'Attributes', 'Bundles'];
const ENTITIES = ['rule', 'item', 'log', 'queue', 'link', 'store', 'history', 'label', 'option', 'value', 'batch', 'map'];
const CORE_TABLES = ['sales_order', 'sales_order_item', 'quote', 'quote_item', 'customer_entity', 'catalog_product_entity', 'cms_page', 'store'];
const COLUMN_WORDS = [
  'status', 'sort_order', 'store_id', 'customer_id', 'product_id', 'label', 'is_active', 'priority', 'external_ref', 'payload',
  'sku', 'qty', 'price', 'note', 'expires_at', 'starts_at', 'code', 'title', 'position', 'weight', 'channel', 'source', 'hash',
  'attempts', 'locale', 'currency', 'website_id', 'group_id', 'checksum', 'message',
];

/** The Phinx column types used, with their usual options (as PHP source). */
const PHINX_COLUMN_TYPES: ReadonlyArray<{ type: string; options: string }> = [
  { type: 'string', options: "'limit' => 64" },
  { type: 'string', options: "'limit' => 255" },
  { type: 'integer', options: "'signed' => false" },
  { type: 'smallinteger', options: "'default' => 0" },
  { type: 'boolean', options: "'default' => false" },
  { type: 'decimal', options: "'precision' => 12, 'scale' => 4" },
  { type: 'datetime', options: "'comment' => 'Set by the cron'" },
  { type: 'text', options: "'comment' => 'Free text'" },
];

const MAGENTO_COLUMN_TYPES: ReadonlyArray<string> = [
  "'type' => Table::TYPE_TEXT, 'length' => 255",
  "'type' => Table::TYPE_INTEGER, 'unsigned' => true",
  "'type' => Table::TYPE_SMALLINT, 'default' => 0",
  "'type' => Table::TYPE_DECIMAL, 'precision' => 12, 'scale' => 4",
  "'type' => Table::TYPE_TIMESTAMP",
];

const SQL_COLUMN_TYPES: ReadonlyArray<string> = ['VARCHAR(64)', 'VARCHAR(255)', 'INT UNSIGNED', 'SMALLINT', 'DECIMAL(12,4)', 'DATETIME', 'TEXT'];

interface TableState {
  name: string;
  columns: string[];
  /** Columns already changed to DATE: changing them to DATE again would change nothing. */
  dateColumns: Set<string>;
}

interface ModuleState {
  vendor: string;
  module: string;
  /** Table prefix, e.g. acme_loyalty_points. */
  prefix: string;
  tables: TableState[];
  /** The last column-name suffix handed out: module-wide, so no table of the module gets a name twice. */
  columnSerial: number;
}

interface WrittenMigration {
  snakeName: string;
  body: string;
  planted: string[];
}

type Random = () => number;

function snakeToPascal(snake: string): string {
  return snake
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** YmdHis of a UTC time in ms. */
function timestampOf(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

class MigrationWriter {
  private readonly pick: <T>(items: readonly T[]) => T;
  private readonly between: (low: number, high: number) => number;

  constructor(private readonly random: Random) {
    this.pick = (items) => items[Math.floor(random() * items.length)];
    this.between = (low, high) => low + Math.floor(random() * (high - low + 1));
  }

  newColumnName(state: ModuleState): string {
    state.columnSerial += 1;
    return `${this.pick(COLUMN_WORDS)}_${state.columnSerial}`;
  }

  phinxColumn(name: string, nullable: boolean, indent: string): string {
    const { type, options } = this.pick(PHINX_COLUMN_TYPES);
    const nullOption = nullable ? ", 'null' => true" : '';
    const after = this.random() < 0.15 ? ", 'after' => 'entity_id'" : '';
    return `${indent}->addColumn('${name}', '${type}', [${options}${nullOption}${after}])`;
  }

  createTable(state: ModuleState, style: 'mx-up-down' | 'phinx-change'): WrittenMigration {
    const table: TableState = { name: `${state.prefix}_${this.pick(ENTITIES)}_${state.tables.length + 1}`, columns: [], dateColumns: new Set() };
    const columnLines: string[] = [];
    const columnCount = this.between(3, 12);
    for (let i = 0; i < columnCount; i++) {
      const column = this.newColumnName(state);
      table.columns.push(column);
      columnLines.push(this.phinxColumn(column, i > 1, '            '));
    }
    const indexLines = [`            ->addIndex(['${table.columns[0]}'])`];
    if (this.random() < 0.4) indexLines.push(`            ->addIndex(['${table.columns[1]}', '${table.columns[0]}'], ['name' => '${table.name.toUpperCase()}_LOOKUP'])`);
    const chain = [
      `        $this->table('${table.name}', ['id' => 'entity_id', 'signed' => false, 'comment' => '${snakeToPascal(table.name)} records'])`,
      ...columnLines,
      `            ->addColumn('created_at', 'timestamp', ['default' => 'CURRENT_TIMESTAMP'])`,
      `            ->addColumn('updated_at', 'timestamp', ['null' => true, 'update' => 'CURRENT_TIMESTAMP'])`,
      ...indexLines,
      '            ->create();',
    ].join('\n');
    table.columns.push('created_at', 'updated_at');
    state.tables.push(table);
    const snakeName = `create_${table.name}_table`;
    if (style === 'phinx-change') {
      return { snakeName, body: phinxChangeClass(snakeName, [chain]), planted: [] };
    }
    return { snakeName, body: mxUpDownClass(snakeName, [chain], [`        $this->table('${table.name}')->drop()->save();`]), planted: [] };
  }

  /** MX style: a Table API chain in up(), its inverse in down(). */
  mxChain(state: ModuleState, table: TableState, unsafe: boolean): WrittenMigration {
    const added = this.addedColumns(state, this.between(1, 6));
    // Some teams name the table once, in a class constant.
    const constants = this.random() < 0.3 ? [`    private const TABLE_NAME = '${table.name}';`] : [];
    const tableRef = constants.length ? 'self::TABLE_NAME' : `'${table.name}'`;
    const upLines = [`        $this->table(${tableRef})`, ...added.map((column) => this.phinxColumn(column, true, '            '))];
    if (this.random() < 0.5) upLines.push(`            ->addIndex(['${added[0]}'])`);
    const planted: string[] = [];
    let snakeName = `add_${added[0]}_to_${table.name}`;
    if (unsafe) {
      const unsafeKind = this.pick(['drop-column', 'rename-column', 'add-unique-index', 'add-not-null-column-without-default'] as const);
      const existing = this.existingColumn(table);
      if (unsafeKind === 'drop-column' && existing) {
        upLines.push(`            ->removeColumn('${existing}')`);
        table.columns.splice(table.columns.indexOf(existing), 1);
        snakeName = `drop_${existing}_from_${table.name}`;
        planted.push('drop-column');
      } else if (unsafeKind === 'rename-column' && existing) {
        const renamed = `${existing}_renamed`;
        upLines.push(`            ->renameColumn('${existing}', '${renamed}')`);
        table.columns[table.columns.indexOf(existing)] = renamed;
        if (table.dateColumns.has(existing)) table.dateColumns.add(renamed);
        snakeName = `rename_${existing}_on_${table.name}`;
        planted.push('rename-column');
      } else if (unsafeKind === 'add-unique-index' && existing) {
        upLines.push(`            ->addIndex(['${existing}'], ['unique' => true, 'name' => '${table.name.toUpperCase()}_${existing.toUpperCase()}_UNIQUE'])`);
        snakeName = `make_${existing}_unique_on_${table.name}`;
        planted.push('add-unique-index');
      } else {
        // 0.13.4+ makes a column without 'null' NOT NULL, and there is no default: old INSERTs break.
        const column = this.newColumnName(state);
        upLines.push(`            ->addColumn('${column}', 'integer', ['signed' => false])`);
        table.columns.push(column);
        snakeName = `add_required_${column}_to_${table.name}`;
        planted.push('add-not-null-column-without-default');
      }
    }
    upLines.push('            ->update();');
    table.columns.push(...added);
    const downLines = [`        $this->table(${tableRef})`, ...added.map((column) => `            ->removeColumn('${column}')`), '            ->update();'];
    return { snakeName, body: mxUpDownClass(snakeName, [upLines.join('\n')], [downLines.join('\n')], [], '', constants), planted };
  }

  /** Phinx change() style, sometimes with the table in a variable across statements. */
  changeStyle(state: ModuleState, table: TableState, withVariable: boolean, unsafe: boolean): WrittenMigration {
    const added = this.addedColumns(state, this.between(2, 7));
    const planted: string[] = [];
    const statements: string[] = [];
    let snakeName = `add_${added[0]}_to_${table.name}`;
    if (withVariable) {
      const actions = [`        $table = $this->table('${table.name}');`];
      // phinxColumn() writes `<indent>->addColumn(...)`, so the variable becomes the indent.
      for (const column of added) actions.push(`${this.phinxColumn(column, true, '        $table')};`);
      if (this.random() < 0.6) actions.push(`        $table->addIndex(['${added[added.length - 1]}']);`);
      if (unsafe) {
        const column = this.newColumnName(state);
        // A foreign key on a table that already holds rows: a copy unless checks are off.
        actions.push(`        $table->addColumn('${column}', 'integer', ['signed' => false, 'null' => true]);`);
        actions.push(`        $table->addForeignKey('${column}', 'customer_entity', 'entity_id', ['delete' => 'SET_NULL', 'update' => 'NO_ACTION']);`);
        added.push(column);
        planted.push('add-foreign-key');
        snakeName = `link_${table.name}_to_customer`;
      }
      statements.push(actions.join('\n'), '        $table->update();');
    } else {
      const chain = [`        $this->table('${table.name}')`, ...added.map((column) => this.phinxColumn(column, true, '            '))];
      if (unsafe) {
        // A type change no generated column has already: old code's values no longer fit, and the table is copied.
        const existing = this.existingColumn(table, table.dateColumns);
        if (existing) {
          table.dateColumns.add(existing);
          chain.push(`            ->changeColumn('${existing}', 'date', ['null' => true])`);
          planted.push('change-column-type');
          snakeName = `store_${existing}_as_date_on_${table.name}`;
        } else {
          const column = this.newColumnName(state);
          chain.push(`            ->addColumn('${column}', 'string', ['limit' => 32])`);
          added.push(column);
          planted.push('add-not-null-column-without-default');
        }
      }
      chain.push('            ->update();');
      statements.push(chain.join('\n'));
    }
    table.columns.push(...added);
    return { snakeName, body: phinxChangeClass(snakeName, statements), planted };
  }

  /** MX style through Magento's DB adapter. */
  adapterStyle(state: ModuleState, table: TableState, unsafe: boolean): WrittenMigration {
    // Adapter-style modules often extend Magento's own tables.
    const target = this.random() < 0.6 ? table.name : this.pick(CORE_TABLES);
    const added = this.addedColumns(state, this.between(1, 6));
    const planted: string[] = [];
    const up = ['        $connection = $this->getConnection();'];
    for (const column of added) {
      up.push(
        [
          `        $connection->addColumn(`,
          `            $this->getTable('${target}'),`,
          `            '${column}',`,
          `            [${this.pick(MAGENTO_COLUMN_TYPES)}, 'nullable' => true, 'comment' => '${snakeToPascal(column)}']`,
          '        );',
        ].join('\n'),
      );
    }
    let snakeName = `add_${added[0]}_to_${target}`;
    if (unsafe) {
      const existing = this.existingColumn(table);
      if (existing) {
        up.push(`        $this->getConnection()->dropColumn($this->getTable('${table.name}'), '${existing}');`);
        table.columns.splice(table.columns.indexOf(existing), 1);
        planted.push('drop-column');
        snakeName = `remove_${existing}_from_${table.name}`;
      }
    }
    if (target === table.name) table.columns.push(...added);
    const down = ['        $connection = $this->getConnection();', ...added.map((column) => `        $connection->dropColumn($this->getTable('${target}'), '${column}');`)];
    return { snakeName, body: mxUpDownClass(snakeName, up, down, ['Magento\\Framework\\DB\\Ddl\\Table']), planted };
  }

  /** Raw SQL in heredocs: an instant ADD COLUMN, an index, a bounded backfill. */
  rawSqlStyle(state: ModuleState, table: TableState, unsafe: boolean): WrittenMigration {
    const added = this.addedColumns(state, this.between(1, 5));
    const planted: string[] = [];
    const definitions = added.map((column) => `              ADD COLUMN ${column} ${this.pick(SQL_COLUMN_TYPES)} NULL`).join(',\n');
    const up = [`        $this->execute(<<<SQL\n            ALTER TABLE ${table.name}\n${definitions},\n              ALGORITHM=INSTANT\n            SQL);`];
    if (this.random() < 0.6) up.push(`        $this->execute(<<<'SQL'\n            CREATE INDEX ${table.name.toUpperCase()}_${added[0].toUpperCase()} ON ${table.name} (${added[0]})\n            SQL);`);
    if (this.random() < 0.4) {
      up.push(`        $this->execute(<<<SQL\n            UPDATE ${table.name}\n               SET ${added[0]} = NULL\n             WHERE ${table.columns[0]} IS NOT NULL\n               AND entity_id < 10000\n            SQL);`);
    }
    let snakeName = `add_${added[0]}_to_${table.name}_sql`;
    if (unsafe) {
      const existing = this.existingColumn(table);
      if (existing && this.random() < 0.5) {
        up.push(`        $this->execute(<<<SQL\n            ALTER TABLE ${table.name} DROP COLUMN ${existing}\n            SQL);`);
        table.columns.splice(table.columns.indexOf(existing), 1);
        planted.push('drop-column');
        snakeName = `drop_${existing}_from_${table.name}_sql`;
      } else {
        up.push(`        $this->execute('DELETE FROM ${table.name}');`);
        planted.push('truncate-or-unbounded-delete');
        snakeName = `purge_${table.name}_sql`;
      }
    }
    table.columns.push(...added);
    const down = [`        $this->execute(<<<SQL\n            ALTER TABLE ${table.name}\n${added.map((column) => `              DROP COLUMN ${column}`).join(',\n')}\n            SQL);`];
    return { snakeName, body: mxUpDownClass(snakeName, up, down, [], ': void'), planted };
  }

  private addedColumns(state: ModuleState, count: number): string[] {
    return Array.from({ length: count }, () => this.newColumnName(state));
  }

  /** A column the table already has and that is not one of its first two (kept for indexes). */
  private existingColumn(table: TableState, excluded: ReadonlySet<string> = new Set()): string | undefined {
    const candidates = table.columns.slice(2).filter((column) => column !== 'created_at' && column !== 'updated_at' && !excluded.has(column));
    return candidates.length ? this.pick(candidates) : undefined;
  }
}

function docBlock(text: string): string {
  return `    /**\n     * ${text}\n     */\n`;
}

function mxUpDownClass(snakeName: string, up: string[], down: string[], uses: string[] = [], returnType = '', constants: string[] = []): string {
  const imports = [...uses, 'MX\\PhinxMigrations\\Migration'].map((name) => `use ${name};`).join('\n');
  return (
    `<?php\n\n${imports}\n\nclass ${snakeToPascal(snakeName)} extends Migration\n{\n` +
    (constants.length ? `${constants.join('\n')}\n\n` : '') +
    `${docBlock('Upgrade the database.')}    public function up()${returnType}\n    {\n${up.join('\n\n')}\n    }\n\n` +
    `${docBlock('Rollback the database.')}    public function down()${returnType}\n    {\n${down.join('\n\n')}\n    }\n}\n`
  );
}

function phinxChangeClass(snakeName: string, statements: string[]): string {
  return (
    `<?php\n\ndeclare(strict_types=1);\n\nuse Phinx\\Migration\\AbstractMigration;\n\n` +
    `final class ${snakeToPascal(snakeName)} extends AbstractMigration\n{\n` +
    `${docBlock('Reversible: Phinx derives the rollback from the recorded actions.')}    public function change(): void\n    {\n${statements.join('\n\n')}\n    }\n}\n`
  );
}

/**
 * The migration the LSP bench edits: hundreds of Table API statements on the tables the earlier
 * migrations built (so their replay decides what each rule sees) and a few heredoc SQL statements.
 */
function largeMigration(snakeName: string, modules: ModuleState[], lineTarget: number, random: Random): { text: string; edits: Omit<LargeMigrationEdits, 'file'> } {
  const tables = modules.flatMap((state) => state.tables);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const header = `<?php\n\ndeclare(strict_types=1);\n\nuse MX\\PhinxMigrations\\Migration;\n\nfinal class ${snakeToPascal(snakeName)} extends Migration\n{\n${docBlock('One release worth of catalog attributes, written as one migration.')}    public function up(): void\n    {\n`;
  const up: string[] = [];
  const down: string[] = [];
  const render = () => `${header}${up.join('\n')}    }\n\n${docBlock('Rollback the database.')}    public function down(): void\n    {\n${down.join('\n')}    }\n}\n`;
  const lineCount = () => render().split('\n').length - 1;
  let serial = 0;
  let sqlStatements = 0;
  // Bounded: every iteration adds lines, so the target is reached after at most lineTarget iterations.
  while (lineCount() < lineTarget) {
    const table = pick(tables);
    serial += 1;
    if (serial % 60 === 30 && sqlStatements < 6) {
      sqlStatements += 1;
      const column = `bulk_flag_${serial}`;
      up.push(`        $this->execute(<<<SQL\n            ALTER TABLE ${table.name}\n              ADD COLUMN ${column} TINYINT(1) NULL,\n              ALGORITHM=INSTANT\n            SQL);\n`);
      down.push(`        $this->execute('ALTER TABLE ${table.name} DROP COLUMN ${column}');\n`);
      continue;
    }
    const column = `attribute_${serial}`;
    // Now and then a column placed after another: add-column-not-instant has something to say.
    const after = serial % 25 === 0 ? `, 'after' => '${table.columns[0]}'` : '';
    up.push(`        $this->table('${table.name}')\n            ->addColumn('${column}', 'string', ['limit' => 64, 'null' => true${after}])\n            ->addIndex(['${column}'])\n            ->update();\n`);
    down.push(`        $this->table('${table.name}')->removeIndex(['${column}'])->removeColumn('${column}')->update();\n`);
  }
  const text = render();
  const lines = text.split('\n');
  // The first addColumn of up() is renamed back and forth; the statement goes in right after it.
  const columnLine = lines.findIndex((line) => line.includes("->addColumn('attribute_"));
  const name = /addColumn\('([a-z_0-9]+)'/.exec(lines[columnLine])?.[1];
  if (columnLine < 0 || !name) throw new Error('the large migration has no addColumn to edit');
  const droppedTable = pick(tables.filter((candidate) => candidate.columns.length > 2));
  return {
    text,
    edits: {
      column: { line: columnLine, character: lines[columnLine].indexOf(`'${name}'`) + 1, name, renamed: `${name}_code` },
      insertLine: columnLine + 3,
      insertedStatement: `        $this->table('${droppedTable.name}')->removeColumn('${droppedTable.columns[droppedTable.columns.length - 1]}')->update();\n`,
    },
  };
}

function planModules(count: number, random: Random): ModuleState[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const modules: ModuleState[] = [];
  const taken = new Set<string>();
  // Bounded: 15 x 15 x 15 names are far more than any module count used here.
  for (let attempt = 0; modules.length < count && attempt < count * 50; attempt++) {
    const vendor = pick(VENDORS);
    const module = `${pick(DOMAINS)}${pick(FEATURES)}`;
    if (taken.has(`${vendor}_${module}`)) continue;
    taken.add(`${vendor}_${module}`);
    const prefix = `${vendor}_${module}`.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
    modules.push({ vendor, module, prefix, tables: [], columnSerial: 0 });
  }
  if (modules.length < count) throw new Error(`could only name ${modules.length} of ${count} modules`);
  return modules;
}

function writeFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function migrationsFolder(state: ModuleState): string {
  return `app/code/${state.vendor}/${state.module}/etc/migrations`;
}

/** Bump when the generated content changes, so an old tree is not reused. */
const GENERATOR_VERSION = 4;

/** Reuses the tree of an earlier run made with the same options (the benches only read it). */
export async function generateOrReuseMigrationShop(root: string, options: MigrationShopOptions): Promise<{ shop: MigrationShop; reused: boolean }> {
  const stampFile = `${root}.json`;
  const stamp = JSON.stringify({ generator: GENERATOR_VERSION, options });
  if (existsSync(stampFile) && existsSync(join(root, '.git'))) {
    const saved = JSON.parse(readFileSync(stampFile, 'utf8')) as { stamp: string; shop: MigrationShop };
    if (saved.stamp === stamp && saved.shop.root === root) return { shop: saved.shop, reused: true };
  }
  rmSync(stampFile, { force: true });
  const shop = await generateMigrationShop(root, options);
  writeFileSync(stampFile, JSON.stringify({ stamp, shop }));
  return { shop, reused: false };
}

export async function generateMigrationShop(root: string, options: MigrationShopOptions): Promise<MigrationShop> {
  rmSync(root, { recursive: true, force: true });
  const random = seededRandom(options.seed);
  const writer = new MigrationWriter(random);
  const modules = planModules(options.moduleCount, random);

  writeFile(join(root, 'app/etc/env.php'), `<?php\nreturn [\n    'db' => ['connection' => ['default' => ['host' => 'localhost', 'dbname' => 'bench', 'username' => 'bench', 'password' => '']]],\n];\n`);
  writeFile(join(root, 'bin/magento'), '#!/usr/bin/env php\n<?php\n');
  writeFile(join(root, 'magento-zdd.json'), `${JSON.stringify({ baseline: 'HEAD', bespokePaths: ['app/code/*/*'], server: 'mysql-8.0' }, null, 2)}\n`);
  // 0.13.4+: addColumn() without 'null' is NOT NULL, which the unsafe migrations rely on.
  const composerLock = {
    packages: [
      { name: 'mx/module-phinx-migrations', version: '1.3.0', type: 'magento2-module' },
      { name: 'robmorgan/phinx', version: '0.13.4', type: 'library' },
    ],
    'packages-dev': [],
  };
  writeFile(join(root, 'composer.lock'), `${JSON.stringify(composerLock, null, 4)}\n`);
  for (const state of modules) {
    const folder = `app/code/${state.vendor}/${state.module}`;
    writeFile(join(root, folder, 'etc/module.xml'), `<?xml version="1.0"?>\n<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:framework:Module/etc/module.xsd">\n    <module name="${state.vendor}_${state.module}"/>\n</config>\n`);
    writeFile(join(root, folder, 'registration.php'), `<?php\nuse Magento\\Framework\\Component\\ComponentRegistrar;\n\nComponentRegistrar::register(ComponentRegistrar::MODULE, '${state.vendor}_${state.module}', __DIR__);\n`);
  }

  const styleCounts = Object.fromEntries(STYLES.map((style) => [style, 0])) as Record<MigrationStyle, number>;
  const migrationFiles: string[] = [];
  const planted: PlantedFinding[] = [];
  const usedNames = new Set<string>();
  // About four years of history, a few hours between migrations.
  let time = Date.UTC(2020, 0, 6, 9, 0, 0);
  const ordinaryCount = options.migrationCount - 1;
  for (let index = 0; index < ordinaryCount; index++) {
    time += (1 + Math.floor(random() * 6 * 60)) * 60_000;
    const state = modules[Math.floor(random() * modules.length)];
    const unsafe = random() < options.unsafeShare;
    const style = STYLES[Math.floor(random() * STYLES.length)];
    let written: WrittenMigration;
    // A module starts with a table; afterwards one table in five is new.
    if (state.tables.length === 0 || (state.tables.length < 8 && random() < 0.2)) {
      written = writer.createTable(state, style === 'phinx-change' || style === 'table-variable' ? 'phinx-change' : 'mx-up-down');
      styleCounts[style === 'phinx-change' || style === 'table-variable' ? 'phinx-change' : 'mx-up-down'] += 1;
    } else {
      const table = state.tables[Math.floor(random() * state.tables.length)];
      if (style === 'mx-up-down') written = writer.mxChain(state, table, unsafe);
      else if (style === 'phinx-change') written = writer.changeStyle(state, table, false, unsafe);
      else if (style === 'table-variable') written = writer.changeStyle(state, table, true, unsafe);
      else if (style === 'magento-adapter') written = writer.adapterStyle(state, table, unsafe);
      else written = writer.rawSqlStyle(state, table, unsafe);
      styleCounts[style] += 1;
    }
    // Class names are unique project-wide in real shops too (Phinx refuses duplicates).
    let snakeName = written.snakeName;
    for (let serial = 2; usedNames.has(snakeName); serial++) snakeName = `${written.snakeName}_v${serial}`;
    if (snakeName !== written.snakeName) written.body = written.body.replace(` ${snakeToPascal(written.snakeName)} extends`, ` ${snakeToPascal(snakeName)} extends`);
    usedNames.add(snakeName);
    if (random() < 0.5) {
      const ticket = `${state.vendor.toUpperCase().slice(0, 4)}-${100 + Math.floor(random() * 9000)}`;
      const classDoc = `/**\n * ${ticket}: ${snakeName.replace(/_/g, ' ')}.\n *\n * Ships with the release that starts using it; the previous release keeps running\n * against the same database until the deploy switches over.\n */\n`;
      written.body = written.body.replace(/^(final )?class /m, (declaration) => `${classDoc}${declaration}`);
    }
    const file = `${migrationsFolder(state)}/${timestampOf(time)}_${snakeName}.php`;
    writeFile(join(root, file), written.body);
    migrationFiles.push(file);
    for (const code of written.planted) planted.push({ file, code });
  }

  time += 3_600_000;
  const owner = modules[0];
  const largeName = 'add_release_catalog_attributes';
  const large = largeMigration(largeName, modules, options.largeMigrationLines, random);
  const largeFile = `${migrationsFolder(owner)}/${timestampOf(time)}_${largeName}.php`;
  writeFile(join(root, largeFile), large.text);
  migrationFiles.push(largeFile);

  await runGit(root, ['init', '--quiet']);
  await runGit(root, ['add', '--all']);
  await runGit(root, ['-c', 'user.name=magento-zdd bench', '-c', 'user.email=bench@magento-zdd.invalid', 'commit', '--quiet', '--no-gpg-sign', '-m', 'Generated shop with migrations']);
  return { root, migrationFiles, planted, largeMigration: { file: largeFile, ...large.edits }, styleCounts };
}
