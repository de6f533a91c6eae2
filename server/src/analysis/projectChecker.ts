// Analysis room: checks a whole project and keeps what later single-file checks need: the git
// baseline, each migration's operations and each db_schema.xml, so that an edit re-reads one file
// only. The CLI uses it once (checkAll); the language server keeps one per project.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeModuleXml, baselineNotice, fileBaselineFrom, type FileBaseline } from './analyzer';
import { analyzeDbSchema, analyzeModuleConfig, declaredSchema, moduleNameOf, whitelistPathFor } from './dbSchema/analyzeDeclarative';
import type { DbSchemaDocument } from './dbSchema/dbSchemaXml';
import { parseDbSchemaXml } from './dbSchema/dbSchemaXml';
import { BaselineUnavailableError, readBaseline, readBaselineFiles, resolveBaselineCommit, type Baseline } from './gitBaseline';
import { analyzeMigration, findingsFromFacts, readMigration } from './migrations/analyzeMigration';
import { factsWorkerScript, MigrationFactsPool, PARALLEL_MIN_MIGRATIONS } from './migrations/migrationFactsPool';
import { describeMigrationFile, isMigrationPath, listMigrationFiles, MigrationList, type MigrationFile } from './migrations/migrationFiles';
import { phinxSemantics, type PhinxSemantics } from './phinx/naming';
import { IncrementalPhpParser } from './php/incrementalParse';
import { isBespokePath, isModuleXmlPath, listBespokeModuleFiles, type ProjectModel } from './project';
import type { SchemaOperation } from './schema/operations';
import type { SchemaModel } from './schema/schemaModel';
import type { SetupModuleSnapshot } from './setupModuleDrift';
import type { Finding, Notice } from './types';

export const MODULE_CONFIG_PATH = 'app/etc/config.php';

export type FileKind = 'module-xml' | 'migration' | 'db-schema' | 'db-schema-whitelist' | 'module-config';

export interface CheckedFile {
  file: string;
  findings: Finding[];
}

export interface ProjectCheckerOptions {
  /**
   * A check that runs once and prints (the CLI), not an editor's: no quick fixes (the split fix wrote a
   * whole new migration per finding), and each migration's operations are let go once the replay has
   * applied them instead of being kept for later edits. Default false.
   */
  checkOnce?: boolean;
  /**
   * Threads that read migrations when checkAll reads from disk (1: this thread only). Only a checkOnce
   * checker uses worker threads (quick fixes need the parse), and only for PARALLEL_MIN_MIGRATIONS or more.
   */
  jobs?: number;
}

export class ProjectChecker {
  readonly semantics: PhinxSemantics;
  private baseline: Baseline | BaselineUnavailableError | undefined;
  private migrations = new MigrationList([]);
  /** Operations of each migration as last read, by project path, with the text they were read from (undefined: read by a worker). */
  private readonly migrationOperations = new Map<string, { text: string | undefined; operations: SchemaOperation[] }>();
  private readonly dbSchemas = new Map<string, DbSchemaDocument>();
  /** The last parse of each migration open in an editor (see checkFile's `editing`). */
  private readonly editorParsers = new Map<string, IncrementalPhpParser>();
  /**
   * The replay of migrations [0, next) on the declared schema. A whole-project check advances it one
   * migration at a time, so N migrations cost one replay, not N; edits of one migration find it
   * parked just before that migration and replay nothing.
   */
  private running: { next: number; schema: SchemaModel } | undefined;
  /** The selected environment's setup_module (read by the engine); module.xml is compared with it when set. */
  setupModule: SetupModuleSnapshot | undefined;

  constructor(
    readonly project: ProjectModel,
    private readonly options: ProjectCheckerOptions = {},
  ) {
    this.semantics = phinxSemantics(project.composer.phinxVersion);
  }

  kindOf(file: string): FileKind | undefined {
    if (file === MODULE_CONFIG_PATH) return 'module-config';
    // The listed migrations first: a whole-project check asks this of each file several times, and
    // matching the folder globs every time was a visible share of checking 10,000 migrations.
    if (this.migrations.positionOf(file) >= 0 || isMigrationPath(this.project, file)) return 'migration';
    if (!isBespokePath(this.project, file)) return undefined;
    if (isModuleXmlPath(file)) return 'module-xml';
    if (/(^|\/)etc\/db_schema\.xml$/.test(file)) return 'db-schema';
    if (/(^|\/)etc\/db_schema_whitelist\.json$/.test(file)) return 'db-schema-whitelist';
    return undefined;
  }

  /** Every file the checks cover, in check order (db_schema.xml before the migrations replayed on it). */
  listFiles(): string[] {
    this.migrations = new MigrationList(listMigrationFiles(this.project, this.semantics));
    const moduleFiles = listBespokeModuleFiles(this.project);
    return [...moduleFiles.moduleXml, ...moduleFiles.dbSchema, MODULE_CONFIG_PATH, ...this.migrations.files.map((migration) => migration.path)];
  }

