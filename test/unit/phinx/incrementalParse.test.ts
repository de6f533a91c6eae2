// Re-parsing a migration open in the editor: after every edit the incremental parser's program must be
// the program a full parse of the new text gives, and the checker's findings must be the findings of a
// full re-analysis. Hundreds of seeded random edits of a large migration: typing inside names and
// strings, statements inserted and removed, lines deleted, stray braces, quotes and comment openers,
// and edits undone again, as an editor sends them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IncrementalPhpParser, type ParseKind } from '../../../server/src/analysis/php/incrementalParse';
import { parsePhp } from '../../../server/src/analysis/php/parsePhp';
import { loadProject } from '../../../server/src/analysis/project';
import { ProjectChecker } from '../../../server/src/analysis/projectChecker';
import { buildFixtureProject, ruleFixtureCases } from '../../helpers/ruleFixtures';
import type { TempProject } from '../../helpers/tempProject';
import { seededRandom } from '../../helpers/mutations';

const FILE = 'src/Acme/Loyalty/etc/migrations/20240901120000_large_loyalty_release.php';
const TABLES = ['loyalty_transaction', 'sales_order', 'acme_loyalty_points', 'quote'];

/** Statements of the kinds real migrations hold: Table API chains, variables, raw SQL, control flow, closures. */
function statement(serial: number, table: string): string {
  switch (serial % 7) {
    case 0:
      return `        $this->table('${table}')\n            ->addColumn('attr_${serial}', 'string', ['limit' => 64, 'null' => true])\n            ->update();\n`;
    case 1:
      return `        $table${serial} = $this->table('${table}');\n        $table${serial}->addColumn('flag_${serial}', 'boolean', ['default' => false, 'null' => true]);\n        $table${serial}->addIndex(['flag_${serial}'])->update();\n`;
    case 2:
      return `        $this->execute(<<<SQL\n            ALTER TABLE ${table}\n              ADD COLUMN bulk_${serial} TINYINT(1) NULL,\n              ALGORITHM=INSTANT\n            SQL);\n`;
    case 3:
      return `        // Keeps the import fast: ${serial}\n        if ($this->hasTable('${table}')) {\n            $this->execute("UPDATE ${table} SET note_${serial} = 'x' WHERE id < ${serial}");\n        }\n`;
    case 4:
      return `        $columns = ['a_${serial}' => 'integer', "b_${serial}" => 'text'];\n        foreach ($columns as $name => $type) {\n            $this->table('${table}')->addColumn($name, $type, ['null' => true])->update();\n        }\n`;
    case 5:
      return `        /* block comment ${serial} */ $this->table('${table}')->removeColumn('old_${serial}')->save();\n`;
    default:
      return `        $rows = array_map(static fn (int $i): array => ['id' => $i, 'v' => '${serial}'], range(1, 3)); $this->table('${table}')->insert($rows)->saveData();\n`;
  }
}

function largeMigration(statements: number): string {
  const up: string[] = [];
  const down: string[] = [];
  for (let serial = 0; serial < statements; serial++) {
    const table = TABLES[serial % TABLES.length];
    up.push(statement(serial, table));
    down.push(`        $this->table('${table}')->removeColumn('attr_${serial}')->update();\n`);
  }
  return (
    `<?php\n\ndeclare(strict_types=1);\n\nuse MX\\PhinxMigrations\\Migration;\n\nfinal class LargeLoyaltyRelease extends Migration\n{\n` +
    `    private const NOTE = 'release';\n\n    /**\n     * The release's schema changes.\n     */\n    public function up(): void\n    {\n${up.join('\n')}    }\n\n` +
    `    public function down(): void\n    {\n${down.join('')}    }\n}\n`
  );
}

const INSERTED_TEXTS = [
  'x',
  '_2',
  "$this->table('sales_order')->removeColumn('legacy')->update();\n",
  "        $this->execute('ALTER TABLE quote DROP COLUMN legacy');\n",
  '}',
  '{',
  '/*',
  "'",
  '"',
  '<<<SQL\n',
  ';',
  '?>',
  '(',
  ' ',
  '\n',
  '// note ',
  'if ($a) {',
];

