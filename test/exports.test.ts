import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { inflateSync } from 'node:zlib';
import { join } from 'node:path';
import Papa from 'papaparse';
import { headedSheet } from './helpers/xlsx.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KPI_CODES, type EventsResponse, type FunnelResponse, type KpiCard, type KpiByDistrictResponse, type KpiMapResponse, type KpiTrendResponse, type OutlookResponse,
  type ReportsResponse, type ScorecardResponse,
} from '../web/src/lib/shared/api.js';
import { BAND_FILLS } from '../web/src/lib/shared/scorecard.js';
import { reportKpiCells, WITHOUT_DATA_TITLE } from '../web/src/lib/shared/report.js';
import { formatAverage, meetsTarget } from '../web/src/lib/shared/format.js';
import { fileName } from '../server/export/file-name.js';
import { inGroups, kpiRowWeight, KPIS_PER_SLIDE, PASSPORTS_PER_SLIDE } from '../server/export/presentation.js';
import { CHARTS, CHART_IDS, chartById, exportUrl, previewUrl, subtitleOf } from '../web/src/lib/charts/registry.js';
import { COLORS } from '../web/src/lib/charts/theme.js';
import { COMPARED_COLOR } from '../web/src/lib/charts/kpi.js';
import { sheetName } from '../server/export/table-files.js';
import { measureShipped, wrappedLines } from '../server/export/text-width.js';
import { fitToWidth, heightToFit } from '../web/src/lib/charts/fit.js';
import { kpiMapOption } from '../web/src/lib/charts/map.js';
import { smallRegion } from './fixtures/small-region.js';
import { appWith, type TestApp, waitForUpload } from './helpers/server.js';
import { zipEntry } from './helpers/zip.js';
import { chartsOf, readChart, slideShapes, slidesOf as slidesXml } from './helpers/pptx.js';
import { zipEntries } from '../server/export/zip.js';
import { EXPORT_SIZE, PRINT_SIZE, renderChartSvg } from '../server/export/render.js';
import type { ChartOption } from '../web/src/lib/charts/types.js';
import { toCsv } from '../server/export/table-files.js';
import { PROJECTION_VERDICTS } from '../web/src/lib/shared/outlook.js';

let t: TestApp;
beforeAll(async () => {
  t = await appWith(smallRegion());
});
afterAll(() => t.close());

const get = (url: string) => t.inject({ url });
const json = async <T>(url: string) => (await get(url)).json() as T;
/** RGB of the top-left pixel of an 8-bit RGB(A) PNG: whatever the row filter, it is stored as is. */
function firstPixel(png: Buffer): number[] {
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  return [raw[1], raw[2], raw[3]];
}

const parseCsv = (body: string) => Papa.parse<string[]>(body.replace(/^\uFEFF/, ''), { delimiter: ';', skipEmptyLines: true }).data;

/** A chart's XLSX: the lines above its table (title, filters, source), an empty row, then the table. */
const chartSheet = headedSheet;

describe('the chart list', () => {
  it('each chart has an id of its own, and its table exports under it', async () => {
    expect(new Set(CHART_IDS).size).toBe(CHARTS.length);
    for (const chart of CHARTS) {
      const csv = parseCsv((await get(`/api/export/${chart.id}.csv?period=2023-H1`)).body);
      expect(csv.length, chart.id).toBeGreaterThan(1);
    }
  });
});

describe('file names', () => {
  /** The UTF-8 name a browser saves a download under. */
  const savedAs = (disposition: unknown) => decodeURIComponent(String(disposition).match(/filename\*=UTF-8''(.+)$/)![1]);

  it('say what the file is and for what, in Russian: KPI, breakdown, filters, period', async () => {
    const byDistrict = await get('/api/export/kpi-by-district.csv?kpi=authors_share&period=2022-H1&orgType=school');
    expect(savedAs(byDistrict.headers['content-disposition'])).toBe('Педагоги_авторы_ресурсов_по_районам_Школа_2022_1пг.csv');
    const south = await get('/api/export/funnel.xlsx?period=2021-22&district=south');
    expect(savedAs(south.headers['content-disposition'])).toBe('Воронка_стажёров_Южный_район_2021-22_уч._г.xlsx');
    // The south's funnel of 2022/23 has nothing to draw: said, not a file of a blank axis or a header alone.
    const empty = await t.inject('/api/export/funnel.png?period=2022-23&district=south');
    expect([empty.statusCode, empty.json().message]).toEqual([404, 'Нет данных за выбранный период и фильтры: у диаграммы «Воронка стажёров» (Южный район · 2022/23 уч. г.) выгружать нечего.']);
    const deck = await get('/api/export/presentation.pptx?period=2022-H1&charts=funnel');
    expect(savedAs(deck.headers['content-disposition'])).toBe('Площадки_2022_1пг.pptx');
  });

  it('are safe on Windows: no reserved characters, no trailing dot, not too long', () => {
    expect(fileName(['Итог: «план»/факт?', null, 'Южный район.'], 'csv')).toBe('Итог_план-факт_Южный_район.csv');
    expect(fileName(['"*<>|'], 'png')).toBe('файл.png');
    expect(fileName(['Очень длинное название '.repeat(20)], 'svg').length).toBeLessThanOrEqual(150 + '.svg'.length);
  });
});

