/**
 * A KPI's verdict against its target, in words: the same on the cards, the print report and its
 * PDF, the slides and the summary. A card with a target but no value (API `met: null`: nothing to
 * divide by, no headcount, data not arrived) is not judged: it is never «не достигнута».
 */
import type { KpiCard } from './api.js';

/** met / missed: judged; unjudged: a target but no value to judge; none: no target. */
export type Verdict = 'met' | 'missed' | 'unjudged' | 'none';

export function verdictOf(card: Pick<KpiCard, 'target' | 'met'>): Verdict {
  if (card.target === null) return 'none';
  return card.met === null ? 'unjudged' : card.met ? 'met' : 'missed';
}

/** A card's verdict after «Цель 20,0 % ·», and the report's «Итог» column. */
export const VERDICT_WORDS: Record<Verdict, string> = {
  met: 'достигнута',
  missed: 'не достигнута',
  unjudged: 'нет данных для оценки',
  none: '—',
};

export const verdictWords = (card: Pick<KpiCard, 'target' | 'met'>): string => VERDICT_WORDS[verdictOf(card)];
