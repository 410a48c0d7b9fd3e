import type { Queries, QueryName } from '../db/queries.js';
import { KPI_CODES, type KpiCard, type KpiCode, type KpiPassport, type KpiTrendResponse, type KpiUnit } from '../../web/src/lib/shared/api.js';
import { meetsTarget, shownChange, shownValue } from '../../web/src/lib/shared/format.js';
import { impossibleShare, IMPOSSIBLE, judgedTarget, KPI_META, ofPart } from '../../web/src/lib/shared/kpis.js';
import { localDay } from '../local-day.js';
import { previousPeriod, type Period } from './periods.js';
import type { PublishedSet, RegionMeasurement } from './publications.js';
import { periodInfo, scopeParams, type Scope } from './scope.js';

/** The SQL files that measure KPIs, each once. */
export const KPI_QUERIES = [...new Set(KPI_CODES.map((code) => KPI_META[code].source.query as QueryName))];

/**
 * numerator ÷ denominator as it is shown — a percent or a mean to tenths (shownValue, the cards'
 * own rounding, ICU's) — rounded once from the exact quotient, or null when there is nothing to
 * divide by. Every consumer takes this one figure: cards, changes, projections, charts, the
 * scorecard, approvals and exports. (Rounded to hundredths first and to tenths on the screen,
 * 314 of 23 286 teachers, 1,3484 %, read «1,4 %».)
 */
function shownQuotient(numerator: number, denominator: number | null, unit: KpiUnit): number | null {
  return denominator ? shownValue(numerator / denominator, unit) : null;
}

export interface Measurement {
  value: number | null;
  numerator: number;
  denominator: number | null;
  /** KpiSource.inScope, where the KPI's source has one. */
  inScope?: number;
  /** What a mean is the mean of (KpiSource.value.meanOf: the ratings' sum), where the value is one. */
  meanOf?: number;
}

export interface DistrictMeasurement extends Measurement {
  district: string;
}

export function isMet(value: number | null, target: number | null, unit: KpiUnit): boolean | null {
  if (value === null || target === null) return null;
  return meetsTarget(value, target, unit);
}

/**
 * A KPI's value from its counts (KpiSource): a share's percent, a ratio, a mean of `meanOf`, or a
 * count itself; rounded as shown (shownQuotient). Today's data and approved figures alike.
 */
export function kpiValue(kpi: KpiCode, counts: Pick<Measurement, 'numerator' | 'denominator' | 'meanOf'>): number | null {
  const { source, unit } = KPI_META[kpi];
  const { numerator, denominator } = counts;
  return source.value === 'ratio' ? shownQuotient(numerator, denominator, unit)
    : source.value ? shownQuotient(counts.meanOf ?? 0, numerator, unit)
    : source.denominator ? shownQuotient(100 * numerator, denominator, unit) : numerator;
}

export type KpiRow = { district_code: string | null; is_total: boolean } & Record<string, number | null>;

/** A KPI's value from a row of its query's columns (KpiSource): a district's, the total, an organization's. */
function measureRow(kpi: KpiCode, row: Record<string, unknown> | undefined): Measurement {
  const { source } = KPI_META[kpi];
  const column = (name: string) => (row?.[name] ?? null) as number | null;
  const counts = {
    numerator: column(source.numerator) ?? 0,
    denominator: source.denominator ? column(source.denominator) : null,
    ...(typeof source.value === 'object' ? { meanOf: column(source.value.meanOf) ?? 0 } : {}),
  };
  return { value: kpiValue(kpi, counts), ...counts, ...(source.inScope ? { inScope: column(source.inScope) ?? 0 } : {}) };
}

/** The SQL file that lists a KPI's organizations («Кто за этой цифрой»): its query's, per organization. */
export const organizationsQuery = (kpi: KpiCode): QueryName => `orgs_${KPI_META[kpi].source.query}`;

/** An organization behind a KPI's value: its own numerator and denominator (KpiWho). */
export interface OrganizationMeasurement extends Measurement {
  organization: string;
  name: string;
  shortName: string;
  district: string;
  orgType: string;
  note: string | null;
}

/**
 * Results kept for one version of the data: every query × period × type × direction of a busy
 * day, with those computed ahead. A result is a row per district (150 at a country's scale).
 */
const MAX_RESULTS = 20_000;
/** Results computed ahead at most (KpiService.precompute): half the room, the rest for what is asked. */
export const MAX_AHEAD = MAX_RESULTS / 2;

