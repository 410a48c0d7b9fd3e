import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventsOption, eventsPerSiteOption, funnelOption, hasEventsPerSite, hasEvents, hasFunnel, hasPlan, hasReports, hasSites, planOption, reportsOption,
  sitesByDirectionOption,
} from '../web/src/lib/charts/activity.js';
import { echarts, optionFor } from '../web/src/lib/charts/echarts.js';
import { fitToWidth, heightToFit } from '../web/src/lib/charts/fit.js';
import { axisMax, COMPARED_COLOR, hasKpiByDistrict, hasKpiTrend, kpiByDistrictOption, kpiTrendOption, niceMax } from '../web/src/lib/charts/kpi.js';
import { CHARTS, chartById, subtitleOf } from '../web/src/lib/charts/registry.js';
import { COLORS } from '../web/src/lib/charts/theme.js';
import { nativeChart } from '../server/export/native-chart.js';
import { drawSvg, EXPORT_SIZE, PRINT_SIZE } from '../server/export/render.js';
import type { ChartOption } from '../web/src/lib/charts/types.js';
import type { EventsResponse, FunnelResponse, KpiByDistrictResponse, KpiTrendResponse, SitesByDirectionResponse } from '../web/src/lib/shared/api.js';
import { EVENT_FORMATS } from '../web/src/lib/shared/vocabulary.js';
import { smallRegion } from './fixtures/small-region.js';
import { appWith, type TestApp } from './helpers/server.js';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await appWith(smallRegion());
});
afterAll(() => testApp.close());

const api = async <T>(url: string) => (await testApp.inject({ url })).json() as T;

/** Renders an option the way exports will: ECharts' SVG renderer in Node, no DOM. */
function renderSvg(option: ChartOption, width = 800, height = 400): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ ...option, animation: false });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

