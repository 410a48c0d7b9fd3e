import type { KpiCode, KpiUnit } from './codes.js';
import { formatValue, meetsTarget } from './format.js';
import { FEW, impossibleShare, judgedTarget, KPI_META } from './kpis.js';
import { shownCell, unitDecimals, type TableData } from './table.js';
import { NOT_ARRIVED } from './completeness.js';
import type { PublicationInfo } from './api.js';
import { approvalWords } from './published.js';

/**
 * How a scorecard cell stands against its KPI's target:
 * - met: at or above the target, as the value is shown (meetsTarget);
 * - close: below it by less than a fifth (at least 80 % of the target);
 * - far: further below;
 * - few: too few to rank («мало данных», KpiMeta.fewBelow): the denominator, or for a mean rating
 *   the questionnaires it is the mean of;
 * - none: no value, no target, or a count whose target is the region's (pilot and testing
 *   organizations: a district's count says nothing against it).
 */
export type Band = 'met' | 'close' | 'far' | 'few' | 'none';
export const CLOSE_SHARE = 0.8;

export const BAND_LABELS: Record<Band, string> = {
  met: 'цель достигнута',
  close: `близко к цели (${CLOSE_SHARE * 100}–99\u202f%)`,
  far: `ниже ${CLOSE_SHARE * 100}\u202f% цели`,
  few: 'мало данных',
  none: 'без оценки',
};

/** The bands that judge a value, as a legend lists them. */
export const JUDGED_BANDS = ['met', 'close', 'far', 'few'] as const satisfies readonly Band[];

/** The last row of a scorecard, below the districts. */
export const REGION_ROW = 'Регион в целом';

/** Spreadsheet fills of the bands, as Excel's own «good», «neutral» and «bad» styles. */
export const BAND_FILLS: Record<Band, string | null> = { met: '#C6EFCE', close: '#FFEB9C', far: '#FFC7CE', few: '#E7E6E6', none: null };

export interface ScoreValue {
  value: number | null;
  numerator: number;
  denominator: number | null;
}

/**
 * Whether a value rests on too few people, organizations or units to be judged against a target
 * (FEW_RULE): the scorecard, the map and the district chart say «мало данных» instead of a verdict.
 */
export function tooFewToJudge(kpi: KpiCode, cell: ScoreValue): boolean {
  const meta = KPI_META[kpi];
  const base = typeof meta.source.value === 'object' ? cell.numerator : cell.denominator;
  return cell.value !== null && base !== null && base < (meta.fewBelow ?? 0);
}

export function bandOf(kpi: KpiCode, cell: ScoreValue, target: number | null, region: boolean): Band {
  const meta = KPI_META[kpi];
  if (cell.value === null || impossibleShare(kpi, cell)) return 'none';
  if (tooFewToJudge(kpi, cell)) return 'few';
  const judged = judgedTarget(kpi, target, !region);
  if (judged === null) return 'none';
  if (meetsTarget(cell.value, judged, meta.unit)) return 'met';
  // 80 % of 3 is 2.4000000000000004 in floating point: 2.4 is close.
  return cell.value >= CLOSE_SHARE * judged - 1e-9 ? 'close' : 'far';
}

/** The thresholds of «мало данных», said once under the table and in the README. */
export const FEW_RULE = `мало данных — показатель рассчитан менее чем по ${FEW.people} педагогам (для оценки мероприятий — анкетам), ${FEW.organizations} организациям или ${FEW.units} площадкам, мероприятиям или ресурсам`;

export interface ScorecardLike {
  kpis: { code: KpiCode; title: string; target: number | null }[];
  rows: { name: string; cells: ScoreCell[] }[];
  total: ScoreCell[];
  /** The approval whose figures these are, if any: said under the table. */
  published?: PublicationInfo | null;
}

type ScoreCell = ScoreValue & { band: Band; notArrived: boolean };

/** The districts' rows and the region's last, as every copy of the scorecard lists them. */
export function scorecardRows(card: ScorecardLike): { name: string; cells: ScoreCell[] }[] {
  return [...card.rows, { name: REGION_ROW, cells: card.total }];
}

/**
 * What a cell says in words instead of its bare value: «данные не поступили», or «мало данных»
 * with the value; null when the value itself is what to show.
 */
export function scoreWords(kpi: KpiCode, cell: ScoreCell): string | null {
  if (cell.notArrived) return NOT_ARRIVED;
  return cell.band === 'few' ? `мало данных (${formatValue(cell.value, KPI_META[kpi].unit)})` : null;
}

/**
 * The scorecard as a table to hand to people: one row a district, the region last, the targets
 * under them. A cell with too few data to rank says so in words: sorted as a number it would
 * stand among the ranked ones, which the page never does.
 */
export function scorecardTable(card: ScorecardLike): TableData {
  const rows = scorecardRows(card);
  const units: Record<KpiUnit, string> = { percent: ', %', count: '', average: '' };
  return {
    headers: ['Район', ...card.kpis.map((k) => `${k.title}${units[KPI_META[k.code].unit]}`)],
    rows: [
      ...rows.map((row) => [row.name, ...row.cells.map((c, i) => scoreWords(card.kpis[i].code, c) ?? c.value)]),
      ['Цель', ...card.kpis.map((k) => shownCell(k.target, KPI_META[k.code].unit))],
      ...(card.published ? [[approvalWords(card.published)]] : []),
    ],
    fills: rows.map((row) => [null, ...row.cells.map((c) => BAND_FILLS[c.band])]),
    decimals: [null, ...card.kpis.map((k) => unitDecimals(KPI_META[k.code].unit))],
  };
}
