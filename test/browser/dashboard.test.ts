import { readFileSync } from 'node:fs';
import { readSheet } from 'read-excel-file/node';
import { headedSheet } from '../helpers/xlsx.js';
import type { Page, Request, Route } from 'playwright-core';
import { expect, it } from 'vitest';
import { PRINT_SIZE } from '../../server/export/render.js';
import { CHARTS } from '../../web/src/lib/charts/registry.js';
import { COLORS } from '../../web/src/lib/charts/theme.js';
import { MAP_BAND_COLORS } from '../../web/src/lib/charts/map.js';
import { CHOSEN } from '../../web/src/lib/charts/theme.js';
import { KPI_CODES, type CompletenessResponse, type KpiOrganizationsResponse, type KpisResponse, type OrganizationCardResponse, type ScorecardResponse, type SitesResponse, type SubscriptionsResponse } from '../../web/src/lib/shared/api.js';
import { formatAverage, formatDelta, formatValue } from '../../web/src/lib/shared/format.js';
import { BAND_LABELS } from '../../web/src/lib/shared/scorecard.js';
import { COMPLETENESS_LABELS } from '../../web/src/lib/shared/completeness.js';
import { ARTIFACTS, browserSuite, describeInBrowser } from '../helpers/browser.js';
import { waitForUpload } from '../helpers/server.js';

/**
 * The dashboard in a real headless Chromium against the real server with the built front end.
 * Screenshots go to test-artifacts/ for a human look.
 */