describe('chart option builders on real API answers', () => {
  it('KPI trend: a point per half-year, the target line, Russian number labels', async () => {
    const data = await api<KpiTrendResponse>('/api/kpis/trend?kpi=authors_share');
    expect(hasKpiTrend(data)).toBe(true);
    const svg = renderSvg(kpiTrendOption(data));
    expect(svg).toMatch(/>Цель<\/text>\s*<text[^>]*>3,0\u202f%<\/text>/); // on two lines, right of the plot
    expect(svg).toContain('2,7\u202f%'); // 4 of 150 teachers, 2,666… %, in 2023-H1
    // Every half-year keeps its label, the year over the half («2023» over «1 п/г»), on a phone too.
    for (const [width, fitted] of [[800, kpiTrendOption(data)], [340, fitToWidth(kpiTrendOption(data), 340)]] as const) {
      const texts = [...renderSvg(fitted, width).matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
      expect(texts.filter((t) => /^[12] п\/г$/.test(t)), `${width} px`).toHaveLength(data.points.length);
      expect(texts[texts.indexOf('1 п/г', texts.indexOf('2023')) - 1]).toBe('2023');
    }
  });

  it('KPI trend: a half-year still going on is named «(идёт)» on the axis, in the table and the subtitle, and its point is hollow', async () => {
    const data = await api<KpiTrendResponse>('/api/kpis/trend?kpi=authors_share');
    const going = { ...data, points: data.points.map((p, i) => ({ ...p, inProgress: i === data.points.length - 1 })) };
    const last = data.points.at(-1)!.period.label;
    const option = kpiTrendOption(going);
    const axis = [option.xAxis].flat()[0] as { data: string[] };
    expect(axis.data.at(-1)).toBe(`${last} (идёт)`);
    expect(axis.data.filter((label) => label.includes('идёт'))).toHaveLength(1);
    const line = [option.series].flat()[0] as { symbol: string; data: { symbol?: string }[] };
    expect(line.data.map((p) => p.symbol ?? line.symbol)).toEqual([...line.data.slice(1).map(() => 'circle'), 'emptyCircle']);
    const texts = [...renderSvg(fitToWidth(option, 340), 340).matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(texts).toContain('(идёт)');
    const trend = chartById('kpi-trend')!;
    expect(subtitleOf(trend, going)).toBe('Нарастающим итогом; пунктир — цель; полугодие, которое ещё идёт, — неполное');
    expect(trend.table!(going).rows.map((row) => row[0]).at(-1)).toBe(`${last} (идёт)`);
    // Slides name it as the picture does.
    expect(nativeChart(option).labels.at(-1)).toBe(`${last} (идёт)`);
  });

  it('KPI by district: green where the target is met, red where not, grey where too few data to judge, and a legend that says so', async () => {
    // The period's own bars (the pale bars of the period compared with are the next test's).
    const bars = (option: ChartOption) => (option.series as { name: string; data: (number | null)[]; itemStyle: { color: string } }[])
      .filter((s) => s.itemStyle.color !== COMPARED_COLOR).map((s) => [s.name, s.itemStyle.color, s.data]);
    const data = await api<KpiByDistrictResponse>('/api/kpis/by-district?kpi=competition_share&period=2022-H2');
    // 3 and 2 organizations: too few to judge (as on the scorecard), whatever the share.
    const few = kpiByDistrictOption(data);
    // The north's 2 of 3 (66,666… %, as its card shows it) and the south's 2 of 2.
    expect(bars(few)).toEqual([['мало данных для оценки', COLORS.neutral, [66.7, 100]]]);
    expect(COLORS.neutral).not.toBe(COMPARED_COLOR);
    expect(renderSvg(few)).toContain('мало данных для оценки');
    // ECharts draws categories bottom-up, so the best district comes last.
    const option = kpiByDistrictOption({ ...data, rows: data.rows.map((r) => ({ ...r, few: false, met: true })) });
    expect(bars(option)).toEqual([['цель достигнута', COLORS.met, [66.7, 100]]]);
    const svg = renderSvg(option);
    expect(svg).toContain('Южный район');
    expect(svg).toContain('цель достигнута'); // the legend, in every exported picture too
    expect(svg).not.toContain('мало данных');
    const authors = await api<KpiByDistrictResponse>('/api/kpis/by-district?kpi=authors_share&period=2022-H2');
    expect(bars(kpiByDistrictOption(authors)).map(([name, color]) => [name, color])).toEqual([['цель не достигнута', COLORS.missed]]);
    // No target: grey bars, nothing to explain.
    const satisfaction = await api<KpiByDistrictResponse>('/api/kpis/by-district?kpi=satisfaction&period=2022-H2');
    const grey = kpiByDistrictOption(satisfaction);
    // The district without a single questionnaire gets the words «нет анкет», not a grey 0.
    expect(bars(grey).map(([name, color]) => [name, color])).toEqual([['2022, 2 п/г', COLORS.neutral], ['нет значения', 'transparent']]);
    expect(renderSvg(grey)).toContain('нет анкет');
    // The legend only tells the two periods apart.
    expect((grey.legend as { data: string[] }).data).toEqual(['2022, 2 п/г', '2022, 1 п/г']);
    const alone = await api<KpiByDistrictResponse>('/api/kpis/by-district?kpi=satisfaction&period=2020-H2');
    expect(kpiByDistrictOption(alone).legend).toBeUndefined();
  });

  it('KPI by district: beside each district, a pale bar of the period compared with, named in the legend', async () => {
    const data = await api<KpiByDistrictResponse>('/api/kpis/by-district?kpi=authors_share&period=2023-H1&compare=year_ago');
    expect(data.compared?.code).toBe('2022-H1');
    const before = await api<KpiByDistrictResponse>('/api/kpis/by-district?kpi=authors_share&period=2022-H1');
    // Each district's value of the period compared with, as that period's own chart has it.
    expect(data.rows.map((r) => [r.district, r.previous])).toEqual(data.rows.map((r) => [r.district, before.rows.find((b) => b.district === r.district)!.value]));
    const option = kpiByDistrictOption(data);
    const pale = (option.series as { name: string; data: (number | null)[] }[]).find((s) => s.name === '2022, 1 п/г')!;
    expect(pale.data).toEqual([...data.rows].reverse().map((r) => r.previous));
    expect((option.legend as { data: string[] }).data).toContain('2022, 1 п/г');
    expect(renderSvg(option)).toContain('2022, 1 п/г');
    // The first half-year has nothing before it: no pale bars, no legend entry.
    const first = await api<KpiByDistrictResponse>('/api/kpis/by-district?kpi=authors_share&period=2020-H2');
    expect(first.compared).toBeNull();
    expect((kpiByDistrictOption(first).series as { itemStyle: { color: string } }[]).map((s) => s.itemStyle.color)).not.toContain(COMPARED_COLOR);
  });

  it('KPI by district: the district chosen in the filters is named in bold among every district, on the page and in its downloads', async () => {
    const data = await api<KpiByDistrictResponse>('/api/kpis/by-district?kpi=authors_share&period=2023-H1');
    const bold = (svg: string) => [...svg.matchAll(/<text[^>]*font-weight[^>]*bold[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(bold(renderSvg(kpiByDistrictOption(data)))).toEqual([]);
    const chosen = kpiByDistrictOption(data, 'south');
    expect(bold(renderSvg(chosen))).toEqual(['Южный район']);
    // PowerPoint's chart and the table name the districts as before.
    expect(nativeChart(chosen).labels).toEqual(nativeChart(kpiByDistrictOption(data)).labels);
    expect(nativeChart(chosen).labels).toContain('Южный район');
    for (const url of ['/api/preview/kpi-by-district?width=800&', '/api/export/kpi-by-district.svg?']) {
      const svg = (await testApp.inject({ url: `${url}kpi=authors_share&period=2023-H1&district=south` })).body;
      expect(bold(svg), url).toContain('Южный район');
      expect(bold(svg), url).not.toContain('Северный район');
    }
  });

  it('KPI by district: a district with nothing to divide by says so where its bar would be, never 0', async () => {
    const data = await api<KpiByDistrictResponse>('/api/kpis/by-district?kpi=events_per_site&period=2022-H2');
    const empty = { district: 'east', name: 'Восточный район', value: null, numerator: 0, denominator: 0, met: null, few: false, previous: null, notArrived: false };
    const option = kpiByDistrictOption({ ...data, rows: [...data.rows, empty] });
    // ECharts draws categories bottom-up: the added district is the first category, with no bar.
    const bars = (option.series as { name: string; data: (number | null)[] }[]).filter((s) => s.name !== 'нет значения');
    expect(bars.map((s) => s.data[0])).toEqual(bars.map(() => null));
    const svg = renderSvg(option);
    expect(svg).toContain('Восточный район');
    expect(svg).toContain('нет площадок');
    expect(nativeChart(option).series.map((s) => s.name)).not.toContain('нет значения');
  });

  it('events, funnel, sites, reports and plan render with their labels', async () => {
    const cases: [string, (d: never) => ChartOption, (d: never) => boolean, string][] = [
      ['/api/charts/events?period=2022-H1', eventsOption, hasEvents, 'Вебинар'],
      ['/api/charts/funnel?period=2022-H1', funnelOption, hasFunnel, '>4 (100\u202f%)<'],
      ['/api/charts/sites-by-direction?period=2021-H2', sitesByDirectionOption, hasSites, 'Региональный'],
      ['/api/charts/reports?period=2023-H1', reportsOption, hasReports, 'Не сдан'],
      ['/api/charts/plan?period=2022-H1', planOption, hasPlan, 'Просрочено: 1'],
    ];
    for (const [url, build, has, text] of cases) {
      const data = await api<never>(url);
      expect(has(data), url).toBe(true);
      expect(renderSvg(build(data)), url).toContain(text);
    }
  });

  it('the funnel draws a stage nobody reached pale, not as a step as wide as its label, and its steps in proportion to the first', async () => {
    const { period, stages } = await api<FunnelResponse>('/api/charts/funnel?period=2022-H1');
    const counts = [2, 2, 0, 0];
    const option = funnelOption({ period, stages: stages.map((s, i) => ({ ...s, count: counts[i] })), analyticReports: 0, distinctTeachers: 2, notArrived: false });
    const svg = renderSvg(option);
    const fills = [...svg.matchAll(/<polygon [^>]*fill="([^"]+)"/g)].map((m) => m[1]);
    expect(fills.filter((f) => f === '#e3e8ec')).toHaveLength(2);
    expect(svg).toContain('>0 (0\u202f%)<');
    expect((option.series as { min: number; max: number }[])[0]).toMatchObject({ min: 0, max: 2 });
    // A real answer has no pale step.
    expect(renderSvg(funnelOption(await api('/api/charts/funnel?period=2022-H1')))).not.toContain('#e3e8ec');
  });

  it('events chart stacks in person and remote per format', async () => {
    const option = eventsOption(await api('/api/charts/events?period=2022-23'));
    expect((option.xAxis as { data: string[] }).data).toEqual(['Семинар', 'Мастер-класс']);
    expect((option.series as { name: string; data: number[] }[]).map((s) => [s.name, s.data])).toEqual([
      ['Очно', [0, 1]], ['Дистанционно', [1, 0]],
    ]);
  });

  it('events per site: a bar per site level and format, events ÷ sites of that level', async () => {
    // 2022-H1: SP1 (municipal, the only site in force) held a seminar and a webinar.
    const option = eventsPerSiteOption(await api('/api/charts/events-per-site?period=2022-H1'));
    expect((option.xAxis as { data: string[] }).data).toEqual(['Семинар', 'Вебинар']);
    expect((option.series as { name: string; data: number[] }[]).map((s) => [s.name, s.data])).toEqual([['Муниципальный', [1, 1]]]);
    const year = eventsPerSiteOption(await api('/api/charts/events-per-site?period=2022-23'));
    expect((year.series as { name: string; data: number[] }[]).map((s) => [s.name, s.data])).toEqual([
      ['Школьный', [0, 1]], ['Муниципальный', [1, 0]],
    ]);
    expect(renderSvg(year)).toContain('Мастер-класс');
    expect(hasEventsPerSite(await api('/api/charts/events-per-site?period=2020-H2'))).toBe(false);
  });

  it('reports there is nothing to draw for empty answers', async () => {
    expect(hasEvents(await api('/api/charts/events?period=2020-H2'))).toBe(false);
    expect(hasFunnel(await api('/api/charts/funnel?period=2020-H2'))).toBe(false);
    expect(hasReports(await api('/api/charts/reports?period=2021-22&direction=inclusive'))).toBe(false);
    expect(hasKpiByDistrict({ rows: [] } as unknown as KpiByDistrictResponse)).toBe(false);
  });
});

describe('numbers on the axes', () => {
  it('every chart writes them the Russian way: a decimal comma, a space between thousands', async () => {
    const numbers: string[] = [];
    for (const def of CHARTS) {
      for (const period of ['2022-H1', '2022-H2', '2023-H1']) {
        const data = await api(def.url({ period, district: null, orgType: null, direction: null, kpi: 'events_per_site' }));
        if (!def.hasData(data)) continue;
        const texts = [...renderSvg(optionFor(def, data)).matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].trim());
        numbers.push(...texts.filter((t) => /^[\d.,\s\u202f%]+$/.test(t) && /\d/.test(t)));
      }
    }
    expect(numbers.some((n) => n.includes(','))).toBe(true); // fractions were drawn
    expect(numbers.filter((n) => /\d\.\d|\d,\d{3}\b/.test(n))).toEqual([]);
  });
});

describe('a chart on a phone', () => {
  it('the district names leave room for the bars, and the value axis labels do not run into each other', async () => {
    const data = await api<KpiByDistrictResponse>('/api/kpis/by-district?kpi=competition_share&period=2022-H2');
    const long = { ...data, rows: data.rows.map((r, i) => (i === 0 ? { ...r, name: 'Городской округ Верхнедольск' } : r)) };
    const ticks = (svg: string) => [...svg.matchAll(/<text[^>]*transform="translate\(([\d.]+) [\d.]+\)"[^>]*>(\d+\u202f%)<\/text>/g)]
      .map((m) => Number(m[1])).sort((a, b) => a - b);
    const gaps = (xs: number[]) => xs.slice(1).map((x, i) => x - xs[i]);
    const phone = ticks(renderSvg(fitToWidth(kpiByDistrictOption(long), 340), 340, 420));
    expect(phone.length).toBeGreaterThan(1);
    expect(Math.min(...gaps(phone))).toBeGreaterThanOrEqual(30);
    // The same option unfitted: its names take the width and the ticks crowd together.
    expect(Math.min(...gaps(ticks(renderSvg(kpiByDistrictOption(long), 340, 420))))).toBeLessThan(30);
    // A desktop panel and the exports keep the option as it is.
    const option = kpiByDistrictOption(long);
    expect(fitToWidth(option, 800)).toBe(option);
    // On a phone each name has a row tall enough for two lines.
    const many = kpiByDistrictOption({ ...data, rows: Array.from({ length: 15 }, (_, i) => ({ ...data.rows[0], district: `d${i}`, name: `Район ${i}` })) });
    expect(heightToFit(many, 340, 420)).toBe(15 * 36 + 100);
    expect(heightToFit(many, 800, 420)).toBe(420);
    expect(heightToFit(kpiByDistrictOption(long), 340, 420)).toBe(420);
  });

  it('a long name wraps between its words, as wide as the server\'s font draws it, its lines flush right, and its row holds all its lines', async () => {
    const { period } = await api<SitesByDirectionResponse>('/api/charts/sites-by-direction?period=2022-H2');
    const names = ['Воспитание и социализация', 'Наставничество педагогов', 'Профориентация и ранняя профессионализация',
      'Развитие детей дошкольного возраста', 'Современные образовательные технологии', 'Цифровая образовательная среда'];
    const data: SitesByDirectionResponse = { period, rows: names.map((name, i) => ({ direction: `d${i}`, name, level: 'school', sites: i + 1 })) };
    for (const width of [358, 390]) {
      const option = fitToWidth(sitesByDirectionOption(data), width);
      // As the server draws it (drawSvg), names wrapped as the page wraps them (wrapNames).
      const svg = drawSvg(option, width, heightToFit(option, width, 320));
      // The names beside the bars: the texts ECharts right-aligns against the axis.
      const lines = [...svg.matchAll(/<text([^>]*text-anchor="end"[^>]*)>([^<]*)<\/text>/g)].map(([, attributes, text]) => ({
        y: Number(/ y="([-\d.]+)"/.exec(attributes)?.[1] ?? 0) + Number(/translate\([-\d.]+ ([-\d.]+)\)/.exec(attributes)![1]),
        text,
      }));
      // Right-aligned: a line ending in a space would stop short of the line under it.
      expect(lines.filter((l) => l.text !== l.text.trim()), `${width} px`).toEqual([]);
      // Every word of every name, each whole on a line.
      expect(lines.flatMap((l) => l.text.split(' ')).sort(), `${width} px`).toEqual(names.flatMap((name) => name.split(' ')).sort());
      // No line of one name runs into a line of the next: 12 px text, at least 12 px apart.
      const ys = lines.map((l) => l.y).sort((a, b) => a - b);
      expect(Math.min(...ys.slice(1).map((y, i) => y - ys[i])), `${width} px`).toBeGreaterThanOrEqual(12);
    }
  });

  it('a ring keeps whole labels, names under columns slant clear of each other, a side value axis keeps its ticks', async () => {
    // The plan's ring: names beside it are cut («Запл…») on a phone; its slices then carry their
    // counts only, and the legend under it names them.
    const plan = planOption(await api('/api/charts/plan?period=2022-H1'));
    const named = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*: \d+)<\/text>/g)].map((m) => m[1]);
    expect(named(renderSvg(plan, 800, 360))).toContain('Просрочено: 1');
    const ring = renderSvg(fitToWidth(plan, 340), 340, 360);
    expect(named(ring)).toEqual([]);
    expect(ring).not.toContain('…');
    expect(ring).toContain('>Просрочено<');
    // Events of every format under the columns: slanted at 45° on a phone.
    const events = eventsOption({
      period: (await api<EventsResponse>('/api/charts/events?period=2022-23')).period,
      rows: Object.keys(EVENT_FORMATS).map((format) => ({ halfYear: '2022-H2', format, mode: 'offline', events: 3, planned: 30, actual: 28, unreported: 0 })),
    });
    const axis = (option: ChartOption) => [option.xAxis].flat()[0] as { data: string[]; axisLabel: { rotate: number } };
    expect(axis(events).data).toHaveLength(Object.keys(EVENT_FORMATS).length);
    expect([axis(events).axisLabel.rotate, axis(fitToWidth(events, 340)).axisLabel.rotate]).toEqual([20, 45]);
    // The trend's value axis runs up the side, where there is height enough: untouched.
    const trend = kpiTrendOption(await api<KpiTrendResponse>('/api/kpis/trend?kpi=authors_share'));
    expect(fitToWidth(trend, 340).yAxis).toEqual(trend.yAxis);
  });
});

describe('every chart keeps its text inside its canvas', () => {
  /** The longest names a region has, in every name field of an answer (districts, directions, sites). */
  const LONG = 'Городской округ Верхняя Пышма Свердловской области';
  const lengthen = (value: unknown): unknown => (Array.isArray(value) ? value.map(lengthen)
    : value && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).map(([key, v]) => [key, /^name$|Name$/.test(key) && typeof v === 'string' ? LONG : lengthen(v)]))
      : value);

  /**
   * Each text of a chart drawn by the SVG renderer that reaches past the canvas: measured as
   * ECharts measures it (its position, anchor and size in the SVG), so a label ECharts placed at
   * an edge or beyond, where a canvas would cut it, is found.
   */
  function textBoxes(svg: string): { text: string; left: number; right: number; top: number; bottom: number }[] {
    return [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map(([, attributes, text]) => {
      const number = (pattern: RegExp) => Number(pattern.exec(attributes)?.[1] ?? 0);
      const [x, y] = [number(/translate\(([-\d.]+) /) + number(/ x="([-\d.]+)"/), number(/translate\([-\d.]+ ([-\d.]+)\)/) + number(/ y="([-\d.]+)"/)];
      const size = number(/font-size:(\d+)px/);
      const anchor = /text-anchor="(\w+)"/.exec(attributes)?.[1] ?? 'start';
      const wide = echarts.format.getTextRect(text, `${size}px sans-serif`).width;
      const left = x - (anchor === 'end' ? wide : anchor === 'middle' ? wide / 2 : 0);
      return { text, left, right: left + wide, top: y - size / 2, bottom: y + size / 2 };
    });
  }

  function textsOutside(svg: string, width: number, height: number): string[] {
    return textBoxes(svg).filter((b) => b.left < -0.5 || b.right > width + 0.5 || b.top < -0.5 || b.bottom > height + 0.5)
      .map((b) => `«${b.text}» at ${Math.round(b.left)}…${Math.round(b.right)} ${Math.round(b.top)}…${Math.round(b.bottom)} of ${height}`);
  }

  /** The texts that the target's label («Цель …») covers. */
  function underTarget(svg: string): string[] {
    const boxes = textBoxes(svg);
    const target = boxes.find((b) => b.text.startsWith('Цель'));
    expect(target).toBeDefined();
    return boxes.filter((b) => b !== target && b.left < target!.right && target!.left < b.right && b.top < target!.bottom && target!.top < b.bottom)
      .map((b) => b.text);
  }

  it('on a phone, a desktop panel, paper and a slide, with the longest names: no label cut at an edge', async () => {
    let drawn = 0;
    for (const def of CHARTS) {
      for (const [kpi, period] of [['authors_share', '2022-H2'], ['events_per_site', '2023-H1'], ['satisfaction', '2022-H2']] as const) {
        const data = lengthen(await api(def.url({ period, district: null, orgType: null, direction: null, kpi })));
        if (!def.hasData(data)) continue;
        for (const width of [330, 358, 800, PRINT_SIZE.width, EXPORT_SIZE.width]) {
          const option = fitToWidth(optionFor(def, data), width);
          const height = heightToFit(option, width, 360);
          expect(textsOutside(renderSvg(option, width, height), width, height), `${def.id}, ${kpi}, ${period}, ${width} px`).toEqual([]);
          drawn += 1;
        }
      }
    }
    expect(drawn).toBeGreaterThan(CHARTS.length * 5);
    // The check finds what a canvas cuts: the same district chart unfitted on a phone.
    const districts = lengthen(await api('/api/kpis/by-district?kpi=authors_share&period=2022-H2')) as KpiByDistrictResponse;
    expect(textsOutside(renderSvg(kpiByDistrictOption(districts), 342, 360), 342, 360)).not.toEqual([]);
  });

  it('the target\'s dashed line runs under the values beside the bars, each on a white ground, never through them', async () => {
    const districts = await api<KpiByDistrictResponse>('/api/kpis/by-district?kpi=authors_share&period=2022-H2');
    for (const width of [358, 800]) {
      const option = fitToWidth(kpiByDistrictOption(districts), width);
      const svg = drawSvg(option, width, heightToFit(option, width, 420));
      const line = svg.indexOf('stroke-dasharray');
      const values = [...svg.matchAll(/<text[^>]*>\d+,\d\u202f%<\/text>/g)];
      expect(line, `${width} px`).toBeGreaterThan(0);
      expect(values.length, `${width} px`).toBe(districts.rows.filter((r) => r.value !== null).length);
      // Drawn after the line (over it), each right after a white rectangle (its ground).
      for (const value of values) {
        expect(value.index, `${width} px`).toBeGreaterThan(line);
        expect(svg.slice(Math.max(0, value.index! - 400), value.index), `${width} px`).toMatch(/<(rect|path)[^>]*fill="#ffffff"[^>]*><\/\1>\s*$/);
      }
    }
  });

  it('the target\'s label covers no value, even where every value lies on the target', async () => {
    const trend = await api<KpiTrendResponse>('/api/kpis/trend?kpi=authors_share');
    const districts = await api<KpiByDistrictResponse>('/api/kpis/by-district?kpi=authors_share&period=2022-H2');
    const onTarget = <T extends { value: number | null }>(rows: T[]) => rows.map((r) => ({ ...r, value: trend.target }));
    for (const width of [358, 800, PRINT_SIZE.width, EXPORT_SIZE.width]) {
      for (const option of [
        kpiTrendOption(trend), kpiTrendOption({ ...trend, points: onTarget(trend.points) }),
        kpiByDistrictOption(districts), kpiByDistrictOption({ ...districts, rows: onTarget(districts.rows) }),
      ]) {
        const fitted = fitToWidth(option, width);
        const svg = renderSvg(fitted, width, heightToFit(fitted, width, 360));
        expect(underTarget(svg), `${width} px`).toEqual([]);
        expect(textsOutside(svg, width, heightToFit(fitted, width, 360)), `${width} px`).toEqual([]);
      }
    }
  });
});

describe('long names on a slide', () => {
  it('a district\'s long name wraps onto a second line, whole, never cut with «…»', async () => {
    const data = await api<KpiByDistrictResponse>('/api/kpis/by-district?kpi=competition_share&period=2022-H2');
    const long = 'Городской округ Верхняя Пышма Свердловской области';
    const svg = renderSvg(kpiByDistrictOption({ ...data, rows: data.rows.map((r, i) => (i === 0 ? { ...r, name: long } : r)) }));
    expect(svg).not.toContain('…');
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].trim());
    const first = texts.findIndex((t) => t.startsWith('Городской'));
    // The name's lines follow each other in the SVG.
    const lines: string[] = [];
    for (let i = first; i < texts.length && long.startsWith([...lines, texts[i]].join(' ')); i++) lines.push(texts[i]);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe(long);
  });
});