/**
 * A district's rows taken from the whole region's: its own row, which is also the total of a
 * scope cut to it. Every KPI query restricts its scope by the organization's district and groups
 * by it, so the two are the same (a test compares them for every query and district). Undefined
 * when the region's rows have none for it (no organization of the type, no headcount): what an
 * empty scope gives differs by query, so that is asked for directly.
 */
export function districtRows(region: readonly KpiRow[], district: string): KpiRow[] | undefined {
  const own = region.find((r) => !r.is_total && r.district_code === district);
  return own && [own, { ...own, district_code: null, is_total: true } as KpiRow];
}

/** A KPI query's rows being computed or computed, and who waits for them. */
interface Computation {
  rows: Promise<KpiRow[]>;
  /** Requests waiting that may go away; a caller without a signal waits to the end (`kept`). */
  waiting: number;
  kept: boolean;
  settled: boolean;
  stop: AbortController;
}

/** Measures the plan's KPIs for a scope: the total, per district, and over half-years. */
export class KpiService {
  /** Query results of the data version `version`, by query and parameters; shared while in flight. */
  private readonly results = new Map<string, Computation>();
  private version = -1;

  /**
   * `dataVersion`: changes whenever the data (or the day: reports overdue count from today) does;
   * results kept under another version are dropped.
   */
  constructor(
    private readonly queries: Queries,
    private readonly passports: Record<KpiCode, KpiPassport>,
    private readonly dataVersion: () => number,
    /** The approval in force of a period (published results), if any. */
    private readonly published: (period: string) => PublishedSet | undefined = () => undefined,
  ) {
    // A KPI declared without its SQL file stops the server at start-up, not a dashboard later.
    const missing = [...KPI_QUERIES, ...KPI_CODES.map(organizationsQuery)].filter((query) => !queries.has(query));
    if (missing.length > 0) throw new Error(`Нет файлов запросов показателей: ${missing.map((q) => `queries/${q}.sql`).join(', ')}`);
  }

  /** What a KPI's value for a period counts, as its passport's periodicity says. */
  counts(code: KpiCode): KpiTrendResponse['counts'] {
    const { periodicity } = this.passports[code];
    return /нарастающим итогом/.test(periodicity) ? 'cumulative' : /на конец периода/.test(periodicity) ? 'end_of_period' : 'in_period';
  }

  /**
   * The approved figures a scope shows: its period's published results, unless the scope filters
   * by organization type or direction (only the districts and the region are published) or asks
   * for today's data (`live`).
   */
  publishedFor(scope: Scope): PublishedSet | undefined {
    return scope.live || scope.orgType !== null || scope.direction !== null ? undefined : this.published(scope.period.code);
  }

  /** The targets a scope's KPIs are judged by: those stored with its published results, else today's. */
  async targetsOf(scope: Scope): Promise<Map<KpiCode, number>> {
    return this.publishedFor(scope)?.targets ?? this.targets();
  }

  async targets(): Promise<Map<KpiCode, number>> {
    const rows = await this.queries.run<{ kpi_code: KpiCode; threshold: number }>('targets_list');
    return new Map(rows.map((r) => [r.kpi_code, r.threshold]));
  }

  /**
   * A KPI query's rows, computed once per data version: KPIs measured by one SQL file (pilot and
   * testing, the event KPIs), the cards' previous period, a trend's half-years and every view of
   * the same filters share them.
   */
  private result(query: QueryName, scope: Scope, signal?: AbortSignal): Promise<KpiRow[]> {
    signal?.throwIfAborted();
    const version = this.dataVersion();
    if (version !== this.version) {
      this.results.clear();
      this.version = version;
    }
    const params = scopeParams(scope);
    const key = JSON.stringify([query, params]);
    let computation = this.results.get(key);
    if (!computation) {
      const stop = new AbortController();
      const started: Computation = { rows: this.queries.run<KpiRow>(query, params, stop.signal), waiting: 0, kept: false, settled: false, stop };
      this.results.set(key, started);
      if (this.results.size > MAX_RESULTS) this.results.delete(this.results.keys().next().value!);
      // A failed or stopped query is asked again next time, not remembered.
      started.rows.then(() => (started.settled = true), () => {
        started.settled = true;
        this.forget(key, started);
      });
      computation = started;
    }
    return this.wait(key, computation, signal);
  }

