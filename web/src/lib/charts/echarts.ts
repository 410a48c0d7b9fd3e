/**
 * ECharts with only what the dashboard uses registered, to keep the bundle small. The page loads
 * it with its first chart, after the cards: no option builder imports it.
 */
import * as echarts from 'echarts/core';
import { BarChart, FunnelChart, LineChart, MapChart, PieChart } from 'echarts/charts';
import {
  GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import type { Chart } from './registry.js';
import type { ChartOption } from './types.js';
import { FONT_FAMILY } from './theme.js';
import { wrapWords } from './fit.js';

echarts.use([
  BarChart, FunnelChart, LineChart, MapChart, PieChart,
  GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent,
  CanvasRenderer, SVGRenderer,
]);

export { echarts };

type MeasureText = (text: string, font?: string) => { width: number };

/** What zrender measures as the width of every character outside ASCII when it wraps a text. */
const WIDE_STAND_IN = '国';
const CYRILLIC_LETTERS = 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя';

/**
 * Text measured for ECharts' layout as `measure` does, but for zrender's stand-in. zrender wraps a
 * long name character by character, each character outside ASCII as wide as «国», a CJK
 * character of about 1 em; the names here are Cyrillic, about two thirds of that, so they broke
 * mid-word with room to spare. The stand-in is measured as an average Cyrillic letter of the font.
 */
export function measureTextFor(measure: MeasureText): MeasureText {
  return (text, font) => (text === WIDE_STAND_IN ? { width: measure(CYRILLIC_LETTERS, font).width / CYRILLIC_LETTERS.length } : measure(text, font));
}

// In the browser, by the page's fonts on a canvas (the server installs its own fonts' widths).
if (typeof document !== 'undefined') {
  const canvas = document.createElement('canvas').getContext('2d');
  if (canvas) {
    echarts.setPlatformAPI({
      measureText: measureTextFor((text, font = '12px sans-serif') => {
        canvas.font = font;
        return canvas.measureText(text);
      }),
    });
  }
}

interface NamesAxis {
  type?: string;
  axisLabel?: { width?: unknown; overflow?: unknown; fontSize?: number; formatter?: unknown };
}

/**
 * The option with the names beside its bars (a category axis whose labels wrap at a width)
 * wrapped here, between words, by each line's measured width. zrender's own wrapping keeps the
 * space at a line's end, so a right-aligned line ended a space short of the one under it. A word
 * longer than the line is still broken by zrender. Apply after fitToWidth, which sets the width.
 */
export function wrapNames(option: ChartOption): ChartOption {
  const wrap = (axis: NamesAxis): NamesAxis => {
    const label = axis.axisLabel;
    if (axis.type !== 'category' || typeof label?.width !== 'number' || label.overflow !== 'break' || label.formatter !== undefined) return axis;
    const font = `${label.fontSize ?? 12}px ${FONT_FAMILY}`;
    const width = label.width;
    // Measured as zrender measures a line it wraps, a character at a time (any character outside
    // ASCII as its stand-in): a line that fits so is not broken again.
    const widths = new Map<string, number>();
    const charWidth = (c: string) => {
      const key = c < '\u0080' ? c : WIDE_STAND_IN;
      let wide = widths.get(key);
      if (wide === undefined) widths.set(key, (wide = echarts.format.getTextRect(key, font).width));
      return wide;
    };
    const measure = (text: string) => [...text].reduce((sum, c) => sum + charWidth(c), 0);
    return { ...axis, axisLabel: { ...label, formatter: (name: string) => wrapWords(name, width, measure) } };
  };
  const each = (axes: unknown) => (Array.isArray(axes) ? axes.map(wrap) : axes === undefined ? undefined : wrap(axes as NamesAxis));
  return { ...option, xAxis: each(option.xAxis), yAxis: each(option.yAxis) } as ChartOption;
}

/**
 * A chart's option for its data, the shapes of a map registered first: ECharts draws a map only
 * by a registered name. The name changes whenever the shapes do, so a new upload is drawn anew,
 * in the browser and in the server's exports alike.
 */
export function optionFor(def: Chart, data: unknown, district: string | null = null): ChartOption {
  registerShapes(def, data);
  return def.build(data, district);
}

/** The shapes of a map chart's data registered with ECharts, each once. */
export function registerShapes(def: Chart, data: unknown): void {
  for (const { name, geoJson } of def.shapes?.(data) ?? []) {
    if (!echarts.getMap(name)) echarts.registerMap(name, geoJson as Parameters<typeof echarts.registerMap>[1]);
  }
}
