import { expect, it } from 'vitest';
import { ARTIFACTS, browserSuite, describeInBrowser, signIn } from '../helpers/browser.js';
import { TEST_PASSWORD } from '../helpers/server.js';

/** Signing in and out, what each role sees, and the admin pages, in Chromium under the CSP. */
describeInBrowser('sign-in and roles in Chromium', () => {
  const s = browserSuite();

  const navLinks = () => s.page.locator('nav[aria-label="Разделы"] a').allTextContents();

  it('sends a signed-out visitor to the login page and back to where they were going', async () => {
    await s.page.goto(`${s.server.url}/sites?q=один`);
    await expect.poll(() => s.page.url()).toContain('/login?next=%2Fsites%3Fq%3D');
    await s.page.fill('input[name="login"]', 'viewer');
    await s.page.fill('input[name="password"]', 'not-the-password-1');
    await s.page.click('button[type="submit"]');
    await expect.poll(() => s.page.getByRole('alert').textContent()).toMatch(/Неверный логин или пароль/);
    await s.page.screenshot({ path: `${ARTIFACTS}/login.png` });
    await s.page.fill('input[name="password"]', TEST_PASSWORD);
    await s.page.click('button[type="submit"]');
    await expect.poll(() => s.page.url()).toContain('/sites?q=');
    await expect.poll(() => s.page.locator('[data-testid="sites-table"] tbody tr').count()).toBe(1);
  }, 30_000);

  it('shows a viewer the dashboards only, and signs out', async () => {
    expect(await navLinks()).toEqual(['Обзор', 'Районы', 'Площадки', 'Сроки', 'Каталог']);
    await s.page.goto(`${s.server.url}/uploads`);
    await expect.poll(() => s.page.locator('[data-testid="refused"]').textContent()).toMatch(/Недостаточно прав/);
    expect(await s.page.locator('main input[type="file"]').count()).toBe(0);
    await s.page.getByRole('button', { name: 'Выйти' }).click();
    await expect.poll(() => s.page.url()).toContain('/login');
    await s.page.goto(s.server.url);
    await expect.poll(() => s.page.url()).toContain('/login');
    // The public catalogue needs no sign-in.
    await s.page.goto(`${s.server.url}/catalogue?district=north`);
    await expect.poll(() => s.page.locator('[data-testid="catalogue-count"]').textContent()).toMatch(/^1 площадка/);
    expect(s.page.url()).toContain('/catalogue');
  }, 30_000);

  it('gives a methodologist the uploads, and an admin the administration', async () => {
    await signIn(s.page, s.server.url, 'metod-north', TEST_PASSWORD);
    expect(await navLinks()).toEqual(['Обзор', 'Районы', 'Площадки', 'Сроки', 'Загрузка данных', 'Каталог']);
    await s.page.getByRole('button', { name: 'Выйти' }).click();
    await expect.poll(() => s.page.url()).toContain('/login');

    await signIn(s.page, s.server.url, 'admin', TEST_PASSWORD);
    expect(await navLinks()).toEqual(['Обзор', 'Районы', 'Площадки', 'Сроки', 'Загрузка данных', 'Администрирование', 'Каталог']);
    await s.page.getByRole('link', { name: 'Администрирование' }).click();
    await expect.poll(() => s.page.locator('[data-testid="users"] tbody tr').count()).toBe(4);
    await s.page.fill('input[name="new-login"]', 'ivanova');
    await s.page.fill('input[name="new-name"]', 'Иванова И. И.');
    await s.page.selectOption('select[name="new-role"]', 'methodologist');
    await s.page.getByRole('checkbox', { name: 'Южный район' }).check();
    await s.page.fill('input[name="new-password"]', 'Ivanova-pass-2023');
    await s.page.getByRole('button', { name: 'Создать' }).click();
    await expect.poll(() => s.page.getByRole('status').textContent()).toBe('Пользователь создан.');
    await expect.poll(() => s.page.locator('[data-testid="users"] tbody tr').count()).toBe(5);
    expect(await s.page.locator('[data-testid="users"]').textContent()).toContain('Южный район');

    // Typed while the page reads its lists again after the new user: a reading of the users keeps it.
    await s.page.locator('input[data-target="users_share"]').fill('1.5');
    await expect.poll(() => s.page.locator('[data-testid="audit"]').textContent()).toMatch(/Пользователь создан/);
    expect(await s.page.locator('input[data-target="users_share"]').inputValue()).toBe('1.5');
    // An observation KPI gets a target; a plan KPI's field emptied loses its own.
    await s.page.locator('input[data-target="satisfaction"]').fill('4.5');
    await s.page.locator('input[data-target="pilot_orgs"]').fill('');
    await s.page.getByRole('button', { name: 'Сохранить цели' }).click();
    await expect.poll(() => s.page.getByRole('status').textContent()).toMatch(/Цели сохранены/);
    await expect.poll(() => s.page.locator('[data-testid="audit"]').textContent()).toMatch(/Цели изменены\s*users_share=1.5, pilot_orgs=нет, satisfaction=4.5(?!,)/);
    await s.page.screenshot({ path: `${ARTIFACTS}/admin.png`, fullPage: true });

    await s.page.getByRole('link', { name: 'Обзор' }).click();
    await expect.poll(() => s.page.locator('[data-kpi="users_share"] .target').textContent()).toMatch(/Цель 1,5\u202f%.*достигнута/);
    expect(await s.page.locator('[data-kpi="satisfaction"] .target').textContent()).toMatch(/Цель 4,5/);
    expect(await s.page.locator('[data-kpi="pilot_orgs"] .target').textContent()).toMatch(/Цель не задана/);
  }, 45_000);

  it('logged no console errors but the refusals it asked for (the CSP blocked nothing)', () => {
    // The wrong password (401) and the viewer on the uploads page (403) are logged by Chromium.
    const unexpected = s.errors.filter((e) => !/Failed to load resource: the server responded with a status of (401|403)/.test(e));
    expect(unexpected).toEqual([]);
    expect(s.errors.length).toBeGreaterThan(0);
  });
});
