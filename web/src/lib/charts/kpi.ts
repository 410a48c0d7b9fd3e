import type { KpiByDistrictResponse, KpiTrendResponse, KpiUnit } from '../shared/api.js';
import { formatValue, meetsTarget } from '../shared/format.js';
import { absenceOf } from '../shared/kpis.js';
import { BASE_OPTION, CATEGORY_LABEL, CHOSEN, COLORS, valueAxisLabel } from './theme.js';
import type { ChartOption } from './types.js';

/** A round axis end above the data and the target (1, 2, 2.5, 5 × 10ⁿ), so ticks fall on round numbers. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * magnitude >= value)!;
  return step * magnitude;
}

/**
 * The value axis end: room above the data for the labels, but a share that cannot pass 100 %
 * ends there (actual vs planned participants can, and then the axis goes on).
 */
export function axisMax(max: number, unit: KpiUnit, headroom: number): number {
  const end = niceMax(max * headroom);
  return unit === 'percent' && max <= 100 ? Math.min(end, 100) : end;
}

/** The size of the target's label (ECharts' default for a mark line's label). */
const LABEL_SIZE = 12;

/** «Цель 3,0 %»; right of the trend on two lines, to leave the half-years their width. */
const targetText = (target: number, unit: KpiUnit, axis: 'xAxis' | 'yAxis') =>
  `Цель${axis === 'yAxis' ? '\n' : ' '}${formatValue(target, unit)}`;

/**
 * The target as a dashed line, labelled past its end, outside the plot: above the bars, right of
 * the trend. Inside the plot it would cover the labels of values that lie on or near it.
 */
function targetLine(target: number | null, unit: KpiUnit, axis: 'xAxis' | 'yAxis') {
  if (target === null) return undefined;
  return {
    silent: true,
    symbol: 'none',
    // Under the series (z 2): the white ground of a value beside a bar hides the line there.
    z: 1,
    lineStyle: { color: COLORS.target, type: 'dashed' as const, width: 1.5 },
    label: { formatter: targetText(target, unit, axis), position: 'end' as const, color: COLORS.target, lineHeight: 15 },
    data: [{ [axis]: target }],
  };
}

/**
 * Room right of the trend's plot for the target's label: its longest line as wide as ECharts
 * reckons it where it has no canvas to measure with (the server's pictures): a Latin letter or
 * digit 0.62 em at most, any other character (Cyrillic, the narrow space) 1 em. The browser's
 * canvas measures the same text narrower. An estimate, since the builders do not load ECharts,
 * which the page loads after the cards (test/charts.test.ts measures every label against the edge).
 */
const roomForTarget = (target: number | null, unit: KpiUnit) => (target === null ? 40 : Math.max(40, 12 + Math.ceil(Math.max(
  ...targetText(target, unit, 'yAxis').split('\n').map((line) => [...line].reduce((sum, c) => sum + LABEL_SIZE * (c < '\u0080' ? 0.62 : 1), 0)),
))));

/** The target a trend's point is judged by: an approved one's as approved, else today's. */
export const pointTarget = (point: KpiTrendResponse['points'][number], target: number | null) => (point.approvedTarget !== undefined ? point.approvedTarget : target);

const pointColor = (point: KpiTrendResponse['points'][number], target: number | null, unit: KpiUnit) =>
  target === null || point.value === null ? COLORS.primary : meetsTarget(point.value, target, unit) ? COLORS.met : COLORS.missed;

/** A half-year as the trend names it: one still going on says so, its value is partial. */
export const trendPeriodLabel = (point: KpiTrendResponse['points'][number]) => `${point.period.label}${point.inProgress ? ' (идёт)' : ''}`;

/**
 * The KPI by half-year with its target as a dashed line; points coloured by whether they meet
 * it, a half-year still going on hollow and named «(идёт)».
 */
export function kpiTrendOption(data: KpiTrendResponse): ChartOption {
  const max = Math.max(data.target ?? 0, ...data.points.map((p) => p.value ?? 0));
  const goingOn = data.points.some((p) => p.inProgress);
  return {
    ...BASE_OPTION,
    grid: { left: 56, right: roomForTarget(data.target, data.unit), top: 28, bottom: goingOn ? 60 : 44 },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v) => formatValue(v as number, data.unit),
    },
    // «2022» over «1 п/г» (over «(идёт)»): narrow enough for every half-year to keep its label, on a phone too.
    xAxis: {
      type: 'category', data: data.points.map(trendPeriodLabel), boundaryGap: true,
      axisLabel: { interval: 0, lineHeight: 15, formatter: (label: string) => label.replace(', ', '\n').replace(' (', '\n(') },
    },
    yAxis: { type: 'value', min: 0, max: axisMax(max, data.unit, 1.15), axisLabel: valueAxisLabel(data.unit) },
    series: [{
      type: 'line',
      name: data.title,
      data: data.points.map((p) => ({
        value: p.value ?? undefined,
        ...(p.inProgress ? { symbol: 'emptyCircle' } : {}),
        itemStyle: { color: pointColor(p, pointTarget(p, data.target), data.unit) },
      })),
      lineStyle: { color: COLORS.primary, width: 2.5 },
      // Filled: ECharts' own hollow circle marks the half-year still going on.
      symbol: 'circle',
      symbolSize: 9,
      label: { show: true, position: 'top', formatter: (p) => formatValue(p.value as number, data.unit) },
      markLine: targetLine(data.target, data.unit, 'yAxis'),
    }],
  };
}

