// Engine room (pure Node, no vscode): creates a Phinx migration in a bespoke module the way the
// project's Phinx would accept it: a class name valid for the installed version and unique across
// ALL migration folders (Phinx only finds duplicates at run time), a UTC timestamp no other migration
// has, and the template that fits the project (MX_PhinxMigrations' up/down, or Phinx's change()).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMigrationPath, listMigrationFiles } from '../../../server/src/analysis/migrations/migrationFiles';
import { parseModuleXml } from '../../../server/src/analysis/moduleXml';
import {
  classNameFromFileName,
  fileNameFromClassName,
  isValidMigrationClassName,
  migrationTimestamp,
  phinxSemantics,
  type PhinxSemantics,
} from '../../../server/src/analysis/phinx/naming';
import { listBespokeModuleXmlFiles, type ProjectModel } from '../../../server/src/analysis/project';
import type { Position } from '../../../server/src/analysis/types';
import { EngineError } from './engineError';

export type MigrationStyle = 'change' | 'up-down';
export const MIGRATION_STYLES: readonly MigrationStyle[] = ['change', 'up-down'];

export type ScaffoldProblem = 'unknown-module' | 'not-scanned' | 'invalid-class-name' | 'duplicate-class-name' | 'file-exists';

export class ScaffoldError extends EngineError {
  constructor(
    readonly problem: ScaffoldProblem,
    message: string,
  ) {
    super(message);
  }
}

export interface MigrationModule {
  /** `Vendor_Module` from module.xml (the folder names when module.xml has none). */
  name: string;
  /** Project path of the module folder. */
  folder: string;
  /** Project path of its migrations folder (which may not exist yet). */
  migrationsFolder: string;
  migrationCount: number;
}

/** Bespoke modules, those that already have migrations first, then by name. */
export function listModulesForMigrations(project: ProjectModel): MigrationModule[] {
  const modules = listBespokeModuleXmlFiles(project).map((moduleXml) => {
    const folder = moduleXml.replace(/\/etc\/module\.xml$/, '');
    const migrationsFolder = `${folder}/etc/migrations`;
    let migrationCount = 0;
    try {
      migrationCount = readdirSync(join(project.root, migrationsFolder)).filter((name) => name.toLowerCase().endsWith('.php')).length;
    } catch {
      // No folder yet: it is created with the first migration.
    }
    return { name: moduleNameOf(project, moduleXml, folder), folder, migrationsFolder, migrationCount };
  });
  return modules.sort((a, b) => Number(b.migrationCount > 0) - Number(a.migrationCount > 0) || a.name.localeCompare(b.name));
}

function moduleNameOf(project: ProjectModel, moduleXml: string, folder: string): string {
  try {
    const declared = parseModuleXml(readFileSync(join(project.root, moduleXml), 'utf8')).modules[0]?.name?.value;
    if (declared) return declared;
  } catch {
    // Unreadable module.xml: fall back to the folder names.
  }
  return folder.split('/').slice(-2).join('_');
}

/** The template's base class and what Phinx version decorations apply. */
export interface TemplateKind {
  useClass: string;
  baseClass: string;
  /** Phinx 0.12.13+'s template: declare(strict_types=1), final class, `: void`. */
  modern: boolean;
}

export function templateKind(project: ProjectModel, semantics: PhinxSemantics): TemplateKind {
  const { version } = semantics;
  const modern = !version || version.major > 0 || version.minor > 12 || (version.minor === 12 && version.patch >= 13);
  return project.composer.mxPhinxMigrations
    ? { useClass: 'MX\\PhinxMigrations\\Migration', baseClass: 'Migration', modern }
    : { useClass: 'Phinx\\Migration\\AbstractMigration', baseClass: 'AbstractMigration', modern };
}

/** MX_PhinxMigrations asks for rollback code in every migration; plain Phinx defaults to change(). */
export function defaultMigrationStyle(project: ProjectModel): MigrationStyle {
  return project.composer.mxPhinxMigrations ? 'up-down' : 'change';
}

