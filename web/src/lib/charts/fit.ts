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
 * panel and the 1200 px export; on a phone the long names beside the bars take at most 38 % of the
 * width (wrapping onto more lines), and the value axis has fewer ticks, none overlapping.
 */
export function fitToWidth(option: ChartOption, width: number): ChartOption {
  if (width >= NARROW) return option;
  const fit = (axis: Axis): Axis => {
    if (axis.type === 'category' && typeof axis.axisLabel?.width === 'number') {
      return { ...axis, axisLabel: { ...axis.axisLabel, width: Math.max(90, Math.round(width * 0.38)) } };
    }
    if (axis.type === 'value') return { ...axis, splitNumber: 3, axisLabel: { ...axis.axisLabel, hideOverlap: true } };
    return axis;
  };
  const each = (axes: unknown) => (Array.isArray(axes) ? axes.map(fit) : axes === undefined ? undefined : fit(axes as Axis));
  return { ...option, xAxis: each(option.xAxis), yAxis: each(option.yAxis) } as ChartOption;
}

/** Height of a row of names on a phone: two lines of a wrapped name and the gap between rows. */
const ROW_ON_PHONE = 36;

/**
 * The chart's height for a container `width` wide: on a phone, a list of names down the side
 * (districts, directions) gets a row each that holds a name wrapped onto two lines.
 */
export function heightToFit(option: ChartOption, width: number, height: number): number {
  if (width >= NARROW) return height;
  const axes = [option.yAxis].flat() as (Axis | undefined)[];
  const names = axes.find((axis) => axis?.type === 'category')?.data;
  return Array.isArray(names) ? Math.max(height, names.length * ROW_ON_PHONE + 100) : height;
}
