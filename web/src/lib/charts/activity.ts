import type { EventsPerSiteResponse, EventsResponse, FunnelResponse, PlanResponse, ReportsResponse, SitesByDirectionResponse } from '../shared/api.js';
import { formatAverage, formatInteger, shownValue } from '../shared/format.js';
import { EVENT_FORMATS, EVENT_MODES, PLAN_STATUSES, REPORT_STATUSES, SITE_LEVELS } from '../shared/vocabulary.js';
import { BASE_OPTION, CATEGORY_LABEL, COLORS, valueAxisLabel } from './theme.js';
import type { ChartOption } from './types.js';

const countTooltip = { valueFormatter: (v: unknown) => formatInteger(v as number) };

/** A vocabulary's codes in its own order, those the data has: the categories or series of a chart. */
function present<K extends string>(vocabulary: Record<K, string>, has: (code: string) => boolean): K[] {
  return (Object.keys(vocabulary) as K[]).filter(has);
}

/** Events of the period by format, stacked in person / remote. */
export function eventsOption(data: EventsResponse): ChartOption {
  const formats = present(EVENT_FORMATS, (f) => data.rows.some((r) => r.format === f));
  const sum = (format: string, mode: string) =>
    data.rows.filter((r) => r.format === format && r.mode === mode).reduce((s, r) => s + r.events, 0);
  return {
    ...BASE_OPTION,
    color: [COLORS.primary, COLORS.secondary],
    grid: { left: 40, right: 16, top: 36, bottom: 48 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, ...countTooltip },
    xAxis: { type: 'category', data: formats.map((f) => EVENT_FORMATS[f]), axisLabel: { interval: 0, rotate: formats.length > 5 ? 20 : 0 } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: valueAxisLabel() },
    series: (Object.keys(EVENT_MODES) as (keyof typeof EVENT_MODES)[]).map((mode) => ({
      type: 'bar' as const,
      name: EVENT_MODES[mode],
      stack: 'events',
      barMaxWidth: 36,
      data: formats.map((f) => sum(f, mode)),
    })),
  };
}

type EventsPerSiteRow = EventsPerSiteResponse['rows'][number];

/** Events ÷ sites of the row's level, to one decimal; null when the level had no site in force. */
export function eventsPerSite(row: Pick<EventsPerSiteRow, 'events' | 'sites'>): number | null {
  return row.sites > 0 ? shownValue(row.events / row.sites, 'average') : null;
}

/** Events per site of each level, by format: where the network's activity comes from. */
export function eventsPerSiteOption(data: EventsPerSiteResponse): ChartOption {
  const formats = present(EVENT_FORMATS, (f) => data.rows.some((r) => r.format === f));
  const levels = present(SITE_LEVELS, (l) => data.rows.some((r) => r.level === l));
  const value = (level: string, format: string) => {
    const row = data.rows.find((r) => r.level === level && r.format === format);
    return row ? eventsPerSite(row) : 0;
  };
  return {
    ...BASE_OPTION,
    color: [COLORS.secondary, COLORS.primary, COLORS.accent],
    grid: { left: 40, right: 16, top: 36, bottom: 48 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (v === null ? 'нет площадок' : formatAverage(v as number)) },
    xAxis: { type: 'category', data: formats.map((f) => EVENT_FORMATS[f]), axisLabel: { interval: 0, rotate: formats.length > 5 ? 20 : 0 } },
    yAxis: { type: 'value', axisLabel: valueAxisLabel() },
    series: levels.map((level) => ({
      type: 'bar' as const,
      name: SITE_LEVELS[level],
      barMaxWidth: 22,
      data: formats.map((f) => value(level, f)),
    })),
  };
}

/** A funnel stage with nobody in it. */
const EMPTY_STAGE = '#e3e8ec';

