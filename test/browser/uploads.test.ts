import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ARTIFACTS, browserSuite, describeInBrowser } from '../helpers/browser.js';
import { FIXTURES } from '../helpers/uploads.js';

/** The upload page in Chromium: preview and mapping, errors, a KPI that moves, rollback. */
describeInBrowser('upload page in Chromium', () => {
  const s = browserSuite({ viewport: { width: 1300, height: 1000 }, signInAs: 'admin' });

  const usersCard = () => s.page.locator('[data-kpi="users_share"] .value');
  const result = () => s.page.locator('[data-testid="upload-result"]');

  it('previews a cp1251 file, recognises the dataset and maps the columns', async () => {
    await s.page.goto(`${s.server.url}/uploads`);
    await s.page.setInputFiles('[data-testid="file-input"]', join(FIXTURES, 'organizations-cp1251.csv'));
    await expect.poll(() => s.page.getByText('кодировка Windows-1251, разделитель — точка с запятой').count()).toBe(1);
    await expect.poll(() => s.page.getByText('Определён набор «Образовательные организации».').count()).toBe(1);
    await expect.poll(() => s.page.locator('[data-testid="mapping"] tbody tr').first().textContent()).toContain('Детский сад № 5 «Ромашка»');
    expect(await s.page.locator('[data-testid="mapping"] thead select').first().inputValue()).toBe('code');
  }, 30_000);

  it('shows row errors and writes nothing', async () => {
    await s.page.setInputFiles('[data-testid="file-input"]', join(FIXTURES, 'unknown-value.csv'));
    await s.page.getByRole('button', { name: 'Загрузить' }).click();
    await expect.poll(() => result().textContent(), { timeout: 15_000 }).toContain('Отклонено');
    expect(await s.page.locator('[data-testid="upload-errors"] tbody tr').count()).toBe(3);
    expect(await s.page.locator('[data-testid="upload-errors"] tbody tr').first().textContent()).toContain('Пикник');
    await s.page.screenshot({ path: `${ARTIFACTS}/upload-errors.png`, fullPage: true });
  }, 30_000);

  it('uploads a valid file, the dashboard changes, and a rollback restores it', async () => {
    await s.page.goto(s.server.url);
    await expect.poll(() => usersCard().textContent()).toBe('2,0\u202f%');

    await s.page.goto(`${s.server.url}/uploads`);
    await s.page.fill('input[placeholder="Фамилия И. О."]', 'Петрова А. В.');
    await s.page.setInputFiles('[data-testid="file-input"]', join(FIXTURES, 'resource-uses.csv'));
    await s.page.getByRole('button', { name: 'Загрузить' }).click();
    await expect.poll(() => result().textContent(), { timeout: 15_000 }).toContain('Загружено');
    expect(await s.page.locator('[data-testid="history"] tbody tr').first().textContent()).toContain('Петрова А. В.');

    await s.page.getByRole('link', { name: 'Обзор', exact: true }).click();
    await expect.poll(() => usersCard().textContent()).toBe('3,3\u202f%');

    await s.page.getByRole('link', { name: 'Загрузка данных' }).click();
    await s.page.getByRole('button', { name: 'Откатить' }).click();
    await expect.poll(() => s.page.getByRole('status').textContent()).toMatch(/откачена/);
    await expect.poll(() => s.page.locator('[data-testid="history"] tbody tr').first().textContent()).toContain('Откачено');
    await s.page.screenshot({ path: `${ARTIFACTS}/uploads.png`, fullPage: true });

    await s.page.getByRole('link', { name: 'Обзор', exact: true }).click();
    await expect.poll(() => usersCard().textContent()).toBe('2,0\u202f%');
  }, 45_000);

  it('logged no console errors', () => {
    expect(s.errors).toEqual([]);
  });
});
