/**
 * A dashboard chart as a PowerPoint chart a presenter can restyle: read from the same ECharts
 * option the picture is drawn from, so both show the same categories, series, colours, legend
 * and order. A point a series leaves empty (null) is a zero PowerPoint does not label.
 */
import type { ChartOption } from '../../web/src/lib/charts/types.js';
import { COLORS } from '../../web/src/lib/charts/theme.js';
import { categoryName } from '../../web/src/lib/charts/fit.js';

export interface NativeSeries {
  name: string;
  values: number[];
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
  /** Lines the picture draws over the chart (a target), said under the title instead. */
  notes: string[];
  /** A legend as the picture has one (what the colours mean). */
  legend: boolean;
}

type Point = number | null | { value?: unknown };
interface AnySeries {
  type?: string;
  name?: string;
  stack?: string;
  data?: Point[];
  itemStyle?: { color?: unknown };
  markLine?: { label?: { formatter?: unknown } };
}
interface AnyAxis {
  type?: string;
  data?: unknown[];
  axisLabel?: { formatter?: unknown };
}

const hex = (color: unknown) => String(color).replace(/^#/, '').toUpperCase();
const valueOf = (point: Point) => (point !== null && typeof point === 'object' ? Number(point.value ?? 0) : Number(point ?? 0));
const one = <T>(value: T | T[] | undefined): T | undefined => (Array.isArray(value) ? value[0] : value);

export function nativeChart(option: ChartOption): NativeChart {
  // A transparent series only carries labels (a district's «нет площадок»): PowerPoint gets the bars.
  const series = ((Array.isArray(option.series) ? option.series : [option.series]) as AnySeries[])
    .filter((s) => s && s.itemStyle?.color !== 'transparent');
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
  const labels = (categoryAxis?.data ?? []).map(categoryName);
  const notes = series.flatMap((s) => (typeof s.markLine?.label?.formatter === 'string' ? [s.markLine.label.formatter] : []));

  const type = first.type === 'line' ? 'line' : 'bar';
  return {
    type, horizontal, labels, percent, notes,
    stacked: series.some((s) => s.stack !== undefined),
    series: series.map((s) => ({ name: s.name ?? '', values: (s.data ?? []).map(valueOf) })),
    colors: series.map((s, i) => hex(s.itemStyle?.color ?? palette[i % palette.length])),
    legend: option.legend !== undefined,
  };
}