  notices(): Notice[] {
    const notices: Notice[] = [];
    if (this.baseline instanceof BaselineUnavailableError) notices.push(baselineNotice(this.baseline));
    if (this.project.migrationGlobs.note) notices.push({ message: this.project.migrationGlobs.note });
    return notices;
  }

  /** Reads the baseline of every file that is compared with git, in one batch. */
  async loadBaseline(files: readonly string[]): Promise<void> {
    const compared = files.filter((file) => this.comparedWithGit(file));
    try {
      this.baseline = await readBaseline(this.project.root, this.project.config.baseline, compared);
    } catch (error) {
      if (!(error instanceof BaselineUnavailableError)) throw error;
      this.baseline = error;
    }
  }

  private comparedWithGit(file: string): boolean {
    const kind = this.kindOf(file);
    return kind === 'module-xml' || kind === 'db-schema' || kind === 'module-config';
  }

  /** Re-resolves the baseline ref; true when it moved (a commit, a checkout), i.e. everything needs a new check. */
  async refreshBaseline(): Promise<boolean> {
    const previous = this.baseline;
    try {
      const commit = await resolveBaselineCommit(this.project.root, this.project.config.baseline);
      if (previous && !(previous instanceof BaselineUnavailableError) && previous.commit === commit) return false;
    } catch (error) {
      if (!(error instanceof BaselineUnavailableError)) throw error;
      this.baseline = error;
      return !(previous instanceof BaselineUnavailableError);
    }
    await this.loadBaseline(this.listFiles());
    return true;
  }

  private async baselineFor(file: string): Promise<FileBaseline> {
    if (!this.baseline) await this.loadBaseline([file]);
    const baseline = this.baseline as Baseline | BaselineUnavailableError;
    if (!(baseline instanceof BaselineUnavailableError) && !baseline.files.has(file)) {
      for (const [path, entry] of await readBaselineFiles(this.project.root, baseline.commit, [file])) baseline.files.set(path, entry);
    }
    return fileBaselineFrom(baseline, file);
  }

  /** Checks every file; `textOf` lets an editor supply unsaved text. Files that do not exist are skipped. */
  async checkAll(textOf?: (file: string) => Promise<string | undefined>): Promise<CheckedFile[]> {
    const files = this.listFiles();
    // An editor's unsaved text is only here, so workers (which read the disk) serve only a check from disk.
    // Started first: they read migrations while git answers and the module files are checked.
    const pool = textOf ? undefined : this.startFactsPool();
    const read = textOf ?? ((file: string) => this.readText(file));
    const checked: CheckedFile[] = [];
    try {
      await this.loadBaseline(files);
      // One file at a time: holding every text at once kept megabytes alive through each young-generation GC.
      for (const file of files) {
        if (pool && this.kindOf(file) === 'migration') {
          const findings = await this.checkMigrationFromPool(pool, file);
          if (findings) checked.push({ file, findings });
          continue;
        }
        const text = await read(file);
        if (text === undefined) continue;
        checked.push({ file, findings: await this.checkFile(file, text) });
      }
    } finally {
      await pool?.close();
    }
    return checked;
  }

  private startFactsPool(): MigrationFactsPool | undefined {
    const threads = this.options.jobs ?? 1;
    if (threads < 2 || !this.options.checkOnce || this.migrations.files.length < PARALLEL_MIN_MIGRATIONS) return undefined;
    const script = factsWorkerScript();
    if (!script) return undefined;
    const jobs = this.migrations.files.map((file) => ({ file, duplicates: this.migrations.duplicatesOf(file) }));
    return new MigrationFactsPool(script, this.project, jobs, threads - 1);
  }

  /** undefined: the file is gone. A file whose reading threw is analysed the single-thread way. */
  private async checkMigrationFromPool(pool: MigrationFactsPool, path: string): Promise<Finding[] | undefined> {
    const result = await pool.factsAt(this.migrations.positionOf(path));
    if (result.kind === 'missing') return undefined;
    if (result.kind === 'failed') return this.checkFile(path, result.text);
    const migration = this.migrations.get(path)!;
    const findings = findingsFromFacts(this.project, migration, result.facts, await this.schemaBeforeMigration(migration));
    // Only a one-shot check uses the pool, and its replay lets each migration's operations go once applied.
    this.migrationOperations.set(path, { text: undefined, operations: result.facts.operations });
    return findings;
  }

  /**
   * Findings of one file with the given text. The whitelist has none of its own: its db_schema.xml
   * reports them. `editing`: the file is open in an editor and checked again on every edit, so its
   * last parse is kept to re-parse only what an edit touched; a check without it lets that go.
   */
  async checkFile(file: string, text: string, options: { editing?: boolean } = {}): Promise<Finding[]> {
    switch (this.kindOf(file)) {
      case 'module-xml':
        return analyzeModuleXml(this.project, file, text, await this.baselineFor(file), this.setupModule);
      case 'db-schema': {
        const baseline = await this.baselineFor(file);
        const { findings, document } = analyzeDbSchema(this.project, file, text, baseline.kind === 'available' ? baseline.text : undefined, await this.readText(whitelistPathFor(file)));
        this.dbSchemas.set(file, document);
        this.invalidateSchemaFrom(0);
        return findings;
      }
      case 'module-config': {
        const baseline = await this.baselineFor(file);
        const modules = await Promise.all(
          [...(await this.dbSchemaDocuments()).entries()].map(async ([path, document]) => ({ module: moduleNameOf(path) ?? path, document, whitelistText: await this.readText(whitelistPathFor(path)) })),
        );
        return analyzeModuleConfig(this.project, file, text, baseline.kind === 'available' ? baseline.text : undefined, modules);
      }
      case 'migration':
        return this.checkMigration(file, text, options.editing === true);
      default:
        return [];
    }
  }