describe('subtitles say what the chart shows', () => {
  const subtitle = async (id: string, url: string) => subtitleOf(chartById(id)!, await api(url));

  it('the trend: what a point counts, and the dashed line only where there is a target', async () => {
    expect(await subtitle('kpi-trend', '/api/kpis/trend?kpi=authors_share')).toBe('Нарастающим итогом; пунктир — цель');
    expect(await subtitle('kpi-trend', '/api/kpis/trend?kpi=pilot_orgs')).toBe('На конец каждого полугодия; пунктир — цель');
    // Its half-years before 2022 have SP3 in force and no events sent: gaps, said so.
    expect(await subtitle('kpi-trend', '/api/kpis/trend?kpi=events_per_site')).toBe('За каждое полугодие; цель не задана; пропуск — данные не поступили');
  });

  it('by district: the colours explained only where there is a target to meet', async () => {
    expect(await subtitle('kpi-by-district', '/api/kpis/by-district?kpi=authors_share&period=2022-H2')).toBe('Зелёный — цель достигнута, красный — нет; бледным — 2022, 1 п/г');
    // Every district too few organizations: no verdict to explain, only the grey.
    expect(await subtitle('kpi-by-district', '/api/kpis/by-district?kpi=competition_share&period=2022-H2')).toBe('Серый — мало данных для оценки; бледным — 2022, 1 п/г');
    expect(await subtitle('kpi-by-district', '/api/kpis/by-district?kpi=satisfaction&period=2022-H2')).toBe('Цель не задана; бледным — 2022, 1 п/г');
    expect(await subtitle('kpi-by-district', '/api/kpis/by-district?kpi=satisfaction&period=2020-H2')).toBe('Цель не задана');
  });
});

describe('axis ends', () => {
  it('round up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([0, 0.4, 3.3, 8.25, 9, 11, 23, 110].map(niceMax)).toEqual([1, 0.5, 5, 10, 10, 20, 25, 200]);
  });

  it('stop at 100 % for a share that reaches it, not for counts or shares above it', () => {
    expect([axisMax(100, 'percent', 1.1), axisMax(95, 'percent', 1.15), axisMax(40, 'percent', 1.1)]).toEqual([100, 100, 50]);
    expect([axisMax(120, 'percent', 1.1), axisMax(100, 'count', 1.1), axisMax(4.5, 'average', 1.1)]).toEqual([200, 200, 5]);
  });
});
