/** Published results in words, the same on the page, in the files, the deck and the PDF. */
import type { KpiCard, PublicationInfo } from './api.js';
import { formatDate, formatDateTime, formatDelta, formatValue, shownChange } from './format.js';

/**
 * «по текущим данным 3,0 (+1,0)»: today's value beside an approved one, and the difference; null
 * where the card shows today's data or they give the same value. The card, the deck and the print
 * report say it alike: an approved figure is never shown as if it were today's.
 */
export function liveWords(card: Pick<KpiCard, 'live' | 'value' | 'unit'>): string | null {
  if (card.live === undefined) return null;
  const live = card.live;
  const difference = live !== null && card.value !== null ? ` (${formatDelta(shownChange(live, card.value, card.unit), card.unit)})` : '';
  return `по текущим данным ${formatValue(live, card.unit)}${difference}`;
}

/** «Итоги утверждены 10.07.2026, 14:05 — Иванова И. И.; приказ № 12 от 10.07.2026» */
export function approvalWords(p: Pick<PublicationInfo, 'approvedAt' | 'approvedBy' | 'note'>): string {
  return `Итоги утверждены ${formatDateTime(p.approvedAt)} — ${p.approvedBy}${p.note ? `; ${p.note}` : ''}`;
}

/** Which figures of a view of an approved period are the approved ones: only the KPIs were approved. */
export const APPROVED_PARTS = 'Карточки, итоги периода и диаграммы показателя (динамика, по районам) дают утверждённые значения; остальные диаграммы — по текущим данным.';

/** «Отменено 12.07.2026 (Петров П. П.): ошибка в данных» */
export function withdrawalWords(p: Pick<PublicationInfo, 'withdrawnAt' | 'withdrawnBy' | 'withdrawReason'>): string | null {
  return p.withdrawnAt ? `Отменено ${formatDate(p.withdrawnAt)} (${p.withdrawnBy})${p.withdrawReason ? `: ${p.withdrawReason}` : ''}` : null;
}
