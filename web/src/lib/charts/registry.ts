/**
 * Every chart of the overview in one list: where its data comes from, how it is drawn, and the
 * table behind it. The dashboard, the print report and the server's exports (PNG, SVG, CSV,
 * XLSX, slides) all read it, so a chart looks and counts the same wherever it appears.
 */
import type { KpiByDistrictResponse, KpiCode, KpiMapResponse, KpiTrendResponse } from '../shared/api.js';
import { PREVIEW_WIDTH, type ChartForm, type DeckPart } from '../shared/codes.js';
import { absenceOf, KPI_META } from '../shared/kpis.js';
import { shownCell, unitDecimals, type TableData } from '../shared/table.js';
import { cardParams, filterParams, type ViewScope } from '../shared/scope.js';
import { apiUrl } from '../shared/url.js';
import { halfYearLabel } from '../shared/format.js';
import { NOT_ARRIVED } from '../shared/completeness.js';
import { EVENT_FORMATS, EVENT_MODES, PLAN_STATUSES, SITE_LEVELS } from '../shared/vocabulary.js';
import {
  eventsOption, eventsPerSite, eventsPerSiteOption, funnelOption, hasEventsPerSite, hasEvents, hasFunnel, hasPlan, hasReports, hasSites, planOption, reportsOption,
  sitesByDirectionOption,
} from './activity.js';
import { hasKpiByDistrict, hasKpiTrend, kpiByDistrictOption, kpiTrendOption, pointTarget, trendPeriodLabel } from './kpi.js';
import { hasKpiMap, kpiMapOption } from './map.js';
import type { ChartOption } from './types.js';

/** Shapes ECharts draws a map of: a GeoJSON FeatureCollection under the name a map series names. */
export interface MapShapes {
  name: string;
  geoJson: unknown;
}

export interface ChartDef<T> {
  /** The chart's name in export addresses (`/api/export/<id>.png`); the list below gives each its own. */
  id: string;
  title: (kpi: KpiCode) => string;
  /** What the picture shows, under the title: fixed, or read from the data (a target line only where there is a target). */
  subtitle: string | ((data: T) => string);
  /** The API query that returns the chart's data. */
  url: (scope: ViewScope) => string;
  /** The option of the data; `district`, the one the filters chose, is marked on a chart of every district. */
  build: (data: T, district: string | null) => ChartOption;
  hasData: (data: T) => boolean;
  table: (data: T) => TableData;
  /** What an empty chart says instead (default: no data for the filters), fixed or read from the data. */
  emptyText?: string | ((data: T) => string | undefined);
  height?: number;
  /** Drawn as a picture in a deck of PowerPoint charts too: PowerPoint has no chart of its kind (a map). */
  picture?: boolean;
  /** Of the whole region: only the period filters it, so a caption names no other filter. */
  periodOnly?: boolean;
  /** The shapes a map chart draws, registered with ECharts by name before its option (echarts.ts, optionFor). */
  shapes?: (data: T) => MapShapes[];
  /**
   * Drill-down: the filters a click on a bar or a name (`name`, the category clicked) opens; null
   * where the chart leads nowhere. The overview opens them as a new view (Back returns).
   */
  drill?: (data: T, name: string) => Partial<ViewScope> | null;
}

/**
 * Keeps a definition's id as its literal, so the list of ids is a type derived from the definitions;
 * the data type comes from `build`, the option builder of the chart's API answer.
 */
const chart = <T, const Id extends string>(def: ChartDef<T> & { id: Id }) => def;

const yesNo = (value: boolean | null) => (value === null ? null : value ? 'да' : 'нет');
const label = <T extends Record<string, string>>(dict: T, code: string) => dict[code as keyof T] ?? code;

