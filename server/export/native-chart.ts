/**
 * A dashboard chart as a PowerPoint chart a presenter can restyle: read from the same ECharts
 * option the picture is drawn from, so both show the same categories, series, colours, legend
 * and order. A point a series leaves empty (null) stays empty in PowerPoint: no bar, no label,
 * never a 0 (a 0 is a value, labelled as the picture labels it).
 */
import type { ChartOption } from '../../web/src/lib/charts/types.js';
import { COLORS } from '../../web/src/lib/charts/theme.js';
import { categoryName } from '../../web/src/lib/charts/fit.js';

export interface NativeSeries {
  name: string;
  /** null: no value — an empty point, neither drawn nor labelled. */
  values: (number | null)[];
  /** A colour per point, where the series' bars differ (each district's verdict); hex without «#». */
  pointColors?: string[];
  /** No value labels: the picture draws none (the pale bars of the period compared with, the target's line). */
  quiet?: boolean;
  /** A dashed line without markers: the target. */
  dashed?: boolean;
}

export interface NativeChart {
  type: 'bar' | 'line' | 'doughnut';
  /** Bars across the slide, categories down its side (long names), as the dashboard draws them. */
  horizontal: boolean;
  stacked: boolean;
  labels: string[];
  series: NativeSeries[];
  /** One colour a series (a slice, for a doughnut), hex without «#». */
  colors: string[];
  percent: boolean;
  /** Lines the picture draws over the chart (a target), said beside the caption as well, on one line. */
  notes: string[];
  /** A legend as the picture has one (what the colours mean). */
  legend: boolean;
}

type Point = number | null | undefined | { value?: unknown; itemStyle?: { color?: unknown } };
interface AnySeries {
  type?: string;
  name?: string;
  stack?: string;
  data?: Point[];
  itemStyle?: { color?: unknown };
  label?: { show?: boolean; formatter?: unknown };
  markLine?: { label?: { formatter?: unknown }; data?: Record<string, unknown>[] };
}
interface AnyAxis {
  type?: string;
  data?: unknown[];
  axisLabel?: { formatter?: unknown };
}