/** Enrolled → attended → reported → certified, each stage with its share of the enrolled. */
export function funnelOption(data: FunnelResponse): ChartOption {
  const first = data.stages[0]?.count || 1;
  return {
    ...BASE_OPTION,
    color: [COLORS.primary, COLORS.mid, COLORS.secondary, COLORS.met],
    tooltip: { trigger: 'item', ...countTooltip },
    series: [{
      type: 'funnel',
      // It counts internships: a teacher with two is counted twice (the cards count teachers).
      name: 'Стажировки',
      sort: 'none',
      left: '8%',
      width: '84%',
      top: 8,
      bottom: 8,
      // Widths in proportion to the first stage; a narrow step still holds its label (minSize).
      min: 0,
      max: first,
      minSize: '45%',
      gap: 3,
      label: {
        position: 'inside',
        color: '#fff',
        // Two lines: the narrow lower steps hold a name or a count, not both on one line.
        lineHeight: 16,
        formatter: (p) => `${p.name}:\n${formatInteger(p.value as number)} (${Math.round((100 * (p.value as number)) / first)}\u202f%)`,
      },
      // A stage nobody reached is pale with dark text: at the label's width it would look like a real step.
      data: data.stages.map((s) => ({
        name: s.label, value: s.count,
        ...(s.count === 0 ? { itemStyle: { color: EMPTY_STAGE }, label: { color: COLORS.target } } : {}),
      })),
    }],
  };
}

/** Sites active in the period by direction, stacked by level. */
export function sitesByDirectionOption(data: SitesByDirectionResponse): ChartOption {
  const directions = [...new Set(data.rows.map((r) => r.name))].reverse();
  return {
    ...BASE_OPTION,
    color: [COLORS.secondary, COLORS.primary, COLORS.accent],
    grid: { left: 8, right: 24, top: 36, bottom: 24 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, ...countTooltip },
    xAxis: { type: 'value', minInterval: 1, axisLabel: valueAxisLabel() },
    yAxis: { type: 'category', data: directions, axisLabel: CATEGORY_LABEL },
    series: (Object.keys(SITE_LEVELS) as (keyof typeof SITE_LEVELS)[]).map((level) => ({
      type: 'bar' as const,
      name: SITE_LEVELS[level],
      stack: 'sites',
      barMaxWidth: 22,
      data: directions.map((d) => data.rows.find((r) => r.name === d && r.level === level)?.sites ?? 0),
    })),
  };
}

/** Yearly site reports per district: on time, late, missing, not yet due. */
export function reportsOption(data: ReportsResponse): ChartOption {
  const rows = data.rows;
  const series = [
    ['onTime', REPORT_STATUSES.on_time, COLORS.met],
    ['late', REPORT_STATUSES.late, COLORS.warning],
    ['missing', REPORT_STATUSES.missing, COLORS.missed],
    ['pending', REPORT_STATUSES.pending, COLORS.neutral],
  ] as const;
  return {
    ...BASE_OPTION,
    grid: { left: 8, right: 24, top: 36, bottom: 24 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, ...countTooltip },
    xAxis: { type: 'value', minInterval: 1, axisLabel: valueAxisLabel() },
    yAxis: { type: 'category', data: rows.map((r) => r.name).reverse(), axisLabel: CATEGORY_LABEL },
    series: series
      .filter(([key]) => rows.some((r) => r[key] > 0))
      .map(([key, name, color]) => ({
        type: 'bar' as const,
        name,
        stack: 'reports',
        barMaxWidth: 18,
        itemStyle: { color },
        data: rows.map((r) => r[key]).reverse(),
      })),
  };
}

const PLAN_COLORS: Record<keyof typeof PLAN_STATUSES, string> = {
  done: COLORS.met, in_progress: COLORS.primary, planned: COLORS.neutral, overdue: COLORS.missed,
};

/** Calendar plan items of the period by status, as a ring. */
export function planOption(data: PlanResponse): ChartOption {
  const counts = data.counts.filter((c) => c.count > 0);
  return {
    ...BASE_OPTION,
    tooltip: { trigger: 'item', ...countTooltip },
    legend: { bottom: 0 },
    series: [{
      type: 'pie',
      name: 'Пункты плана',
      radius: ['45%', '72%'],
      center: ['50%', '45%'],
      label: { formatter: (p) => `${p.name}: ${p.value}` },
      data: counts.map((c) => ({
        name: c.label, value: c.count, itemStyle: { color: PLAN_COLORS[c.status as keyof typeof PLAN_STATUSES] },
      })),
    }],
  };
}

export const hasEvents = (d: EventsResponse) => !d.notArrived && d.rows.length > 0;
export const hasEventsPerSite = (d: EventsPerSiteResponse) => !d.notArrived && d.rows.some((r) => r.events > 0);
export const hasFunnel = (d: FunnelResponse) => !d.notArrived && (d.stages[0]?.count ?? 0) > 0;
export const hasSites = (d: SitesByDirectionResponse) => d.rows.length > 0;
export const hasReports = (d: ReportsResponse) => d.rows.length > 0;
export const hasPlan = (d: PlanResponse) => d.items.length > 0;
