/** Published results in words, the same on the page, in the files, the deck and the PDF. */
import type { PublicationInfo } from './api.js';
import { formatDate, formatDateTime } from './format.js';

/** «Итоги утверждены 10.07.2026, 14:05 — Иванова И. И.; приказ № 12 от 10.07.2026» */
export function approvalWords(p: Pick<PublicationInfo, 'approvedAt' | 'approvedBy' | 'note'>): string {
  return `Итоги утверждены ${formatDateTime(p.approvedAt)} — ${p.approvedBy}${p.note ? `; ${p.note}` : ''}`;
}

/** «Утверждённые итоги» or «Текущие данные»: what the figures of a view are. */
export const figuresWord = (published: unknown) => (published ? 'Утверждённые итоги' : 'Текущие данные');

/** «Отменено 12.07.2026 (Петров П. П.): ошибка в данных» */
export function withdrawalWords(p: Pick<PublicationInfo, 'withdrawnAt' | 'withdrawnBy' | 'withdrawReason'>): string | null {
  return p.withdrawnAt ? `Отменено ${formatDate(p.withdrawnAt)} (${p.withdrawnBy})${p.withdrawReason ? `: ${p.withdrawReason}` : ''}` : null;
}
