/** Colours of the dashboard's charts: status colours match the KPI cards. */
export const COLORS = {
  met: '#2e7d32',
  missed: '#c62828',
  warning: '#ef6c00',
  neutral: '#9e9e9e',
  target: '#37474f',
  primary: '#1f5fa8',
  secondary: '#5fa8d3',
  /** A third series beside primary and secondary (planned vs actual vs remote). */
  accent: '#f2a541',
  /** Between primary and secondary: a fourth step of a funnel. */
  mid: '#3f7fc0',
  series: ['#1f5fa8', '#5fa8d3', '#f2a541', '#7cb342', '#8e6cc4', '#e07a5f', '#3d9970', '#b0bec5'],
} as const;

// Single quotes: ECharts' SVG renderer puts the family into a double-quoted style attribute.
export const FONT_FAMILY = "'PT Sans', 'DejaVu Sans', 'Segoe UI', Arial, sans-serif";

/** Settings every chart shares: font, palette, roomy grid, tooltips. */
export const BASE_OPTION = {
  color: [...COLORS.series],
  textStyle: { fontFamily: FONT_FAMILY, fontSize: 12, color: '#263238' },
  animationDuration: 400,
} as const;

/**
 * Names on a category axis (districts, directions): a long one wraps onto a second line, never
 * cut with «…» — on a slide the name must be whole.
 */
/** The district chosen in the filters, on a chart of every district: its outline on the map, its name beside the bars. */
export const CHOSEN = '#1b2a3a';

export const CATEGORY_LABEL = { width: 260, overflow: 'break', lineHeight: 14 } as const;

const axisNumber = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 });

/** Value-axis labels as Russian numbers: «1,5», «12 000», «2,5 %» (ECharts alone writes «1.5», «12,000»). */
export function valueAxisLabel(unit: 'percent' | 'count' | 'average' = 'count') {
  return { formatter: (v: number) => (unit === 'percent' ? `${axisNumber.format(v)}\u202f%` : axisNumber.format(v)) };
}
