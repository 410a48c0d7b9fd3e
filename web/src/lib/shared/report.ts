/** The print report's KPI table in words: the same on the report page and in its PDF. */
import type { KpiCard } from './api.js';
import { valueOrAbsence } from './completeness.js';
import { formatDelta, formatInteger, formatValue } from './format.js';
import { verdictWords } from './verdict.js';

export const REPORT_KPI_HEADERS = ['Показатель', 'Значение', 'Числитель / знаменатель', 'Цель', 'Итог', 'Изменение'] as const;

/** A card's row of the report's KPI table, in the order of REPORT_KPI_HEADERS. */
export function reportKpiCells(card: KpiCard): string[] {
  return [
    card.title,
    valueOrAbsence(card),
    card.denominator === null ? formatInteger(card.numerator) : `${formatInteger(card.numerator)} / ${formatInteger(card.denominator)}`,
    card.target === null ? '—' : formatValue(card.target, card.unit),
    verdictWords(card),
    card.previous ? `${formatDelta(card.delta, card.unit)} к ${card.previous.period.label}` : '—',
  ];
}