interface Edit {
  start: number;
  end: number;
  text: string;
}

function randomEdit(text: string, next: () => number): Edit {
  const at = Math.floor(next() * text.length);
  const kind = next();
  if (kind < 0.35) return { start: at, end: at, text: INSERTED_TEXTS[Math.floor(next() * INSERTED_TEXTS.length)] };
  if (kind < 0.55) return { start: at, end: Math.min(text.length, at + 1 + Math.floor(next() * 40)), text: '' };
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const lineEnd = text.indexOf('\n', at);
  if (kind < 0.7) return { start: lineStart, end: lineEnd < 0 ? text.length : lineEnd + 1, text: '' };
  if (kind < 0.85) return { start: lineStart, end: lineStart, text: statement(Math.floor(next() * 1000), TABLES[Math.floor(next() * TABLES.length)]) };
  // Typing over a word.
  const wordEnd = Math.min(text.length, at + 1 + Math.floor(next() * 8));
  return { start: at, end: wordEnd, text: 'renamed_col' };
}

/** The split fix names its new file after the current second, which may tick between the two checks. */
async function findingsOf(checker: ProjectChecker, text: string, editing: boolean): Promise<string> {
  return JSON.stringify(await checker.checkFile(FILE, text, { editing }), null, 1).replace(/\d{14}(?=_large_loyalty_release_contract)/g, 'TIMESTAMP');
}

/**
 * The positions and offset-holding nodes reachable from a program, found by a plain walk of every
 * field: what the parser's kept lists (which an edit moves instead of walking the tree) must hold.
 */
function reachableLocated(program: unknown): { positions: Set<object>; offsetNodes: Set<object> } {
  const positions = new Set<object>();
  const offsetNodes = new Set<object>();
  const seen = new Set<object>();
  const pending: unknown[] = [program];
  while (pending.length > 0) {
    const value = pending.pop();
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      pending.push(...value);
      continue;
    }
    const node = value as { kind?: unknown; loc?: { start: object; end: object } | null; offset?: unknown };
    if (typeof node.kind !== 'string') continue;
    if (node.loc) {
      positions.add(node.loc.start);
      positions.add(node.loc.end);
    }
    if (typeof node.offset === 'number') offsetNodes.add(node);
    for (const [key, child] of Object.entries(node)) if (key !== 'loc') pending.push(child);
  }
  return { positions, offsetNodes };
}

function assertLocatedMatches(parser: IncrementalPhpParser, program: unknown, label: string): void {
  const located = parser.locatedForTests();
  assert.ok(located, `${label}: an incremental parse keeps the program's positions`);
  const reachable = reachableLocated(program);
  assert.equal(new Set(located.positions).size, located.positions.length, `${label}: a position is listed twice`);
  assert.equal(new Set(located.offsetNodes).size, located.offsetNodes.length, `${label}: a comment is listed twice`);
  const listed = new Set<object>(located.positions);
  const listedNodes = new Set<object>(located.offsetNodes);
  assert.ok([...reachable.positions].every((position) => listed.has(position)), `${label}: a position of the program is not in the parser's list (an edit would not move it)`);
  assert.ok([...reachable.offsetNodes].every((node) => listedNodes.has(node)), `${label}: a comment of the program is not in the parser's list`);
  assert.equal(located.positions.length, reachable.positions.size, `${label}: the parser's list holds positions no longer in the program`);
  assert.equal(located.offsetNodes.length, reachable.offsetNodes.size, `${label}: the parser's list holds comments no longer in the program`);
}

const apply = (text: string, edit: Edit) => text.slice(0, edit.start) + edit.text + text.slice(edit.end);