  /**
   * Joins a computation. `signal` aborts when the request asking has gone: once every request
   * waiting for an unfinished computation has gone, it is stopped (its query interrupted) and
   * forgotten, so that whoever asks next starts afresh instead of joining a stopped one.
   */
  private wait(key: string, computation: Computation, signal?: AbortSignal): Promise<KpiRow[]> {
    if (!signal) {
      computation.kept = true;
      return computation.rows;
    }
    computation.waiting += 1;
    signal.addEventListener('abort', () => {
      computation.waiting -= 1;
      if (computation.waiting > 0 || computation.kept || computation.settled) return;
      this.forget(key, computation);
      computation.stop.abort(signal.reason);
    }, { once: true });
    return computation.rows;
  }

  private forget(key: string, computation: Computation): void {
    if (this.results.get(key) === computation) this.results.delete(key);
  }

  /**
   * A district's rows come from the whole region's (districtRows): after one view of the region,
   * each of its districts costs nothing, and officials go from one district to the next.
   */
  private async scopeRows(query: QueryName, scope: Scope, signal?: AbortSignal): Promise<KpiRow[]> {
    if (scope.district === null) return this.result(query, scope, signal);
    return districtRows(await this.result(query, { ...scope, district: null }, signal), scope.district) ?? this.result(query, scope, signal);
  }

  /**
   * Computes the KPI queries' rows of the scopes given ahead of any request, one query at a time
   * (the pool's other connections stay free for requests), so that filters asked for the first
   * time are answered from memory, and each district of them from its region's rows (a district
   * those rows lack is asked for when wanted: computed ahead for every scope, such districts cost
   * as much as the rest together at scale). Stops when `current` turns false (the data changed):
   * true when every scope is done.
   */
  async precompute(scopes: readonly Scope[], current: () => boolean): Promise<boolean> {
    for (const scope of scopes.slice(0, Math.floor(MAX_AHEAD / KPI_QUERIES.length))) {
      for (const query of KPI_QUERIES) {
        if (!current()) return false;
        await this.result(query, scope);
      }
    }
    return current();
  }

  /**
   * A KPI in a period compared with the scope's, like with like: by today's data where the scope's
   * figure is today's (`live`: that period's is approved, and may read otherwise), approved where
   * both are approved. Where the scope's is approved and that period's is not, that period's by
   * today's data is kept only where the approved figure still reads as today's does: else their
   * difference is of neither (an approval's data against today's), and it has no value.
   */
  async everyDistrictCompared(kpi: KpiCode, scope: Scope, period: Period, signal?: AbortSignal): Promise<{ measured: RegionMeasurement; live: boolean }> {
    const approvedNow = this.publishedFor(scope)?.figures.has(kpi) ?? false;
    const approvedThen = this.publishedFor({ ...scope, period })?.figures.has(kpi) ?? false;
    const then = await this.everyDistrict(kpi, { ...scope, period, live: !(approvedNow && approvedThen) }, signal);
    if (!approvedNow || approvedThen) return { measured: then, live: !approvedNow && approvedThen };
    const [approved, today] = await Promise.all([this.everyDistrict(kpi, scope, signal), this.everyDistrict(kpi, { ...scope, live: true }, signal)]);
    const unchanged = (district: string | null) => {
      const value = (m: RegionMeasurement) => (district === null ? m.total : m.districts.find((d) => d.district === district))?.value ?? null;
      return value(approved) === value(today);
    };
    const kept = <T extends { value: number | null }>(m: T, district: string | null): T => (unchanged(district) ? m : { ...m, value: null });
    return { measured: { total: kept(then.total, scope.district), districts: then.districts.map((d) => kept(d, d.district)) }, live: false };
  }

  /** A KPI's total over the scope and its value in each district. */
  async everyDistrict(kpi: KpiCode, scope: Scope, signal?: AbortSignal): Promise<RegionMeasurement> {
    const published = this.publishedFor(scope)?.figures.get(kpi);
    if (published) {
      if (scope.district === null) return published;
      const own = published.districts.find((d) => d.district === scope.district);
      return { total: own ?? { value: null, numerator: 0, denominator: null }, districts: own ? [own] : [] };
    }
    const source = KPI_META[kpi].source;
    const rows = await this.scopeRows(source.query as QueryName, scope, signal);
    const measure = (row: KpiRow | undefined) => measureRow(kpi, row);
    return {
      total: measure(rows.find((r) => r.is_total)),
      // A district with nothing to divide by (no headcount) is not listed: one query serves KPIs
      // of different denominators (kpi_trainees: teachers for reach, trainees for the others).
      districts: rows.filter((r) => !r.is_total && (!source.denominator || r[source.denominator] !== null))
        .map((r) => ({ district: r.district_code!, ...measure(r) })),
    };
  }

