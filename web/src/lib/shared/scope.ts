import type { KpiCode } from './kpis.js';

/**
 * The filter bar's selection as the page URL, the charts, their exports and the captions carry it:
 * codes as written (null: all districts, types or directions; a null period: the latest) and the
 * KPI the KPI charts show. The server checks it into its own Scope (server/domain/scope.ts).
 */
export interface ViewScope {
  period: string | null;
  district: string | null;
  orgType: string | null;
  direction: string | null;
  kpi: KpiCode;
  /** What the KPI cards compare with (CompareQuery): null or absent, the period before. */
  compare?: string | null;
}

/** The KPI the KPI charts show until the user picks another. */
export const DEFAULT_KPI: KpiCode = 'authors_share';

/** The filter bar's part of a scope, as API query parameters (the KPI choice is not a filter). */
export const filterParams = ({ period, district, orgType, direction }: Omit<ViewScope, 'kpi'>) => ({ period, district, orgType, direction });

/** The KPI cards' and the summary's query: the filters and what the cards compare with. */
export const cardParams = (scope: Omit<ViewScope, 'kpi'>) => ({ ...filterParams(scope), compare: scope.compare ?? null });
