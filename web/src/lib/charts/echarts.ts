/** ECharts with only what the dashboard uses registered, to keep the bundle small. */
import * as echarts from 'echarts/core';
import { BarChart, FunnelChart, LineChart, PieChart } from 'echarts/charts';
import {
  GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent,
} from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

echarts.use([
  BarChart, FunnelChart, LineChart, PieChart,
  GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent,
  CanvasRenderer, SVGRenderer,
]);

export { echarts };
