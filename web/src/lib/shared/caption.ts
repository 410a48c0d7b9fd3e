import type { FiltersResponse } from './api.js';
import type { ViewScope } from './scope.js';

/**
 * What numbers are about, for captions: «Красносельский район · Школа · 2022, 2 п/г».
 * periodLabel replaces the period's label (a trend over all half-years).
 */
export function scopeCaption(filters: FiltersResponse, scope: Omit<ViewScope, 'kpi'>, periodLabel?: string): string {
  const name = (list: { code: string; name: string }[], code: string | null) => list.find((o) => o.code === code)?.name;
  const period = filters.periods.find((p) => p.code === (scope.period ?? filters.defaultPeriod));
  return [
    name(filters.districts, scope.district) ?? 'Все районы',
    name(filters.orgTypes, scope.orgType),
    name(filters.directions, scope.direction),
    periodLabel ?? period?.label,
  ].filter(Boolean).join(' · ');
}
