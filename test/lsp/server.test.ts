// The built language server over stdio, as an editor talks to it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Hover, TextEdit } from 'vscode-languageserver-protocol';
import { LspSession } from '../helpers/lspClient';

const SAMPLE_SHOP = join(__dirname, '..', 'fixtures', 'sample-shop');
const CHECKOUT_XML = 'app/code/Acme/Checkout/etc/module.xml';
const LOYALTY_XML = 'src/Acme/Loyalty/etc/module.xml';

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', ...args], { cwd, stdio: 'ignore' });
}

/** A copy of the sample shop committed to a fresh git repository. */
function committedShop(): string {
  const root = mkdtempSync(join(tmpdir(), 'zdd-lsp-'));
  cpSync(SAMPLE_SHOP, root, { recursive: true });
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'baseline');
  return root;
}

function uriOf(root: string, file: string): string {
  return pathToFileURL(join(root, file)).href;
}

function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => String(diagnostic.code)).sort();
}

function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'xml', 0, text), edits);
}

describe('language server over stdio', () => {
  let root: string;
  let server: LspSession;

  before(async () => {
    root = committedShop();
    // Changed on disk before start-up: the workspace check must find it without the file being open.
    const loyalty = join(root, LOYALTY_XML);
    writeFileSync(loyalty, readFileSync(loyalty, 'utf8').replace('setup_version="1.4.2"', 'setup_version="1.5.0"'));
    server = await LspSession.start(root);
  });

  after(async () => {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('publishes diagnostics for every bespoke module at start-up, opened or not', async () => {
    const params = await server.diagnosticsFor(uriOf(root, LOYALTY_XML), (p) => p.diagnostics.length > 0);
    assert.deepEqual(codes(params.diagnostics), ['setup-version-changed']);
    const checkout = await server.diagnosticsFor(uriOf(root, CHECKOUT_XML));
    assert.deepEqual(checkout.diagnostics, []);
  });

  it('flags a setup_version edit on didChange, with the rule id as code and a docs link', async () => {
    const uri = uriOf(root, CHECKOUT_XML);
    const text = readFileSync(join(root, CHECKOUT_XML), 'utf8');
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
    const edited = text.replace('setup_version="2.1.0"', 'setup_version="2.2.0"');
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: edited }] });
    const params = await server.diagnosticsFor(uri, (p) => p.version === 2);
    assert.equal(params.diagnostics.length, 1);
    const [diagnostic] = params.diagnostics;
    assert.equal(diagnostic.code, 'setup-version-changed');
    assert.equal(diagnostic.severity, 1);
    assert.match(diagnostic.codeDescription?.href ?? '', /docs\/rules\/setup-version-changed\.md$/);
    assert.match(String(diagnostic.message), /from 2\.1\.0 to 2\.2\.0/);
    const line = edited.split('\n')[diagnostic.range.start.line];
    assert.equal(line.slice(diagnostic.range.start.character, diagnostic.range.end.character), '2.2.0');
  });

  it('explains a flagged attribute on hover', async () => {
    const uri = uriOf(root, CHECKOUT_XML);
    const [diagnostic] = (await server.diagnosticsFor(uri, (p) => p.version === 2)).diagnostics;
    const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: diagnostic.range.start })) as Hover;
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /setup-version-changed/);
    assert.match(value, /Please upgrade your database/);
    assert.match(value, /docs\/rules\/setup-version-changed\.md/);
  });

  it('offers a revert quick fix whose edit clears the diagnostic', async () => {
    const uri = uriOf(root, CHECKOUT_XML);
    const params = await server.diagnosticsFor(uri, (p) => p.version === 2);
    const actions = (await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: params.diagnostics[0].range,
      context: { diagnostics: params.diagnostics },
    })) as CodeAction[];
    const revert = actions.find((action) => action.title === 'Revert setup_version to 2.1.0');
    assert.ok(revert, `actions: ${actions.map((action) => action.title).join(', ')}`);
    const edited = readFileSync(join(root, CHECKOUT_XML), 'utf8').replace('setup_version="2.1.0"', 'setup_version="2.2.0"');
    const reverted = applyEdits(edited, revert.edit!.changes![uri]);
    assert.match(reverted, /setup_version="2\.1\.0"/);
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: reverted }] });
    const after = await server.diagnosticsFor(uri, (p) => p.version === 3);
    assert.deepEqual(after.diagnostics, []);
  });

  it('offers a suppression with a reason placeholder, and the suppressed file is clean', async () => {
    const uri = uriOf(root, CHECKOUT_XML);
    const text = readFileSync(join(root, CHECKOUT_XML), 'utf8').replace('setup_version="2.1.0"', 'setup_version="3.0.0"');
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 4 }, contentChanges: [{ text }] });
    const params = await server.diagnosticsFor(uri, (p) => p.version === 4);
    const actions = (await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: params.diagnostics[0].range,
      context: { diagnostics: params.diagnostics },
    })) as CodeAction[];
    const suppress = actions.find((action) => action.title === 'Suppress: setup-version-changed (add a reason)');
    assert.ok(suppress);
    const suppressed = applyEdits(text, suppress.edit!.changes![uri]);
    assert.match(suppressed, /\n {4}<!-- zdd-ignore setup-version-changed: reason -->\n {4}<module name="Acme_Checkout"/);
    const [, reasonRange] = suppress.command!.arguments as [string, { start: { line: number; character: number }; end: { line: number; character: number } }];
    assert.equal(suppressed.split('\n')[reasonRange.start.line].slice(reasonRange.start.character, reasonRange.end.character), 'reason');
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 5 }, contentChanges: [{ text: suppressed }] });
    const after = await server.diagnosticsFor(uri, (p) => p.version === 5);
    assert.deepEqual(after.diagnostics, []);
  });

  it('keeps answering on broken XML and reports it once as module-xml-invalid', async () => {
    const uri = uriOf(root, CHECKOUT_XML);
    const broken = '<?xml version="1.0"?>\n<config>\n    <module name="Acme_Checkout" setup_version="2.1.0">\n</config';
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 6 }, contentChanges: [{ text: broken }] });
    const params = await server.diagnosticsFor(uri, (p) => p.version === 6);
    assert.deepEqual(codes(params.diagnostics), ['module-xml-invalid']);
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 7 }, contentChanges: [{ text: '\u0000\u0001binary' }] });
    assert.deepEqual(codes((await server.diagnosticsFor(uri, (p) => p.version === 7)).diagnostics), ['module-xml-invalid']);
    const hover = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 40, character: 3 } });
    assert.equal(hover, null);
  });

  it('reports the check state to the client', async () => {
    await server.waitFor(() => server.statuses.some((status) => (status as { state: string }).state === 'done'), 'a done status');
    const done = server.statuses.filter((status) => (status as { state: string }).state === 'done').at(-1) as { filesChecked: number };
    assert.equal(done.filesChecked, 6);
  });
});

