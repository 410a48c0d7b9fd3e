import type { Queries } from '../db/queries.js';
import type { SqlParams } from '../db/database.js';
import { badRequest } from '../errors.js';
import { localDay } from '../local-day.js';
import { ORG_TYPES } from '../../web/src/lib/shared/vocabulary.js';
import type { FiltersResponse, Option, PeriodInfo, ScopeQuery } from '../../web/src/lib/shared/api.js';
import { halfYearsBetween, parsePeriod, schoolYearsOf, type Period } from './periods.js';

/** Programme span used while the database holds no activity yet. */
const DEFAULT_SPAN = { first: '2020-07-01', last: '2023-06-30' };

/** A validated filter selection: what every KPI and chart query is computed for. */
export interface Scope {
  period: Period;
  district: string | null;
  orgType: string | null;
  direction: string | null;
  /** Today's data even where the period's results are approved (published figures are the default). */
  live?: boolean;
}

export function periodInfo(p: Period): PeriodInfo {
  return { code: p.code, label: p.label, kind: p.kind, start: p.start, end: p.end };
}

/**
 * SQL parameters of a scope; each query binds the ones it mentions. `as_of`: the day the period's
 * facts are counted to — its end, or today while it goes on: a status granted on 14 December is no
 * site yet on the 1st, whatever the order says, and an event planned for the 20th is not held yet.
 */
export function scopeParams(scope: Scope, today = localDay()): SqlParams {
  return {
    start: scope.period.start,
    end: scope.period.end,
    as_of: scope.period.end < today ? scope.period.end : today,
    school_year: scope.period.schoolYear,
    half_year_1: scope.period.halfYears[0],
    half_year_2: scope.period.halfYears[scope.period.halfYears.length - 1],
    district: scope.district,
    org_type: scope.orgType,
    direction: scope.direction,
  };
}

/**
 * The lists behind the filter bar, read from the database. Turns a request's query string into
 * a Scope, or a 400 with a Russian message naming the bad value.
 */
export class FilterCatalog {
  private constructor(
    readonly region: string,
    readonly halfYears: Period[],
    readonly schoolYears: Period[],
    readonly districts: Option[],
    readonly directions: Option[],
    /** The last day with data (null without any). */
    readonly lastDay: string | null,
  ) {}

  static async load(queries: Queries, region: string): Promise<FilterCatalog> {
    const [span] = await queries.run<{ first_day: string | null; last_day: string | null }>('data_span');
    const halfYears = halfYearsBetween(span?.first_day ?? DEFAULT_SPAN.first, span?.last_day ?? DEFAULT_SPAN.last);
    const districts = await queries.run<Option>('districts_list');
    const directions = await queries.run<Option>('directions_list');
    return new FilterCatalog(region, halfYears, schoolYearsOf(halfYears), districts, directions, span?.last_day ?? null);
  }

  /** The last half-year with data: planned events may lie ahead of today. */
  get latestPeriod(): Period {
    return this.halfYears[this.halfYears.length - 1];
  }

  /**
   * The half-year a view opens on: the latest that has begun. Events planned ahead (or a year
   * mistyped far ahead) would otherwise open every dashboard on a half-year with nothing in it yet.
   */
  defaultPeriod(today = localDay()): Period {
    return [...this.halfYears].reverse().find((p) => p.start <= today) ?? this.halfYears[0];
  }

  /**
   * Which periods are still going on is a question of today, not of when the lists were read: a
   * server running into January says so of the December half-year no more.
   */
  toResponse(today = localDay()): Omit<FiltersResponse, 'approved'> {
    const periods = [...this.halfYears, ...this.schoolYears];
    const inProgress = periods.filter((p) => p.end >= today).map((p) => p.code);
    // Planned events may lie ahead: the data of a period going on reach today at most.
    const partialUntil = inProgress.length > 0 && this.lastDay ? (this.lastDay < today ? this.lastDay : today) : null;
    return {
      region: this.region,
      periods: periods.map(periodInfo),
      defaultPeriod: this.defaultPeriod(today).code,
      inProgress,
      partialUntil,
      notBegun: periods.filter((p) => p.start > today).map((p) => p.code),
      districts: this.districts,
      orgTypes: Object.entries(ORG_TYPES).map(([code, name]) => ({ code, name })),
      directions: this.directions,
    };
  }

  /**
   * The filter selections whose KPIs are computed ahead (KpiService.precompute), likeliest first:
   * the whole region, then one organization type, then one direction, each over the half-year a
   * view opens on, the other half-years from the latest back, then every school year. A district's numbers come from its region's rows; both filters at once are
   * rarer, and computed when asked.
   */
  scopesAhead(): Scope[] {
    const opened = this.defaultPeriod();
    const periods = [opened, ...[...this.halfYears].reverse().filter((p) => p !== opened), ...[...this.schoolYears].reverse()];
    const filters = [
      { orgType: null, direction: null },
      ...Object.keys(ORG_TYPES).map((orgType) => ({ orgType, direction: null })),
      ...this.directions.map(({ code }) => ({ orgType: null, direction: code })),
    ];
    return filters.flatMap((filter) => periods.map((period) => ({ period, district: null, ...filter })));
  }

  districtName(code: string): string {
    return this.districts.find((d) => d.code === code)?.name ?? code;
  }

  resolve(query: ScopeQuery): Scope {
    return {
      period: this.resolvePeriod(query.period),
      district: this.checkDistrict(query.district),
      orgType: query.orgType ?? null,
      direction: this.checkDirection(query.direction),
    };
  }

  /** Whether the data covers this period (a half-year or school year of the span). */
  hasPeriod(code: string): boolean {
    return this.periodByCode(code) !== undefined;
  }

  private periodByCode(code: string): Period | undefined {
    return this.halfYears.find((p) => p.code === code) ?? this.schoolYears.find((p) => p.code === code);
  }

  resolvePeriod(code: string | undefined): Period {
    if (code === undefined) return this.defaultPeriod();
    const known = this.periodByCode(code);
    if (known) return known;
    const parsed = parsePeriod(code);
    if (!parsed) throw badRequest(`Неверный период «${code}»: ожидается полугодие вида 2022-H1 или учебный год вида 2021-22`);
    const first = this.halfYears[0].label;
    const last = this.latestPeriod.label;
    throw badRequest(`Нет данных за период «${parsed.label}»: данные есть с ${first} по ${last}`);
  }

  checkDistrict(code: string | undefined): string | null {
    return this.check(code, this.districts, 'Неизвестный район');
  }

  checkDirection(code: string | undefined): string | null {
    return this.check(code, this.directions, 'Неизвестное направление');
  }

  private check(code: string | undefined, options: Option[], what: string): string | null {
    if (code === undefined || code === '') return null;
    if (options.some((o) => o.code === code)) return code;
    throw badRequest(`${what}: «${code}»`);
  }
}
