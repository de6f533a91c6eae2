// Half-typed PHP on which php-parser 3.7 loops for ever (found by fuzzing the editor's re-parse): the
// language server would hang on the keystroke. Each parse runs in a child process with a timeout, so a
// loop fails the test instead of hanging the suite; parsePhp must answer, say what it did not
// understand, and keep what parsed before it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

interface ChildParse {
  errors: Array<{ message: string; line: number; column: number }>;
  statements: number;
}

function parseInChild(text: string): ChildParse {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '../../helpers/parsePhpChild.ts')], { input: text, encoding: 'utf8', timeout: 20_000 });
  assert.equal(result.signal, null, `the parse did not finish within 20 s (killed by ${result.signal}): it loops on ${JSON.stringify(text)}`);
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as ChildParse;
}

const CIRCLES = /the PHP parser went round in circles at line \d+ and stopped reading there; the code after it was not analysed/;

describe('parsePhp on input php-parser loops on', () => {
  it('an attribute still open at the end of the file, then whitespace (`#[Foo` and a newline): the missing ] is reported', () => {
    for (const text of ['<?php\n#[Foo\n', '<?php\n#[Foo\nfunction up() {}\n', '<?php\nclass A\n{\n    #[AsCommand(name: \'x\')\n    public function up()\n    {\n    }\n}\n\n']) {
      const parsed = parseInChild(text);
      assert.ok(parsed.errors.some((error) => /expecting '\]'/.test(error.message)), JSON.stringify(parsed.errors));
    }
  });

  it('a nowdoc opened after a name in a class body and closed on the last line: stopped, with the line it stopped at', () => {
    const parsed = parseInChild("<?php\n\nclass Migration\n{\n    x<<<'X'\nX\n");
    const stop = parsed.errors.find((error) => CIRCLES.test(error.message));
    assert.ok(stop, JSON.stringify(parsed.errors));
    assert.equal(stop.line, 5);
  });

  it('`{namespace` at the end of the file: stopped; the statements before it are kept', () => {
    const parsed = parseInChild('<?php\n$kept = 1;\n{namespace');
    assert.ok(parsed.errors.some((error) => CIRCLES.test(error.message)), JSON.stringify(parsed.errors));
    assert.ok(parsed.statements >= 1, 'the statement before the loop is still in the program');
    // One of each error, not one per turn of the loop.
    assert.equal(new Set(parsed.errors.map((error) => `${error.line}:${error.column}:${error.message}`)).size, parsed.errors.length);
  });

  it('leaves a large valid file alone: no stop, no error', () => {
    const statements = Array.from({ length: 5_000 }, (_, index) => `$this->table('t${index}')->addColumn('c', 'string', ['null' => true])->update();`).join('\n');
    const parsed = parseInChild(`<?php\nclass Big\n{\n    public function up()\n    {\n${statements}\n    }\n}\n`);
    assert.deepEqual(parsed.errors, []);
  });
});