describe('language server without a git baseline', () => {
  it('says once that the baseline is missing and still checks module.xml validity', async () => {
    const root = mkdtempSync(join(tmpdir(), 'zdd-lsp-nogit-'));
    cpSync(SAMPLE_SHOP, root, { recursive: true });
    writeFileSync(join(root, CHECKOUT_XML), '<config><module name="acme_checkout"/></config>');
    const server = await LspSession.start(root);
    try {
      const params = await server.diagnosticsFor(uriOf(root, CHECKOUT_XML), (p) => p.diagnostics.length > 0);
      assert.deepEqual(codes(params.diagnostics), ['module-xml-invalid']);
      await server.waitFor(() => server.messages.some((message) => /not inside a git repository/.test(message)), 'the baseline notice');
      assert.equal(server.messages.filter((message) => /baseline/.test(message)).length, 1);
    } finally {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('keeps checking with defaults when magento-zdd.json is invalid, and names the bad key', async () => {
    const root = committedShop();
    writeFileSync(join(root, 'magento-zdd.json'), '{"rulez": {}, "baseline": 42}');
    const loyalty = join(root, LOYALTY_XML);
    writeFileSync(loyalty, readFileSync(loyalty, 'utf8').replace('setup_version="1.4.2"', 'setup_version="1.4.3"'));
    const server = await LspSession.start(root);
    try {
      const params = await server.diagnosticsFor(uriOf(root, LOYALTY_XML), (p) => p.diagnostics.length > 0);
      assert.deepEqual(codes(params.diagnostics), ['setup-version-changed']);
      await server.waitFor(() => server.messages.some((message) => /unknown key "rulez"/.test(message) && /"baseline" must be a string/.test(message)), 'the config error');
    } finally {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