const hex = (color: unknown) => String(color).replace(/^#/, '').toUpperCase();
/** A point's number; null where the series has none (ECharts draws nothing there). */
function valueOf(point: Point): number | null {
  const value = point !== null && typeof point === 'object' ? point.value : point;
  return value === null || value === undefined || value === '' ? null : Number(value);
}
const one = <T>(value: T | T[] | undefined): T | undefined => (Array.isArray(value) ? value[0] : value);
/** A label on one line: the picture may break it («Цель\n3,0 %» right of the trend). */
const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ');

export function nativeChart(option: ChartOption): NativeChart {
  const all = (Array.isArray(option.series) ? option.series : [option.series]) as AnySeries[];
  // A transparent series only carries labels (a district's «нет площадок»): they go into the category's name.
  const series = all.filter((s) => s && s.itemStyle?.color !== 'transparent');
  const wordsOnly = all.filter((s) => s && s.itemStyle?.color === 'transparent');
  const palette = (Array.isArray(option.color) ? option.color : COLORS.series) as string[];
  const first = series[0];

  if (first.type === 'pie' || first.type === 'funnel') {
    const points = (first.data ?? []) as { name: string; value: number; itemStyle?: { color?: string } }[];
    // A funnel reads top-down; PowerPoint's bars run bottom-up.
    const ordered = first.type === 'funnel' ? [...points].reverse() : points;
    return {
      type: first.type === 'pie' ? 'doughnut' : 'bar', horizontal: true, stacked: false,
      labels: ordered.map((p) => p.name),
      series: [{ name: first.name ?? '', values: ordered.map((p) => p.value) }],
      colors: first.type === 'pie' ? ordered.map((p, i) => hex(p.itemStyle?.color ?? palette[i % palette.length])) : [hex(palette[0])],
      percent: false, notes: [], legend: first.type === 'pie',
    };
  }

  const xAxis = one(option.xAxis as AnyAxis | AnyAxis[]);
  const yAxis = one(option.yAxis as AnyAxis | AnyAxis[]);
  const horizontal = yAxis?.type === 'category';
  const categoryAxis = horizontal ? yAxis : xAxis;
  const valueAxis = horizontal ? xAxis : yAxis;
  const format = valueAxis?.axisLabel?.formatter;
  const percent = typeof format === 'function' && String(format(50)).endsWith('%');
  const names = (categoryAxis?.data ?? []).map(categoryName);
  const labels = names.map((name, i) => {
    const words = wordsOnly.map((s) => wordsAt(s, i, name)).filter(Boolean);
    return words.length > 0 ? `${name} — ${words.join(', ')}` : name;
  });
  const notes = series.flatMap((s) => (typeof s.markLine?.label?.formatter === 'string' ? [oneLine(s.markLine.label.formatter)] : []));
  const colorOf = (s: AnySeries, i: number) => hex(s.itemStyle?.color ?? palette[i % palette.length]);
  // The picture labels some series and not others (the pale bars): PowerPoint keeps them so.
  const labelled = series.some((s) => s.label?.show);
  const drawn: (NativeSeries & { color: string; stack?: string })[] = series.map((s, i) => ({
    name: s.name ?? '', values: (s.data ?? []).map(valueOf), color: colorOf(s, i), stack: s.stack,
    // Points coloured apart from their series (the trend's, by whether each meets the target).
    ...((s.data ?? []).some((p) => typeof p === 'object' && p?.itemStyle?.color)
      ? { pointColors: (s.data ?? []).map((p) => (typeof p === 'object' && p?.itemStyle?.color ? hex(p.itemStyle.color) : colorOf(s, i))) } : {}),
    ...(labelled && !s.label?.show ? { quiet: true } : {}),
  }));

  if (first.type === 'line') {
    // PowerPoint has no mark line: the target is a dashed series of its value at every half-year, named as the picture labels it.
    const targets = series.flatMap((s) => (s.markLine?.data ?? []).map((d) => ({ value: Number(d.yAxis), name: s.markLine?.label?.formatter })))
      .filter((t) => Number.isFinite(t.value) && typeof t.name === 'string');
    for (const target of targets) {
      drawn.push({ name: oneLine(String(target.name)), values: labels.map(() => target.value), color: hex(COLORS.target), dashed: true, quiet: true });
    }
    return { type: 'line', horizontal, labels, percent, notes, stacked: false, series: drawn.map(plain), colors: drawn.map((s) => s.color), legend: option.legend !== undefined || targets.length > 0 };
  }

  const stacked = drawn.filter((s) => s.stack !== undefined);
  if (stacked.length > 0 && stacked.length < drawn.length) {
    /*
     * Bars stacked beside bars that are not (each district's bar, a series per colour, and the
     * pale bar of the period compared with): PowerPoint has one grouping a chart, and stacked it
     * would add the pale bar onto the district's. Clustered, the stack is one series — named by
     * its stack, the period — each bar its total, coloured as its part was; the pale series
     * beside it. Given up: the legend's entry per colour («цель достигнута», «цель не
     * достигнута», «мало данных для оценки»), since PowerPoint's legend names series, not the
     * colours of one series' bars; the slide's subtitle says what the colours mean.
     */
    const merged: NativeSeries & { color: string } = {
      name: stacked[0].stack!,
      values: labels.map((_, i) => total(stacked.map((s) => s.values[i]))),
      pointColors: labels.map((_, i) => (stacked.find((s) => s.values[i] !== null) ?? stacked[0]).color),
      color: stacked.length === 1 ? stacked[0].color : hex(COLORS.neutral),
    };
    const rest = drawn.filter((s) => s.stack === undefined);
    // PowerPoint draws a cluster's first series nearest the axis: across the slide, at the bottom; the picture has the pale bar under the district's.
    const ordered = horizontal ? [...rest, merged] : [merged, ...rest];
    return { type: 'bar', horizontal, labels, percent, notes, stacked: false, series: ordered.map(plain), colors: ordered.map((s) => s.color), legend: option.legend !== undefined };
  }

  const isStacked = stacked.length > 0;
  if (isStacked) {
    // A part of nothing is no part: a 0 beside another part of its bar is left empty, not labelled «0» on the bar.
    for (const s of drawn) {
      s.values = s.values.map((v, i) => (v === 0 && drawn.some((o) => o !== s && (o.values[i] ?? 0) !== 0) ? null : v));
    }
  }
  return { type: 'bar', horizontal, labels, percent, notes, stacked: isStacked, series: drawn.map(plain), colors: drawn.map((s) => s.color), legend: option.legend !== undefined };
}

/** What a label-only series says at a category: its formatter's words where it has a point. */
function wordsAt(s: AnySeries, dataIndex: number, name: string): string {
  const point = s.data?.[dataIndex];
  if (point === null || point === undefined) return '';
  const formatter = s.label?.formatter;
  if (typeof formatter === 'function') return String(formatter({ dataIndex, name, value: valueOf(point) }));
  return typeof formatter === 'string' ? formatter : '';
}

/** A stack's bar: the sum of its parts, or no bar where no part has a value. */
function total(parts: (number | null)[]): number | null {
  const present = parts.filter((v): v is number => v !== null);
  return present.length === 0 ? null : present.reduce((a, b) => a + b, 0);
}

/** The series as the slide takes it: without what only picked its colour or its grouping. */
function plain({ name, values, pointColors, quiet, dashed }: NativeSeries): NativeSeries {
  return { name, values, ...(pointColors ? { pointColors } : {}), ...(quiet ? { quiet } : {}), ...(dashed ? { dashed } : {}) };
}
