// Analysis room (pure): what the installed Phinx version means for a migration file: which file names
// Phinx picks up, which class name it expects in them, and which Table API semantics apply.
// Imports nothing outside this folder.

export interface PhinxVersion {
  major: number;
  minor: number;
  patch: number;
}

export interface PhinxSemantics {
  /** The version the semantics were read for; undefined when unknown (then the newest Phinx is assumed). */
  version: PhinxVersion | undefined;
  /** 0.10+: Table actions wait for create()/update()/save(); 0.9 runs drop/rename/remove/change at once. */
  queuedActions: boolean;
  /** 0.12+: a table left with queued actions fails the run ("Migration has pending actions after execution!"). */
  pendingActionsFailMigration: boolean;
  /**
   * addColumn() without 'null' makes a NULLable column only in 0.13.0-0.13.3; before and since 0.13.4
   * it is NOT NULL without a default (cakephp/phinx#1872 made it nullable, #2207 records the revert).
   */
  newColumnsNullableByDefault: boolean;
  /** AbstractMigration::dropTable() and insert($table, $rows) exist only before 0.13. */
  hasDropTable: boolean;
  /** The class names Phinx accepts (Util::CLASS_NAME_PATTERN / isValidPhinxClassName). */
  classNamePattern: RegExp;
  /** File names Phinx loads; any other file in a migrations folder is ignored without a word. */
  fileNamePattern: RegExp;
  /** 0.16+: a bare `YYYYMMDDHHMMSS.php` is a migration too (class `V<timestamp>`). */
  acceptsTimestampOnlyFileName: boolean;
  /** 0.12.2+: digits are a word of their own when Phinx turns a class name into a file name (`To30Chars` -> `_to_30_chars`). */
  splitsDigitsInFileNames: boolean;
}

/** Reads composer's version string (`0.9.2`, `v0.13.4`, `0.16.x-dev`); undefined for branches like `dev-master`. */
export function parsePhinxVersion(version: string | undefined): PhinxVersion | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+|x))?/i.exec(version?.trim() ?? '');
  if (!match) return undefined;
  // `0.12.x-dev` follows the newest patch of its branch.
  const patch = match[3] === undefined ? 0 : /x/i.test(match[3]) ? Number.MAX_SAFE_INTEGER : Number(match[3]);
  return { major: Number(match[1]), minor: Number(match[2]), patch };
}

function atLeast(version: PhinxVersion | undefined, major: number, minor: number, patch = 0): boolean {
  if (!version) return true;
  if (version.major !== major) return version.major > major;
  if (version.minor !== minor) return version.minor > minor;
  return version.patch >= patch;
}

const CLASS_NAME_PATTERN_0_12_2 = /^(?:[A-Z][a-z\d]*)+$/;
const CLASS_NAME_PATTERN_BEFORE_0_12_2 = /^([A-Z][a-z0-9]+)+$/;
const FILE_NAME_PATTERN_0_12 = /^(\d+)_([a-z][a-z\d]*(?:_[a-z\d]+)*)\.php$/i;
// Phinx before 0.12 left the dot unescaped; kept as is so the same odd names match.
const FILE_NAME_PATTERN_BEFORE_0_12 = /^(\d+)_([\w_]+).php$/i;
const TIMESTAMP_ONLY_FILE_NAME_PATTERN = /^(\d+)\.php$/i;

/** The behaviour of the given Phinx version (from composer.lock); unknown = the newest Phinx. */
export function phinxSemantics(version: string | undefined): PhinxSemantics {
  const parsed = parsePhinxVersion(version);
  return {
    version: parsed,
    queuedActions: atLeast(parsed, 0, 10),
    pendingActionsFailMigration: atLeast(parsed, 0, 12),
    newColumnsNullableByDefault: parsed !== undefined && atLeast(parsed, 0, 13) && !atLeast(parsed, 0, 13, 4),
    hasDropTable: !atLeast(parsed, 0, 13),
    classNamePattern: atLeast(parsed, 0, 12, 2) ? CLASS_NAME_PATTERN_0_12_2 : CLASS_NAME_PATTERN_BEFORE_0_12_2,
    fileNamePattern: atLeast(parsed, 0, 12) ? FILE_NAME_PATTERN_0_12 : FILE_NAME_PATTERN_BEFORE_0_12,
    acceptsTimestampOnlyFileName: atLeast(parsed, 0, 16),
    splitsDigitsInFileNames: atLeast(parsed, 0, 12, 2),
  };
}

export interface MigrationFileName {
  /** The leading digits: the migration version recorded in phinxlog. */
  version: string;
  /** The snake_case part; undefined for a timestamp-only name. */
  snakeName: string | undefined;
  /** The class Phinx expects the file to declare. */
  className: string;
}

/**
 * How Phinx reads a migration file name (basename, e.g. `20240101000000_add_foo_to_30_chars.php`);
 * undefined when Phinx would silently skip the file.
 */
export function parseMigrationFileName(fileName: string, semantics: PhinxSemantics): MigrationFileName | undefined {
  const named = semantics.fileNamePattern.exec(fileName);
  if (named) return { version: named[1], snakeName: named[2], className: classNameFromSnakeName(named[2]) };
  const bare = semantics.acceptsTimestampOnlyFileName ? TIMESTAMP_ONLY_FILE_NAME_PATTERN.exec(fileName) : null;
  if (bare) return { version: bare[1], snakeName: undefined, className: `V${bare[1]}` };
  return undefined;
}

/** The class Phinx looks for in a file (`20240101000000_add_foo_to_30_chars.php` -> `AddFooTo30Chars`); undefined when the name does not match. */
export function classNameFromFileName(fileName: string, semantics: PhinxSemantics): string | undefined {
  return parseMigrationFileName(fileName, semantics)?.className;
}

/** Phinx's ucwords-on-underscores: only the first letter of each word changes. */
function classNameFromSnakeName(snakeName: string): string {
  // Called for every migration file name several times per check: one pass over the code units, no
  // regex callback (what replace(/(?:_+|^)([^_]?)/g, upper-case) gives, about five times faster).
  let className = '';
  let wordStart = 0;
  for (let i = 0; i <= snakeName.length; i++) {
    if (i < snakeName.length && snakeName.charCodeAt(i) !== 95) continue;
    if (i > wordStart) className += snakeName[wordStart].toUpperCase() + snakeName.slice(wordStart + 1, i);
    wordStart = i + 1;
  }
  return className;
}

/** Whether the installed Phinx accepts `className` (0.9-0.12.1 reject consecutive capitals and one-letter words). */
export function isValidMigrationClassName(className: string, semantics: PhinxSemantics): boolean {
  return semantics.classNamePattern.test(className);
}

/**
 * The file name `phinx create <ClassName>` writes: `AddFooTo30Chars` -> `<timestamp>_add_foo_to_30_chars.php`
 * on 0.12.2+, `<timestamp>_add_foo_to30_chars.php` before.
 */
export function fileNameFromClassName(className: string, timestamp: string, semantics: PhinxSemantics): string {
  const words = semantics.splitsDigitsInFileNames ? className.match(/\d+|[A-Z][^A-Z\d]*|[^A-Z\d]+/g) : className.split(/(?=[A-Z])/).filter(Boolean);
  return `${timestamp}_${(words ?? []).map((word) => word.toLowerCase()).join('_')}.php`;
}

/** The UTC timestamp Phinx puts in front of a new migration (YmdHis). */
export function migrationTimestamp(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`;
}
