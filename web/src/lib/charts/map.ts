import type { KpiMapResponse } from '../shared/api.js';
import { formatValue } from '../shared/format.js';
import { NOT_ARRIVED } from '../shared/completeness.js';
import { BAND_LABELS, bandOf, JUDGED_BANDS, type Band } from '../shared/scorecard.js';
import { BASE_OPTION, COLORS } from './theme.js';
import type { ChartOption } from './types.js';

/** The bands' colours on the map: the scorecard's bands, strong enough to tell apart on a slide. */
export const MAP_BAND_COLORS: Record<Exclude<Band, 'none'>, string> = { met: '#66bb6a', close: '#ffd54f', far: '#ef7b72', few: '#cfd8dc' };
/** A district without a value (no data, nothing to divide by): pale, with the words in its tooltip. */
export const MAP_EMPTY = '#f1f3f5';
/** The scale of a KPI without a target, light to dark. */
const SCALE = ['#e3eef9', '#1f5fa8'];

/** Room left of the map on a desktop for the legend (a column of the bands). */
const LEGEND_WIDTH = 224;

/** «Красносельский» of «Красносельский район», «Верхнедольск» of «Городской округ Верхнедольск»: names on the map. */
export function shortDistrictName(name: string): string {
  const short = name.replace(/\s*(муниципальный|городской)?\s*(район|округ)\s*/giu, ' ').replace(/^\s*г\.\s*о\.\s*/iu, '').trim();
  return short || name;
}

/**
 * The KPI by district on the district map. With a target, each district in its scorecard band
 * (met, close, far, too few data) and a legend of the bands; without one, a light-to-dark scale.
 * A district without a value is pale and its tooltip says why. Shapes match districts by code.
 */
export function kpiMapOption(data: KpiMapResponse): ChartOption {
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
  const someEmpty = cells.some((c) => Number.isNaN(c.value[0]));
  const values = cells.map((c) => c.value[0]).filter((v) => !Number.isNaN(v));
  const words = (code: string) => {
    const cell = cells.find((c) => c.name === code);
    if (!cell?.row) return 'нет данных';
    if (cell.row.notArrived) return NOT_ARRIVED;
    const value = cell.value[0];
    if (Number.isNaN(value)) return 'нет значения';
    const band = judged ? bands[cell.value[1]] : null;
    return `${formatValue(value, data.unit)}${band ? ` — ${BAND_LABELS[band]}` : ''}`;
  };
  const visualMap = judged
    ? {
      // The bands from «цель достигнута» down, then the districts without a value.
      type: 'piecewise' as const, dimension: 1, left: 0, top: 0, orient: 'vertical' as const, itemGap: 6, inverse: true,
      pieces: [
        ...bands.map((band, i) => ({ value: i, label: BAND_LABELS[band], color: MAP_BAND_COLORS[band as Exclude<Band, 'none'>] })),
        ...(someEmpty ? [{ value: bands.length, label: 'нет значения', color: MAP_EMPTY }] : []),
      ],
      outOfRange: { color: MAP_EMPTY },
      textStyle: { fontSize: 12 },
    }
    : {
      type: 'continuous' as const, dimension: 0, left: 0, top: 0, orient: 'vertical' as const, itemHeight: 120, calculable: false,
      min: Math.min(0, ...values), max: Math.max(1, ...values), inRange: { color: SCALE }, outOfRange: { color: MAP_EMPTY },
      text: [formatValue(Math.max(1, ...values), data.unit), formatValue(Math.min(0, ...values), data.unit)],
      formatter: (v: number) => formatValue(v, data.unit),
    };
  return {
    ...BASE_OPTION,
    tooltip: {
      trigger: 'item',
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
      left: LEGEND_WIDTH, right: 16, top: 8, bottom: 8,
      selectedMode: false,
      itemStyle: { borderColor: '#ffffff', borderWidth: 1, areaColor: MAP_EMPTY },
      emphasis: { itemStyle: { areaColor: COLORS.secondary }, label: { show: true } },
      label: {
        show: true, fontSize: 11, lineHeight: 13, width: 96, overflow: 'break', color: '#263238',
        formatter: (p: unknown) => {
          const { name } = p as { name: string };
          const cell = cells.find((c) => c.name === name);
          const value = cell?.value[0];
          return `${shortDistrictName(cell?.district ?? name)}${value === undefined || Number.isNaN(value) ? '' : `\n${formatValue(value, data.unit)}`}`;
        },
      },
      labelLayout: { hideOverlap: true },
      data: cells.map(({ name, value }) => ({ name, value })),
    }],
  } as ChartOption;
}

export const hasKpiMap = (d: KpiMapResponse) => (d.map.geoJson as { features: unknown[] }).features.length > 0 && d.rows.length > 0;
