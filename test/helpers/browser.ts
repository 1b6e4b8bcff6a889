/**
 * Debian's Chromium, driven by playwright-core (no browser download): `.ci/run` installs the
 * `chromium` package; SEGRAPH_CHROMIUM names another binary. A missing browser fails the test
 * that needs it, naming the package; nothing skips. Every page may reach our server only: any
 * request to another origin is refused and recorded, and `refused` must stay empty.
 */
import { access, constants } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from './server.js';

export const CHROMIUM = process.env['SEGRAPH_CHROMIUM'] ?? '/usr/bin/chromium';

export interface TestBrowser {
  readonly browser: Browser;
  /** A fresh page that may load from `origin` only; with `javaScript: false`, as a browser without script sees it. */
  page(origin: string, viewport?: { width: number; height: number }, options?: PageOptions): Promise<Page>;
  /** Requests to other origins, refused. */
  readonly refused: string[];
  close(): Promise<void>;
}

export interface PageOptions {
  /** Run the page's scripts (default true). */
  readonly javaScript?: boolean;
}

export async function startBrowser(): Promise<TestBrowser> {
  await access(CHROMIUM, constants.X_OK).catch(() => {
    throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium), or set SEGRAPH_CHROMIUM`);
  });
  // Chromium's sandbox cannot run as root (CI containers); elsewhere it stays on.
  const args = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  const browser = await chromium.launch({ executablePath: CHROMIUM, args });
  const refused: string[] = [];
  return {
    browser,
    refused,
    async page(origin, viewport = { width: 1280, height: 900 }, options = {}) {
      const context = await browser.newContext({ viewport, locale: 'en-GB', javaScriptEnabled: options.javaScript ?? true });
      await context.route('**/*', async (route) => {
        const url = route.request().url();
        if (new URL(url).origin === new URL(origin).origin) await route.continue();
        else {
          refused.push(url);
          await route.abort();
        }
      });
      return context.newPage();
    },
    close: () => browser.close(),
  };
}

/**
 * A test file's live server (on the seed graph) and Chromium: both started before its tests and
 * closed after, handed to `use` once started.
 *
 * @example
 *   let server: TestServer;
 *   let browser: TestBrowser;
 *   serverAndBrowser((s, b) => { server = s; browser = b; });
 */
export function serverAndBrowser(use: (server: TestServer, browser: TestBrowser) => void): void {
  let server: TestServer | undefined;
  let browser: TestBrowser | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), startBrowser()]);
    use(server, browser);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
}
