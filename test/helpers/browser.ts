import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe } from 'vitest';
import { smallRegion } from '../fixtures/small-region.js';
import { startServer, TEST_PASSWORD } from './server.js';

type TestServer = Awaited<ReturnType<typeof startServer>>;

/** Debian's Chromium, which .ci/run installs; no browser download. */
export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = 'test-artifacts';

/** Browser suites run where Chromium is installed, and always in CI, where a missing one fails. */
export const describeInBrowser = existsSync(CHROMIUM) || process.env.CI ? describe : describe.skip;

/** A headless Chromium page that accepts dialogs and downloads and collects console errors. */
export async function openBrowser(viewport = { width: 1400, height: 1000 }): Promise<{ browser: Browser; page: Page; errors: string[] }> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport, acceptDownloads: true });
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (dialog) => void dialog.accept());
  return { browser, page, errors };
}

/** Signs in through the login page and waits for the app to take the user in. */
export async function signIn(page: Page, baseUrl: string, login: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
  await page.waitForSelector('[data-testid="who"]');
}

export interface BrowserSuite {
  server: TestServer;
  browser: Browser;
  page: Page;
  errors: string[];
}

/**
 * For a describe block: the real server on the small region and a Chromium page (signed in when
 * asked), set up before its tests and closed after them.
 */
export function browserSuite(options: { viewport?: { width: number; height: number }; signInAs?: string } = {}): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    suite.server = await startServer(smallRegion());
    Object.assign(suite, await openBrowser(options.viewport));
    if (options.signInAs) await signIn(suite.page, suite.server.url, options.signInAs, TEST_PASSWORD);
  }, 60_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}