// Words PHP does not accept as a class name (keywords and reserved type names), lower-case.
const PHP_RESERVED_CLASS_NAMES = new Set(
  (
    'abstract and array as bool break callable case catch class clone const continue declare default do echo else elseif empty ' +
    'enddeclare endfor endforeach endif endswitch endwhile enum eval exit extends false final finally float fn for foreach function ' +
    'global goto if implements include instanceof insteadof int interface isset iterable list match mixed namespace never new null ' +
    'object or parent print private protected public readonly require return self static string switch throw trait true try unset use var void while xor yield'
  ).split(' '),
);

function phinxVersionLabel(project: ProjectModel): string {
  return project.composer.phinxVersion ? `Phinx ${project.composer.phinxVersion}` : 'the newest Phinx (no robmorgan/phinx in composer.lock)';
}

/** Why Phinx (or PHP) would refuse the class name in this project; undefined when it is fine. */
export function migrationClassNameProblem(project: ProjectModel, className: string): { problem: ScaffoldProblem; message: string } | undefined {
  const semantics = phinxSemantics(project.composer.phinxVersion);
  const label = phinxVersionLabel(project);
  if (!isValidMigrationClassName(className, semantics)) {
    const rule = semantics.splitsDigitsInFileNames
      ? 'PascalCase: letters and digits, starting with a capital letter'
      : 'PascalCase words of a capital letter followed by at least one lower-case letter or digit (no two capitals in a row)';
    return { problem: 'invalid-class-name', message: `"${className}" is not a migration class name ${label} accepts: use ${rule}, e.g. AddGiftNoteToSalesOrder.` };
  }
  if (PHP_RESERVED_CLASS_NAMES.has(className.toLowerCase())) return { problem: 'invalid-class-name', message: `"${className}" is a reserved word in PHP and cannot name a class.` };
  const kind = templateKind(project, semantics);
  if (className.toLowerCase() === kind.baseClass.toLowerCase()) {
    return { problem: 'invalid-class-name', message: `"${className}" is the name of the base class (${kind.useClass}); PHP refuses a class named like the one it imports.` };
  }
  // Phinx derives the class it loads from the file name: the name must survive the round trip.
  const readBack = classNameFromFileName(fileNameFromClassName(className, '20000101000000', semantics), semantics);
  if (readBack !== className) {
    return { problem: 'invalid-class-name', message: `${label} writes "${className}" as ${fileNameFromClassName(className, 'YYYYMMDDHHMMSS', semantics)} and reads the class back as "${readBack}": name it ${readBack}.` };
  }
  const lower = className.toLowerCase();
  const clash = listMigrationFiles(project, semantics).find((file) => file.className?.toLowerCase() === lower);
  if (clash) {
    return {
      problem: 'duplicate-class-name',
      message: `a migration class named ${clash.className} already exists in ${clash.path}: Phinx fails every command when two migrations share a class name, even in different modules. Choose another name.`,
    };
  }
  return undefined;
}

/** A UTC `YYYYMMDDHHMMSS` that no migration uses yet, one second later each time it is taken. */
export function uniqueMigrationTimestamp(now: Date, taken: ReadonlySet<string>): string {
  let moment = new Date(Math.floor(now.getTime() / 1000) * 1000);
  let timestamp = migrationTimestamp(moment);
  while (taken.has(timestamp)) {
    moment = new Date(moment.getTime() + 1000);
    timestamp = migrationTimestamp(moment);
  }
  return timestamp;
}

export interface MigrationTemplate {
  text: string;
  /** Where the editor puts the cursor: inside the first method (up() or change()). */
  cursor: Position;
}