describe('incremental re-parse of a migration open in the editor', () => {
  const base = largeMigration(60);
  let project: TempProject;

  before(() => {
    project = buildFixtureProject(ruleFixtureCases('drop-column').find((candidate) => candidate.name === 'positive')!);
    project.write(FILE, base);
  });

  after(() => project.cleanup());

  it('gives the program of a full parse after each of 300 random edits, re-parsing only part of the file for most', () => {
    const parser = new IncrementalPhpParser(FILE);
    const next = seededRandom(20240612);
    let text = base;
    const kinds: Record<ParseKind, number> = { full: 0, incremental: 0, unchanged: 0 };
    parser.parse(text);
    const parseAndCompare = (label: string): boolean => {
      const incremental = parser.parse(text);
      kinds[parser.lastParse]++;
      const full = parsePhp(text, FILE);
      assert.equal(JSON.stringify(incremental.program), JSON.stringify(full.program), label);
      assert.deepEqual(incremental.errors, full.errors, label);
      if (parser.lastParse === 'incremental') assertLocatedMatches(parser, incremental.program, label);
      return full.errors.length === 0;
    };
    for (let step = 0; step < 300; step++) {
      const edit = randomEdit(text, next);
      const previous = text;
      text = apply(text, edit);
      const clean = parseAndCompare(`step ${step}: ${JSON.stringify(edit)}`);
      // Edits that break the syntax and half the others are undone right away, as an editor's undo
      // does (a broken text is full-parsed every time); the rest pile up until a reset.
      if (!clean || next() < 0.5 || step % 50 === 49) {
        text = step % 50 === 49 ? base : previous;
        parseAndCompare(`step ${step}, undone`);
      }
    }
    assert.ok(kinds.incremental > 150, `only ${kinds.incremental} of 300+ parses were incremental (${JSON.stringify(kinds)})`);
  });

  it('reports the findings of a full re-analysis after each of 200 random edits', async () => {
    const editing = new ProjectChecker(loadProject(project.dir));
    const fresh = new ProjectChecker(loadProject(project.dir));
    editing.listFiles();
    fresh.listFiles();
    const next = seededRandom(7);
    let text = base;
    for (let step = 0; step < 200; step++) {
      const edit = randomEdit(text, next);
      const previous = text;
      text = apply(text, edit);
      assert.equal(await findingsOf(editing, text, true), await findingsOf(fresh, text, false), `step ${step}: ${JSON.stringify(edit)}`);
      // Undo half of them, as an editor's undo does: the old text comes back.
      if (next() < 0.5 || step % 40 === 39) text = step % 40 === 39 ? base : previous;
      if (text !== apply(previous, edit)) {
        assert.equal(await findingsOf(editing, text, true), await findingsOf(fresh, text, false), `step ${step}, undone`);
      }
    }
  });
});

describe('a later migration replayed on an earlier one open in the editor', () => {
  const EARLIER = 'src/Acme/Loyalty/etc/migrations/20240801000000_create_acme_loyalty_note.php';
  const LATER = 'src/Acme/Loyalty/etc/migrations/20240802000000_narrow_acme_loyalty_note.php';
  const earlier = (limit: number) =>
    `<?php\n\nuse Phinx\\Migration\\AbstractMigration;\n\nfinal class CreateAcmeLoyaltyNote extends AbstractMigration\n{\n    public function up(): void\n    {\n` +
    `        $this->table('acme_loyalty_note')\n            ->addColumn('body', 'string', ['limit' => ${limit}, 'null' => true])\n            ->create();\n    }\n\n    public function down(): void\n    {\n        $this->table('acme_loyalty_note')->drop()->save();\n    }\n}\n`;
  const later =
    `<?php\n\nuse Phinx\\Migration\\AbstractMigration;\n\nfinal class NarrowAcmeLoyaltyNote extends AbstractMigration\n{\n    public function up(): void\n    {\n` +
    `        $this->table('acme_loyalty_note')\n            ->changeColumn('body', 'string', ['limit' => 64, 'null' => true])\n            ->update();\n    }\n\n    public function down(): void\n    {\n    }\n}\n`;
  let project: TempProject;

  before(() => {
    project = buildFixtureProject(ruleFixtureCases('drop-column').find((candidate) => candidate.name === 'positive')!);
    project.write(EARLIER, earlier(255));
    project.write(LATER, later);
  });

  after(() => project.cleanup());

  it('sees the edited text of the earlier migration, as a check of that text saved would', async () => {
    const checker = new ProjectChecker(loadProject(project.dir));
    checker.listFiles();
    const narrowed = async () => (await checker.checkFile(LATER, later)).filter((finding) => finding.code === 'narrow-column').length;
    assert.equal(await narrowed(), 1, 'on disk the column is 255 long, so 64 narrows it');
    // Typed in the editor, never saved: 255 -> 32 (then 64 widens it), and back.
    for (const [limit, expected] of [[32, 0], [255, 1], [16, 0]] as const) {
      await checker.checkFile(EARLIER, earlier(limit), { editing: true });
      await checker.checkFile(EARLIER, earlier(limit).replace("'null' => true", "'null' => true "), { editing: true });
      assert.equal(await narrowed(), expected, `limit ${limit} in the editor`);
      project.write(EARLIER, earlier(limit));
      const fresh = new ProjectChecker(loadProject(project.dir));
      fresh.listFiles();
      assert.equal((await fresh.checkFile(LATER, later)).filter((finding) => finding.code === 'narrow-column').length, expected, `limit ${limit} saved`);
    }
  });
});

