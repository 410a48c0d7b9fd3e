import { COMPARE_CODES, KPI_CODES, type KpiCode } from './shared/codes.js';
import type { FiltersResponse } from './shared/api.js';
import { DEFAULT_KPI, type ViewScope } from './shared/scope.js';

// The filter bar's selection lives in the page URL, so a view can be shared by link.

export const SCOPE_KEYS = ['period', 'district', 'orgType', 'direction'] as const;

export function readScope(params: URLSearchParams): ViewScope {
  const kpi = params.get('kpi');
  return {
    period: params.get('period'),
    district: params.get('district'),
    orgType: params.get('orgType'),
    direction: params.get('direction'),
    kpi: (KPI_CODES as readonly string[]).includes(kpi ?? '') ? (kpi as KpiCode) : DEFAULT_KPI,
    compare: params.get('compare'),
  };
}

/** The URL query of a scope, leaving out empty filters and the default KPI. */
export function scopeSearch(scope: ViewScope): string {
  const params = new URLSearchParams();
  for (const key of SCOPE_KEYS) if (scope[key]) params.set(key, scope[key]!);
  if (scope.kpi !== DEFAULT_KPI) params.set('kpi', scope.kpi);
  if (scope.compare) params.set('compare', scope.compare);
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

type FilterLists = Pick<FiltersResponse, 'periods' | 'districts' | 'orgTypes' | 'directions' | 'defaultPeriod'>;

/** The period the scope shows: the one it names, or the latest. */
export const chosenPeriod = (filters: FilterLists, scope: ViewScope) =>
  filters.periods.find((p) => p.code === (scope.period ?? filters.defaultPeriod));

/** The periods the cards may compare the chosen one with: those that end before it begins. */
export function comparablePeriods(filters: FilterLists, scope: ViewScope): FiltersResponse['periods'] {
  const chosen = chosenPeriod(filters, scope);
  // Of the same kind: a half-year's events against a whole year's would read as a fall by half.
  return chosen ? filters.periods.filter((p) => p.end < chosen.start && p.kind === chosen.kind) : [];
}

/** Each filter of a link: its list in the filters, its URL key, and its name in a sentence. */
const FILTERS: [Exclude<keyof FilterLists, 'defaultPeriod'>, (typeof SCOPE_KEYS)[number], string][] = [
  ['periods', 'period', 'период'], ['districts', 'district', 'район'], ['orgTypes', 'orgType', 'тип организации'], ['directions', 'direction', 'направление'],
];

/**
 * What a link asks for that the region's data does not have (an old or mistyped link), in words:
 * «район «xyz»». The page then says so once instead of every card and chart failing on its own.
 */
export function unknownFilters(filters: FilterLists, scope: ViewScope): string[] {
  const unknown = FILTERS
    .filter(([list, key]) => scope[key] !== null && !filters[list].some((option) => option.code === scope[key]))
    .map(([, key, word]) => `${word} «${scope[key]}»`);
  const compare = scope.compare;
  const comparable = !compare || (COMPARE_CODES as readonly string[]).includes(compare) || comparablePeriods(filters, scope).some((p) => p.code === compare);
  if (comparable) return unknown;
  // A period of the data, but of another kind or not before the chosen one: said as such.
  const known = filters.periods.find((p) => p.code === compare);
  return [...unknown, known ? `сравнение с периодом «${known.label}» (сравнивать можно только с более ранним периодом того же вида)` : `период сравнения «${compare}»`];
}