export function renderMigrationTemplate(className: string, style: MigrationStyle, kind: TemplateKind): MigrationTemplate {
  const returnType = kind.modern ? ': void' : '';
  const bodyIndent = '        ';
  const lines = ['<?php', ''];
  if (kind.modern) lines.push('declare(strict_types=1);', '');
  lines.push(`use ${kind.useClass};`, '', `${kind.modern ? 'final ' : ''}class ${className} extends ${kind.baseClass}`, '{');
  let cursorLine: number;
  if (style === 'change') {
    lines.push(
      '    /**',
      '     * Runs on migrate and, reversed, on rollback. Expand only: the release still serving traffic',
      '     * runs on this schema too.',
      '     */',
      `    public function change()${returnType}`,
      '    {',
    );
    cursorLine = lines.length;
    lines.push(bodyIndent, '    }');
  } else {
    lines.push(
      '    /**',
      '     * Migrate up. Expand only: the release still serving traffic runs on this schema too.',
      '     */',
      `    public function up()${returnType}`,
      '    {',
    );
    cursorLine = lines.length;
    lines.push(bodyIndent, '    }', '', '    /**', '     * Roll back exactly what up() did.', '     */', `    public function down()${returnType}`, '    {', bodyIndent, '    }');
  }
  lines.push('}', '');
  return { text: lines.join('\n'), cursor: { line: cursorLine, character: bodyIndent.length } };
}

export interface CreateMigrationRequest {
  /** `Vendor_Module`. */
  module: string;
  className: string;
  style?: MigrationStyle;
  /** The creation time (tests pin it); default now. */
  now?: Date;
}

export interface CreatedMigration {
  /** Project path of the new file. */
  path: string;
  absolutePath: string;
  className: string;
  version: string;
  style: MigrationStyle;
  module: MigrationModule;
  /** Whether the module's etc/migrations folder was created for it. */
  createdFolder: boolean;
  cursor: Position;
}

export function createMigration(project: ProjectModel, request: CreateMigrationRequest): CreatedMigration {
  const modules = listModulesForMigrations(project);
  const module = modules.find((candidate) => candidate.name === request.module) ?? modules.find((candidate) => candidate.name.toLowerCase() === request.module.toLowerCase());
  if (!module) {
    const known = modules.map((candidate) => candidate.name).sort();
    throw new ScaffoldError(
      'unknown-module',
      `no bespoke module "${request.module}" (looked in ${project.config.bespokePaths.join(', ')}): ${known.length > 0 ? `known modules are ${known.join(', ')}` : 'the project has no bespoke modules with an etc/module.xml'}.`,
    );
  }
  if (!isMigrationPath(project, `${module.migrationsFolder}/x.php`)) {
    throw new ScaffoldError(
      'not-scanned',
      `${module.migrationsFolder} is not a folder phinx.php scans (paths.migrations: ${project.migrationGlobs.globs.join(', ')}), so Phinx would never run a migration there: add the folder's pattern to phinx.php.`,
    );
  }
  const problem = migrationClassNameProblem(project, request.className);
  if (problem) throw new ScaffoldError(problem.problem, problem.message);

  const semantics = phinxSemantics(project.composer.phinxVersion);
  const taken = new Set(listMigrationFiles(project, semantics).flatMap((file) => (file.version === undefined ? [] : [file.version])));
  const version = uniqueMigrationTimestamp(request.now ?? new Date(), taken);
  const fileName = fileNameFromClassName(request.className, version, semantics);
  const path = `${module.migrationsFolder}/${fileName}`;
  const absolutePath = join(project.root, path);
  const style = request.style ?? defaultMigrationStyle(project);
  const template = renderMigrationTemplate(request.className, style, templateKind(project, semantics));
  const folder = join(project.root, module.migrationsFolder);
  const createdFolder = !existsSync(folder);
  mkdirSync(folder, { recursive: true });
  try {
    writeFileSync(absolutePath, template.text, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new ScaffoldError('file-exists', `${path} already exists.`);
    throw error;
  }
  return { path, absolutePath, className: request.className, version, style, module, createdFolder, cursor: template.cursor };
}
