// Packaged-extension test (Node side, run by run.ts): the .vsix `npm run package` makes is small, ships
// no tests, fixtures or sources, installs into a fresh code-server with --install-extension, and works
// there for a user: Playwright opens the sample shop, edits a setup_version by keyboard and sees the error.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, type RunningChromium } from '../lib/chromium';
import { createCodeServerFolders, installVsix, removeCodeServerFolders, startCodeServer, type CodeServerFolders, type RunningCodeServer } from '../lib/codeServer';
import { REPO_ROOT } from '../lib/paths';
import { runChecked } from '../lib/processes';
import { sampleShopCopy, type SampleShopCopy } from '../lib/sampleShop';
import { waitFor } from '../lib/wait';
import { zipEntryNames } from '../lib/zipEntries';

const MAX_BYTES = 5 * 1024 * 1024;

/** Every file the walkthrough steps show (contributes.walkthroughs[].steps[].media). */
function walkthroughMedia(): string[] {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    contributes: { walkthroughs?: { steps: { media: { image?: string; markdown?: string; svg?: string } }[] }[] };
  };
  return (manifest.contributes.walkthroughs ?? []).flatMap((walkthrough) => walkthrough.steps.flatMap((step) => [step.media.image, step.media.markdown, step.media.svg].filter((path): path is string => path !== undefined)));
}

const STATUS_ITEM = '.statusbar-item[id="magento-zdd.magento-zdd.magentoZdd.status"]';

