// E2E tooling (Node side): Debian's headless Chromium driven by playwright-core (never a downloaded
// browser). It also listens for CDP on a loopback port so the suite, inside the extension host, can
// attach to the same page for screenshots and for reading what the workbench shows.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM } from './paths';
import { waitFor } from './wait';

/** The window size the README screenshots are taken at. */
export const WINDOW = { width: 1280, height: 900 };

export interface RunningChromium {
  context: BrowserContext;
  page: Page;
  /** http://127.0.0.1:<port>, for chromium.connectOverCDP. */
  cdpEndpoint: string;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<RunningChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'magento-zdd-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      // No emulated viewport: the real window size, so a second CDP client sees the same layout.
      viewport: null,
      timeout: 30_000,
      // Playwright's own handlers would exit the process on Ctrl+C before run.ts stopped code-server
      // and removed its temporary folders; run.ts closes the browser itself.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--force-device-scale-factor=1',
        `--window-size=${WINDOW.width},${WINDOW.height}`,
        // Port 0: Chromium picks a free one and writes it to DevToolsActivePort in the profile.
        '--remote-debugging-port=0',
        '--remote-debugging-address=127.0.0.1',
      ],
    });
    const portFile = join(profile, 'DevToolsActivePort');
    const port = await waitFor('Chromium to write DevToolsActivePort', () => existsSync(portFile) && readFileSync(portFile, 'utf8').split('\n')[0].trim(), { timeoutMs: 10_000 });
    const page = context.pages()[0] ?? (await context.newPage());
    const opened = context;
    return {
      context,
      page,
      cdpEndpoint: `http://127.0.0.1:${port}`,
      close: async () => {
        await opened.close().catch(() => undefined);
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context?.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}