describeInBrowser('dashboard in Chromium', () => {
  const s = browserSuite({ signInAs: 'admin' });

  const card = (kpi: string) => s.page.locator(`[data-kpi="${kpi}"] .value`);

  it('renders KPI cards and every chart of the overview', async () => {
    await s.page.goto(s.server.url);
    await expect.poll(() => card('users_share').textContent()).toBe('2,0\u202f%');
    await expect.poll(() => card('competition_share').textContent()).toBe('80,0\u202f%');
    expect(await s.page.locator('[data-kpi]').count()).toBe(KPI_CODES.length);
    await expect.poll(() => s.page.locator('[data-chart][data-ready="true"]').count(), { timeout: 15_000 }).toBe(CHARTS.length);
    expect(await s.page.locator('[data-chart] canvas').count()).toBeGreaterThanOrEqual(CHARTS.length);
    // The period in words and the projections, from the same API the slides use.
    const outlook = (await s.server.inject('/api/kpis/outlook')).json() as { summary: string[] };
    await expect.poll(() => s.page.getByTestId('outlook-summary').textContent()).toBe(outlook.summary.join(''));
    expect(await s.page.locator('[data-testid="outlook-projections"] tbody tr').count()).toBe(5);
    await s.page.screenshot({ path: `${ARTIFACTS}/overview.png`, fullPage: true });
  }, 30_000);

  it('a card with a target but nothing to judge says so, in neither colour; the reports\' card says why it has nothing to count', async () => {
    // No gymnasium in the south: no organization to divide by. No site of the south owed 2021/22's report.
    await s.page.goto(`${s.server.url}/?period=2022-H1&district=south&orgType=gymnasium`);
    await expect.poll(() => s.page.locator('[data-kpi="competition_share"] .target').textContent()).toMatch(/^\s*Цель 20,0\u202f% ·\s+нет данных для оценки\s*$/);
    expect(await s.page.locator('[data-kpi="competition_share"] .card').evaluate((e) => [e.classList.contains('met'), e.classList.contains('missed')])).toEqual([false, false]);
    await expect.poll(() => s.page.locator('[data-kpi="report_timeliness"] .detail').textContent()).toMatch(/^\s*нет площадок, обязанных сдать отчёт\s*$/);
    // Schools of the whole region: the count's target is the region's as a whole, said so, not «не задана».
    await s.page.goto(`${s.server.url}/?period=2022-H1&orgType=school`);
    await expect.poll(() => s.page.locator('[data-kpi="testing_orgs"] .target').textContent()).toMatch(/^\s*Цель — для региона в целом\s*$/);
  });

  it('shows each chart as the server draws it until ECharts has loaded, then the interactive chart in its place', async () => {
    // ECharts' chunk (the only script that names its instances so) is held back when asked for.
    const held: (() => Promise<void>)[] = [];
    const hold = async (route: Route) => {
      const response = await route.fetch();
      const body = await response.text();
      const release = () => route.fulfill({ response, body });
      if (body.includes('_echarts_instance_')) held.push(release);
      else await release();
    };
    await s.page.route('**/_app/immutable/**/*.js', hold);
    try {
      await s.page.goto(s.server.url);
      await expect.poll(() => s.page.locator('[data-chart][data-painted="true"]').count()).toBe(CHARTS.length);
      // ECharts is asked for once the pictures are on screen.
      await expect.poll(() => held.length).toBe(1);
      expect(await s.page.locator('[data-chart][data-ready="true"]').count()).toBe(0);
      // Each picture is the panel's own chart at the panel's size, loaded, and under no «Загрузка…».
      const pictures = await s.page.locator('section[data-panel]').evaluateAll((sections) => sections.map((section) => {
        const img = section.querySelector('img.preview') as HTMLImageElement | null;
        const area = section.querySelector('.chart-area') as HTMLElement;
        return {
          id: section.getAttribute('data-panel'), src: new URL(img?.dataset.drawn ?? '/', location.href).pathname,
          fits: img !== null && img.naturalWidth === Math.round(area.clientWidth) && img.naturalHeight === Math.round(area.clientHeight), overlay: section.querySelector('.overlay') !== null,
        };
      }));
      expect(pictures).toEqual(CHARTS.map(({ id }) => ({ id, src: `/api/preview/${id}`, fits: true, overlay: false })));
      await s.page.screenshot({ path: `${ARTIFACTS}/overview-pictures.png`, fullPage: true });
    } finally {
      // Released before the route goes: unrouting hands a held request on by itself.
      await Promise.all(held.map((release) => release()));
      await s.page.unroute('**/_app/immutable/**/*.js', hold);
    }
    await expect.poll(() => s.page.locator('[data-chart][data-ready="true"]').count()).toBe(CHARTS.length);
    expect(await s.page.locator('img.preview').count()).toBe(0);
  }, 60_000);

  it('asks for a chart\'s picture alongside its data, not after them, and shows it once the data are here', async () => {
    // The funnel's data are held: its picture is asked for all the same, and shown only after them.
    await s.page.goto('about:blank');
    const held: (() => Promise<void>)[] = [];
    const hold = (route: Route) => void held.push(() => route.continue());
    const pictures: string[] = [];
    const seen = (request: Request) => {
      if (new URL(request.url()).pathname === '/api/preview/funnel') pictures.push(request.url());
    };
    s.page.on('request', seen);
    const funnelData = (url: URL) => url.pathname === '/api/charts/funnel';
    await s.page.route(funnelData, hold);
    try {
      await s.page.goto(s.server.url);
      await expect.poll(() => pictures.length).toBe(1);
      expect(held).toHaveLength(1);
      const funnel = s.page.locator('section[data-panel="funnel"]');
      expect(await funnel.locator('img.preview').count()).toBe(0);
      expect(await funnel.locator('.overlay').textContent()).toBe('Загрузка…');
    } finally {
      await Promise.all(held.map((release) => release()));
      await s.page.unroute(funnelData, hold);
      s.page.off('request', seen);
    }
    await expect.poll(() => s.page.locator('[data-chart="funnel"][data-painted="true"]').count()).toBe(1);
  }, 60_000);

  it('asks for the overview\'s modules with the page itself: none waits for a module that imports it to arrive', async () => {
    await s.page.goto('about:blank');
    await s.page.goto(s.server.url);
    await expect.poll(() => card('users_share').textContent()).toBe('2,0\u202f%');
    const modules = await s.page.evaluate(() => {
      const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const firstApi = Math.min(...entries.filter((e) => new URL(e.name).pathname.startsWith('/api/')).map((e) => e.startTime));
      return entries.filter((e) => e.name.endsWith('.js') && e.startTime < firstApi).map((e) => ({ path: new URL(e.name).pathname, by: e.initiatorType }));
    });
    expect(modules.length).toBeGreaterThan(10);
    // Named by the shell (a modulepreload), not found in a module once it had arrived (an import).
    expect(modules.filter((m) => m.by === 'script')).toEqual([]);
  }, 30_000);

  it('in a fresh browser on a phone: each stylesheet fetched once (its preload used), and the pictures read whole through a full-page screenshot', async () => {
    const context = await s.browser.newContext({ viewport: { width: 390, height: 844 }, storageState: await s.page.context().storageState() });
    try {
      const page = await context.newPage();
      const failed: string[] = [];
      page.on('console', (m) => m.type() !== 'log' && failed.push(m.text()));
      // A panel whose width changes while its picture is on the way asks for the picture of the new
      // width and drops the old request (as designed): only a request nothing took over from fails.
      const previews: string[] = [];
      page.on('request', (r) => r.url().includes('/api/preview/') && previews.push(r.url()));
      const supersededPreview = (r: Request) => r.failure()?.errorText === 'net::ERR_ABORTED'
        && previews.slice(previews.indexOf(r.url()) + 1).some((later) => new URL(later).pathname === new URL(r.url()).pathname);
      page.on('requestfailed', (r) => supersededPreview(r) || failed.push(`${r.url()}: ${r.failure()?.errorText}`));
      // ECharts held back: the server's pictures stay on screen.
      await page.route('**/_app/immutable/**/*.js', async (route) => {
        const response = await route.fetch();
        const body = await response.text();
        if (!body.includes('_echarts_instance_')) await route.fulfill({ response, body });
      });
      await page.goto(s.server.url);
      await expect.poll(() => page.locator('[data-chart][data-painted="true"]').count()).toBe(CHARTS.length);
      const sheets = await page.evaluate(() => (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((e) => e.name.endsWith('.css')).map((e) => new URL(e.name).pathname));
      expect(sheets.length).toBeGreaterThan(3);
      expect(sheets.length).toBe(new Set(sheets).size);
      // A full-page screenshot lays the page out again at another size: a picture whose bytes
      // were let go at once was read again and failed (net::ERR_FILE_NOT_FOUND).
      await page.screenshot({ path: `${ARTIFACTS}/overview-phone-pictures.png`, fullPage: true });
      await expect.poll(() => page.locator('[data-chart][data-painted="true"]').count()).toBe(CHARTS.length);
      expect(failed).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('says in Russian that an address leads nowhere, with the way back to the overview', async () => {
    const before = s.errors.length;
    const response = await s.page.goto(`${s.server.url}/no-such-page`);
    expect(response?.status()).toBe(404);
    await expect.poll(() => s.page.locator('h1').textContent()).toBe('Такой страницы нет');
    // The browser's own line for a 404 document, and nothing else: not an error of the app.
    expect(s.errors.splice(before)).toEqual(['Failed to load resource: the server responded with a status of 404 (Not Found)']);
    expect(await s.page.locator('main').textContent()).toContain('Адрес /no-such-page ничему не соответствует');
    await s.page.getByRole('link', { name: 'Перейти к обзору' }).click();
    await expect.poll(() => card('users_share').textContent()).toBe('2,0\u202f%');
  }, 30_000);

  it('keeps the header on one line on a desktop: the admin\'s seven sections and the user beside the name', async () => {
    await s.page.goto(s.server.url);
    const middle = async (selector: string) => {
      const box = (await s.page.locator(selector).first().boundingBox())!;
      return box.y + box.height / 2;
    };
    const line = await middle('.brand');
    expect(Math.abs((await middle('nav[aria-label="Разделы"]')) - line)).toBeLessThan(12);
    expect(Math.abs((await middle('[data-testid="who"]')) - line)).toBeLessThan(12);
  });

  it('shows a KPI\'s passport from its card', async () => {
    await s.page.getByRole('button', { name: 'Паспорт показателя «Педагоги — авторы ресурсов»' }).click();
    const dialog = s.page.getByTestId('passport');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toMatch(/Числитель.*педагоги \(каждый один раз/);
    await s.page.screenshot({ path: `${ARTIFACTS}/passport.png` });
    await dialog.getByRole('button', { name: 'Закрыть' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
  }, 30_000);

  /** Clicks a link and returns what it downloaded. */
  async function download(link: ReturnType<Page['locator']>) {
    const [file] = await Promise.all([s.page.waitForEvent('download'), link.click()]);
    return { name: file.suggestedFilename(), body: readFileSync((await file.path())!) };
  }
  const panelLink = (chart: string, format: string) =>
    s.page.locator(`section[data-panel="${chart}"] nav.exports a`, { hasText: format });

  it('downloads every chart as PNG, SVG, CSV and XLSX with the numbers of the API', async () => {
    await s.page.goto(`${s.server.url}/?period=2022-H1`);
    await expect.poll(() => s.page.locator('[data-chart="funnel"][data-ready="true"]').count()).toBe(1);

    const png = await download(panelLink('funnel', 'PNG'));
    expect(png.name).toBe('Воронка_стажёров_2022_1пг.png');
    expect(png.body.subarray(1, 4).toString()).toBe('PNG');
    expect(png.body.readUInt32BE(16)).toBe(2400);

    const svg = await download(panelLink('funnel', 'SVG'));
    expect(svg.body.toString()).toContain('Воронка стажёров');
    expect(svg.body.toString()).toContain('Все районы · 2022, 1 п/г');

    const api = (await s.server.inject('/api/charts/funnel?period=2022-H1')).json() as { stages: { label: string; count: number }[] };
    const csv = await download(panelLink('funnel', 'CSV'));
    const lines = csv.body.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(';'));
    expect(lines.slice(1).map((l) => [l[0], Number(l[1])])).toEqual(api.stages.map((s) => [s.label, s.count]));

    const xlsx = await download(panelLink('funnel', 'XLSX'));
    // Under the chart's title, filters and source and an empty row: the header, then the stages.
    const sheet = await readSheet(xlsx.body);
    expect(sheet.slice(0, 2).map((r) => r[0])).toEqual(['Воронка стажёров', 'Все районы · 2022, 1 п/г']);
    const rows = sheet.slice(sheet.findIndex((r) => r.every((c) => c === null)) + 2);
    expect(rows.map((r) => [r[0], r[1]])).toEqual(api.stages.map((s) => [s.label, s.count]));
  }, 60_000);

  it('shows a chart\'s numbers as a table; a chart with nothing to draw offers nothing to download', async () => {
    await s.page.goto(`${s.server.url}/?period=2022-H1`);
    await expect.poll(() => s.page.locator('[data-chart="funnel"][data-ready="true"]').count()).toBe(1);
    const panel = s.page.locator('section[data-panel="funnel"]');
    const toggle = panel.getByRole('button', { name: 'Таблица' });
    await toggle.click();
    const api = (await s.server.inject('/api/charts/funnel?period=2022-H1')).json() as { stages: { label: string; count: number }[] };
    await expect.poll(() => panel.locator('[data-testid="chart-table"] tbody td:first-child').allTextContents()).toEqual(api.stages.map((st) => st.label));
    // Shares to one place, a whole one too («100,0», as the cards write percents).
    expect(await panel.locator('[data-testid="chart-table"] tbody td:nth-child(3)').allTextContents())
      .toEqual(api.stages.map((st) => formatAverage((100 * st.count) / api.stages[0].count)));
    expect(await panel.locator('[data-testid="chart-table"] tbody td:nth-child(3)').first().textContent()).toBe('100,0');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await toggle.click();
    expect(await panel.locator('[data-testid="chart-table"]').count()).toBe(0);

    // No trainees in the region's first half-year: the links have no address, out of the tab order.
    await s.page.goto(`${s.server.url}/?period=2020-H2`);
    await expect.poll(() => panel.locator('.overlay').count()).toBe(1);
    expect(await panel.locator('nav.exports a').evaluateAll((links) => links.map((a) => a.hasAttribute('href')))).toEqual([false, false, false, false]);
    expect(await toggle.isDisabled()).toBe(true);
  }, 30_000);

  it('downloads a presentation of the chosen charts', async () => {
    await s.page.goto(`${s.server.url}/?period=2022-H1`);
    await s.page.locator('summary', { hasText: 'Презентация (PPTX)' }).click();
    await s.page.getByLabel('все на странице').uncheck();
    await s.page.getByLabel('Воронка стажёров', { exact: true }).check();
    await s.page.getByLabel('Мероприятия по формам и способу проведения', { exact: true }).check();
    const pptx = await download(s.page.getByTestId('pptx'));
    expect(pptx.name).toBe('Площадки_2022_1пг.pptx');
    // Title, the period in words, 2 KPI summary slides, the districts' scorecard, 4 passport slides (15 KPIs), the 2 charts.
    expect(new Set(pptx.body.toString('latin1').match(/ppt\/slides\/slide\d+\.xml/g)).size).toBe(1 + 1 + 2 + 1 + 4 + 2);
    expect(pptx.body.toString('latin1')).toMatch(/ppt\/charts\/chart\d+\.xml/);

    // Without the passports and the scorecard, the charts as pictures.
    await s.page.getByLabel('паспорта показателей').uncheck();
    await s.page.getByLabel('сводка по районам').uncheck();
    await s.page.getByLabel(/картинки/).check();
    const pictures = await download(s.page.getByTestId('pptx'));
    expect(new Set(pictures.body.toString('latin1').match(/ppt\/slides\/slide\d+\.xml/g)).size).toBe(1 + 1 + 2 + 2);
    expect(pictures.body.toString('latin1')).not.toMatch(/ppt\/charts\/chart\d+\.xml/);
  }, 60_000);

  it('opens a print report with the same filters', async () => {
    await s.page.goto(`${s.server.url}/?period=2022-H1`);
    await s.page.getByTestId('report-link').click();
    await expect.poll(() => s.page.url()).toContain('/report?period=2022-H1');
    await expect.poll(() => s.page.locator('[data-testid="report-kpis"] tbody tr').count()).toBe(KPI_CODES.length);
    await expect.poll(() => s.page.locator('figure[data-report-chart] img').count(), { timeout: 15_000 }).toBe(CHARTS.length);
    await expect.poll(() => s.page.locator('figure[data-report-chart] img').evaluateAll((imgs, width) => imgs.every((i) => (i as HTMLImageElement).naturalWidth === width), PRINT_SIZE.width)).toBe(true);
    await s.page.screenshot({ path: `${ARTIFACTS}/report.png`, fullPage: true });
    // On paper: one chart a row (the print-size pictures: text of 8 pt or more), the summary not split, periods not broken.
    await s.page.emulateMedia({ media: 'print' });
    try {
      const printed = await s.page.evaluate(() => {
        const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
        return {
          columns: style('.figures').gridTemplateColumns.split(' ').length,
          summary: style('.keep-together').breakInside,
          period: style('[data-testid="report-kpis"] td:last-child').whiteSpace,
        };
      });
      expect(printed).toEqual({ columns: 1, summary: 'avoid', period: 'nowrap' });
    } finally {
      await s.page.emulateMedia({ media: 'screen' });
    }
  }, 60_000);

  /**
   * The page position of each bar on a chart's canvas, top to bottom: rows of pixels of the bars'
   * colours, run together into bars.
   */
  /** How many pixels of a chart's canvas are exactly the colour `hex`. */
  async function pixelsOf(chartId: string, hex: string): Promise<number> {
    return s.page.locator(`[data-chart="${chartId}"] canvas`).first().evaluate((canvas: HTMLCanvasElement, wanted) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(wanted.slice(i, i + 2), 16));
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] === r && data[i + 1] === g && data[i + 2] === b && data[i + 3] === 255) n += 1;
      return n;
    }, hex);
  }

  async function barsOf(chartId: string, colors: string[]): Promise<{ x: number; y: number }[]> {
    const chart = s.page.locator(`[data-chart="${chartId}"]`);
    // In the viewport: the positions are the mouse's; the mouse off the chart, which would
    // lighten the bar under it.
    await chart.scrollIntoViewIfNeeded();
    await s.page.mouse.move(0, 0);
    const box = (await chart.boundingBox())!;
    const bars = await chart.locator('canvas').first().evaluate((canvas: HTMLCanvasElement, hexes) => {
      const wanted = new Set(hexes.map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(',')));
      const { width, height, data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      const scale = canvas.width / canvas.getBoundingClientRect().width;
      const found: { top: number; bottom: number; left: number; right: number }[] = [];
      for (let y = 0; y < height; y++) {
        let left = -1;
        let right = -1;
        for (let x = 0; x < width; x++) {
          const i = (y * width + x) * 4;
          if (data[i + 3] === 255 && wanted.has(`${data[i]},${data[i + 1]},${data[i + 2]}`)) {
            if (left < 0) left = x;
            right = x;
          }
        }
        if (left < 0) continue;
        const last = found.at(-1);
        if (last && last.bottom === y - 1) last.bottom = y;
        else found.push({ top: y, bottom: y, left, right });
      }
      // Taller than the legend's colour swatches (14 px): the small region's bars are far taller.
      return found.filter((bar) => bar.bottom - bar.top + 1 > 14 * scale)
        .map((bar) => ({ x: (bar.left + bar.right) / 2 / scale, y: (bar.top + bar.bottom) / 2 / scale }));
    }, colors);
    return bars.map((bar) => ({ x: box.x + bar.x, y: box.y + bar.y }));
  }

  it('drills down: a district\'s bar opens the overview of that district, and Back returns', async () => {
    const period = '2022-H2';
    await s.page.goto(`${s.server.url}/?period=${period}&kpi=competition_share`);
    await expect.poll(() => card('competition_share').textContent()).toBe('80,0\u202f%');
    await expect.poll(() => s.page.locator('[data-chart="kpi-by-district"][data-ready="true"]').count()).toBe(1);
    // A bar a district, green, red, or grey where too few organizations are behind it, the highest on top (the API's first row).
    const byDistrict = (await s.server.inject(`/api/kpis/by-district?kpi=competition_share&period=${period}`)).json() as { rows: { district: string }[] };
    // Drawn on the next animation frames after the data arrives.
    const colors = [COLORS.met, COLORS.missed, COLORS.neutral];
    await expect.poll(async () => (await barsOf('kpi-by-district', colors)).length).toBe(byDistrict.rows.length);
    const bars = await barsOf('kpi-by-district', colors);
    const first = byDistrict.rows[0].district;
    await s.page.mouse.click(bars[0].x, bars[0].y);
    await expect.poll(() => new URL(s.page.url()).searchParams.get('district')).toBe(first);
    expect(new URL(s.page.url()).searchParams.get('kpi')).toBe('competition_share');
    const district = (await s.server.inject(`/api/kpis?period=${period}&district=${first}`)).json() as KpisResponse;
    const expected = district.cards.find((c) => c.code === 'competition_share')!;
    await expect.poll(() => card('competition_share').textContent()).toBe(formatValue(expected.value, expected.unit));
    expect(await s.page.inputValue('select[name="district"]')).toBe(first);
    await s.page.goBack();
    await expect.poll(() => new URL(s.page.url()).searchParams.get('district')).toBeNull();
    await expect.poll(() => card('competition_share').textContent()).toBe('80,0\u202f%');
  }, 45_000);

  it('compares the cards with a chosen period: both values, the change, and the summary names it', async () => {
    await s.page.goto(`${s.server.url}/?period=2023-H1`);
    const delta = () => s.page.locator('[data-kpi="competition_share"] .delta').textContent();
    await expect.poll(delta).toMatch(/ к 2022, 2 п\/г \(/);
    await s.page.selectOption('select[name="compare"]', 'year_ago');
    await expect.poll(() => new URL(s.page.url()).searchParams.get('compare')).toBe('year_ago');
    const api = (await s.server.inject('/api/kpis?period=2023-H1&compare=year_ago')).json() as KpisResponse;
    const card = api.cards.find((c) => c.code === 'competition_share')!;
    expect(card.previous!.period.code).toBe('2022-H1');
    await expect.poll(delta).toBe(`${formatDelta(card.delta, card.unit)} к 2022, 1 п/г (${formatValue(card.previous!.value, card.unit)})`);
    await expect.poll(() => s.page.getByTestId('outlook-summary').textContent()).toContain('Изменения — по сравнению с 2022, 1 п/г.');
    // Any period of the data; a link naming one the data lack says so once.
    await s.page.selectOption('select[name="compare"]', '2021-H2');
    await expect.poll(delta).toContain(' к 2021, 2 п/г');
    // Another period chosen: a named comparison period may not fit it, so the comparison is the default again.
    await s.page.selectOption('select[name="period"]', '2021-H2');
    await expect.poll(() => new URL(s.page.url()).searchParams.get('period')).toBe('2021-H2');
    expect(new URL(s.page.url()).searchParams.get('compare')).toBeNull();
    await expect.poll(delta).toMatch(/ к 2021, 1 п\/г \(/);
    await s.page.goto(`${s.server.url}/?period=2023-H1&compare=1999-H1`);
    await expect.poll(() => s.page.getByTestId('unknown-filters').textContent()).toContain('период сравнения «1999-H1»');
    // A period not over before the chosen one begins is no comparison either.
    await s.page.goto(`${s.server.url}/?period=2022-H1&compare=2022-H2`);
    await expect.poll(() => s.page.getByTestId('unknown-filters').textContent())
      .toContain('сравнение с периодом «2022, 2 п/г» (сравнивать можно только с более ранним периодом того же вида)');
    // «previous» in a link is the first choice, not an empty box.
    await s.page.goto(`${s.server.url}/?period=2023-H1&compare=previous`);
    await expect.poll(() => delta()).toMatch(/ к 2022, 2 п\/г \(/);
    expect(await s.page.locator('select[name="compare"]').evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent)).toBe('предыдущим полугодием');
  }, 45_000);

  it('keeps filters in the URL and recomputes the numbers', async () => {
    await s.page.goto(s.server.url);
    await s.page.selectOption('select[name="district"]', 'south');
    await expect.poll(() => s.page.url()).toContain('district=south');
    await expect.poll(() => card('competition_share').textContent()).toBe('100,0\u202f%');
    await s.page.selectOption('select[name="period"]', '2022-H1');
    await expect.poll(() => s.page.url()).toContain('period=2022-H1');
    await expect.poll(() => card('competition_share').textContent()).toBe('50,0\u202f%');
    // The URL alone restores the view.
    await s.page.goto(`${s.server.url}/?period=2022-H1&district=south`);
    await expect.poll(() => card('competition_share').textContent()).toBe('50,0\u202f%');
    expect(await s.page.inputValue('select[name="district"]')).toBe('south');
  }, 30_000);

  it('shows no number of the previous filters while the new ones load: cards, charts and summary wait for their own answers', async () => {
    await s.page.goto(s.server.url);
    await expect.poll(() => card('competition_share').textContent()).toBe('80,0\u202f%');
    await expect.poll(() => s.page.locator('[data-chart][data-ready="true"]').count(), { timeout: 15_000 }).toBe(CHARTS.length);
    // Every answer for the new filters is held back until the page has been looked at.
    // The charts about the whole region (by district, the map, the plan) ask the same whatever the district.
    const scope = { period: null, district: null, orgType: null, direction: null, kpi: 'authors_share' as const };
    const WHOLE_REGION = CHARTS.filter((c) => c.url({ ...scope, district: 'south' }) === c.url(scope)).map((c) => c.id as string);
    expect(WHOLE_REGION).toEqual(['kpi-by-district', 'kpi-map', 'plan']);
    const held: Route[] = [];
    const hold = (route: Route) => void held.push(route);
    await s.page.route(/\/api\/(kpis|charts)/, hold);
    try {
      await s.page.selectOption('select[name="district"]', 'south');
      await expect.poll(() => s.page.getByTestId('caption').textContent()).toMatch(/^Южный район/);
      // The cards, the summary and every chart have asked.
      await expect.poll(() => held.length).toBe(2 + CHARTS.length - WHOLE_REGION.length);
      expect(await s.page.locator('[data-kpi] .value').allTextContents()).toEqual(KPI_CODES.map(() => '…'));
      expect(await s.page.locator('[data-kpi] .card.met, [data-kpi] .card.missed').count()).toBe(0);
      expect(await s.page.getByTestId('outlook-summary').count()).toBe(0);
      // Each chart of the district waits; those about the whole region stay as they were.
      const panels = await s.page.locator('section[data-panel]').evaluateAll((sections) => sections.map((section) => ({
        id: section.getAttribute('data-panel')!,
        ready: section.querySelector('[data-chart]')!.getAttribute('data-ready') === 'true',
        overlay: section.querySelector('.overlay')?.textContent ?? null,
      })));
      expect(panels).toEqual(CHARTS.map(({ id }) => (WHOLE_REGION.includes(id)
        ? { id, ready: true, overlay: null }
        : { id, ready: false, overlay: 'Загрузка…' })));
    } finally {
      await Promise.all(held.map((route) => route.continue()));
      await s.page.unroute(/\/api\/(kpis|charts)/, hold);
    }
    // Then every card shows the API's number for the new filters.
    const south = (await s.server.inject('/api/kpis?district=south')).json() as KpisResponse;
    await expect.poll(() => s.page.locator('[data-kpi] .value').allTextContents()).toEqual(south.cards.map((c) => formatValue(c.value, c.unit)));
    await expect.poll(() => s.page.locator('section[data-panel][aria-busy="true"]').count()).toBe(0);
  }, 30_000);

  /** Resource uses uploaded through the API (another tab, another user) while the page stays open; the upload, applied. */
  async function usesUploadedElsewhere(rows: string[]) {
    const sent = await s.server.inject({
      method: 'POST', url: '/api/uploads?dataset=resource_uses', headers: { 'content-type': 'text/csv' },
      payload: `Код ресурса;ID педагога;Код ОО педагога;Дата использования\n${rows.join('\n')}\n`,
    });
    const upload = await waitForUpload(s.server, (sent.json() as { id: number }).id);
    expect(upload.status, upload.message ?? '').toBe('applied');
    return upload;
  }

  it('after an upload or a rollback, a chart the filters do not change is fetched again once the page sees newer data (any answer, or a look when the tab is back in view)', async () => {
    const byDistrict = s.page.locator('section[data-panel="kpi-by-district"]');
    const table = () => byDistrict.locator('[data-testid="chart-table"] tbody').textContent();
    const open = async (url: string) => {
      await s.page.goto(url);
      await expect.poll(() => s.page.locator('[data-chart="kpi-by-district"][data-ready="true"]').count()).toBe(1);
      await byDistrict.getByRole('button', { name: 'Таблица' }).click();
      await expect.poll(table).not.toBe('');
    };
    const url = `${s.server.url}/?period=2023-H1&kpi=users_share`;
    await open(url);
    const before = await table();
    // A teacher of the south's S1 uses R1 in March 2023, uploaded elsewhere while the page stays open.
    const upload = await usesUploadedElsewhere(['R1;S1-7;S1;10.03.2023']);
    try {
      // What a fresh page shows now (another tab), for comparing.
      const fresh = await s.browser.newPage();
      await fresh.context().addCookies(await s.page.context().cookies());
      await fresh.goto(url);
      const freshPanel = fresh.locator('section[data-panel="kpi-by-district"]');
      await expect.poll(() => fresh.locator('[data-chart="kpi-by-district"][data-ready="true"]').count()).toBe(1);
      await freshPanel.getByRole('button', { name: 'Таблица' }).click();
      await expect.poll(() => freshPanel.locator('[data-testid="chart-table"] tbody').textContent()).not.toBe(before);
      const after = await freshPanel.locator('[data-testid="chart-table"] tbody').textContent();
      await fresh.close();
      // The open page: only the district changes, which the chart of all districts does not ask
      // by; the cards' answer for it carries the newer data, and the chart asks again.
      await s.page.selectOption('select[name="district"]', 'north');
      await expect.poll(table).toBe(after);
    } finally {
      expect((await s.server.inject({ method: 'POST', url: `/api/uploads/${upload.id}/rollback` })).statusCode).toBe(200);
    }
    // Rolled back elsewhere; back at the tab, one look at the data's version brings the chart back.
    await s.page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await expect.poll(table).toBe(before);
  }, 60_000);

  it('a file downloaded after an upload made elsewhere: the open page shows the figures the file holds', async () => {
    await s.page.goto(`${s.server.url}/?period=2023-H1&kpi=users_share`);
    const before = (await s.server.inject('/api/kpis?period=2023-H1')).json() as KpisResponse;
    const shown = (cards: KpisResponse) => formatValue(cards.cards.find((c) => c.code === 'users_share')!.value, 'percent');
    await expect.poll(() => card('users_share').textContent()).toBe(shown(before));
    await expect.poll(() => s.page.locator('[data-chart="kpi-trend"][data-ready="true"]').count()).toBe(1);
    // Two teachers of the south use R1 in March 2023, uploaded in another tab while this one stays in view.
    const upload = await usesUploadedElsewhere(['R1;S1-8;S1;10.03.2023', 'R1;S2-8;S2;11.03.2023']);
    try {
      const after = (await s.server.inject('/api/kpis?period=2023-H1')).json() as KpisResponse;
      expect(shown(after)).not.toBe(shown(before));
      // No focus, no reload: the page's card is still the old one until a file is downloaded.
      expect(await card('users_share').textContent()).toBe(shown(before));
      const download = s.page.waitForEvent('download');
      await s.page.locator('section[data-panel="kpi-trend"]').getByRole('link', { name: 'CSV' }).click();
      await download;
      await expect.poll(() => card('users_share').textContent()).toBe(shown(after));
    } finally {
      expect((await s.server.inject({ method: 'POST', url: `/api/uploads/${upload.id}/rollback` })).statusCode).toBe(200);
    }
  }, 60_000);

  it('names the period in every link, and says once what an old link asks for that the data lacks', async () => {
    const { defaultPeriod } = (await s.server.inject('/api/filters')).json() as { defaultPeriod: string };
    await s.page.goto(s.server.url);
    // The link of the first view names its half-year, in place of the one without (no extra Back step).
    await expect.poll(() => new URL(s.page.url()).search).toBe(`?period=${defaultPeriod}`);
    await expect.poll(() => card('competition_share').textContent()).toBe('80,0\u202f%');

    await s.page.goto(`${s.server.url}/?period=2099-H1&district=nowhere&kpi=users_share`);
    const banner = s.page.getByTestId('unknown-filters');
    await expect.poll(() => banner.textContent()).toMatch(/нет в данных региона: период «2099-H1», район «nowhere»\./);
    expect(await s.page.getByRole('alert').count()).toBe(1);
    expect(await s.page.locator('[data-kpi], section[data-panel]').count()).toBe(0);
    await banner.getByRole('button', { name: 'Сбросить фильтры' }).click();
    await expect.poll(() => new URL(s.page.url()).search).toBe(`?period=${defaultPeriod}&kpi=users_share`);
    await expect.poll(() => card('competition_share').textContent()).toBe('80,0\u202f%');
  }, 30_000);

  it('selects the KPI of the trend and district charts from the cards', async () => {
    await s.page.goto(s.server.url);
    await s.page.locator('[data-kpi="users_share"]').click();
    await expect.poll(() => s.page.url()).toContain('kpi=users_share');
    await expect.poll(() => s.page.getByRole('heading', { name: /пользователи ресурсов: динамика/ }).count()).toBe(1);
  }, 30_000);

  it('sites: sorted by a column header, an ended status marked «истёк», the list downloadable', async () => {
    await s.page.goto(`${s.server.url}/sites`);
    const names = () => s.page.locator('[data-testid="sites-table"] tbody tr td:first-child a').allTextContents();
    const api = (await s.server.inject('/api/sites')).json() as SitesResponse;
    await expect.poll(names).toEqual(api.rows.map((r) => r.name));
    await expect.poll(() => s.page.getByTestId('sites-count').textContent()).toMatch(/3 площадки: статус действует у 2, истёк у 1/);
    expect(await s.page.locator('tbody tr', { has: s.page.locator('.badge', { hasText: 'истёк' }) }).locator('td:first-child a').textContent())
      .toBe(api.rows.find((r) => r.expired)!.name);

    const trainees = s.page.getByRole('button', { name: 'Стажёры' });
    await trainees.click();
    expect(await names()).toEqual([...api.rows].sort((a, b) => b.trainees - a.trainees).map((r) => r.name));
    expect(await s.page.locator('th[aria-sort="descending"]').textContent()).toContain('Стажёры');
    await trainees.click();
    expect(await names()).toEqual([...api.rows].sort((a, b) => a.trainees - b.trainees).map((r) => r.name));

    const xlsx = await download(s.page.locator('nav.exports a', { hasText: 'XLSX' }));
    expect(xlsx.name).toBe('Площадки.xlsx');
    const { heading, headers: header, rows } = await headedSheet(xlsx.body);
    expect(heading[0]).toBe('Стажировочные площадки');
    expect([header[0], header[8]]).toEqual(['Площадка', 'Статус']);
    expect(rows.map((r) => [r[1], r[8]])).toEqual(api.rows.map((r) => [r.code, r.expired ? 'истёк' : 'действует']));
  }, 30_000);

  it('«Районы»: every KPI of every district coloured against its target as the API says, sorted by a column, a district opening its overview', async () => {
    await s.page.goto(`${s.server.url}/scorecard?period=2023-H1&district=south`);
    const api = (await s.server.inject('/api/scorecard?period=2023-H1')).json() as ScorecardResponse;
    const table = s.page.getByTestId('scorecard');
    const districts = () => table.locator('tbody th a').allTextContents();
    await expect.poll(districts).toEqual(api.rows.map((r) => r.name));
    const authors = api.kpis.findIndex((k) => k.code === 'authors_share');
    for (const row of [...api.rows.map((r) => ({ district: r.district, cells: r.cells })), { district: '', cells: api.total }]) {
      const cell = table.locator(`tr[data-district="${row.district}"] td[data-kpi="authors_share"]`);
      expect(await cell.getAttribute('class'), row.district).toContain(`band-${row.cells[authors].band}`);
      // The value, its change since the half-year before, and the colour in words for a screen reader.
      const { value, previous, band } = row.cells[authors];
      expect((await cell.textContent())!.replace(/[ \n]+/g, ' ').trim()).toBe(`${formatValue(value, 'percent')} ${formatDelta(value! - previous!, 'percent')} , ${BAND_LABELS[band]}`);
    }
    expect(await table.locator('tr[aria-current="true"] th').textContent()).toBe('Южный район');
    expect(await table.locator('tr[data-district="north"] td[data-kpi="competition_share"]').textContent()).toMatch(/мало данных/);

    // Best first, then the other way.
    await table.getByRole('button', { name: 'Педагоги — авторы ресурсов' }).click();
    await expect.poll(districts).toEqual(['Южный район', 'Северный район']);
    expect(await table.locator('th[aria-sort="descending"]').textContent()).toContain('Педагоги — авторы ресурсов');
    await table.getByRole('button', { name: 'Педагоги — авторы ресурсов' }).click();
    await expect.poll(districts).toEqual(['Северный район', 'Южный район']);

    await table.getByRole('link', { name: 'Северный район' }).click();
    await s.page.waitForURL(/\/\?/);
    expect(Object.fromEntries(new URL(s.page.url()).searchParams)).toEqual({ period: '2023-H1', district: 'north' });
    // A cell's value opens its district's overview with its KPI chosen.
    await s.page.goBack();
    await table.locator('tr[data-district="south"] td[data-kpi="users_share"] a').click();
    await s.page.waitForURL(/\/\?/);
    expect(Object.fromEntries(new URL(s.page.url()).searchParams)).toEqual({ period: '2023-H1', district: 'south', kpi: 'users_share' });
    const cellOfSouth = api.rows.find((r) => r.district === 'south')!.cells[api.kpis.findIndex((k) => k.code === 'users_share')];
    await expect.poll(() => card('users_share').textContent()).toBe(formatValue(cellOfSouth.value, 'percent'));
  }, 30_000);

  it('«Полнота данных» from «Сроки»: the districts\' datasets for the period as the API says', async () => {
    await s.page.goto(`${s.server.url}/deadlines?period=2023-H1&district=north`);
    await s.page.getByRole('link', { name: /Полнота данных/ }).click();
    await s.page.waitForURL(/\/completeness\?period=2023-H1$/);
    const api = (await s.server.inject('/api/completeness?period=2023-H1')).json() as CompletenessResponse;
    const table = s.page.getByTestId('completeness');
    await expect.poll(() => table.locator('tbody th').allTextContents()).toEqual(api.rows.map((r) => r.name));
    for (const row of api.rows) {
      for (const cell of row.cells) {
        expect(await table.locator(`tr[data-district="${row.district}"] td[data-dataset="${cell.dataset}"] strong`).textContent(), `${row.district} ${cell.dataset}`)
          .toBe(COMPLETENESS_LABELS[cell.status]);
      }
    }
    expect(await s.page.getByTestId('completeness-summary').textContent()).toMatch(/Не всё прислал 1 район/);
    expect(await table.locator('thead th').nth(2).textContent()).toBe('Мероприятиясрок — 15.07.2023');

    // The admin expects no events from the districts: the column says so, and the north owes only its participations.
    const form = s.page.getByTestId('expectations');
    await form.locator('summary').click();
    await form.getByLabel('Ожидаются: Мероприятия').uncheck();
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Сохранено: состояние данных районов пересчитано.');
    await expect.poll(() => table.locator('thead th').nth(2).textContent()).toBe('Мероприятияне ожидаются');
    expect(await table.locator('tr[data-district="north"] td[data-dataset="events"] strong').textContent()).toBe('не ожидаются');
    await s.page.screenshot({ path: `${ARTIFACTS}/completeness-expectations.png`, fullPage: true });
    // Back as it was, for the tests after this one.
    await form.getByLabel('Ожидаются: Мероприятия').check();
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await expect.poll(() => table.locator('thead th').nth(2).textContent()).toBe('Мероприятиясрок — 15.07.2023');
  }, 30_000);

  it('«Кто за этой цифрой»: a card\'s organizations as the API lists them, sorted, searched, each opening what the data hold about it', async () => {
    const period = '2023-H1';
    await s.page.goto(`${s.server.url}/?period=${period}&district=north`);
    await expect.poll(() => card('authors_share').textContent()).toBe('2,0\u202f%');
    await s.page.getByRole('link', { name: 'Кто за этой цифрой: «Педагоги — авторы ресурсов»' }).click();
    await expect.poll(() => new URL(s.page.url()).pathname).toBe('/organizations');
    expect(Object.fromEntries(new URL(s.page.url()).searchParams)).toEqual({ period, district: 'north' });
    const api = (await s.server.inject(`/api/kpis/organizations?kpi=authors_share&period=${period}&district=north`)).json() as KpiOrganizationsResponse;
    const rows = s.page.locator('[data-testid="organizations-list"] tbody tr');
    await expect.poll(() => rows.count()).toBe(api.rows.length);
    // Sorted by the share, largest first: N1's 2 authors of 50 teachers lead.
    const cells = async (row: number) => (await rows.nth(row).locator('th a, td').allTextContents()).map((c) => c.trim());
    expect(await cells(0)).toEqual(['Организация N1', 'Северный район', 'Школа', '2', '50', '4,0\u202f%']);
    expect(await s.page.locator('[data-testid="organizations-list"] tfoot td').allTextContents()).toEqual(['', '', '2', '100', '2,0\u202f%']);
    // By headcount, largest first (N1's 50), then smallest first (N2's 10).
    await s.page.getByRole('button', { name: 'Педагогов' }).click();
    await expect.poll(async () => (await s.page.locator('th[aria-sort="descending"]').textContent())?.trim()).toBe('Педагогов');
    expect((await cells(0))[0]).toBe('Организация N1');
    await s.page.getByRole('button', { name: 'Педагогов' }).click();
    await expect.poll(async () => (await cells(0))[0]).toBe('Организация N2');
    await s.page.fill('input[type="search"]', 'n2');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await s.page.getByRole('status').textContent()).toBe('Организаций: 1 из 3');
    // Another KPI from the list's own choice: the yes-or-no of the competition.
    await s.page.fill('input[type="search"]', '');
    await s.page.selectOption('label.kpi select', 'competition_share');
    await expect.poll(() => new URL(s.page.url()).searchParams.get('kpi')).toBe('competition_share');
    await expect.poll(async () => (await s.page.locator('[data-testid="organizations-list"] thead th').allTextContents()).map((c) => c.trim()))
      .toEqual(['Организация', 'Район', 'Тип', 'Подавала заявку', 'Годы конкурса']);
    await s.page.screenshot({ path: `${ARTIFACTS}/organizations.png`, fullPage: true });
    await s.page.getByRole('link', { name: 'Организация N2' }).click();
    await expect.poll(() => s.page.getByRole('heading', { level: 1 }).textContent()).toBe('Организация N2');
    const n2 = (await s.server.inject('/api/organizations/N2')).json() as OrganizationCardResponse;
    expect(await s.page.locator('[data-testid="activity"] tbody tr').count()).toBe(n2.activity.length);
    await s.page.getByRole('link', { name: '← Назад' }).click();
    await expect.poll(() => new URL(s.page.url()).searchParams.get('kpi')).toBe('competition_share');
  }, 45_000);

  it('the district map: the admin uploads the boundaries, the overview colours the KPI on them, a click on a district opens it', async () => {
    const square = (x: number, y: number) => [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]];
    const file = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { NAME: 'Северный муниципальный район' }, geometry: { type: 'Polygon', coordinates: square(40, 57) } },
        { type: 'Feature', properties: { code: 'south' }, geometry: { type: 'Polygon', coordinates: square(40, 55.9) } },
        { type: 'Feature', properties: { NAME: 'Соседняя область' }, geometry: { type: 'Polygon', coordinates: square(42, 56) } },
      ],
    });
    await s.page.goto(`${s.server.url}/admin`);
    await expect.poll(() => s.page.getByTestId('map-source').textContent()).toContain('плитками');
    await s.page.setInputFiles('input[name="map-file"]', { name: 'Границы МО.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(file) });
    await s.page.getByRole('button', { name: 'Загрузить границы' }).click();
    await expect.poll(() => s.page.getByTestId('map-report').textContent()).toContain('Соседняя область');
    await expect.poll(() => s.page.getByTestId('map-source').textContent()).toContain('«Границы МО.geojson»');
    try {
      // Authors 2023-H1 against 3 %: the north 2,0 % (below 80 % of the target), the south 4,0 % (met).
      await s.page.goto(`${s.server.url}/?period=2023-H1`);
      await expect.poll(() => s.page.locator('[data-chart="kpi-map"][data-ready="true"]').count()).toBe(1);
      await expect.poll(async () => (await barsOf('kpi-map', [MAP_BAND_COLORS.far])).length).toBe(1);
      expect(await barsOf('kpi-map', [MAP_BAND_COLORS.met])).toHaveLength(1);
      await s.page.locator('[data-panel="kpi-map"]').screenshot({ path: `${ARTIFACTS}/map.png` });
      // No district chosen: none outlined.
      expect(await pixelsOf('kpi-map', CHOSEN)).toBe(0);
      const [north] = await barsOf('kpi-map', [MAP_BAND_COLORS.far]);
      await s.page.mouse.click(north.x, north.y);
      await expect.poll(() => new URL(s.page.url()).searchParams.get('district')).toBe('north');
      await expect.poll(() => card('authors_share').textContent()).toBe('2,0\u202f%');
      // A district chosen in the link: outlined on the map of every district.
      await s.page.goto(`${s.server.url}/?period=2023-H1&district=south`);
      await expect.poll(() => s.page.locator('[data-chart="kpi-map"][data-ready="true"]').count()).toBe(1);
      await expect.poll(() => pixelsOf('kpi-map', CHOSEN)).toBeGreaterThan(100);
    } finally {
      await s.server.inject({ method: 'DELETE', url: '/api/admin/map' });
    }
  }, 45_000);

  it('searches sites and opens a site card', async () => {
    await s.page.goto(`${s.server.url}/sites`);
    await expect.poll(() => s.page.locator('[data-testid="sites-table"] tbody tr').count()).toBe(3);
    await s.page.fill('input[type="search"]', 'истёк');
    await expect.poll(() => s.page.locator('[data-testid="sites-table"] tbody tr').count()).toBe(1);
    await expect.poll(() => s.page.url()).toContain('q=');
    await s.page.fill('input[type="search"]', 'ничего такого');
    await expect.poll(() => s.page.locator('[data-testid="sites-empty"]').count()).toBe(1);
    await s.page.fill('input[type="search"]', '');
    await s.page.getByRole('link', { name: 'Площадка один' }).click();
    await expect.poll(() => s.page.getByRole('heading', { level: 1 }).textContent()).toBe('Площадка один');
    expect(await s.page.getByText('С опозданием, 5 дней').count()).toBe(1);
    await s.page.screenshot({ path: `${ARTIFACTS}/site-card.png`, fullPage: true });
  }, 30_000);

  it('«Сроки»: the calendar, overdue sites, and the admin moving the report deadline', async () => {
    await s.page.goto(`${s.server.url}/deadlines?period=2022-23`);
    const overdue = s.page.getByTestId('overdue');
    // SP2 never reported (south), SP1 reported on 20 May, 5 days after 15 May.
    await expect.poll(() => overdue.locator('tbody tr').count()).toBe(2);
    expect(await overdue.locator('tbody tr').nth(1).textContent()).toMatch(/Площадка один.*20\.05\.2023\s*5$/);
    const report = s.page.locator('[data-testid="calendar"] tr[data-kind="site_report"]');
    expect(await report.textContent()).toContain('15.05.2023 (по умолчанию)');

    await report.getByRole('button', { name: 'Изменить' }).click();
    await report.getByLabel('Дата: Срок годовых отчётов площадок').fill('2023-05-20');
    await report.getByRole('button', { name: 'Сохранить' }).click();
    await expect.poll(() => s.page.getByRole('status').textContent()).toBe('Сохранено: 20.05.2023.');
    await expect.poll(() => overdue.locator('tbody tr').count()).toBe(1);
    expect(await report.textContent()).not.toContain('по умолчанию');
    await s.page.screenshot({ path: `${ARTIFACTS}/deadlines.png`, fullPage: true });

    // Keyboard: Enter in the date field saves; the reset goes back to 15 May.
    await report.getByRole('button', { name: 'Изменить' }).click();
    await report.getByLabel('Дата: Срок годовых отчётов площадок').fill('2023-05-18');
    await report.getByLabel('Дата: Срок годовых отчётов площадок').press('Enter');
    await expect.poll(() => s.page.getByRole('status').textContent()).toBe('Сохранено: 18.05.2023.');
    await report.getByRole('button', { name: 'Изменить' }).click();
    await report.getByRole('button', { name: 'Вернуть 15 мая' }).click();
    await expect.poll(() => report.textContent()).toContain('(по умолчанию)');
    await expect.poll(() => overdue.locator('tbody tr').count()).toBe(2);
  }, 30_000);

  it('the admin approves a period\'s results: the overview shows the approved figure with today\'s beside it, until the approval is withdrawn', async () => {
    // Approved from a tab that has not shown the figures since the data last changed: asked to look first.
    await s.page.goto(`${s.server.url}/admin`);
    const panel = s.page.locator('section[aria-labelledby="publications-title"]');
    await panel.getByLabel('Период').selectOption('2022-H1');
    await panel.getByRole('button', { name: 'Утвердить итоги' }).click();
    await expect.poll(() => s.page.getByRole('alert').first().textContent()).toMatch(/^Данные изменились после того, как вы смотрели показатели/);
    // The districts' table looked at, then the admin page by its link: approved.
    await s.page.goto(`${s.server.url}/scorecard?period=2022-H1`);
    await expect.poll(() => s.page.getByTestId('scorecard').locator('tbody tr').count()).toBeGreaterThan(0);
    await s.page.getByRole('link', { name: 'Администрирование' }).click();
    await panel.getByLabel('Период').selectOption('2022-H1');
    await panel.getByLabel('Приказ (необязательно)').fill('приказ № 12 от 10.07.2022');
    await panel.getByRole('button', { name: 'Утвердить итоги' }).click();
    await expect.poll(() => s.page.getByRole('status').textContent()).toBe('Итоги за 2022, 1 п/г утверждены.');
    const row = panel.getByTestId('publications').locator('tbody tr').first();
    await expect.poll(() => row.textContent()).toMatch(/2022, 1 п\/г.*Тест admin.*приказ № 12 от 10\.07\.2022.*в силе/);
    try {
      // A third event of SP1 in April 2022, confirmed by the admin: today's data give 3 events on the one site.
      const sent = await s.server.inject({
        method: 'POST', url: '/api/uploads?dataset=events&changeApproved=true', headers: { 'content-type': 'text/csv' },
        payload: 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\nE9;SP1;Семинар;01.04.2022;Семинар;Очно;10\n',
      });
      const upload = await waitForUpload(s.server, (sent.json() as { id: number }).id);
      expect(upload.status, upload.message ?? '').toBe('applied');

      await s.page.goto(`${s.server.url}/?period=2022-H1`);
      await expect.poll(() => s.page.getByTestId('published').textContent()).toMatch(/Показаны утверждённые итоги\..*Тест admin; приказ № 12 от 10\.07\.2022/);
      await expect.poll(() => card('events_per_site').textContent()).toBe(formatValue(2, 'average'));
      expect(await s.page.locator('[data-kpi="events_per_site"] [data-testid="live"]').textContent())
        .toBe(`по текущим данным ${formatValue(3, 'average')} (${formatDelta(1, 'average')})`);
      // Only the cards whose figure today's data change say so.
      expect(await s.page.locator('[data-testid="live"]').count()).toBe(((await s.server.inject('/api/kpis?period=2022-H1')).json() as KpisResponse).cards.filter((c) => c.live !== undefined).length);
      await s.page.screenshot({ path: `${ARTIFACTS}/published-overview.png`, fullPage: true });
      // «Кто за этой цифрой» lists today's data: its total is today's, and says so beside the approved card.
      await s.page.goto(`${s.server.url}/organizations?period=2022-H1&kpi=events_per_site`);
      await expect.poll(() => s.page.locator('[data-testid="organizations-list"] tfoot th').textContent())
        .toBe(`Итого по текущим данным (на карточке утверждено ${formatValue(2, 'average')})`);
      expect((await s.server.inject({ method: 'POST', url: `/api/uploads/${upload.id}/rollback?changeApproved=true` })).statusCode).toBe(200);
    } finally {
      await s.page.goto(`${s.server.url}/admin`);
      await panel.getByRole('button', { name: 'Отменить утверждение' }).click();
      await panel.getByLabel('Причина отмены:').fill('проверка');
      await panel.locator('form.inline').getByRole('button', { name: 'Отменить утверждение' }).click();
      await expect.poll(() => s.page.getByRole('status').textContent()).toMatch(/^Утверждение итогов за 2022, 1 п\/г отменено/);
    }
    await expect.poll(() => row.textContent()).toMatch(/Отменено .*Тест admin.*: проверка/);
    await s.page.goto(`${s.server.url}/?period=2022-H1`);
    await expect.poll(() => card('events_per_site').textContent()).toBe(formatValue(2, 'average'));
    expect(await s.page.getByTestId('published').count()).toBe(0);
  }, 60_000);

  it('the admin subscribes an official to the reports by e-mail; the page says e-mail is off without an SMTP server', async () => {
    await s.page.goto(`${s.server.url}/admin`);
    const panel = s.page.locator('section[aria-labelledby="subscriptions-title"]');
    await expect.poll(() => panel.getByTestId('mail-off').textContent()).toMatch(/^\s*Почта выключена/);
    await panel.getByLabel('Кому').fill('Иванова И. И.');
    await panel.getByLabel('Адрес').fill('ivanova@example.ru');
    await panel.getByLabel('Что').selectOption('pdf');
    await panel.getByLabel('Когда').selectOption('approval');
    await panel.getByLabel('Район').selectOption('north');
    await panel.getByRole('button', { name: 'Подписать' }).click();
    await expect.poll(() => s.page.getByRole('status').textContent()).toBe('Подписка для Иванова И. И. создана.');
    const row = panel.getByTestId('subscriptions').locator('tbody tr');
    await expect.poll(() => row.count()).toBe(1);
    expect((await row.innerText()).replace(/\s+/g, ' ')).toMatch(/Иванова И\. И\. ivanova@example\.ru Отчёт \(PDF\) после утверждения итогов Северный район —/);
    expect(await row.getByRole('button', { name: 'Отправить сейчас' }).isDisabled()).toBe(true);
    await s.page.screenshot({ path: `${ARTIFACTS}/subscriptions.png`, fullPage: true });
    await row.getByRole('button', { name: 'Удалить' }).click();
    await expect.poll(() => panel.getByText('Подписок пока нет.').count()).toBe(1);
  }, 30_000);

  it('an official subscribes herself from the overview to the reports of its filters, and unsubscribes', async () => {
    await s.page.goto(`${s.server.url}/?period=2022-H1&district=south`);
    const menu = s.page.getByTestId('subscribe');
    await menu.locator('summary').click();
    await expect.poll(() => menu.textContent()).toContain('Для фильтров: Южный район');
    await menu.getByLabel('Адрес').fill('official@example.ru');
    await menu.getByLabel('Что').selectOption('deck');
    await menu.getByLabel('Когда').selectOption('monthly');
    await menu.getByRole('button', { name: 'Подписаться' }).click();
    await expect.poll(() => menu.getByRole('status').textContent()).toBe('Подписка оформлена: презентация (PPTX), ежемесячно, на official@example.ru.');
    const item = menu.getByTestId('my-subscriptions').locator('li');
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.innerText()).toMatch(/Презентация \(PPTX\), ежемесячно — Южный район; official@example\.ru/);
    const stored = ((await s.server.inject('/api/admin/subscriptions')).json() as SubscriptionsResponse).subscriptions;
    expect(stored.map((x) => [x.recipient, x.email, x.report, x.schedule, x.district])).toEqual([['Тест admin', 'official@example.ru', 'deck', 'monthly', 'south']]);
    await s.page.screenshot({ path: `${ARTIFACTS}/subscribe-menu.png` });
    await item.getByRole('button', { name: 'Отписаться' }).click();
    await expect.poll(() => item.count()).toBe(0);
    expect(((await s.server.inject('/api/admin/subscriptions')).json() as SubscriptionsResponse).subscriptions).toEqual([]);
  }, 30_000);

  it('logged no console errors but the refusal it asked for', () => {
    // The approval from a tab that had shown no figures since the data changed (409) is logged by Chromium.
    expect(s.errors.filter((e) => !/Failed to load resource: the server responded with a status of 409/.test(e))).toEqual([]);
  });
});