/** A subtitle of phrases: those that apply, joined by semicolons, the first capitalised. */
function phrases(...parts: (string | null)[]): string {
  const text = parts.filter(Boolean).join('; ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The headings of the two counts beside a value: «Числитель», «Знаменатель» where the value is
 * one divided by the other; a mean rating's own (questionnaires, participants), which it is not.
 */
function partHeaders(kpi: KpiCode): [string, string] {
  const { source, who } = KPI_META[kpi];
  return typeof source.value === 'object' ? [who.numerator, who.denominator ?? 'Знаменатель'] : ['Числитель', 'Знаменатель'];
}

/** A KPI's value in each district, as the district chart and the map show it. */
function districtsTable(d: KpiByDistrictResponse): TableData {
  return {
    headers: [
      'Район', d.unit === 'percent' ? 'Значение, %' : 'Значение', ...partHeaders(d.code), 'Цель', 'Цель достигнута',
      ...(d.compared ? [`Значение за ${d.compared.label}`] : []),
    ],
    rows: d.rows.map((r) => [
      r.name, r.notArrived || r.value === null ? absenceOf(d.code, r.notArrived) : r.value, r.numerator, r.denominator, shownCell(d.target, d.unit), r.few && d.target !== null ? 'мало данных' : yesNo(r.met),
      ...(d.compared ? [r.previous] : []),
    ]),
    decimals: [null, unitDecimals(d.unit), null, null, unitDecimals(d.unit), null, unitDecimals(d.unit)],
  };
}

const TREND_COUNTS: Record<KpiTrendResponse['counts'], string> = {
  cumulative: 'Нарастающим итогом', end_of_period: 'На конец каждого полугодия', in_period: 'За каждое полугодие',
};

const kpiTrend = chart({
  id: 'kpi-trend',
  title: (kpi) => `${KPI_META[kpi].title}: динамика по полугодиям`,
  subtitle: (d: KpiTrendResponse) => phrases(
    TREND_COUNTS[d.counts],
    d.target !== null ? 'пунктир — цель' : 'цель не задана',
    d.points.some((p) => p.inProgress) ? 'полугодие, которое ещё идёт, — неполное' : null,
    d.points.some((p) => p.notArrived) ? 'пропуск — данные не поступили' : null,
  ),
  url: (s) => apiUrl('/api/kpis/trend', { ...filterParams(s), period: null, kpi: s.kpi }),
  build: kpiTrendOption,
  hasData: hasKpiTrend,
  table: (d) => {
    // Where a half-year's figure is an approval's, a column says which: the others are today's data.
    const approved = d.points.some((p) => p.approved);
    return {
      headers: ['Полугодие', d.unit === 'percent' ? 'Значение, %' : 'Значение', ...partHeaders(d.code), 'Цель', ...(approved ? ['Итоги'] : [])],
      rows: d.points.map((p) => [
        // Counted from what has come, the numbers would read as the half-year's figure.
        trendPeriodLabel(p), p.notArrived ? 'данные не поступили' : p.value, p.notArrived ? null : p.numerator, p.notArrived ? null : p.denominator, shownCell(pointTarget(p, d.target), d.unit),
        ...(approved ? [p.approved ? 'утверждённые' : 'текущие данные'] : []),
      ]),
      decimals: [null, unitDecimals(d.unit), null, null, unitDecimals(d.unit)],
    };
  },
  // As tall as the chart beside it (by district), whose panel sets the row's height.
  height: 420,
});

const kpiByDistrict = chart({
  id: 'kpi-by-district',
  title: (kpi) => `${KPI_META[kpi].title}: по районам`,
  subtitle: (d: KpiByDistrictResponse) => phrases(
    d.published ? 'утверждённые итоги' : null,
    d.target === null ? 'цель не задана' : d.rows.some((r) => r.met !== null) ? 'зелёный — цель достигнута, красный — нет' : null,
    d.target !== null && d.rows.some((r) => r.few) ? 'серый — мало данных для оценки' : null,
    d.compared && d.rows.some((r) => r.previous !== null) ? `бледным — ${d.compared.label}` : null,
  ),
  url: (s) => apiUrl('/api/kpis/by-district', { ...cardParams(s), district: null, kpi: s.kpi }),
  build: kpiByDistrictOption,
  hasData: hasKpiByDistrict,
  drill: (d, name) => {
    const row = d.rows.find((r) => r.name === name);
    return row ? { district: row.district } : null;
  },
  table: districtsTable,
  height: 420,
});

const kpiMap = chart({
  id: 'kpi-map',
  title: (kpi) => `${KPI_META[kpi].title}: карта районов`,
  subtitle: (d: KpiMapResponse) => phrases(
    d.published ? 'утверждённые итоги' : null,
    d.target !== null ? 'цвет — насколько значение близко к цели, как в сводке по районам' : 'чем темнее район, тем больше значение',
    d.rows.length < (d.map.geoJson as { features: unknown[] }).features.length || d.rows.some((r) => r.value === null || r.notArrived) ? 'штриховка — значения нет' : null,
    d.map.kind === 'tiles' ? 'районы плитками: границы не загружены' : null,
    d.missing.length > 0 ? `нет на карте: ${d.missing.join(', ')}` : null,
  ),
  url: (s) => apiUrl('/api/kpis/map', { ...cardParams(s), district: null, kpi: s.kpi }),
  build: kpiMapOption,
  hasData: hasKpiMap,
  // A district's shape is named by its code.
  drill: (d, code) => (d.rows.some((r) => r.district === code) ? { district: code } : null),
  table: districtsTable,
  shapes: (d) => [d.map],
  picture: true,
  height: 420,
});

/** Where the cards of events say «данные не поступили», so do the events charts, not «нет данных» (no events held?). */
const EVENTS_NOT_ARRIVED = `${NOT_ARRIVED[0].toUpperCase()}${NOT_ARRIVED.slice(1)}: мероприятия за период пока не присланы`;

const events = chart({
  id: 'events',
  title: () => 'Мероприятия по формам и способу проведения',
  subtitle: 'Мероприятия площадок за период',
  url: (s) => apiUrl('/api/charts/events', filterParams(s)),
  build: eventsOption,
  hasData: hasEvents,
  emptyText: (d) => (d.notArrived ? EVENTS_NOT_ARRIVED : undefined),
  table: (d) => ({
    headers: ['Полугодие', 'Форма', 'Способ проведения', 'Мероприятий', 'Участников по плану', 'Участников фактически', 'Мероприятий без числа участников по факту'],
    rows: d.rows.map((r) => [halfYearLabel(r.halfYear), label(EVENT_FORMATS, r.format), label(EVENT_MODES, r.mode), r.events, r.planned, r.actual, r.unreported]),
  }),
});

const eventsPerSiteChart = chart({
  id: 'events-per-site',
  title: () => 'Мероприятий на площадку: по формам и уровням площадок',
  subtitle: 'Мероприятия периода ÷ площадки уровня, действовавшие в периоде',
  url: (s) => apiUrl('/api/charts/events-per-site', filterParams(s)),
  build: eventsPerSiteOption,
  hasData: hasEventsPerSite,
  table: (d) => ({
    headers: ['Уровень площадки', 'Форма', 'Мероприятий', 'Площадок уровня', 'Мероприятий на площадку'],
    rows: d.rows.map((r) => [
      label(SITE_LEVELS, r.level), r.format === null ? 'мероприятий не было' : label(EVENT_FORMATS, r.format), r.events, r.sites, eventsPerSite(r),
    ]),
    decimals: [null, null, null, null, 1],
  }),
  emptyText: (d) => (d.notArrived ? EVENTS_NOT_ARRIVED : 'За этот период нет данных о мероприятиях площадок'),
});

const funnel = chart({
  id: 'funnel',
  title: () => 'Воронка стажёров',
  subtitle: 'Считаются стажировки, не люди: педагог с двумя стажировками — дважды; записались → прошли → сдали отчёт → получили сертификат',
  url: (s) => apiUrl('/api/charts/funnel', filterParams(s)),
  build: funnelOption,
  hasData: hasFunnel,
  // Where the cards of trainees say «данные не поступили», so does the funnel: the trainees of the
  // district's organisations at other districts' sites are no whole figure.
  emptyText: (d) => (d.notArrived ? `${NOT_ARRIVED[0].toUpperCase()}${NOT_ARRIVED.slice(1)}: участие педагогов за период пока не прислано` : undefined),
  table: (d) => ({
    headers: ['Этап', 'Стажировок', 'Доля от записавшихся, %'],
    rows: d.stages.map((s) => [s.label, s.count, d.stages[0].count ? shownCell((100 * s.count) / d.stages[0].count, 'percent') : null]),
    decimals: [null, null, 1],
  }),
});

const sites = chart({
  id: 'sites-by-direction',
  title: () => 'Площадки по направлениям и уровням',
  subtitle: 'Действующие в периоде',
  url: (s) => apiUrl('/api/charts/sites-by-direction', filterParams(s)),
  build: sitesByDirectionOption,
  hasData: hasSites,
  table: (d) => ({
    headers: ['Направление', 'Уровень', 'Площадок'],
    rows: d.rows.map((r) => [r.name, label(SITE_LEVELS, r.level), r.sites]),
  }),
  height: 360,
});

const reports = chart({
  id: 'reports',
  title: () => 'Сдача ежегодных отчётов площадок',
  subtitle: 'Срок — 15 мая, если не назначен другой; по учебному году периода',
  url: (s) => apiUrl('/api/charts/reports', filterParams(s)),
  build: reportsOption,
  hasData: hasReports,
  table: (d) => ({
    headers: ['Район', 'В срок', 'С опозданием', 'Не сдан', 'Срок не наступил'],
    rows: [...d.rows.map((r) => [r.name, r.onTime, r.late, r.missing, r.pending]),
      ['Всего', d.total.onTime, d.total.late, d.total.missing, d.total.pending]],
  }),
  emptyText: 'В этом периоде нет площадок, обязанных сдать отчёт',
  height: 360,
});

const plan = chart({
  id: 'plan',
  title: () => 'Календарный план: пункты периода по статусу',
  subtitle: 'План региона: фильтры района и направления к нему не применяются',
  url: (s) => apiUrl('/api/charts/plan', { period: s.period }),
  periodOnly: true,
  build: planOption,
  hasData: hasPlan,
  table: (d) => ({
    headers: ['Пункт', 'Мероприятие', 'Ожидаемый продукт', 'Статус', 'Полугодия'],
    rows: d.items.map((i) => [i.code, i.title, i.expectedProduct, label(PLAN_STATUSES, i.status), i.halfYears.map(halfYearLabel).join('; ')]),
  }),
});

const DEFINED = [kpiTrend, kpiByDistrict, kpiMap, events, eventsPerSiteChart, funnel, sites, reports, plan] as const;
export type ChartId = (typeof DEFINED)[number]['id'];
/** A chart of the list, its data no longer typed: each definition is typed by its own API answer above. */
export type Chart = ChartDef<unknown> & { id: ChartId };
export const CHARTS = DEFINED as unknown as Chart[];
export const CHART_IDS: readonly ChartId[] = CHARTS.map((c) => c.id);

/** What a chart with nothing to draw says instead of the picture. */
export function emptyTextOf(def: Chart, data: unknown): string {
  const own = typeof def.emptyText === 'function' ? (data === null ? undefined : def.emptyText(data)) : def.emptyText;
  return own ?? 'Нет данных за выбранный период и фильтры';
}

/** The chart's subtitle for its data (none yet while a data-dependent one waits for it). */
export function subtitleOf(def: Chart, data: unknown): string {
  return typeof def.subtitle === 'string' ? def.subtitle : data === null ? '' : def.subtitle(data);
}

export function chartById(id: string): Chart | undefined {
  return CHARTS.find((c) => c.id === id);
}

export type ExportFormat = 'png' | 'svg' | 'csv' | 'xlsx';

/** The server's file of a chart: the image framed with title and caption, or its data. */
/** A chart's file; `size: 'print'` draws a picture for the print report's A4 page. */
export function exportUrl(id: ChartId, format: ExportFormat, scope: ViewScope, size: 'print' | null = null): string {
  return apiUrl(`/api/export/${id}.${format}`, { ...viewParams(scope), size });
}

/** The chart drawn by the server at a panel's width, shown until ECharts has loaded (ChartPanel). */
export function previewUrl(id: ChartId, scope: ViewScope, width: number): string {
  return apiUrl(`/api/preview/${id}`, { ...viewParams(scope), width: String(Math.min(PREVIEW_WIDTH.max, Math.max(PREVIEW_WIDTH.min, Math.round(width)))) });
}

/**
 * What a chart drawn or downloaded for a view is of: the filters, the KPI and what the view
 * compares with (the district chart's pale bars), as on the screen.
 */
const viewParams = (scope: ViewScope) => ({ ...filterParams(scope), kpi: scope.kpi, compare: scope.compare ?? null });

/** The deck of the chosen charts (all of them when none are named), without the `omit` slides, its charts as `chartsAs`. */
export function presentationUrl(scope: ViewScope, charts: ChartId[], omit: DeckPart[] = [], chartsAs: ChartForm = 'native'): string {
  return apiUrl('/api/export/presentation.pptx', {
    ...viewParams(scope), charts: charts.join(',') || null, omit: omit.join(',') || null, chartsAs: chartsAs === 'native' ? null : chartsAs,
  });
}
