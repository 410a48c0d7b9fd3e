import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ARTIFACTS, describeInBrowser, openBrowser, signIn } from '../helpers/browser.js';
import { startServer, TEST_PASSWORD } from '../helpers/server.js';
import { smallRegion } from '../fixtures/small-region.js';

/**
 * Every page as each role on a 390 × 844 phone: never wider than the screen (wide tables scroll in
 * their own box), no serious or critical accessibility violation found by axe-core, a section
 * above the role refused in one line instead of its forms, the skip link the keyboard's first stop.
 * Screenshots of every page (as the admin) go to test-artifacts/ for a human look.
 */
const PHONE = { width: 390, height: 844 };
const PAGES = {
  viewer: ['/', '/scorecard', '/organizations', '/organizations/N1', '/sites', '/sites/SP1', '/deadlines', '/completeness', '/catalogue'],
  methodologist: ['/uploads'],
  // The print report is the same for every role (the header aside, checked on every other page).
  admin: ['/admin', '/report'],
} as const;
/**
 * axe-core reads every page as the admin, who sees the most; the other roles differ from it only
 * in the header's menu and where a page asks `can('admin')` (the deadlines), so axe reads those.
 * For the same reason they open only the overview (the header with their menu) and those pages.
 */
const ROLE_PAGES = ['/', '/deadlines'] as const;
const ROLES = [
  { role: 'viewer', login: 'viewer', pages: ROLE_PAGES, audited: ['/deadlines'], refused: ['/uploads', '/admin'] },
  { role: 'methodologist', login: 'metod-north', pages: [...ROLE_PAGES, ...PAGES.methodologist], audited: ['/deadlines', '/uploads'], refused: ['/admin'] },
  { role: 'admin', login: 'admin', pages: [...PAGES.viewer, ...PAGES.methodologist, ...PAGES.admin], audited: 'all', refused: [] },
] as const;

/**
 * The first table box of the page: whether its table is wider than the box, and how the box is
 * shaded. The shadows stay with the box (scroll) and white covers move with the table (local), so
 * a shadow shows only at an edge beyond which more of the table lies.
 */
function scrollBoxOf(page: Page) {
  return page.locator('.scroll-box').first().evaluate((el) => ({
    scrolls: el.scrollWidth > el.clientWidth,
    attachment: getComputedStyle(el).backgroundAttachment,
    shadows: (getComputedStyle(el).backgroundImage.match(/radial-gradient/g) ?? []).length,
  }));
}

/** The small region with the longest names the demo region has: a select or a label must still fit a phone. */
function regionWithLongNames() {
  const region = smallRegion();
  return {
    ...region,
    districts: [...region.districts, { code: 'city', name: 'Городской округ Верхнедольск' }],
    directions: [...region.directions, { code: 'career', name: 'Профориентация и ранняя профессионализация' }],
  };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Waits until the page has loaded its data: no request in flight, nothing marked busy. */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('[aria-busy="true"]').count(), { timeout: 15_000 }).toBe(0);
}

/** The serious and critical findings of axe-core on the page, one line each. */
async function accessibilityProblems(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    const { axe: found } = window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } };
    return (await found.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.help}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
}

describeInBrowser('every page, each role, on a phone', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer(regionWithLongNames());
    ({ browser } = await openBrowser());
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A phone page of its own (the CSP would keep axe's script out), signed in as `login` when given. */
  async function phonePage(login?: string): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
    const context = await browser.newContext({ viewport: PHONE, bypassCSP: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    if (login) await signIn(page, server.url, login, TEST_PASSWORD);
    return { page, errors, close: () => context.close() };
  }

  for (const { role, login, pages, audited, refused } of ROLES) {
    it(`${role}: each page fits the screen and has no serious accessibility problem; the sections above the role are refused`, async () => {
      const { page, errors, close } = await phonePage(login);
      try {
        for (const path of pages) {
          await page.goto(`${server.url}${path}`);
          await settled(page);
          // The admin's pages are every page; the other roles' would repeat them.
          if (role === 'admin') await page.screenshot({ path: `${ARTIFACTS}/phone${path.replaceAll('/', '-').replace(/-$/, '-overview')}.png`, fullPage: true });
          expect(await page.evaluate(() => document.documentElement.scrollWidth), `${path} is wider than the phone`).toBeLessThanOrEqual(PHONE.width);
          if (audited === 'all' || (audited as readonly string[]).includes(path)) expect(await accessibilityProblems(page), path).toEqual([]);
          if (path === '/sites') expect(await scrollBoxOf(page), 'the sites table on a phone').toEqual({ scrolls: true, attachment: 'local, local, scroll, scroll', shadows: 2 });
          // A table made a list on a phone (the organizations, the approvals) is never wider than its box.
          expect(await page.locator('table.stack-on-phone').evaluateAll((tables) => tables.filter((t) => t.scrollWidth > t.parentElement!.clientWidth).length), path).toBe(0);
          // The targets' fields in one column, whatever their unit («%», «шт.», «в среднем»).
          if (path === '/admin') {
            expect(await page.locator('form.targets input').evaluateAll((inputs) => new Set(inputs.map((i) => Math.round(i.getBoundingClientRect().left))).size)).toBe(1);
          }
        }
        for (const path of refused) {
          await page.goto(`${server.url}${path}`);
          await expect.poll(() => page.locator('[data-testid="refused"]').textContent()).toMatch(/^\s*Недостаточно прав\s*Раздел «.+» открыт .+\. На обзор\s*$/);
          expect(await page.locator('main form, main input, main table').count(), `${path} shows its forms`).toBe(0);
        }
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    }, 120_000);
  }

  it('signed out: the login page and the public catalogue', async () => {
    const { page, errors, close } = await phonePage();
    try {
      for (const path of ['/login', '/catalogue']) {
        await page.goto(`${server.url}${path}`);
        await settled(page);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(PHONE.width);
        expect(await accessibilityProblems(page), path).toEqual([]);
      }
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);

  it('the keyboard: the first Tab reaches «Перейти к содержимому», which moves on to the page itself', async () => {
    const { page, close } = await phonePage('viewer');
    try {
      await page.goto(`${server.url}/sites`);
      await settled(page);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Перейти к содержимому');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('content');
      // The next Tab leaves the header behind: the first control of the page.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('header') === null)).toBe(true);
    } finally {
      await close();
    }
  }, 60_000);
});
