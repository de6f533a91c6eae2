// VS Code suite: what the user sees. Playwright attaches over CDP to the browser page (or Electron
// window) that shows this very workbench, reads the DOM and takes the README screenshots.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { readSuiteConfig } from '../lib/suiteConfig';
import { waitFor } from '../lib/wait';

export class Workbench {
  private constructor(private readonly browser: Browser, readonly page: Page, private readonly screenshotDir: string) {}

  static async connect(): Promise<Workbench> {
    const config = readSuiteConfig();
    const browser = await chromium.connectOverCDP(config.cdpEndpoint, { timeout: 15_000 });
    try {
      const page = await waitFor('the workbench page over CDP', async () => {
        for (const candidate of browser.contexts().flatMap((context) => context.pages())) {
          if ((await candidate.locator('.monaco-workbench').count()) > 0) return candidate;
        }
        return undefined;
      });
      return new Workbench(browser, page, config.screenshotDir);
    } catch (error) {
      await browser.close();
      throw error;
    }
  }

  /** Saves a PNG of the whole window as <screenshotDir>/<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(this.screenshotDir, { recursive: true });
    const path = join(this.screenshotDir, `${name}.png`);
    await this.page.screenshot({ path, animations: 'disabled', caret: 'hide' });
    return path;
  }

  /** The status bar entry an extension contributed with createStatusBarItem(id). */
  statusBarItem(extensionId: string, itemId: string): Locator {
    return this.page.locator(`.statusbar-item[id="${extensionId}.${itemId}"]`);
  }

  /** Texts of the rows of the Problems view (it must be open). */
  async problemRows(): Promise<string[]> {
    return this.page.locator('div[id="workbench.panel.markers"] .monaco-tl-contents').allInnerTexts();
  }

  squiggles(severity: 'error' | 'warning'): Locator {
    return this.page.locator(`.monaco-editor .view-overlays .cdr.squiggly-${severity}`);
  }

  visibleHover(): Locator {
    return this.page.locator('.monaco-hover:visible');
  }

  /**
   * Drags the bottom edge of the open hover down, as a user resizes it (VS Code opens it at most 250 px
   * tall in a window this size), until `lastLine` is inside the frame.
   */
  async growHoverToShow(lastLine: string): Promise<void> {
    const edge = this.page.locator('.monaco-resizable-hover:visible > .monaco-sash.orthogonal-edge-south');
    const box = await edge.boundingBox();
    if (!box) throw new Error('no resizable hover is open');
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x, y + 300, { steps: 5 });
    await this.page.mouse.up();
    const hover = this.visibleHover().first();
    await waitFor(`the hover to show down to "${lastLine}"`, async () => {
      const line = await hover.getByText(lastLine).boundingBox();
      const frame = await hover.boundingBox();
      return line !== null && frame !== null && line.y + line.height <= frame.y + frame.height;
    });
  }

  async pressKey(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }

  async disconnect(): Promise<void> {
    // On a CDP connection close() only detaches: the browser and the page stay up for the runner.
    await this.browser.close();
  }
}

let current: Promise<Workbench> | undefined;

export function workbench(): Promise<Workbench> {
  current ??= Workbench.connect();
  return current;
}

export async function disconnectWorkbench(): Promise<void> {
  if (!current) return;
  const connected = current;
  current = undefined;
  await (await connected.catch(() => undefined))?.disconnect();
}