describe('chart images', () => {
  it('PNG: twice the 1200 × 675 frame, white background', async () => {
    const response = await get('/api/export/funnel.png?period=2022-H1');
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="funnel-2022-H1.png"; filename*=UTF-8''${encodeURIComponent('Воронка_стажёров_2022_1пг.png')}`);
    const png = response.rawPayload;
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([2400, 1350]);
    expect(png.length).toBeGreaterThan(20_000);
    expect(firstPixel(png)).toEqual([255, 255, 255]);
  });

  it('SVG: the title, the filter caption, the source line and the chart', async () => {
    const response = await get('/api/export/kpi-by-district.svg?kpi=authors_share&period=2022-H1&orgType=school');
    expect(response.headers['content-type']).toMatch(/image\/svg\+xml/);
    const svg = response.body;
    expect(svg).toContain('Педагоги — авторы ресурсов: по районам');
    expect(svg).toContain('Все районы · Школа · 2022, 1 п/г');
    expect(svg).toMatch(/Источник: «Площадки»/);
    expect(svg).toContain('Южный район');
    expect(svg).toContain('Цель 3,0\u202f%');
    // The chart, its legend first, stands in from the picture's edges as far as the title does.
    const title = Number(/<text x="(\d+)"[^>]*font-weight="bold"/.exec(svg)![1]);
    const chart = /<svg x="(\d+)" y="\d+" [^>]*width="(\d+)"/.exec(svg)!.slice(1).map(Number);
    expect(title).toBeGreaterThan(0);
    expect(chart).toEqual([title, EXPORT_SIZE.width - 2 * title]);
    // The trend spans every half-year: its caption says so instead of naming one period.
    expect((await get('/api/export/kpi-trend.svg?kpi=users_share&period=2022-H1&district=south')).body).toContain('Южный район · все полугодия');
  });

  it('for the print report: the same picture in fewer pixels, so its 12 px text prints at 8 pt or more across A4 landscape', async () => {
    const sizeOf = (svg: string) => /^<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg)!.slice(1).map(Number);
    const slide = (await get('/api/export/kpi-by-district.svg?kpi=authors_share&period=2022-H1')).body;
    const paper = (await get('/api/export/kpi-by-district.svg?kpi=authors_share&period=2022-H1&size=print')).body;
    expect(sizeOf(slide)).toEqual([1200, 675]);
    const [width, height] = sizeOf(paper);
    expect(width / height).toBeCloseTo(1200 / 675, 2);
    // A4 landscape between the report's 10 mm margins: 277 mm = 785 pt.
    const A4_LANDSCAPE_CONTENT_PT = ((297 - 2 * 10) / 25.4) * 72;
    expect(Math.min(...[...paper.matchAll(/font-size[:=]"?(\d+)/g)].map((m) => Number(m[1]))) * (A4_LANDSCAPE_CONTENT_PT / width)).toBeGreaterThanOrEqual(8);
    expect(paper).toContain('Южный район');
    expect((await get('/api/export/kpi-by-district.svg?size=huge')).statusCode).toBe(400);
  });

  it('answers 404 for an unknown chart and 400 for a bad filter, in Russian', async () => {
    expect((await get('/api/export/pie.png')).statusCode).toBe(404);
    const bad = await get('/api/export/events.csv?district=atlantis');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe('Неизвестный район: «atlantis»');
    expect((await get('/api/export/events.pdf')).statusCode).toBe(400);
  });

  it('of a chart of the whole region (the plan) name only its period, whatever else the view filters; another chart names the district', async () => {
    const { districts } = await json<{ districts: { code: string; name: string }[] }>('/api/filters');
    const north = districts.find((d) => d.code === 'north')!.name;
    const plan = await get('/api/export/plan.svg?period=2022-H1&district=north');
    expect(plan.statusCode).toBe(200);
    expect(plan.body).not.toContain(north);
    expect(plan.body).toContain('Все районы');
    expect(decodeURIComponent(String(plan.headers['content-disposition']))).not.toContain(north);
    expect((await get('/api/export/events.svg?period=2022-H1&district=north')).body).toContain(north);
  });
});

describe('the picture shown until ECharts has loaded', () => {
  const sizeOf = (svg: string) => /^<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg)!.slice(1).map(Number);

  it('is the chart alone, at the panel\'s width and the height the page gives it, a phone\'s taller with its names wrapped', async () => {
    const desktop = await get('/api/preview/kpi-by-district?kpi=authors_share&period=2022-H1&width=720');
    expect(desktop.statusCode).toBe(200);
    expect(desktop.headers['content-type']).toMatch(/image\/svg\+xml/);
    const panelHeight = CHARTS.find((c) => c.id === 'kpi-by-district')!.height ?? 320;
    expect(sizeOf(desktop.body)).toEqual([720, panelHeight]);
    expect(desktop.body).toContain('Южный район');
    // No frame: the panel has its own title above it.
    expect(desktop.body).not.toContain('Педагоги — авторы ресурсов: по районам');
    // On a phone the map goes under its legend, the width of the screen: taller than on a desktop.
    const mapHeight = CHARTS.find((c) => c.id === 'kpi-map')!.height ?? 320;
    const map = await json<KpiMapResponse>('/api/kpis/map?kpi=authors_share&period=2022-H1');
    const phone = await get('/api/preview/kpi-map?kpi=authors_share&period=2022-H1&width=390');
    expect(sizeOf(phone.body)[1]).toBeGreaterThan(mapHeight);
    expect(sizeOf(phone.body)).toEqual([390, heightToFit(fitToWidth(kpiMapOption(map), 390), 390, mapHeight)]);
  });

  it('and every download of a chart compare with what the view compares with: the picture and the files show the same pale period as the screen', async () => {
    const scope = { period: '2022-H2', district: null, orgType: null, direction: null, kpi: 'authors_share' as const, compare: 'year_ago' };
    const { compared } = await json<KpiByDistrictResponse>('/api/kpis/by-district?kpi=authors_share&period=2022-H2&compare=year_ago');
    expect(compared?.label).toBe('2021, 2 п/г');
    const picture = (await get(previewUrl('kpi-by-district', scope, 720))).body;
    const png = await get(exportUrl('kpi-by-district', 'svg', scope));
    const table = await get(exportUrl('kpi-by-district', 'csv', scope));
    for (const [what, text] of [['picture', picture], ['SVG', png.body], ['CSV', table.body]]) {
      expect(text, what).toContain('2021, 2 п/г');
      expect(text, what).not.toContain('2022, 1 п/г');
    }
  });

  it('is refused for a width no screen has or an unknown chart, and to whoever may not see the chart; a chart without data has none', async () => {
    expect((await get('/api/preview/kpi-by-district?width=100000')).statusCode).toBe(400);
    expect((await get('/api/preview/kpi-by-district')).statusCode).toBe(400);
    expect((await get('/api/preview/pie?width=600')).statusCode).toBe(404);
    const empty = await get('/api/preview/events?period=2020-H2&width=600');
    // The page asks for a picture before it knows whether there are data: no picture, not an error.
    expect([empty.statusCode, empty.body]).toEqual([204, '']);
    expect((await t.inject({ url: '/api/preview/events?width=600' }, 'anonymous')).statusCode).toBe(401);
  });
});

describe('a value whose hundredths would turn its tenth', () => {
  // N1 with 4 teachers in 2021/22: the north's 4 + 10 + 30 = 44, two of them authors of R1 by 2022-06-30 —
  // 4,5454… %, «4,5 %». Rounded to hundredths first (4.55) it read «4,6 %», and met a target of 4,6 %.
  let flip: TestApp;
  beforeAll(async () => {
    const region = smallRegion();
    flip = await appWith({
      ...region,
      organization_headcounts: region.organization_headcounts.map((h) => (h.organization_code === 'N1' && h.school_year === 2021 ? { ...h, teachers: 4 } : h)),
    });
    const target = await flip.inject({ method: 'PUT', url: '/api/admin/targets', payload: { targets: [{ kpi: 'authors_share', threshold: 4.6 }] } });
    expect(target.statusCode, target.body).toBe(200);
  });
  afterAll(() => flip.close());

  it('the card, its verdict and the district chart\'s CSV say 4,5 % and «нет»', async () => {
    const { cards } = (await flip.inject('/api/kpis?period=2022-H1&district=north')).json() as { cards: KpiCard[] };
    expect(cards.find((c) => c.code === 'authors_share')).toMatchObject({ value: 4.5, numerator: 2, denominator: 44, target: 4.6, met: false });
    // The region: 2 of 44 + 40 = 84, 2,3809… % — «2,4».
    const region = (await flip.inject('/api/kpis?period=2022-H1')).json() as { cards: KpiCard[] };
    expect(region.cards.find((c) => c.code === 'authors_share')).toMatchObject({ value: 2.4, numerator: 2, denominator: 84 });
    const csv = parseCsv((await flip.inject('/api/export/kpi-by-district.csv?kpi=authors_share&period=2022-H1')).body);
    expect(csv[1].slice(0, 6)).toEqual(['Северный район', '4,5', '2', '44', '4,6', 'нет']);
  });
});

describe('the data behind a chart', () => {
  it('CSV for Russian Excel holds the numbers the API gives, a percent to one place as on its card («20,0», not «20» or «66,67»)', async () => {
    const api = await json<KpiByDistrictResponse>('/api/kpis/by-district?kpi=competition_share&period=2022-H2');
    const response = await get('/api/export/kpi-by-district.csv?kpi=competition_share&period=2022-H2');
    expect(response.body.startsWith('\uFEFFРайон;Значение, %;Числитель;Знаменатель;Цель;Цель достигнута;Значение за 2022, 1 п/г\r\n')).toBe(true);
    const [, ...rows] = parseCsv(response.body);
    const asCard = (v: number | null) => (v === null ? '' : formatAverage(v));
    // Both districts' organizations are too few to judge the share, as on the scorecard.
    expect(rows).toEqual(api.rows.map((r) => [r.name, asCard(r.value), String(r.numerator), String(r.denominator), '20,0', 'мало данных', asCard(r.previous)]));
    expect(api.rows.map((r) => [r.few, r.met])).toEqual(api.rows.map(() => [true, null]));
    // By 2022/23 S2 and S1 of the south's 2 had applied (100 %; by 2021/22 S2 alone, 50 %), N1 and N2 of
    // the north's 3 (66,666… %, «66,7», in both years): a whole value and one of more places than a card shows.
    expect(rows.map((r) => [r[0], r[1], r[6]])).toEqual([['Южный район', '100,0', '50,0'], ['Северный район', '66,7', '66,7']]);
  });

  it('names the counts beside a value by what they are: a mean rating\'s questionnaires and participants, not a numerator and denominator', async () => {
    const header = async (url: string) => parseCsv((await get(url)).body)[0];
    expect(await header('/api/export/kpi-trend.csv?kpi=satisfaction')).toEqual(['Полугодие', 'Значение', 'Анкет', 'Участников', 'Цель']);
    expect((await header('/api/export/kpi-by-district.csv?kpi=satisfaction&period=2022-H2')).slice(0, 4)).toEqual(['Район', 'Значение', 'Анкет', 'Участников']);
    expect(await header('/api/export/kpi-trend.csv?kpi=authors_share')).toEqual(['Полугодие', 'Значение, %', 'Числитель', 'Знаменатель', 'Цель']);
    // The districts without a questionnaire: the value's cell says why there is none, as the chart does.
    const [, ...rows] = parseCsv((await get('/api/export/kpi-by-district.csv?kpi=satisfaction&period=2022-H2')).body);
    const api = await json<KpiByDistrictResponse>('/api/kpis/by-district?kpi=satisfaction&period=2022-H2');
    const without = api.rows.filter((r) => r.value === null || r.notArrived);
    expect(without.map((r) => r.notArrived)).toEqual([false, true]);
    expect(rows.filter((r) => r[2] === '0').map((r) => [r[0], r[1]])).toEqual(without.map((r) => [r.name, r.notArrived ? 'данные не поступили' : 'нет анкет']));
  });

  it('XLSX of a KPI holds each value rounded as its card shows it, written with one decimal place', async () => {
    const api = await json<KpiByDistrictResponse>('/api/kpis/by-district?kpi=competition_share&period=2022-H2');
    const response = await get('/api/export/kpi-by-district.xlsx?kpi=competition_share&period=2022-H2');
    const { heading, rows } = await chartSheet(response.rawPayload);
    expect(rows.map((r) => [r[1], r[4]])).toEqual(api.rows.map((r) => [r.value === null ? null : Number(formatAverage(r.value).replace(',', '.')), 20]));
    const styles = zipEntry(response.rawPayload, 'xl/styles.xml')!;
    const oneDecimal = /<numFmt numFmtId="(\d+)" formatCode="0\.0"\/>/.exec(styles);
    expect(oneDecimal).not.toBeNull();
    // The first value's cell (column B, under the heading, an empty row and the header) has a style of that format.
    const sheet = zipEntry(response.rawPayload, 'xl/worksheets/sheet1.xml')!;
    const style = Number(new RegExp(`<c r="B${heading.length + 3}" s="(\\d+)"`).exec(sheet)![1]);
    const xfs = [.../<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)![1].matchAll(/<xf\b[^>]*>/g)].map((m) => /numFmtId="(\d+)"/.exec(m[0])?.[1]);
    expect(xfs[style]).toBe(oneDecimal![1]);
  });

  it('XLSX holds the same', async () => {
    const api = await json<EventsResponse>('/api/charts/events?period=2022-H1');
    const response = await get('/api/export/events.xlsx?period=2022-H1');
    expect(response.headers['content-type']).toMatch(/spreadsheetml/);
    const { heading, headers, rows } = await chartSheet(response.rawPayload);
    // What the figures are of, inside the file: the chart's title, its filters and where they come from.
    expect(heading).toEqual(['Мероприятия по формам и способу проведения', 'Все районы · 2022, 1 п/г', 'Мероприятия площадок за период',
      expect.stringMatching(/^Источник: «Площадки» — мониторинг стажировочных площадок; Демонстрационный регион; выгружено \d{2}\.\d{2}\.\d{4}$/)]);
    expect(headers).toEqual(['Полугодие', 'Форма', 'Способ проведения', 'Мероприятий', 'Участников по плану', 'Участников фактически', 'Мероприятий без числа участников по факту']);
    expect(rows.map((r) => r.slice(3))).toEqual(api.rows.map((r) => [r.events, r.planned, r.actual, r.unreported]));
    expect(rows.map((r) => r[1])).toEqual(['Семинар', 'Вебинар']);
    // The half-year as people name it, never its code.
    expect(rows.map((r) => r[0])).toEqual(['2022, 1 п/г', '2022, 1 п/г']);
  });

  it('keeps text that Russian Excel would turn into a number or a date as written: a plan\'s item «1.3», a code «0012», an ИНН', () => {
    const csv = toCsv({ headers: ['Пункт', 'Код', 'ИНН', 'Срок', 'Доля'], rows: [['1.3', '0012', '690100001412', '15.05.2023', 4.5], ['2.10', 'ORG-1', '6901000014', '2022, 1 п/г', null], ['2021', '1 000', '-', '12.03', '']] });
    expect(csv.split('\r\n').slice(1, 4)).toEqual([
      '="1.3";="0012";="690100001412";15.05.2023;4,5', '="2.10";ORG-1;6901000014;2022, 1 п/г;', '2021;="1 000";\'-;="12.03";',
    ]);
  });

  it('neutralises text that a spreadsheet would run as a formula', async () => {
    const upload = await t.inject({
      method: 'POST', url: '/api/uploads?fileName=d.csv&dataset=districts', payload: 'Код района;Район\nnorth;=HYPERLINK("x")\n',
      headers: { 'content-type': 'text/csv' },
    });
    const { id } = upload.json() as { id: number };
    expect((await waitForUpload(t, id)).status).toBe('applied');
    const csv = (await get('/api/export/reports.csv?period=2023-H1')).body;
    expect(csv).toContain(`'=HYPERLINK(""x"")`);
    // In XLSX it is a text cell, shown as typed: no formula, and no apostrophe to read.
    const xlsx = (await get('/api/export/reports.xlsx?period=2023-H1')).rawPayload;
    expect((await chartSheet(xlsx)).rows[0][0]).toBe('=HYPERLINK("x")');
    expect(zipEntry(xlsx, 'xl/worksheets/sheet1.xml')).not.toMatch(/<f[ >]/);
  });
});

