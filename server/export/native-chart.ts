/**
 * A dashboard chart as a PowerPoint chart a presenter can restyle: read from the same ECharts
 * option the picture is drawn from, so both show the same categories, series, colours and order.
 */
import type { ChartOption } from '../../web/src/lib/charts/types.js';
import { COLORS } from '../../web/src/lib/charts/theme.js';

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
  /** The series' colours mean something (met / missed): the legend says what. */
  legend: boolean;
}

type Point = number | null | { value?: unknown; name?: unknown; itemStyle?: { color?: unknown } };
interface AnySeries {
  type?: string;
  name?: string;
  stack?: string;
  data?: Point[];
  itemStyle?: { color?: unknown };
  markLine?: { data?: Record<string, unknown>[]; label?: { formatter?: unknown } };
}
interface AnyAxis {
  type?: string;
  data?: unknown[];
  axisLabel?: { formatter?: unknown };
}

/** What the bar colours of one series mean, when the colour of each bar says something. */
const COLOUR_MEANING: Record<string, string> = {
  [COLORS.met]: 'цель достигнута',
  [COLORS.missed]: 'цель не достигнута',
  [COLORS.neutral]: 'цель не задана',
};

const hex = (color: unknown) => String(color).replace(/^#/, '').toUpperCase();
const valueOf = (point: Point) => (point !== null && typeof point === 'object' ? Number(point.value ?? 0) : Number(point ?? 0));
const colourOf = (point: Point) => (point !== null && typeof point === 'object' ? point.itemStyle?.color : undefined);
const one = <T>(value: T | T[] | undefined): T | undefined => (Array.isArray(value) ? value[0] : value);

export function nativeChart(option: ChartOption): NativeChart {
  const series = ((Array.isArray(option.series) ? option.series : [option.series]) as AnySeries[]).filter(Boolean);
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
  const labels = (categoryAxis?.data ?? []).map(String);
  const notes = series.flatMap((s) => (typeof s.markLine?.label?.formatter === 'string' ? [s.markLine.label.formatter] : []));

  let out: NativeSeries[] = series.map((s) => ({ name: s.name ?? '', values: (s.data ?? []).map(valueOf) }));
  let colors = series.map((s, i) => hex(s.itemStyle?.color ?? palette[i % palette.length]));
  let stacked = series.some((s) => s.stack !== undefined);

  // One series whose bars are coloured by what they say (met / missed): a series per colour,
  // stacked, so that PowerPoint's legend says what each colour means. (A line's coloured points
  // stay one line: its target is said under the title.)
  const pointColours = series.length === 1 && first.type === 'bar' ? (first.data ?? []).map(colourOf) : [];
  const byColour = pointColours.some((c) => c !== undefined);
  if (byColour) {
    const distinct = [...new Set(pointColours.map((c) => String(c ?? palette[0])))];
    out = distinct.map((colour) => ({
      name: COLOUR_MEANING[colour] ?? first.name ?? '',
      values: (first.data ?? []).map((p, i) => (String(pointColours[i] ?? palette[0]) === colour ? valueOf(p) : 0)),
    }));
    colors = distinct.map(hex);
    stacked = true;
  }

  const type = first.type === 'line' ? 'line' : 'bar';
  return { type, horizontal, stacked, labels, series: out, colors, percent, notes, legend: byColour || out.length > 1 };
}
