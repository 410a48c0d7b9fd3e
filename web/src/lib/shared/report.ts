/** The print report's KPI table in words: the same on the report page and in its PDF. */
import type { KpiCard } from './api.js';
import { valueOrAbsence } from './completeness.js';
import { formatDelta, formatInteger, formatValue } from './format.js';
import { cardDetail } from './kpis.js';
import { liveWords } from './published.js';
import { verdictWords } from './verdict.js';

/** The heading over the charts a deck or a print report left out: nothing to draw for its filters. */
export const WITHOUT_DATA_TITLE = 'Диаграммы без данных за период (не показаны)';

export const REPORT_KPI_HEADERS = ['Показатель', 'Значение', 'Расчёт', 'Цель', 'Итог', 'Изменение'] as const;

/** A card's row of the report's KPI table, in the order of REPORT_KPI_HEADERS. */
export function reportKpiCells(card: KpiCard): string[] {
  return [
    card.title,
    // An approved figure with today's beside it, as on the card.
    [valueOrAbsence(card), liveWords(card)].filter(Boolean).join('\n'),
    // As the card says it: «314 из 23 286», a mean's «19 анкет от 40 участников» (not «19 / 40», which it is not).
    card.denominator === null ? formatInteger(card.numerator) : cardDetail({ ...card, denominator: card.denominator }),
    card.target === null ? '—' : formatValue(card.target, card.unit),
    verdictWords(card),
    card.previous ? `${formatDelta(card.delta, card.unit)} к ${card.previous.period.label}` : '—',
  ];
}
