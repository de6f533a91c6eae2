// Deploy output grammar (Node side, run by run.ts): syntaxes/magento-zdd-deploy.tmLanguage.json
// tokenized by the engine VS Code itself uses (vscode-textmate + vscode-oniguruma, the copies bundled
// in code-server's VS Code), on lines written by client/src/commands/deployText.ts. Asserts the scope
// each part of a line gets, which is the colour the user sees in the "Magento ZDD: Deploy" output.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { entryLine, failureAdvice, nextStepLine, noteLine, planLines, resultMessage } from '../../../client/src/commands/deployText';
import { E2E_NODE_MODULES, REPO_ROOT } from '../lib/paths';

const VSCODE_MODULES = join(E2E_NODE_MODULES, 'code-server', 'lib', 'vscode', 'node_modules');
const GRAMMAR = join(REPO_ROOT, 'syntaxes', 'magento-zdd-deploy.tmLanguage.json');
const SCOPE = 'source.magento-zdd-deploy';

interface Token {
  startIndex: number;
  endIndex: number;
  scopes: string[];
}
interface Grammar {
  tokenizeLine(line: string, state: unknown): { tokens: Token[]; ruleStack: unknown };
}

/** vscode-textmate and vscode-oniguruma as VS Code loads them (no types shipped for this use: described here). */
async function loadGrammar(): Promise<{ grammar: Grammar; initial: unknown }> {
  const load = createRequire(join(VSCODE_MODULES, 'noop.js'));
  const textmate = load('vscode-textmate') as {
    Registry: new (options: { onigLib: Promise<unknown>; loadGrammar: (scope: string) => Promise<unknown> }) => { loadGrammar(scope: string): Promise<Grammar | null> };
    parseRawGrammar(content: string, path: string): unknown;
    INITIAL: unknown;
  };
  const oniguruma = load('vscode-oniguruma') as {
    loadWASM(data: ArrayBuffer): Promise<void>;
    OnigScanner: new (patterns: string[]) => unknown;
    OnigString: new (text: string) => unknown;
  };
  const wasm = readFileSync(join(VSCODE_MODULES, 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns), createOnigString: (text: string) => new oniguruma.OnigString(text) }),
    loadGrammar: async (scope) => (scope === SCOPE ? textmate.parseRawGrammar(readFileSync(GRAMMAR, 'utf8'), GRAMMAR) : null),
  });
  const grammar = await registry.loadGrammar(SCOPE);
  assert.ok(grammar, 'the grammar loads in vscode-textmate');
  return { grammar, initial: textmate.INITIAL };
}

/** The innermost scope of the token covering the first occurrence of `text` in `line`. */
function scopeOf(grammar: Grammar, initial: unknown, line: string, text: string): string {
  const at = line.indexOf(text);
  assert.ok(at >= 0, `"${text}" in "${line}"`);
  const { tokens } = grammar.tokenizeLine(line, initial);
  const token = tokens.find((candidate) => candidate.startIndex <= at && at < candidate.endIndex);
  assert.ok(token, `a token at ${at}`);
  assert.ok(token.endIndex >= at + text.length, `"${text}" is one token in "${line}": ${JSON.stringify(tokens.map((part) => line.slice(part.startIndex, part.endIndex)))}`);
  return token.scopes.at(-1) ?? '';
}

