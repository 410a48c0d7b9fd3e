import type { KpiMapResponse } from '../shared/api.js';
import { formatValue } from '../shared/format.js';
import { BAND_LABELS, bandOf, JUDGED_BANDS, type Band } from '../shared/scorecard.js';
import { absenceOf } from '../shared/kpis.js';
import { BASE_OPTION, CHOSEN } from './theme.js';
import type { ChartOption } from './types.js';

/** The bands' colours on the map: the scorecard's bands, strong enough to tell apart on a slide. */
export const MAP_BAND_COLORS: Record<Exclude<Band, 'none'>, string> = { met: '#66bb6a', close: '#ffd54f', far: '#ef7b72', few: '#cfd8dc' };
/** A district without a value (no data, nothing to divide by): pale and hatched, with the words in its tooltip. */
export const MAP_EMPTY = '#f1f3f5';
/** The scale of a KPI without a target, light to dark. */
const SCALE = ['#cfe0f3', '#1f5fa8'];

/** «Красносельский» of «Красносельский район», «Верхнедольск» of «Городской округ Верхнедольск»: names on the map. */
export function shortDistrictName(name: string): string {
  const short = name.replace(/\s*(муниципальный|городской)?\s*(район|округ)\s*/giu, ' ').replace(/^\s*г\.\s*о\.\s*/iu, '').trim();
  return short || name;
}

/**
 * The KPI by district on the district map. With a target, each district in its scorecard band
 * (met, close, far, too few data) and a legend of the bands; without one, a light-to-dark scale
 * from the lowest value to the highest. A district without a value is hatched, its tooltip saying
 * why. Shapes match districts by code; the map keeps its proportions, right of its legend.
 */
export function kpiMapOption(data: KpiMapResponse, district: string | null = null): ChartOption {
  const byCode = new Map(data.rows.map((r) => [r.district, r]));
  const judged = data.target !== null;
  const bands: Band[] = [...JUDGED_BANDS];
  const bandIndex = (row: KpiMapResponse['rows'][number]) => bands.indexOf(bandOf(data.code, row, data.target, false));
  const features = (data.map.geoJson as { features: { properties: { code: string; name: string } }[] }).features;
  const cells = features.map(({ properties: { code, name } }) => {
    const row = byCode.get(code);
    const value = row && !row.notArrived ? row.value : null;
    return { name: code, district: row?.name ?? name, value: [value ?? NaN, row && value !== null && judged ? bandIndex(row) : bands.length], row };
  });
  const values = cells.map((c) => c.value[0]).filter((v) => !Number.isNaN(v));
  const [low, high] = [Math.min(...values), Math.max(...values)];
  // A scale of one value (every district the same) still needs two ends.
  const [min, max] = low === high ? [Math.min(0, low), Math.max(low, 1)] : [low, high];
  const words = (code: string) => {
    const cell = cells.find((c) => c.name === code);
    const value = cell?.value[0];
    if (value === undefined || Number.isNaN(value)) return absenceOf(data.code, cell?.row?.notArrived ?? false);
    const band = judged ? bands[cell!.value[1]] : null;
    return `${formatValue(value, data.unit)}${band ? ` — ${BAND_LABELS[band]}` : ''}`;
  };
  /** Dark enough a fill for white text: the upper part of the scale. */
  const dark = (value: number) => !judged && (value - min) / (max - min || 1) > 0.55;
  const visualMap = judged
    ? {
      // The bands from «цель достигнута» down; a district without a value is hatched, not a band.
      type: 'piecewise' as const, dimension: 1, left: 0, top: 0, orient: 'vertical' as const, itemGap: 6, inverse: true,
      pieces: bands.map((band, i) => ({ value: i, label: BAND_LABELS[band], color: MAP_BAND_COLORS[band as Exclude<Band, 'none'>] })),
      outOfRange: { color: MAP_EMPTY },
      textStyle: { fontSize: 12 },
    }
    : {
      type: 'continuous' as const, dimension: 0, left: 0, top: 0, orient: 'vertical' as const, itemHeight: SCALE_HEIGHT, calculable: false,
      min, max, inRange: { color: SCALE }, outOfRange: { color: MAP_EMPTY },
      text: [formatValue(max, data.unit), formatValue(min, data.unit)],
      formatter: (v: number) => formatValue(v, data.unit),
    };
  return {
    ...BASE_OPTION,
    tooltip: {
      trigger: 'item',
      // Kept inside the chart: a district at its edge would push the tooltip out of the panel.
      confine: true,
      formatter: (p: unknown) => {
        const { name } = p as { name: string };
        const cell = cells.find((c) => c.name === name);
        return `${cell?.district ?? name}: ${words(name)}`;
      },
    },
    visualMap,
    series: [{
      type: 'map',
      // Registered under this name before the option is drawn (the chart's `shapes`, echarts.ts).
      map: data.map.name,
      nameProperty: 'code',
      // Tiles are squares; boundaries are in degrees, whose longitude shrinks with the latitude.
      aspectScale: data.map.kind === 'tiles' ? 1 : 0.6,
      // Centre and size keep the map's proportions (left/right/top/bottom would stretch it to the box).
      layoutCenter: ['61%', '50%'],
      layoutSize: '92%',
      // The district chosen in the filters is outlined, in its own colour: ECharts' selection
      // colour is a yellow that reads as the band «близко к цели».
      selectedMode: 'single',
      select: { itemStyle: { color: null, areaColor: null, borderColor: CHOSEN, borderWidth: 3 }, label: { show: true, fontWeight: 'bold' } },
      // Hovering keeps a district's colour (a hover colour could read as a band or a value).
      emphasis: { disabled: true },
      itemStyle: { borderColor: '#ffffff', borderWidth: 1, areaColor: MAP_EMPTY },
      label: {
        show: true, fontSize: 11, lineHeight: 13, color: '#263238',
        formatter: (p: unknown) => {
          const { name } = p as { name: string };
          const cell = cells.find((c) => c.name === name);
          const value = cell?.value[0];
          return `${labelName(cell?.district ?? name)}${value === undefined || Number.isNaN(value) ? '' : `\n${formatValue(value, data.unit)}`}`;
        },
      },
      data: cells.map(({ name, value }) => ({
        name, value, selected: name === district,
        ...(Number.isNaN(value[0]) ? { itemStyle: { decal: HATCH } } : dark(value[0]) ? { label: { color: '#ffffff' } } : {}),
      })),
    }],
  } as ChartOption;
}

/** Diagonal hatching: a district without a value, told apart from the palest value. */
const HATCH = { symbol: 'rect', symbolSize: 1, dashArrayX: [1, 0], dashArrayY: [2, 5], rotation: Math.PI / 4, color: 'rgba(96, 112, 128, 0.35)' };

/** The short name, a word a line when it is long: whole words, never broken inside one. */
function labelName(name: string): string {
  const short = shortDistrictName(name);
  return short.length > 12 ? short.split(' ').join('\n') : short;
}

/** Height of the light-to-dark scale's bar: with its two ends written, it fits the legend's room on a phone. */
const SCALE_HEIGHT = 96;

export const hasKpiMap = (d: KpiMapResponse) => (d.map.geoJson as { features: unknown[] }).features.length > 0
  && d.rows.some((r) => r.value !== null && !r.notArrived);
