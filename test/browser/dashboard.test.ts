import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { smallRegion } from '../fixtures/small-region.js';
import { ARTIFACTS, describeInBrowser, openBrowser } from '../helpers/browser.js';
import { startServer } from '../helpers/server.js';

/**
 * The dashboard in a real headless Chromium against the real server with the built front end.
 * Screenshots go to test-artifacts/ for a human look.
 */
describeInBrowser('dashboard in Chromium', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    server = await startServer(smallRegion());
    ({ browser, page, errors } = await openBrowser());
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const card = (kpi: string) => page.locator(`[data-kpi="${kpi}"] .value`);

  it('renders KPI cards and every chart of the overview', async () => {
    await page.goto(server.url);
    await expect.poll(() => card('users_share').textContent()).toBe('2,0\u202f%');
    await expect.poll(() => card('competition_share').textContent()).toBe('80,0\u202f%');
    expect(await page.locator('[data-kpi]').count()).toBe(5);
    await expect.poll(() => page.locator('[data-chart][data-ready="true"]').count(), { timeout: 15_000 }).toBe(7);
    expect(await page.locator('[data-chart] canvas').count()).toBeGreaterThanOrEqual(7);
    await page.screenshot({ path: `${ARTIFACTS}/overview.png`, fullPage: true });
  }, 30_000);

  it('downloads a chart as a 2× PNG', async () => {
    const panel = page.locator('section.panel', { has: page.locator('[data-chart="voronka"]') });
    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'PNG' }).click()]);
    expect(download.suggestedFilename()).toBe('voronka.png');
    const png = readFileSync((await download.path())!);
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    const width = png.readUInt32BE(16);
    const box = await page.locator('[data-chart="voronka"]').boundingBox();
    expect(width).toBe(Math.round(box!.width) * 2);
  }, 30_000);

  it('keeps filters in the URL and recomputes the numbers', async () => {
    await page.selectOption('select[name="district"]', 'south');
    await expect.poll(() => page.url()).toContain('district=south');
    await expect.poll(() => card('competition_share').textContent()).toBe('100,0\u202f%');
    await page.selectOption('select[name="period"]', '2022-H1');
    await expect.poll(() => page.url()).toContain('period=2022-H1');
    await expect.poll(() => card('competition_share').textContent()).toBe('50,0\u202f%');
    // The URL alone restores the view.
    await page.goto(`${server.url}/?period=2022-H1&district=south`);
    await expect.poll(() => card('competition_share').textContent()).toBe('50,0\u202f%');
    expect(await page.inputValue('select[name="district"]')).toBe('south');
  }, 30_000);

  it('selects the KPI of the trend and district charts from the cards', async () => {
    await page.goto(server.url);
    await page.locator('[data-kpi="users_share"]').click();
    await expect.poll(() => page.url()).toContain('kpi=users_share');
    await expect.poll(() => page.getByRole('heading', { name: /пользователи ресурсов: динамика/ }).count()).toBe(1);
  }, 30_000);

  it('searches sites and opens a site card', async () => {
    await page.goto(`${server.url}/sites`);
    await expect.poll(() => page.locator('[data-testid="sites-table"] tbody tr').count()).toBe(3);
    await page.fill('input[type="search"]', 'истёк');
    await expect.poll(() => page.locator('[data-testid="sites-table"] tbody tr').count()).toBe(1);
    await expect.poll(() => page.url()).toContain('q=');
    await page.fill('input[type="search"]', 'ничего такого');
    await expect.poll(() => page.locator('[data-testid="sites-empty"]').count()).toBe(1);
    await page.fill('input[type="search"]', '');
    await page.getByRole('link', { name: 'Площадка один' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Площадка один');
    expect(await page.getByText('С опозданием, 5 дн.').count()).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}/site-card.png`, fullPage: true });
  }, 30_000);

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});
