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

echarts.use([
  BarChart, FunnelChart, LineChart, MapChart, PieChart,
  GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent,
  CanvasRenderer, SVGRenderer,
]);

export { echarts };

/**
 * A chart's option for its data, the shapes of a map registered first: ECharts draws a map only
 * by a registered name. The name changes whenever the shapes do, so a new upload is drawn anew,
 * in the browser and in the server's exports alike.
 */
export function optionFor(def: Chart, data: unknown): ChartOption {
  registerShapes(def, data);
  return def.build(data);
}

/** The shapes of a map chart's data registered with ECharts, each once. */
export function registerShapes(def: Chart, data: unknown): void {
  for (const { name, geoJson } of def.shapes?.(data) ?? []) {
    if (!echarts.getMap(name)) echarts.registerMap(name, geoJson as Parameters<typeof echarts.registerMap>[1]);
  }
}