describe('incremental re-parse: edits that once gave another program than a full parse (found by fuzzing)', () => {
  const migration = (up: string, down = "        $this->table('loyalty_transaction')->removeColumn('note')->update();\n") =>
    `<?php\n\nuse MX\\PhinxMigrations\\Migration;\n\nclass AddNote extends Migration\n{\n    public function up()\n    {\n${up}    }\n\n    public function down()\n    {\n${down}    }\n}\n`;
  const ADD_NOTE = "        $this->table('loyalty_transaction')->addColumn('note', 'string', ['null' => true])->update();\n";

  /** Parses `before` (clean), then `after` incrementally, and compares with a full parse of `after`. */
  function assertLikeFullParse(before: string, after: string, label: string): void {
    const parser = new IncrementalPhpParser(FILE);
    assert.deepEqual(parser.parse(before).errors, [], `${label}: the text before the edit is clean`);
    const incremental = parser.parse(after);
    const full = parsePhp(after, FILE);
    assert.equal(JSON.stringify(incremental.program), JSON.stringify(full.program), label);
    assert.deepEqual(incremental.errors, full.errors, label);
    if (parser.lastParse === 'incremental') assertLocatedMatches(parser, incremental.program, label);
  }

  it("a line comment typed just before a method's closing brace comments the brace out too", () => {
    const before = migration(ADD_NOTE);
    const brace = before.lastIndexOf('    }\n}');
    assertLikeFullParse(before, `${before.slice(0, brace)}    // ${before.slice(brace + 4)}`, 'comment before the brace');
  });

  it("an edit of a method's last statement keeps the comments after it (php-parser attaches them to that statement)", () => {
    const before = migration(`${ADD_NOTE}        // The index follows in the next release.\n`);
    const at = before.indexOf("'note'") + 1;
    assertLikeFullParse(before, `${before.slice(0, at)}x${before.slice(at)}`, 'edit of the last statement');
  });

  it('an edit inside a method body that holds only comments', () => {
    const before = migration('        // Nothing to do yet.\n');
    const at = before.indexOf('Nothing');
    assertLikeFullParse(before, `${before.slice(0, at)}Really ${before.slice(at)}`, 'comment-only body');
  });

  it('a file with CRLF line ends: an edit between a CR and its LF, and one after a lone CR', () => {
    const crlf = migration(`${ADD_NOTE}        $this->execute("UPDATE loyalty_transaction SET note = 'a\rb'");\n`).replace(/\n/g, '\r\n');
    const split = crlf.indexOf("'note'") + 20;
    const cr = crlf.indexOf('\r', split);
    assertLikeFullParse(crlf, `${crlf.slice(0, cr + 1)}x\n${crlf.slice(cr + 1)}`, 'between CR and LF');
    const loneCr = crlf.indexOf('a\rb');
    const after = crlf.indexOf('removeColumn', loneCr);
    assertLikeFullParse(crlf, `${crlf.slice(0, after)}x${crlf.slice(after)}`, 'after a lone CR');
  });
});
