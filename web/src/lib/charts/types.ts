import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, FunnelSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption, LegendComponentOption, MarkLineComponentOption, TitleComponentOption, TooltipComponentOption,
} from 'echarts/components';

/** The option of any dashboard chart: only the series and components registered in echarts.ts. */
export type ChartOption = ComposeOption<
  | BarSeriesOption | LineSeriesOption | FunnelSeriesOption | PieSeriesOption
  | GridComponentOption | LegendComponentOption | MarkLineComponentOption | TitleComponentOption | TooltipComponentOption
>;