describe('the deck\'s KPI slides', () => {
  it('take as many rows as fit: a KPI with today\'s value beside the approved one is as tall as two', () => {
    const cards = Array.from({ length: 15 }, (_, i) => (i === 2 || i === 5 ? { live: 16.4 } : {}));
    const groups = inGroups(cards, KPIS_PER_SLIDE, kpiRowWeight);
    expect(groups.map((g) => g.length)).toEqual([6, 8, 1]);
    expect(groups.every((g) => g.reduce((sum, c) => sum + kpiRowWeight(c), 0) <= KPIS_PER_SLIDE)).toBe(true);
    expect(inGroups(Array.from({ length: 15 }, () => ({})), KPIS_PER_SLIDE, kpiRowWeight).map((g) => g.length)).toEqual([8, 7]);
  });
});

describe('presentation', () => {
  const slidesOf = (pptx: Buffer) => new Set(pptx.toString('latin1').match(/ppt\/slides\/slide\d+\.xml/g)).size;
  // Title, the period in words with projections, the KPIs' summary slides, the districts' scorecard
  // (the five KPIs with a target fit one slide) and passport slides.
  const BEFORE_CHARTS = 1 + 1 + Math.ceil(KPI_CODES.length / KPIS_PER_SLIDE) + 1 + Math.ceil(KPI_CODES.length / PASSPORTS_PER_SLIDE);

  it('has a title slide, the KPI summary, the passports and one slide per chart with data', async () => {
    const response = await get('/api/export/presentation.pptx?period=2022-H1&charts=funnel,events,kpi-trend');
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.presentationml.presentation');
    expect(slidesOf(response.rawPayload)).toBe(BEFORE_CHARTS + 3);
    // 2020-H2 has no events and no trainees: those charts are left out rather than shown empty,
    // and a last slide names them (a deck is never silently short of what was asked for).
    const sparse = await get('/api/export/presentation.pptx?period=2020-H2&charts=funnel,events,plan');
    expect(slidesOf(sparse.rawPayload)).toBe(BEFORE_CHARTS + 1);
    const last = [...zipEntry(sparse.rawPayload, `ppt/slides/slide${BEFORE_CHARTS + 1}.xml`)!.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]);
    expect(last).toEqual([WITHOUT_DATA_TITLE, 'Все районы · 2020, 2 п/г', ...['funnel', 'events', 'plan'].map((id) => chartById(id)!.title('authors_share'))]);
    expect((await get('/api/export/presentation.pptx?charts=funnel,nope')).statusCode).toBe(400);
  });

  it('tells the period in words with the projections on the second slide, as the overview does', async () => {
    const pptx = (await get('/api/export/presentation.pptx?period=2022-H2&charts=funnel')).rawPayload;
    const outlook = await json<OutlookResponse>('/api/kpis/outlook?period=2022-H2');
    const slide = zipEntry(pptx, 'ppt/slides/slide2.xml')!;
    const text = [...slide.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join('\n');
    expect(text).toContain('Итоги периода и прогноз');
    for (const sentence of outlook.summary) expect(text).toContain(sentence);
    expect(text).toContain('К 2023, 1 п/г');
    expect(text).toContain('3,2\u202f%'); // authors' share projected to 2023-H1 (3,2333… %)
    expect(text).toContain('методом наименьших квадратов');
    // Each projection's verdict in words, as the overview's «Вывод» column (not a colour alone).
    expect(text).toContain('Вывод');
    for (const p of outlook.projections) expect(text).toContain(PROJECTION_VERDICTS[p.status].words);
    // Whose figures they are: the filters, as on the KPI slides (alone on a screen, a district's slide is not the region's).
    const north = zipEntry((await get('/api/export/presentation.pptx?period=2022-H2&district=north&charts=funnel')).rawPayload, 'ppt/slides/slide2.xml')!;
    // The district by the API's name (another test of this file renames one).
    const { name } = (await json<KpiByDistrictResponse>('/api/kpis/by-district?kpi=authors_share&period=2022-H2')).rows.find((r) => r.district === 'north')!;
    expect([...north.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1])).toContain(`${name.replaceAll('&', '&amp;').replaceAll('"', '&quot;')} · 2022, 2 п/г`);
    // Compared as the overview compared: the same half-year a year earlier.
    const compared = zipEntry((await get('/api/export/presentation.pptx?period=2022-H2&charts=funnel&compare=year_ago')).rawPayload, 'ppt/slides/slide2.xml')!;
    expect(compared).toContain('Изменения — по сравнению с 2021, 2 п/г.');
  });

  it('has the districts\' scorecard of the KPIs with a target, coloured as the page, every district and the region', async () => {
    const pptx = (await get('/api/export/presentation.pptx?period=2023-H1&district=north&charts=funnel&omit=title,summary,kpis,passports')).rawPayload;
    expect(slidesOf(pptx)).toBe(1 + 1);
    const slide = zipEntry(pptx, 'ppt/slides/slide1.xml')!;
    const text = [...slide.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]);
    const card = await json<ScorecardResponse>('/api/scorecard?period=2023-H1');
    const targeted = card.kpis.filter((k) => k.target !== null);
    // The districts by the API's names (another test of this file renames one).
    const names = card.rows.map((r) => r.name.replaceAll('&', '&amp;').replaceAll('"', '&quot;'));
    expect(text).toEqual(expect.arrayContaining(['Сводка по районам', 'Все районы · 2023, 1 п/г', ...names, 'Регион в целом']));
    for (const kpi of targeted) expect(text.some((t) => t.startsWith(`${kpi.title} (цель `))).toBe(true);
    expect(text).not.toContain('Педагоги, прошедшие стажировку'); // no target
    expect(text).toContain('мало данных (66,7\u202f%)'); // the north's 3 organizations
    for (const band of ['met', 'close', 'far', 'few'] as const) expect(slide, band).toContain(`<a:srgbClr val="${BAND_FILLS[band]!.slice(1)}"/>`);

    // With a target, the events per site join the slide: the north, whose events of 2023-H1 never came, says so.
    const setTarget = (threshold: number | null) => t.inject({ method: 'PUT', url: '/api/admin/targets', payload: { targets: [{ kpi: 'events_per_site', threshold }] } });
    expect((await setTarget(2)).statusCode).toBe(200);
    try {
      const withEvents = (await get('/api/export/presentation.pptx?period=2023-H1&charts=funnel&omit=title,summary,kpis,passports')).rawPayload;
      expect(zipEntry(withEvents, 'ppt/slides/slide1.xml')).toContain('<a:t>данные не поступили</a:t>');
      // The north's own deck: its events card has a target but no value — no verdict, neither on the
      // KPI slide («нет данных для оценки», not «не достигнута» in red) nor in the summary's count.
      const north = (await get('/api/export/presentation.pptx?period=2023-H1&district=north&charts=funnel&omit=title,summary,scorecard,passports')).rawPayload;
      const kpiSlide = [...zipEntries(north).keys()].filter((e) => /^ppt\/slides\/slide\d+\.xml$/.test(e)).map((e) => zipEntry(north, e)!).join('');
      const row = kpiSlide.slice(kpiSlide.indexOf('<a:t>Мероприятий на площадку</a:t>'));
      expect(row.slice(0, row.indexOf('</a:tr>'))).toMatch(/<a:srgbClr val="607080"\/><\/a:solidFill>(?:<a:(?:latin|ea|cs) [^>]*\/>)*<\/a:rPr><a:t>нет данных для оценки<\/a:t>/);
      const summary = (await json<OutlookResponse>('/api/kpis/outlook?period=2023-H1&district=north')).summary;
      expect(summary[0]).toMatch(/; ещё по 1 из \d, для которых цели установлены, нет данных для оценки\./);
      expect(summary).toContain('Число мероприятий на площадку: нет данных за период.');
    } finally {
      await setTarget(null);
    }
  });

  it('leaves out the slides asked to, and carries the charts as PowerPoint charts or as pictures', async () => {
    const charts = (await get('/api/export/presentation.pptx?period=2022-H1&charts=funnel,kpi-by-district&omit=title,passports,kpis,scorecard')).rawPayload;
    expect(slidesOf(charts)).toBe(1 + 2); // the period in words and the two charts
    const entries = [...zipEntries(charts).keys()];
    expect(entries.filter((e) => /^ppt\/charts\/chart\d+\.xml$/.test(e))).toHaveLength(2);
    expect(entries.filter((e) => e.endsWith('.png'))).toEqual([]);
    // The chart keeps its numbers and names its periods (what its colours mean: the next describe).
    const byDistrict = (await json<KpiByDistrictResponse>('/api/kpis/by-district?kpi=users_share&period=2022-H1')).rows;
    const xml = entries.filter((e) => e.startsWith('ppt/charts/chart')).map((e) => zipEntry(charts, e)!).join('');
    const escaped = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('"', '&quot;');
    for (const row of byDistrict) expect(xml).toContain(`<c:v>${escaped(row.name)}</c:v>`);
    expect(xml).toContain('<c:v>2022, 1 п/г</c:v>');

    const pictures = (await get('/api/export/presentation.pptx?period=2022-H1&charts=funnel&omit=summary,kpis,passports,scorecard&chartsAs=picture')).rawPayload;
    expect(slidesOf(pictures)).toBe(1 + 1); // the title slide and the chart
    expect([...zipEntries(pictures).keys()].filter((e) => e.startsWith('ppt/media/') && e.endsWith('.png'))).toHaveLength(1);
    expect((await get('/api/export/presentation.pptx?omit=cover')).statusCode).toBe(400);
  });

  const soffice = '/usr/bin/soffice';
  (existsSync(soffice) || process.env.CI ? it : it.skip)('opens in LibreOffice Impress without repair: PDF with one page per slide', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ploshchadki-pptx-'));
    try {
      const pptx = (await get('/api/export/presentation.pptx?period=2023-H1')).rawPayload;
      writeFileSync(join(dir, 'deck.pptx'), pptx);
      execFileSync(soffice, ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, join(dir, 'deck.pptx')], { timeout: 120_000, stdio: 'pipe' });
      const pdf = readFileSync(join(dir, 'deck.pdf')).toString('latin1');
      expect(pdf.match(/\/Type\s*\/Page[^s]/g)?.length).toBe(slidesOf(pptx));
      expect(slidesOf(pptx)).toBe(BEFORE_CHARTS + CHARTS.length); // every chart has data in 2023-H1
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});

