import type { FiltersResponse } from './api.js';
import type { ViewScope } from './scope.js';

/** The name of a filter's chosen option (a district, a direction); none when nothing is chosen. */
export function filterName(list: { code: string; name: string }[], code: string | null | undefined): string | undefined {
  return list.find((o) => o.code === code)?.name;
}

/**
 * What numbers are about, for captions: «Красносельский район · Школа · 2022, 2 п/г».
 * periodLabel replaces the period's label (a trend over all half-years).
 */
export function scopeCaption(filters: FiltersResponse, scope: Omit<ViewScope, 'kpi'>, periodLabel?: string): string {
  const period = filters.periods.find((p) => p.code === (scope.period ?? filters.defaultPeriod));
  return [
    filterName(filters.districts, scope.district) ?? 'Все районы',
    filterName(filters.orgTypes, scope.orgType),
    filterName(filters.directions, scope.direction),
    periodLabel ?? period?.label,
  ].filter(Boolean).join(' · ');
}
