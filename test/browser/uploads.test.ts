import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { smallRegion } from '../fixtures/small-region.js';
import { ARTIFACTS, describeInBrowser, openBrowser, signIn } from '../helpers/browser.js';
import { startServer, TEST_PASSWORD } from '../helpers/server.js';
import { FIXTURES } from '../helpers/uploads.js';

/** The upload page in Chromium: preview and mapping, errors, a KPI that moves, rollback. */
describeInBrowser('upload page in Chromium', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    server = await startServer(smallRegion());
    ({ browser, page, errors } = await openBrowser({ width: 1300, height: 1000 }));
    await signIn(page, server.url, 'admin', TEST_PASSWORD);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const usersCard = () => page.locator('[data-kpi="users_share"] .value');
  const result = () => page.locator('[data-testid="upload-result"]');

  it('previews a cp1251 file, recognises the dataset and maps the columns', async () => {
    await page.goto(`${server.url}/uploads`);
    await page.setInputFiles('[data-testid="file-input"]', join(FIXTURES, 'organizations-cp1251.csv'));
    await expect.poll(() => page.getByText('кодировка Windows-1251, разделитель — точка с запятой').count()).toBe(1);
    await expect.poll(() => page.getByText('Определён набор «Образовательные организации».').count()).toBe(1);
    await expect.poll(() => page.locator('[data-testid="mapping"] tbody tr').first().textContent()).toContain('Детский сад № 5 «Ромашка»');
    expect(await page.locator('[data-testid="mapping"] thead select').first().inputValue()).toBe('code');
  }, 30_000);

  it('shows row errors and writes nothing', async () => {
    await page.setInputFiles('[data-testid="file-input"]', join(FIXTURES, 'unknown-value.csv'));
    await page.getByRole('button', { name: 'Загрузить' }).click();
    await expect.poll(() => result().textContent(), { timeout: 15_000 }).toContain('Отклонено');
    expect(await page.locator('[data-testid="upload-errors"] tbody tr').count()).toBe(3);
    expect(await page.locator('[data-testid="upload-errors"] tbody tr').first().textContent()).toContain('Пикник');
    await page.screenshot({ path: `${ARTIFACTS}/upload-errors.png`, fullPage: true });
  }, 30_000);

  it('uploads a valid file, the dashboard changes, and a rollback restores it', async () => {
    await page.goto(server.url);
    await expect.poll(() => usersCard().textContent()).toBe('2,0\u202f%');

    await page.goto(`${server.url}/uploads`);
    await page.fill('input[placeholder="Фамилия И. О."]', 'Петрова А. В.');
    await page.setInputFiles('[data-testid="file-input"]', join(FIXTURES, 'resource-uses.csv'));
    await page.getByRole('button', { name: 'Загрузить' }).click();
    await expect.poll(() => result().textContent(), { timeout: 15_000 }).toContain('Загружено');
    expect(await page.locator('[data-testid="history"] tbody tr').first().textContent()).toContain('Петрова А. В.');

    await page.getByRole('link', { name: 'Обзор', exact: true }).click();
    await expect.poll(() => usersCard().textContent()).toBe('3,3\u202f%');

    await page.getByRole('link', { name: 'Загрузка данных' }).click();
    await page.getByRole('button', { name: 'Откатить' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/откачена/);
    await expect.poll(() => page.locator('[data-testid="history"] tbody tr').first().textContent()).toContain('Откачено');
    await page.screenshot({ path: `${ARTIFACTS}/uploads.png`, fullPage: true });

    await page.getByRole('link', { name: 'Обзор', exact: true }).click();
    await expect.poll(() => usersCard().textContent()).toBe('2,0\u202f%');
  }, 45_000);

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});