suite('Packaged extension (.vsix)', () => {
  // Its own output file: another run in this checkout may be packaging at the same time.
  const packageDir = mkdtempSync(join(tmpdir(), 'magento-zdd-package-test-'));
  const VSIX = join(packageDir, 'magento-zdd.vsix');

  suiteSetup(async function () {
    this.timeout(180_000);
    await runChecked('npm', ['run', 'package', '--', '--out', VSIX], { cwd: REPO_ROOT, timeoutMs: 170_000 });
  });

  suiteTeardown(() => rmSync(packageDir, { recursive: true, force: true }));

  test('is under 5 MB and ships the bundles, manifest, schema, deploy output grammar, walkthrough media, README and LICENSE only', () => {
    const size = statSync(VSIX).size;
    assert.ok(size < MAX_BYTES, `${size} bytes`);
    const files = zipEntryNames(VSIX).filter((name) => name.startsWith('extension/'));
    const required = ['package.json', 'readme.md', 'LICENSE.txt', 'dist/client.js', 'dist/server.js', 'dist/configValidator.js', 'schemas/magento-zdd.schema.json', 'syntaxes/magento-zdd-deploy.tmLanguage.json', ...walkthroughMedia()];
    for (const file of required) assert.ok(files.includes(`extension/${file}`), `${file} is in the package`);
    const unwanted = files.filter(
      (name) =>
        /\.(ts|map|tsbuildinfo)$/.test(name) ||
        /^extension\/(test|client|server|scripts|node_modules|bin|\.[^/]+)\//.test(name) ||
        /fixtures|sample-shop/.test(name) ||
        (name.startsWith('extension/docs/') && !required.includes(name.slice('extension/'.length))),
    );
    assert.deepEqual(unwanted, [], 'no tests, fixtures, sources, source maps, dot-folders or unused docs');
  });

  suite('installed into a fresh code-server', () => {
    let folders: CodeServerFolders;
    let shop: SampleShopCopy;
    let server: RunningCodeServer | undefined;
    let browser: RunningChromium | undefined;

    suiteSetup(async function () {
      this.timeout(120_000);
      folders = createCodeServerFolders('vsix');
      shop = sampleShopCopy('vsix-shop');
      await installVsix(folders, VSIX);
      server = await startCodeServer(folders, shop.dir);
      browser = await launchChromium();
    });

    suiteTeardown(async () => {
      await browser?.close();
      await server?.stop();
      removeCodeServerFolders(folders);
      shop.cleanup();
    });

    test('--install-extension put it in the extensions folder', () => {
      const installed = readdirSync(folders.extensionsDir).filter((name) => name.startsWith('magento-zdd.magento-zdd-'));
      assert.deepEqual(installed, ['magento-zdd.magento-zdd-0.1.0']);
    });

    test('activates on the sample shop and flags a setup_version typed into module.xml', async () => {
      assert.ok(server && browser);
      const page = browser.page;
      await page.goto(`${server.url}/?folder=${encodeURIComponent(shop.dir)}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });

      // Activated by workspaceContains: the status bar item appears and finishes a clean check.
      const status = page.locator(STATUS_ITEM);
      await waitFor('the Magento ZDD status bar item to show a clean check', async () => (await status.locator('.codicon-check').count()) > 0, { timeoutMs: 60_000 });

      await openWithQuickOpen(page, 'src/Acme/Loyalty/etc/module.xml');
      await replaceWithFind(page, '1.4.2', '1.5.0');

      await page.locator('.view-overlays .cdr.squiggly-error').first().waitFor({ timeout: 30_000 });
      await waitFor('the status bar to count one error', async () => (await status.innerText()).trim() === 'ZDD 1' && (await status.locator('.codicon-error').count()) > 0, {
        timeoutMs: 30_000,
        describe: () => status.innerText(),
      });
      // The hover a user gets by pointing at the squiggle.
      await page.locator('.view-overlays .cdr.squiggly-error').first().hover({ force: true });
      const hover = page.locator('.monaco-hover:visible');
      await waitFor('the hover to name the rule', async () => (await hover.count()) > 0 && (await hover.first().innerText()).includes('setup-version-changed'), { timeoutMs: 15_000 });
    });

    test('its walkthrough opens from the command palette with its pictures', async () => {
      assert.ok(browser);
      const page = browser.page;
      await runFromCommandPalette(page, 'Welcome: Open Walkthrough...');
      const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Get started with Magento ZDD' });
      await pick.waitFor({ timeout: 15_000 });
      await pick.click();
      const steps = page.locator('.gettingStartedSlideDetails');
      await steps.getByText('See a setup_version change flagged').waitFor({ timeout: 15_000 });
      for (const title of ['Every problem in the Problems panel', 'Configure magento-zdd.json', 'Ship schema changes as migrations', 'Run the same check in CI']) {
        assert.ok(await steps.getByText(title).isVisible(), `step "${title}" is listed`);
      }
      // The picture of the open step, loaded from the installed extension.
      const picture = page.locator('.getting-started-media img').first();
      await waitFor('the step picture to load', async () => (await picture.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth)) > 0, { timeoutMs: 15_000 });
    });
  });
});

async function runFromCommandPalette(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

async function openWithQuickOpen(page: Page, path: string): Promise<void> {
  await page.locator('.monaco-workbench').click({ position: { x: 5, y: 5 }, force: true }).catch(() => undefined);
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15_000 });
  await input.fill(path);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'module.xml' }).first();
  await row.waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: 'module.xml' }).waitFor({ timeout: 15_000 });
  await page.locator('.monaco-editor .view-lines', { hasText: 'setup_version' }).waitFor({ timeout: 15_000 });
}

/** Find (Ctrl+F) selects the match; Escape closes the widget and typing replaces the selection. */
async function replaceWithFind(page: Page, from: string, to: string): Promise<void> {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+F');
  const find = page.locator('.find-widget textarea, .find-widget input').first();
  await find.waitFor({ timeout: 10_000 });
  await page.keyboard.type(from);
  await waitFor(`Find to select "${from}"`, async () => (await page.locator('.find-widget .matchesCount').innerText()).startsWith('1 of 1'), { timeoutMs: 10_000 });
  await page.keyboard.press('Escape');
  await page.keyboard.type(to);
  await page.locator('.monaco-editor .view-lines', { hasText: `setup_version="${to}"` }).waitFor({ timeout: 10_000 });
}
