import type { FiltersResponse } from './api.js';

export interface CaptionScope {
  period: string | null;
  district: string | null;
  orgType: string | null;
  direction: string | null;
}

/**
 * What numbers are about, for captions: «Красносельский район · Школа · 2022, 2 п/г».
 * periodLabel replaces the period's label (a trend over all half-years).
 */
export function scopeCaption(filters: FiltersResponse, scope: CaptionScope, periodLabel?: string): string {
  const name = (list: { code: string; name: string }[], code: string | null) => list.find((o) => o.code === code)?.name;
  const period = filters.periods.find((p) => p.code === (scope.period ?? filters.defaultPeriod));
  return [
    name(filters.districts, scope.district) ?? 'Все районы',
    name(filters.orgTypes, scope.orgType),
    name(filters.directions, scope.direction),
    periodLabel ?? period?.label,
  ].filter(Boolean).join(' · ');
}
