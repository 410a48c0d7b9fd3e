import type { ChartOption } from './types.js';

interface Axis {
  type?: string;
  axisLabel?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Below this width (a phone) the names and the value axis make room for the bars. */
const NARROW = 600;

/**
 * A chart's option for a container `width` pixels wide. The option builders draw for a desktop
 * panel and the 1200 px export; on a phone the long names beside the bars take at most 42 % of the
 * width (wrapping onto more lines), a value axis along the bottom has fewer ticks, none
 * overlapping, names under the columns slant more, a ring's slices carry their counts only
 * (its legend names them): a name beside a ring has no room and would be cut; a legend above the
 * plot wraps onto a second line, the plot moved down to make room; a map goes under its legend, unnamed.
 */
export function fitToWidth(option: ChartOption, width: number): ChartOption {
  if (width >= NARROW) return option;
  const fit = (along: 'bottom' | 'side') => (axis: Axis): Axis => {
    if (axis.type === 'category' && typeof axis.axisLabel?.width === 'number') {
      return { ...axis, axisLabel: { ...axis.axisLabel, width: namesWidth(width) } };
    }
    // Names under more than three columns that the chart may slant (rotate set): at 45° they clear each other.
    if (axis.type === 'category' && along === 'bottom' && typeof axis.axisLabel?.rotate === 'number' && Array.isArray(axis.data) && axis.data.length > 3) {
      return { ...axis, axisLabel: { ...axis.axisLabel, rotate: 45 } };
    }
    if (axis.type === 'value' && along === 'bottom') return { ...axis, splitNumber: 3, axisLabel: { ...axis.axisLabel, hideOverlap: true } };
    return axis;
  };
  const each = (axes: unknown, along: 'bottom' | 'side') =>
    (Array.isArray(axes) ? axes.map(fit(along)) : axes === undefined ? undefined : fit(along)(axes as Axis));
  const series = option.series === undefined ? undefined : [option.series].flat().map((s) =>
    (s.type === 'pie' ? { ...s, label: { ...s.label, formatter: '{c}' } } : s.type === 'map' ? onPhone(s, width) : s));
  const legend = option.legend as { top?: unknown; width?: number } | undefined;
  const grid = option.grid as { top?: unknown } | undefined;
  const wrapsLegend = legend !== undefined && legend.top === 0 && typeof grid?.top === 'number';
  return {
    ...option, xAxis: each(option.xAxis, 'bottom'), yAxis: each(option.yAxis, 'side'), ...(series ? { series } : {}),
    ...(wrapsLegend ? { legend: { ...legend, width: width - 16 }, grid: { ...grid, top: (grid.top as number) + LEGEND_LINE } } : {}),
  } as ChartOption;
}

/** A map's legend (its bands, a column) stands above the map on a phone, not beside it. */
const LEGEND_ABOVE_MAP = 140;

/**
 * A map on a phone: under its legend, the width of the screen, without names on it (a district's
 * name is wider than the district there, and one at the edge ran past the screen's; a tap shows
 * it with the value). The district chosen in the filters keeps its outline, its name in the caption.
 */
function onPhone<T extends { label?: object; select?: { label?: object } }>(series: T, width: number): T {
  const size = width - 24;
  const hidden = { show: false };
  return {
    ...series, layoutCenter: [width / 2, LEGEND_ABOVE_MAP + size / 2], layoutSize: size,
    label: { ...series.label, ...hidden }, select: { ...series.select, label: { ...series.select?.label, ...hidden } },
  };
}

/** A second line of a legend wrapped on a phone. */
const LEGEND_LINE = 24;

/** A line of a wrapped name and the gap between rows of names. */
const NAME_LINE = 14;
const ROW_GAP = 8;

/**
 * The chart's height for a container `width` wide: on a phone, a list of names down the side
 * (districts, directions) gets a row each that holds the longest name as it wraps.
 */
export function heightToFit(option: ChartOption, width: number, height: number): number {
  if (width >= NARROW) return height;
  if ([option.series].flat().some((s) => s?.type === 'map')) return Math.max(height, LEGEND_ABOVE_MAP + width);
  const axes = [option.yAxis].flat() as (Axis | undefined)[];
  const side = axes.find((axis) => axis?.type === 'category');
  if (!Array.isArray(side?.data)) return height;
  // As wide as fitToWidth makes them, whether or not the option given is fitted yet.
  const lines = Math.max(2, ...side.data.map((name) => linesOf(categoryName(name), namesWidth(width))));
  return Math.max(height, side.data.length * (lines * NAME_LINE + ROW_GAP) + 100);
}

/** A category's name: the text itself, or the value of an item styled on its own (the chosen district). */
export const categoryName = (item: unknown) => String(typeof item === 'object' && item !== null ? (item as { value: unknown }).value : item);

const namesWidth = (width: number) => Math.max(90, Math.round(width * 0.42));

/**
 * How many lines a 12 px name takes wrapped at `width` as the charts wrap it (wrapWords, then
 * ECharts breaking a word longer than the line). Reckoned without a canvas (the builders do not
 * load ECharts): a character outside ASCII two thirds of an em — a Cyrillic letter in DejaVu
 * Sans, the widest font the charts are drawn in — any other 0.62 em.
 */
function linesOf(name: string, width: number): number {
  const wide = (text: string) => [...text].reduce((sum, c) => sum + 12 * (c < '\u0080' ? 0.62 : 0.67), 0);
  const lines = wrapWords(name, width, wide).split('\n');
  return lines.reduce((sum, line) => sum + Math.max(1, Math.ceil(wide(line) / width)), 0);
}

/** `text`'s words on lines no wider than `width` (a longer word on a line of its own), joined by line breaks. */
export function wrapWords(text: string, width: number, measure: (text: string) => number): string {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && measure(`${last} ${word}`) <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.join('\n');
}
