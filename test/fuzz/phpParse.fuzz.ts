// Fuzz room (npm run fuzz -- [seconds]; not part of npm test): seeded random edits of every PHP file
// under test/fixtures, as an editor sends them, each parsed by the editor's incremental parser and by a
// full parse. Reports a parse that throws, one that never ends (a worker thread watched by this one),
// and an incremental program that differs from the full one. Comment attachment (leadingComments,
// trailingComments) is left out of the comparison: php-parser attaches a comment by what follows it
// in the parsed text, and the analysis never reads those fields. Every case names its file and seed,
// so `SEED=<n> npm run fuzz` replays it. Bounded by the time given (default 120 s).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { IncrementalPhpParser } from '../../server/src/analysis/php/incrementalParse';
import { parsePhp } from '../../server/src/analysis/php/parsePhp';
import { seededRandom } from '../helpers/mutations';

const ROOT = join(__dirname, '../..');
const STEPS_PER_FILE = 60;
const STALL_MS = 10_000;
// Pieces that open or close PHP constructs, besides deletions, duplicated lines and renames.
const PIECES = ['x', '_2', '}', '{', '/*', '*/', "'", '"', '<<<SQL\n', '\nSQL;\n', ';', '?>', '<?php', '(', ')', ' ', '\n', '\r\n', '\r', '// c ', '# c\n', 'if ($a) {', "$this->table('t')->drop()->save();\n", "<<<'X'\nabc\nX;\n", '`', '\\', '${', '#[Attr]\n', '#[', 'fn() => 1;', '/** doc */', '\t', 'é', '\uFEFF', 'namespace ', 'class '];

interface Case {
  file: string;
  seed: number;
  step: number;
  before: string;
  after: string;
}

function withoutAttachedComments(key: string, value: unknown): unknown {
  return key === 'leadingComments' || key === 'trailingComments' ? undefined : value;
}

function randomEdit(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  const kind = next();
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at) + 1;
  if (kind < 0.4) return text.slice(0, at) + PIECES[Math.floor(next() * PIECES.length)] + text.slice(at);
  if (kind < 0.6) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(next() * 30)));
  if (kind < 0.75) return text.slice(0, lineStart) + text.slice(lineEnd);
  if (kind < 0.9) return text.slice(0, lineStart) + text.slice(lineStart, lineEnd) + text.slice(lineStart);
  return text.slice(0, at) + 'renamed' + text.slice(Math.min(text.length, at + Math.floor(next() * 6)));
}

/** Worker: runs the cases, posting each before parsing it (the watcher names it if it never ends). */
function fuzz(files: string[], deadline: number, onlySeed: number | undefined): void {
  const post = (message: object) => parentPort?.postMessage(message);
  let seed = 0;
  let parses = 0;
  while (Date.now() < deadline) {
    for (const file of files) {
      seed++;
      if (onlySeed !== undefined && seed !== onlySeed) continue;
      if (Date.now() > deadline) break;
      const next = seededRandom(seed);
      const parser = new IncrementalPhpParser(file);
      let text = readFileSync(join(ROOT, file), 'utf8');
      parser.parse(text);
      for (let step = 0; step < STEPS_PER_FILE; step++) {
        const before = text;
        text = randomEdit(text, next);
        const current: Case = { file, seed, step, before, after: text };
        post({ kind: 'case', current });
        let problem: string | undefined;
        try {
          const incremental = parser.parse(text);
          const full = parsePhp(text, file);
          parses++;
          if (JSON.stringify(incremental.program, withoutAttachedComments) !== JSON.stringify(full.program, withoutAttachedComments)) problem = `the ${parser.lastParse} parse differs from a full parse`;
          else if (JSON.stringify(incremental.errors) !== JSON.stringify(full.errors)) problem = 'the errors differ from a full parse';
          // Broken texts and some of the rest are undone, as an editor's undo does.
          if (full.errors.length > 0 || next() < 0.3) text = before;
        } catch (error) {
          problem = `threw ${(error as Error).stack ?? String(error)}`;
        }
        if (problem) {
          post({ kind: 'problem', current, problem });
          break;
        }
      }
    }
    if (onlySeed !== undefined) break;
  }
  post({ kind: 'done', parses, seeds: seed });
}

function watch(seconds: number, onlySeed: number | undefined): void {
  const files = execFileSync('git', ['ls-files', 'test/fixtures/*.php', 'test/fixtures/**/*.php'], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  // The worker loads this file through tsx's require hook: the --import hook does not reach workers on Node 20.
  const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(__filename)});`, { eval: true, workerData: { files, deadline: Date.now() + seconds * 1000, onlySeed } });
  let current: Case | undefined;
  let lastHeard = Date.now();
  let problems = 0;
  const report = (title: string, found: Case) => {
    problems++;
    const saved = join(ROOT, `.fuzz-case-${problems}.json`);
    writeFileSync(saved, JSON.stringify(found, null, 1));
    console.log(`${title}: ${found.file}, seed ${found.seed}, step ${found.step} (texts before and after the edit in ${saved})`);
  };
  worker.on('message', (message: { kind: string; current?: Case; problem?: string; parses?: number; seeds?: number }) => {
    lastHeard = Date.now();
    if (message.kind === 'case') current = message.current;
    if (message.kind === 'problem' && message.current) report(message.problem ?? 'problem', message.current);
    if (message.kind === 'done') console.log(`${message.parses} edits parsed both ways over ${message.seeds} seeded runs of ${files.length} files; ${problems} problem(s)`);
  });
  const stallCheck = setInterval(() => {
    if (Date.now() - lastHeard < STALL_MS || !current) return;
    report(`no answer for ${STALL_MS} ms (an endless parse)`, current);
    void worker.terminate();
  }, 1_000);
  worker.on('exit', () => {
    clearInterval(stallCheck);
    process.exitCode = problems > 0 ? 1 : 0;
  });
}

if (isMainThread) {
  watch(Number(process.argv[2] ?? '120'), process.env.SEED ? Number(process.env.SEED) : undefined);
} else {
  const { files, deadline, onlySeed } = workerData as { files: string[]; deadline: number; onlySeed: number | undefined };
  fuzz(files, deadline, onlySeed);
}