describe('the print report as PDF', () => {
  const pdftotext = '/usr/bin/pdftotext';
  (existsSync(pdftotext) || process.env.CI ? it : it.skip)('holds every KPI card as the API gives it, the period in words, and every chart with data on pages of four', async () => {
    // The region as a whole: a test above renames a district.
    const response = await t.inject('/api/export/report.pdf?period=2022-H1');
    expect([response.statusCode, response.headers['content-type']]).toEqual([200, 'application/pdf']);
    const dir = mkdtempSync(join(tmpdir(), 'report-pdf-'));
    try {
      writeFileSync(join(dir, 'report.pdf'), response.rawPayload);
      const text = execFileSync(pdftotext, ['-layout', join(dir, 'report.pdf'), '-'], { encoding: 'utf8', timeout: 30_000 }).replace(/\s/g, ' ');
      expect(text).toMatch(/Мониторинг стажировочных площадок: Все районы · 2022, 1 п\/г/);
      const kpis = (await t.inject('/api/kpis?period=2022-H1')).json() as { cards: KpiCard[] };
      for (const card of kpis.cards) expect(text).toMatch(new RegExp(`${escape(card.title)} +${escape(reportKpiCells(card)[1].replace(/\s/g, ' '))} `));
      const outlook = (await t.inject('/api/kpis/outlook?period=2022-H1')).json() as OutlookResponse;
      expect(text.replace(/ +/g, ' ')).toContain(outlook.summary[0].replace(/\s+/g, ' '));
      // The KPI table and the summary on the first page, then the charts with data four to a page.
      let drawn = 0;
      for (const def of CHARTS) if (def.hasData((await t.inject(def.url({ period: '2022-H1', district: null, orgType: null, direction: null, kpi: 'authors_share' }))).json())) drawn += 1;
      const pages = Number(/стр\. 1 из (\d+)/.exec(text)![1]);
      expect(pages).toBe(1 + Math.ceil(drawn / 4));
      expect(text).not.toContain(WITHOUT_DATA_TITLE);
      // 2020-H2: the charts without data are named after the others, not dropped unsaid.
      writeFileSync(join(dir, 'sparse.pdf'), (await t.inject('/api/export/report.pdf?period=2020-H2')).rawPayload);
      const sparse = execFileSync(pdftotext, [join(dir, 'sparse.pdf'), '-'], { encoding: 'utf8', timeout: 30_000 }).replace(/\s+/g, ' ');
      const empty: string[] = [];
      for (const def of CHARTS) if (!def.hasData((await t.inject(def.url({ period: '2020-H2', district: null, orgType: null, direction: null, kpi: 'authors_share' }))).json())) empty.push(def.title('authors_share'));
      expect(empty.length).toBeGreaterThan(0);
      expect(sparse).toContain(`${WITHOUT_DATA_TITLE} • ${empty.join(' • ')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a PowerPoint chart shows what its picture shows', () => {
  const ONLY_CHARTS = 'omit=title,summary,kpis,scorecard,passports';
  const deck = async (query: string) => (await get(`/api/export/presentation.pptx?${query}&${ONLY_CHARTS}`)).rawPayload;
  const onlyChart = async (query: string) => {
    const charts = chartsOf(await deck(query));
    expect(charts).toHaveLength(1);
    return charts[0];
  };
  const hex = (color: string) => color.slice(1).toUpperCase();

  it('by district: each district\'s bar and beside it — not stacked onto it — the pale bar of the period compared with, each bar in its verdict\'s colour', async () => {
    // Authors 2023-H1 against 2022-H2: the south 4 % (meets 3 %, was 2 %), the north 2 % (does not, was 2 %).
    const api = await json<KpiByDistrictResponse>('/api/kpis/by-district?kpi=authors_share&period=2023-H1');
    const { grouping, legend, series } = readChart((await onlyChart('period=2023-H1&kpi=authors_share&charts=kpi-by-district')).xml);
    expect(grouping).toBe('clustered');
    expect(legend).toBe(true);
    // Bottom-up as the picture draws them (the best district at the top); the pale bar nearest the axis, under the district's.
    const rows = [...api.rows].reverse();
    expect(series.map((s) => s.name)).toEqual(['2022, 2 п/г', '2023, 1 п/г']);
    const [pale, current] = series;
    expect(current.labels).toEqual(rows.map((r) => r.name));
    expect(current.values).toEqual(rows.map((r) => r.value));
    expect(pale.values).toEqual(rows.map((r) => r.previous));
    expect(current.values).toEqual([2, 4]);
    expect([...current.pointColors.entries()]).toEqual(rows.map((r, i) => [i, hex(r.met ? COLORS.met : COLORS.missed)]));
    expect(pale.color).toBe(hex(COMPARED_COLOR));
    // Labelled as in the picture: the district's value, not the pale bar's.
    expect([current.labelled, pale.labelled]).toEqual([true, false]);
  });

  it('by district: a 0 is labelled «0,0 %»; a district without a value says why in its name, with no bar and no 0 in the data behind it', async () => {
    // The districts by the API's names (a test above renames one).
    const nameOf = async (code: string) => (await json<{ districts: { code: string; name: string }[] }>('/api/filters')).districts.find((d) => d.code === code)!.name;
    const [north, south] = [await nameOf('north'), await nameOf('south')];
    // Authors 2022-H1: the south has no author among its teachers — a value, 0 %.
    const zero = readChart((await onlyChart('period=2022-H1&kpi=authors_share&charts=kpi-by-district')).xml);
    const current = zero.series.find((s) => s.name === '2022, 1 п/г')!;
    expect(current.values[current.labels.indexOf(south)]).toBe(0);
    // A number format with no section that hides zeros (`0.0" %";-0.0" %";;` printed nothing for 0).
    expect(current.format).toBe('0.0" %"');
    // The first half-year has nothing to compare with: one bar a district, stacked by colour, the legend saying what the colour means; its 0 labelled too.
    const first = readChart((await onlyChart('period=2020-H2&kpi=competition_share&charts=kpi-by-district')).xml);
    expect(first.grouping).toBe('stacked');
    expect(first.series.map((s) => [s.name, s.format])).toEqual([['мало данных для оценки', '0.0" %"']]);
    expect(first.series[0].values[first.series[0].labels.indexOf(north)]).toBe(0);

    // Participants per event 2023-H1: the north's events never came (its 2022-H2 was 0), the south 1.
    const notArrived = await onlyChart('period=2023-H1&kpi=avg_attendance&charts=kpi-by-district');
    const [pale, now] = readChart(notArrived.xml).series;
    expect(now.labels).toEqual([`${north} — данные не поступили`, south]);
    expect(now.values).toEqual([null, 1]);
    expect(pale.values).toEqual([0, null]);
    // PowerPoint's «Изменить данные» redraws from the workbook: the empty points are empty cells there, not 0.
    expect([notArrived.cells.get('B2'), notArrived.cells.has('C2'), notArrived.cells.has('B3'), notArrived.cells.get('C3')]).toEqual(['0', false, false, '1']);
    // Satisfaction 2022-H2: no questionnaire in the north, the south's data not come.
    const satisfaction = readChart((await onlyChart('period=2022-H2&kpi=satisfaction&charts=kpi-by-district')).xml);
    expect(satisfaction.series.at(-1)!.labels.toSorted()).toEqual([`${north} — нет анкет`, `${south} — данные не поступили`].toSorted());
  });

  it('the trend: its target a dashed line of its own, named as the picture labels it, and the note beside the caption on one line', async () => {
    const api = await json<KpiTrendResponse>('/api/kpis/trend?kpi=authors_share');
    const pptx = await deck('period=2023-H1&kpi=authors_share&charts=kpi-trend');
    const { legend, blanks, series } = readChart(chartsOf(pptx)[0].xml);
    expect(series.map((s) => s.name)).toEqual([api.title, 'Цель 3,0\u202f%']);
    const [kpi, target] = series;
    // A half-year without a value is a gap in the line, not a drop to 0.
    expect(kpi.values).toEqual(api.points.map((p) => p.value));
    expect(kpi.values).toContain(null);
    expect(blanks).toBe('gap');
    expect(target.values).toEqual(api.points.map(() => 3));
    expect([target.dash, target.marker, target.labelled, target.color]).toEqual(['dash', 'none', false, hex(COLORS.target)]);
    expect([kpi.dash, kpi.marker, kpi.labelled]).toEqual(['solid', 'circle', true]);
    expect(legend).toBe(true);
    // Each point green where it meets the target, red where not, as in the picture.
    const judged = api.points.flatMap((p, i) => (p.value === null ? [] : [[i, hex(meetsTarget(p.value, 3, api.unit) ? COLORS.met : COLORS.missed)]]));
    expect([...kpi.pointColors.entries()].filter(([i]) => api.points[i].value !== null)).toEqual(judged);
    const texts = slideShapes(slidesXml(pptx)[0]).map((s) => s.text);
    expect(texts).toContain('Все районы · все полугодия · Цель 3,0\u202f%');
  });

  it('the funnel names what it counts: internships, a teacher with two counted twice', async () => {
    const api = await json<FunnelResponse>('/api/charts/funnel?period=2022-H1');
    const pptx = await deck('period=2022-H1&charts=funnel');
    const { series } = readChart(chartsOf(pptx)[0].xml);
    expect(series.map((s) => s.name)).toEqual(['Стажировки']);
    expect(series[0].values).toEqual(api.stages.map((s) => s.count).reverse());
    // The slide says so under the caption, as the picture does.
    expect(slideShapes(slidesXml(pptx)[0])[2].text).toBe('Считаются стажировки, не люди: педагог с двумя стажировками — дважды; записались → прошли → сдали отчёт → получили сертификат');
  });
});

describe('what a chart shows, said on its picture and its slide', () => {
  /** The frame's own texts (title, caption, subtitle, source), outside the chart's inner SVG, with their baselines. */
  const frameTexts = (svg: string) => [...svg.matchAll(/<text x="\d+" y="(\d+)" [^>]*font-size="(\d+)"[^>]*>([^<]*)<\/text>/g)]
    .map(([, y, size, text]) => ({ y: Number(y), size: Number(size), text }));

  it('the picture: the subtitle under the caption, wrapped between words within the margins by the shipped font, the chart under it', async () => {
    const trend = frameTexts((await get('/api/export/kpi-trend.svg?kpi=authors_share&period=2023-H1')).body);
    expect(trend.map((t) => t.text)).toContain('Нарастающим итогом; пунктир — цель');
    for (const [id, query, text] of [
      ['events-per-site', 'period=2022-H1', 'Мероприятия периода ÷ площадки уровня, действовавшие в периоде'],
      ['plan', 'period=2022-H1', 'План региона: фильтры района и направления к нему не применяются'],
      ['reports', 'period=2022-23', 'Срок — 15 мая, если не назначен другой; по учебному году периода'],
    ]) expect(frameTexts((await get(`/api/export/${id}.svg?${query}`)).body).map((t) => t.text), id).toContain(text);

    // The funnel's is wider than the print picture: two lines, each within the margins, the chart below them.
    const paper = (await get('/api/export/funnel.svg?period=2022-H1&size=print')).body;
    const lines = frameTexts(paper).filter((t) => t.size === 14);
    expect(lines.length).toBe(2);
    expect(lines.map((l) => l.text).join(' ')).toBe(chartById('funnel')!.subtitle);
    for (const line of lines) expect(measureShipped(line.text, '14px sans-serif').width).toBeLessThanOrEqual(PRINT_SIZE.width - 2 * 24);
    const caption = frameTexts(paper).find((t) => t.size === 15)!;
    expect(lines[0].y).toBeGreaterThan(caption.y + 15);
    expect(Number(/<svg x="\d+" y="(\d+)"/.exec(paper)![1])).toBeGreaterThan(lines[1].y);
  });

  it('the picture: a caption of long filters is wrapped between words, its period kept in sight; the chart under its last line', () => {
    const caption = 'Городской округ Верхнедольск · Дополнительное образование · Профориентация и ранняя профессионализация · 2026, 2 п/г (период не завершён, данные по 01.12.2026)';
    const frame = { title: 'Педагоги, прошедшие стажировку: динамика по полугодиям', caption, subtitle: 'По полугодиям; пунктир — цель', source: 'Источник: тест' };
    const option = { xAxis: { type: 'category', data: ['а'] }, yAxis: { type: 'value' }, series: [{ type: 'bar', data: [1] }] } as ChartOption;
    for (const size of [EXPORT_SIZE, PRINT_SIZE]) {
      const svg = renderChartSvg(option, frame, size);
      const lines = frameTexts(svg).filter((t) => t.size === 15);
      expect(lines.length, String(size.width)).toBeGreaterThan(1);
      expect(lines.map((l) => l.text).join(' ')).toBe(caption);
      for (const line of lines) expect(measureShipped(line.text, '15px sans-serif').width).toBeLessThanOrEqual(size.width - 2 * 24);
      const subtitle = frameTexts(svg).find((t) => t.size === 14)!;
      expect(subtitle.y).toBeGreaterThan(lines.at(-1)!.y);
      expect(Number(/<svg x="\d+" y="(\d+)"/.exec(svg)![1])).toBeGreaterThan(subtitle.y);
    }
  });

  it('the slide: title, caption, subtitle, chart and source one under another, each text box as tall as its lines', async () => {
    const pptx = (await get('/api/export/presentation.pptx?period=2022-H1&kpi=authors_share&charts=funnel,kpi-trend,kpi-by-district&omit=title,summary,kpis,scorecard,passports')).rawPayload;
    const subtitles = [
      chartById('funnel')!.subtitle as string, 'Нарастающим итогом; пунктир — цель',
      subtitleOf(chartById('kpi-by-district')!, await json('/api/kpis/by-district?kpi=authors_share&period=2022-H1')),
    ];
    for (const [i, slide] of slidesXml(pptx).entries()) {
      const shapes = slideShapes(slide);
      expect(shapes.map((s) => s.chart)).toEqual([false, false, false, true, false]);
      expect(shapes[2].text).toBe(subtitles[i]);
      for (let k = 1; k < shapes.length; k++) expect(shapes[k].y + 1e-3, `${i}: ${shapes[k].text}`).toBeGreaterThanOrEqual(shapes[k - 1].y + shapes[k - 1].h);
      // 14 pt lines across 12.3 in less the insets; the funnel's takes two.
      const lines = wrappedLines(subtitles[i], (12.3 - 0.2) * 72, 14).length;
      expect(shapes[2].h).toBeGreaterThanOrEqual((lines * 14 * 1.2) / 72);
      if (i === 0) expect(lines).toBe(2);
    }
  });
});

describe('workbooks', () => {
  it('XLSX names its sheet by the chart\'s title cut after a whole word, a colon a dash, no double space', async () => {
    const xlsx = (await get('/api/export/kpi-by-district.xlsx?kpi=authors_share&period=2022-H1')).rawPayload;
    expect(/<sheet [^>]*name="([^"]+)"/.exec(zipEntry(xlsx, 'xl/workbook.xml')!)![1]).toBe('Педагоги — авторы ресурсов');
    expect(sheetName('Педагоги — авторы ресурсов: по районам')).toBe('Педагоги — авторы ресурсов');
    expect(sheetName('Календарный план: пункты периода по статусу')).toBe('Календарный план — пункты');
    expect(sheetName('Сдача ежегодных отчётов площадок')).toBe('Сдача ежегодных отчётов');
    expect(sheetName('Воронка стажёров')).toBe('Воронка стажёров');
    expect(sheetName('Кто за этой цифрой — Оценка мероприятий участниками (из 5)')).toBe('Кто за этой цифрой — Оценка');
    expect(sheetName('Ы'.repeat(40))).toBe('Ы'.repeat(31));
  });
});

describe('districts in the Russian alphabet', () => {
  it('the reports chart and its CSV list districts by name as a Russian reader looks one up, not by their codes', async () => {
    // Coded north < south, but «Дубровский» comes before «Ёлкинский» (ё with е), though «Ё» comes first in Unicode.
    const renamed = await appWith({ ...smallRegion(), districts: [{ code: 'north', name: 'Ёлкинский район' }, { code: 'south', name: 'Дубровский район' }] });
    try {
      const data = (await renamed.inject({ url: '/api/charts/reports?period=2023-H1' })).json() as ReportsResponse;
      expect(data.rows.map((r) => r.name)).toEqual(['Дубровский район', 'Ёлкинский район']);
      const csv = parseCsv((await renamed.inject({ url: '/api/export/reports.csv?period=2023-H1' })).body);
      expect(csv.slice(1).map((row) => row[0])).toEqual(['Дубровский район', 'Ёлкинский район', 'Всего']);
    } finally {
      await renamed.close();
    }
  });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
