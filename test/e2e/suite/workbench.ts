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

  /** A view's pane in the side bar, by the title its header shows (the header upper-cases it). */
  viewPane(title: string): Locator {
    return this.page.locator('.pane').filter({ has: this.page.locator('.pane-header .title', { hasText: new RegExp(`^\\s*${title}\\s*$`, 'i') }) });
  }

  /** Widens the side bar by dragging its right edge, as a user does, so tree rows show their descriptions whole. */
  async widenSideBar(by = 220): Promise<void> {
    const box = await this.page.locator('.part.sidebar').boundingBox();
    if (!box) throw new Error('the side bar is not shown');
    const edge = { x: box.x + box.width, y: box.y + box.height / 2 };
    await this.page.mouse.move(edge.x - 1, edge.y);
    await this.page.mouse.down();
    await this.page.mouse.move(edge.x + by, edge.y, { steps: 8 });
    await this.page.mouse.up();
    // Off the edge, or its highlight stays in the screenshot.
    await this.page.mouse.move(edge.x + by + 300, edge.y);
    await waitFor('the wider side bar', async () => ((await this.page.locator('.part.sidebar').boundingBox())?.width ?? 0) > box.width + by / 2);
  }

  /** Collapses every expanded side-bar section but `keep` (the file tree, Outline...), so those get the height. */
  async collapseSectionsExcept(...keep: string[]): Promise<void> {
    const titles = await this.page
      .locator('.part.sidebar .pane-header[aria-expanded="true"]')
      .evaluateAll((headers) => headers.filter((header) => header.getClientRects().length > 0).map((header) => (header.querySelector('.title')?.textContent ?? '').trim()));
    for (const title of titles) {
      if (title === '' || keep.some((name) => name.toLowerCase() === title.toLowerCase())) continue;
      await this.page.locator('.part.sidebar .pane-header[aria-expanded="true"]', { has: this.page.locator('.title', { hasText: title }) }).first().click();
    }
  }

  /** The rows a view shows now, each as one line of text (label and description). */
  async viewRows(title: string): Promise<string[]> {
    // Label and description are side by side in separate spans (no space between them in innerText).
    return this.viewPane(title)
      .locator('.monaco-list-row')
      .evaluateAll((rows) =>
        rows.map((row) => [row.querySelector('.label-name')?.textContent ?? row.textContent ?? '', row.querySelector('.label-description')?.textContent ?? ''].join(' ').replace(/\s+/g, ' ').trim()),
      );
  }

  /** The progress notifications' texts (title, message) shown now. */
  async notificationTexts(): Promise<string[]> {
    const toasts = await this.page.locator('.notifications-toasts .notification-toast').allInnerTexts();
    return toasts.map((toast) => toast.replace(/\s+/g, ' ').trim());
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
