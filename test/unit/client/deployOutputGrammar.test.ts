// The "Magento ZDD: Deploy" output grammar (syntaxes/magento-zdd-deploy.tmLanguage.json) without
// Oniguruma: valid JSON, every regex compiles in JS, and its line rules match the lines deployText.ts
// really writes. Tokenizing with VS Code's own engine (vscode-textmate + Oniguruma) is in
// test/e2e/grammar, where those packages are installed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEPLOY_OUTPUT_LANGUAGE } from '../../../client/src/commandIds';
import { entryLine, planLines } from '../../../client/src/commands/deployText';

const REPO_ROOT = join(__dirname, '..', '..', '..');

interface Rule {
  match?: string;
  begin?: string;
  end?: string;
  patterns?: Rule[];
  include?: string;
  captures?: Record<string, Rule & { name?: string }>;
}

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  contributes: { languages: { id: string }[]; grammars: { language: string; scopeName: string; path: string }[] };
};
const contributed = manifest.contributes.grammars.find((grammar) => grammar.language === DEPLOY_OUTPUT_LANGUAGE);
const grammar = JSON.parse(readFileSync(join(REPO_ROOT, contributed?.path ?? 'missing'), 'utf8')) as { scopeName: string; patterns: Rule[]; repository: Record<string, Rule> };

function regexesOf(rule: Rule, found: string[] = []): string[] {
  for (const source of [rule.match, rule.begin, rule.end]) if (source !== undefined) found.push(source);
  for (const child of rule.patterns ?? []) regexesOf(child, found);
  for (const capture of Object.values(rule.captures ?? {})) regexesOf(capture, found);
  return found;
}

function ruleRegex(name: string): RegExp {
  const source = grammar.repository[name]?.match;
  assert.ok(source, `repository.${name} has a match`);
  return new RegExp(source);
}

const SAMPLE_ENTRY = { runId: '20261127235002-ab12', environment: 'local', step: 'node-1', status: 'succeeded' as const, at: '2026-11-27T23:50:04.120Z', durationMs: 1234, detail: { colour: 'green', port: 20002 } };

describe('deploy output grammar', () => {
  it('is contributed for the output channel language, with the scope name the file declares', () => {
    assert.ok(manifest.contributes.languages.some((language) => language.id === DEPLOY_OUTPUT_LANGUAGE));
    assert.equal(contributed?.scopeName, grammar.scopeName);
  });

  it('has only regexes that compile, and includes that resolve', () => {
    const rules = [...grammar.patterns, ...Object.values(grammar.repository)];
    const sources = rules.flatMap((rule) => regexesOf(rule));
    assert.ok(sources.length > 15, `${sources.length} regexes`);
    for (const source of sources) assert.doesNotThrow(() => new RegExp(source), source);
    const includes = JSON.stringify(grammar).match(/"include":"#([\w-]+)"/g) ?? [];
    for (const include of includes) assert.ok(grammar.repository[include.slice('"include":"#'.length, -1)], include);
  });

  it('matches a journal line as entryLine writes it: time, run id, step, status', () => {
    const line = entryLine(SAMPLE_ENTRY);
    const match = ruleRegex('event-line').exec(line);
    assert.ok(match, line);
    assert.equal(match[3], '20261127235002-ab12');
    assert.equal(match[4], 'node-1');
    assert.equal(match[5], 'succeeded');
    assert.match(match[10], /in 1\.2 s colour=green port=20002/);
    const failed = ruleRegex('event-line').exec(entryLine({ ...SAMPLE_ENTRY, step: 'migrate', status: 'failed', detail: { error: 'phinx failed' } }));
    assert.equal(failed?.[6], 'failed');
  });

  it('matches the plan: its header, numbered steps, argv lines and URLs', () => {
    const lines = planLines('local', 'deploy', [
      { step: 'lock', description: 'SET magento-zdd:local:lock <owner> NX PX 900000 (Redis DB 15)' },
      { step: 'node-1', description: 'start blue instance on port 20000', argv: ['php', '-S', '127.0.0.1:20000', '-t', '/srv/releases/<new release id>/pub'], urls: ['http://127.0.0.1:20000/health_check.php'] },
    ]);
    assert.ok(ruleRegex('plan-header').test(lines[0]), lines[0]);
    assert.equal(ruleRegex('plan-step').exec(lines[2])?.[2], 'node-1');
    assert.ok(new RegExp(grammar.repository['argv-line'].begin ?? '').test(lines[3]), lines[3]);
    assert.equal(ruleRegex('url-line').exec(lines[4])?.[2], 'http://127.0.0.1:20000/health_check.php');
  });
});