suite('Deploy output grammar in vscode-textmate', () => {
  let grammar: Grammar;
  let initial: unknown;

  suiteSetup(async () => {
    ({ grammar, initial } = await loadGrammar());
  });

  test('a journal line: time, run id, step, status, duration, port and colour each get their scope', () => {
    const line = entryLine({ runId: '20261127235002-ab12', environment: 'local', step: 'node-1', status: 'succeeded', at: '2026-11-27T23:50:04.120Z', durationMs: 1234, detail: { colour: 'green', port: 20002 } });
    assert.match(scopeOf(grammar, initial, line, line.slice(0, 14)), /^comment\.timestamp/);
    assert.match(scopeOf(grammar, initial, line, '20261127235002-ab12'), /^variable\.other\.run-id/);
    assert.match(scopeOf(grammar, initial, line, 'node-1'), /^entity\.name\.function\.step/);
    assert.match(scopeOf(grammar, initial, line, 'succeeded'), /^markup\.inserted\.status\.succeeded/);
    assert.match(scopeOf(grammar, initial, line, '1.2 s'), /^constant\.numeric\.duration/);
    assert.match(scopeOf(grammar, initial, line, 'green'), /^support\.constant\.colour/);
    assert.match(scopeOf(grammar, initial, line, '20002'), /^constant\.numeric\.port/);
  });

  test('failed and cancelled steps stand out, with their error after them', () => {
    const failed = entryLine({ runId: '20261127235002-ab12', environment: 'local', step: 'migrate', status: 'failed', at: '2026-11-27T23:50:04.120Z', durationMs: 80, detail: { error: 'phinx migrate failed (exit 1)' } });
    assert.match(scopeOf(grammar, initial, failed, 'failed'), /^invalid\.illegal\.status\.failed/);
    const cancelled = entryLine({ runId: '20261127235002-ab12', environment: 'local', step: 'build', status: 'cancelled', at: '2026-11-27T23:50:04.120Z' });
    assert.match(scopeOf(grammar, initial, cancelled, 'cancelled'), /^markup\.changed\.status\.cancelled/);
  });

  test('the plan: step names, the argv of a step and its URLs', () => {
    const lines = planLines('local', 'deploy', [
      { step: 'build', description: 'builds /srv/releases/<new release id>', argv: ['cp', '-r', '.', '/srv/releases/<new release id>'] },
      { step: 'node-1', description: 'start blue instance on port 20000', argv: ['php', '-S', '127.0.0.1:20000', '-t', '/srv/releases/<new release id>/pub'], urls: ['http://127.0.0.1:20000/health_check.php'] },
    ]);
    assert.match(scopeOf(grammar, initial, lines[0], '"local"'), /^string\.quoted\.double\.environment/);
    assert.match(scopeOf(grammar, initial, lines[1], 'build'), /^entity\.name\.function\.step/);
    const argv = lines.find((line) => line.includes('php -S')) ?? '';
    assert.match(scopeOf(grammar, initial, argv, '$'), /^punctuation\.definition\.prompt/);
    assert.match(scopeOf(grammar, initial, argv, '-S'), /^variable\.parameter\.option/);
    assert.match(scopeOf(grammar, initial, argv, '20000'), /^constant\.numeric\.port/);
    const url = lines.find((line) => line.includes('GET')) ?? '';
    assert.match(scopeOf(grammar, initial, url, 'http://127.0.0.1:20000/health_check.php'), /^markup\.underline\.link/);
  });

  test('an engine note and a failure’s next step: the word stands out, the rest is coloured as usual', () => {
    const note = noteLine('took over the stale lock of me@host pid 42 (run 20261127235002-ab12, taken 9 s ago)');
    assert.match(scopeOf(grammar, initial, note, '[magento-zdd]'), /^comment\.source/);
    assert.match(scopeOf(grammar, initial, note, 'note'), /^markup\.italic\.note/);
    assert.match(scopeOf(grammar, initial, note, '20261127235002-ab12'), /^variable\.other\.run-id/);
    const next = nextStepLine(failureAdvice('unhealthy', 'deploy', 'local', 'node-1 on port 20002 never became healthy'));
    assert.match(scopeOf(grammar, initial, next, 'next step'), /^markup\.bold\.next-step/);
  });

  test('the result line: release id and duration', () => {
    const line = `[magento-zdd] ${resultMessage({ runId: '20261127235002-ab12', environment: 'local', release: '20261127235003-cd34', from: 'blue', to: 'green', gates: undefined, totalMs: 5800, healthWaitMs: 300, drainMs: 2000, unfinishedBefore: undefined }, 'deploy')}`;
    assert.match(scopeOf(grammar, initial, line, '20261127235003-cd34'), /^constant\.other\.release-id/);
    assert.match(scopeOf(grammar, initial, line, '5.8 s'), /^constant\.numeric\.duration/);
    assert.match(scopeOf(grammar, initial, line, 'Deployed'), /^markup\.inserted/);
  });
});