/** What a district's bar colour says, as the legend names it: a value on too few data is not judged. */
const MET_GROUPS = [
  { met: true, name: 'цель достигнута', color: COLORS.met },
  { met: false, name: 'цель не достигнута', color: COLORS.missed },
  // A mid grey: the pale blue-grey of the period compared with must not be taken for it.
  { met: null, name: 'мало данных для оценки', color: COLORS.neutral },
] as const;

/** The bars of the period compared with: pale, beside each district's own. */
export const COMPARED_COLOR = '#c9d3de';

/** The legend's name of the period compared with. */
export const comparedName = (data: KpiByDistrictResponse) => data.compared?.label ?? null;

/**
 * Districts sorted by the KPI, bars green where the target is met and red where not, pale grey
 * where too few data are behind the value to judge it: a series per colour, so that the legend —
 * on the screen and in every exported picture — says what the colours mean. Without a target the
 * bars are grey. Beside each, a pale bar of the period the
 * cards compare with, when the data reach it.
 */
export function kpiByDistrictOption(data: KpiByDistrictResponse, district: string | null = null): ChartOption {
  // ECharts draws the first category at the bottom. A district that has not sent the data the KPI
  // is computed from has no value to draw: its bar would be a 0 that is no result.
  const rows = [...data.rows].reverse().map((r) => (r.notArrived ? { ...r, value: null } : r));
  const nothing = (i: number) => absenceOf(data.code, rows[i]?.notArrived ?? false);
  const compared = rows.some((r) => r.previous !== null) ? comparedName(data) : null;
  const max = Math.max(data.target ?? 0, ...rows.map((r) => Math.max(r.value ?? 0, compared ? r.previous ?? 0 : 0)));
  // Without a target the bars need no explaining, unless there are two periods to tell apart.
  const groups = data.target === null
    ? [{ met: null, name: compared ? data.period.label : data.title, color: COLORS.neutral }]
    : MET_GROUPS.filter((g) => rows.some((r) => r.value !== null && r.met === g.met));
  const legend = [...(data.target === null && !compared ? [] : groups.map((g) => g.name)), ...(compared ? [compared] : [])];
  // The bars of the period stack under its name (one bar a district, in the series of its colour):
  // a PowerPoint chart, which cannot stack them beside the pale bars, names their one series by it.
  const stack = data.period.label;
  return {
    ...BASE_OPTION,
    grid: { left: 8, right: 56, top: legend.length === 0 ? 28 : 56, bottom: 24 },
    ...(legend.length === 0 ? {} : { legend: { top: 0, left: 0, data: legend } }),
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v, i) => (rows[i]?.value === null ? nothing(i) : v === null || v === undefined ? '—' : formatValue(v as number, data.unit)),
    },
    xAxis: { type: 'value', min: 0, max: axisMax(max, data.unit, 1.1), axisLabel: valueAxisLabel(data.unit) },
    // triggerEvent: a click on a district's name opens it, as a click on its bar does.
    // The district chosen in the filters: its name stands out among every district's.
    yAxis: {
      type: 'category', axisLabel: CATEGORY_LABEL, triggerEvent: true,
      data: rows.map((r) => (r.district === district ? { value: r.name, textStyle: { fontWeight: 'bold', color: CHOSEN, backgroundColor: '#e3eaf2', padding: [2, 4], borderRadius: 3 } } : r.name)),
    },
    series: [
      ...groups.map((group, i) => ({
        type: 'bar' as const,
        name: group.name,
        stack,
        itemStyle: { color: group.color },
        // Each district's bar is in the series of its colour; the others leave it empty.
        data: rows.map((r) => (r.value !== null && (data.target === null || r.met === group.met) ? r.value : null)),
        barMaxWidth: 18,
        // On a white ground: the target's dashed line would run through a value beside it.
        label: {
          show: true, position: 'right' as const, backgroundColor: '#ffffff', padding: [1, 2],
          formatter: (p: { value: unknown }) => formatValue(p.value as number, data.unit),
        },
        markLine: i === 0 ? targetLine(data.target, data.unit, 'xAxis') : undefined,
      })),
      ...(compared ? [{
        type: 'bar' as const,
        name: compared,
        itemStyle: { color: COMPARED_COLOR },
        data: rows.map((r) => r.previous),
        barMaxWidth: 8,
      }] : []),
      // A district with nothing to divide by says so where its bar would be: never a 0 that looks like a result.
      ...(rows.some((r) => r.value === null) ? [{
        type: 'bar' as const,
        name: 'нет значения',
        stack,
        silent: true,
        itemStyle: { color: 'transparent' },
        data: rows.map((r) => (r.value === null ? 0 : null)),
        // Wrapped: on a phone the words would run past the chart's edge.
        label: { show: true, position: 'right' as const, color: COLORS.neutral, width: 150, overflow: 'break' as const, formatter: (p: { dataIndex: number }) => nothing(p.dataIndex) },
      }] : []),
    ],
  };
}

export const hasKpiTrend = (d: KpiTrendResponse) => d.points.some((p) => p.value !== null);
export const hasKpiByDistrict = (d: KpiByDistrictResponse) => d.rows.length > 0;