  /**
   * The organizations behind a KPI's value in a scope, from today's data (an approval stores the
   * districts' figures only). An organization with nothing counted and nothing to divide by (no
   * trainees, no headcount) and nothing to say (a note: reports not yet due) is left out; in a
   * yes-or-no list (KpiWho without a denominator) every organization stays, since «нет» is the
   * answer asked for.
   */
  async organizations(kpi: KpiCode, scope: Scope, signal?: AbortSignal): Promise<OrganizationMeasurement[]> {
    const { who } = KPI_META[kpi];
    type Row = { code: string; name: string; short_name: string; district_code: string; org_type: string; note: string | null };
    const rows = await this.queries.run<Row>(organizationsQuery(kpi), scopeParams(scope), signal);
    return rows
      .map((r) => {
        const measured = measureRow(kpi, r);
        // An organization with more teachers counted than it has is said to be wrong, as the card says it of a total.
        const note = r.note ?? (impossibleShare(kpi, measured) ? IMPOSSIBLE : null);
        return { organization: r.code, name: r.name, shortName: r.short_name, district: r.district_code, orgType: r.org_type, note, ...measured };
      })
      .filter((m) => !who.denominator || m.numerator > 0 || (m.denominator ?? 0) > 0 || m.note !== null);
  }

  /** `signal`, here and below: aborts when the request asking has gone (see wait). */
  async measure(kpi: KpiCode, scope: Scope, signal?: AbortSignal): Promise<Measurement> {
    return (await this.everyDistrict(kpi, scope, signal)).total;
  }

  async byDistrict(kpi: KpiCode, scope: Scope, signal?: AbortSignal): Promise<DistrictMeasurement[]> {
    return (await this.everyDistrict(kpi, scope, signal)).districts;
  }

  /** The KPI for each of the given half-years, in the scope's other filters; `approved`: the figure is an approval's. */
  async trend(
    kpi: KpiCode, scope: Scope, halfYears: Period[], signal?: AbortSignal, today = localDay(),
  ): Promise<(Measurement & { period: Period; approved: boolean; inProgress: boolean })[]> {
    // The pool runs the half-years side by side.
    return Promise.all(halfYears.map(async (period) => ({
      period,
      approved: this.publishedFor({ ...scope, period })?.figures.has(kpi) ?? false,
      inProgress: period.end >= today,
      ...(await this.measure(kpi, { ...scope, period }, signal)),
    })));
  }

  /**
   * The KPI cards of the scope (all, or those named, in the dashboard's order), each with its
   * target and the change since the period compared with (the previous one unless named).
   */
  async cards(
    scope: Scope, hasData: (period: Period) => boolean, only?: readonly KpiCode[], signal?: AbortSignal, compareWith?: Period,
  ): Promise<KpiCard[]> {
    const targets = await this.targetsOf(scope);
    const previous = compareWith ?? previousPeriod(scope.period);
    // Every query is asked for at once: the database's pool runs them side by side.
    return Promise.all(KPI_CODES.filter((c) => !only || only.includes(c)).map(async (code): Promise<KpiCard> => {
      const [current, compared] = await Promise.all([
        this.measure(code, scope, signal),
        hasData(previous) ? this.everyDistrictCompared(code, scope, previous, signal) : null,
      ]);
      const before = compared?.measured.total ?? null;
      const target = judgedTarget(code, targets.get(code) ?? null, ofPart(scope));
      // The change of the values as shown: the card's «87,5 → 88,9» says +1,4, as the scorecard does.
      // No change from or to a share above 100 %: wrong data on one side.
      const judgeable = (m: Measurement | null) => m?.value != null && !impossibleShare(code, m);
      const delta = judgeable(before) && judgeable(current) ? shownChange(current.value!, before!.value!, KPI_META[code].unit) : null;
      return {
        code,
        title: KPI_META[code].title,
        unit: KPI_META[code].unit,
        passport: this.passports[code],
        target,
        ...current,
        met: impossibleShare(code, current) ? null : isMet(current.value, target, KPI_META[code].unit),
        previous: before ? { period: periodInfo(previous), value: before.value, ...(compared?.live ? { live: true } : {}) } : null,
        delta,
      };
    }));
  }
}
