import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, FunnelSeriesOption, LineSeriesOption, MapSeriesOption, PieSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption, LegendComponentOption, MarkLineComponentOption, TitleComponentOption, TooltipComponentOption, VisualMapComponentOption,
} from 'echarts/components';

/** The option of any dashboard chart: only the series and components registered in echarts.ts. */
export type ChartOption = ComposeOption<
  | BarSeriesOption | LineSeriesOption | FunnelSeriesOption | PieSeriesOption | MapSeriesOption
  | GridComponentOption | LegendComponentOption | MarkLineComponentOption | TitleComponentOption | TooltipComponentOption | VisualMapComponentOption
>;
