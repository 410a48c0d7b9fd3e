/**
 * ECharts for the page's charts, loaded once, on demand: it is most of the overview's script, and
 * the cards, the summary and the filters need none of it, so they show before it arrives.
 */
export type ECharts = typeof import('./echarts.js');

let loading: Promise<ECharts> | undefined;

export function loadECharts(): Promise<ECharts> {
  // A failed load (the network dropped) is tried again by the next chart, not remembered.
  loading ??= import('./echarts.js').catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/**
 * The page's first chart on screen (a picture of it) and first drawn by ECharts, as User Timing
 * marks (from the page's start): what the bench reads, since anything polling the page waits
 * while ECharts is being parsed.
 */
export const CHART_ON_SCREEN = 'first-chart-on-screen';
export const CHART_DRAWN = 'first-chart-drawn';

export function markOnce(name: string): void {
  if (performance.getEntriesByName(name).length === 0) performance.mark(name);
}
