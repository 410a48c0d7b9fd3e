import type { FiltersResponse } from './api.js';
import type { ViewScope } from './scope.js';
import { formatDate } from './format.js';

/** The name of a filter's chosen option (a district, a direction); none when nothing is chosen. */
export function filterName(list: { code: string; name: string }[], code: string | null | undefined): string | undefined {
  return list.find((o) => o.code === code)?.name;
}

/**
 * « (период не завершён, данные по 20.11.2026)» after a period still going on, « (период ещё не
 * начался)» after one ahead; nothing after one that has ended.
 */
export function partialNote(filters: Pick<FiltersResponse, 'inProgress' | 'partialUntil' | 'notBegun'>, period: string): string {
  if (filters.notBegun.includes(period)) return ' (период ещё не начался)';
  return filters.partialUntil && filters.inProgress.includes(period) ? ` (период не завершён, данные по ${formatDate(filters.partialUntil)})` : '';
}

/**
 * What numbers are about, for captions: «Красносельский район · Школа · 2022, 2 п/г». A period
 * still going on says how far its data goes: its figures are not the whole period's.
 * periodLabel replaces the period's label (a trend over all half-years).
 */
export function scopeCaption(filters: Omit<FiltersResponse, 'approved'>, scope: Omit<ViewScope, 'kpi'>, periodLabel?: string): string {
  const period = filters.periods.find((p) => p.code === (scope.period ?? filters.defaultPeriod));
  const partial = periodLabel === undefined && period ? partialNote(filters, period.code) : '';
  return [
    filterName(filters.districts, scope.district) ?? 'Все районы',
    filterName(filters.orgTypes, scope.orgType),
    filterName(filters.directions, scope.direction),
    periodLabel ?? (period ? period.label + partial : undefined),
  ].filter(Boolean).join(' · ');
}