  private async checkMigration(path: string, text: string, editing: boolean): Promise<Finding[]> {
    // The split fix names its new file after every migration of the project, not only those seen so far.
    if (this.migrations.files.length === 0) this.migrations = new MigrationList(listMigrationFiles(this.project, this.semantics));
    let migration = this.migrations.get(path);
    if (!migration) {
      // A file created after the last listing.
      migration = describeMigrationFile(path, this.semantics);
      this.migrations = this.migrations.with(migration);
      this.invalidateSchemaFrom(this.migrations.positionOf(path));
    }
    let parser = this.editorParsers.get(path);
    if (editing && !parser) this.editorParsers.set(path, (parser = new IncrementalPhpParser(migration.fileName)));
    else if (!editing && parser) {
      this.editorParsers.delete(path);
      parser = undefined;
    }
    const analysis = analyzeMigration(
      this.project,
      migration,
      text,
      await this.schemaBeforeMigration(migration),
      this.migrations.duplicatesOf(migration),
      this.options.checkOnce ? undefined : { migrations: this.migrations.files, now: new Date() },
      { parse: parser && ((source) => parser.parse(source)), withoutCallSyntax: this.options.checkOnce, withoutQuickFixes: this.options.checkOnce },
    );
    this.rememberOperations(path, text, analysis.operations);
    return analysis.findings;
  }

  private rememberOperations(path: string, text: string, operations: SchemaOperation[]): void {
    const previous = this.migrationOperations.get(path);
    if (previous?.text === text) return;
    this.migrationOperations.set(path, { text, operations });
    if (previous) this.invalidateSchemaFrom(this.migrations.positionOf(path) + 1);
  }

  private async dbSchemaDocuments(): Promise<Map<string, DbSchemaDocument>> {
    if (this.dbSchemas.size === 0) {
      // Only the module files: listing every migration again (10,000 in the bench) found none of these.
      for (const file of listBespokeModuleFiles(this.project).dbSchema.filter((candidate) => this.kindOf(candidate) === 'db-schema')) {
        const text = await this.readText(file);
        if (text !== undefined) this.dbSchemas.set(file, parseDbSchemaXml(text));
      }
    }
    return this.dbSchemas;
  }

  /** A file was deleted: it no longer takes part in the replay or the duplicate checks. */
  forgetFile(file: string): void {
    const position = this.migrations.positionOf(file);
    if (position >= 0) {
      this.invalidateSchemaFrom(position);
      this.migrations = this.migrations.without(file);
      this.migrationOperations.delete(file);
      this.editorParsers.delete(file);
    }
    if (this.dbSchemas.delete(file)) this.invalidateSchemaFrom(0);
  }

  /** Forgets the replay if it includes the migration at `position` or later. */
  private invalidateSchemaFrom(position: number): void {
    if (this.running && this.running.next > position) this.running = undefined;
  }

  /** The schema as db_schema.xml declares it plus every earlier migration, replayed in Phinx's order. */
  private async schemaBeforeMigration(migration: MigrationFile): Promise<SchemaModel> {
    const position = this.migrations.positionOf(migration.path);
    if (!this.running || this.running.next > position) {
      const documents = [...(await this.dbSchemaDocuments()).entries()].map(([path, document]) => ({ path, document }));
      this.running = { next: 0, schema: declaredSchema(documents) };
    }
    const running = this.running;
    for (; running.next < position; running.next++) {
      const earlier = this.migrations.files[running.next];
      for (const operation of await this.operationsOf(earlier)) running.schema.apply(operation, earlier.path, this.semantics.newColumnsNullableByDefault);
      if (this.options.checkOnce) this.migrationOperations.delete(earlier.path);
    }
    // Read-only for the caller (the rules replay on an overlay of it).
    return running.schema;
  }

  private async operationsOf(migration: MigrationFile): Promise<SchemaOperation[]> {
    const cached = this.migrationOperations.get(migration.path);
    if (cached) return cached.operations;
    const text = (await this.readText(migration.path)) ?? '';
    const { operations } = readMigration(this.project, migration.fileName, text, { withoutCallSyntax: true });
    this.migrationOperations.set(migration.path, { text, operations });
    return operations;
  }

  // Synchronous on purpose: these are small files, and thousands of awaited reads in a row cost
  // more in scheduling than the reads themselves (measured with npm run bench).
  async readText(file: string): Promise<string | undefined> {
    try {
      return readFileSync(join(this.project.root, file), 'utf8');
    } catch {
      return undefined;
    }
  }
}
