import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../server/db/database.js';
import { Queries } from '../server/db/queries.js';
import { KpiService } from '../server/domain/kpis.js';
import { loadPassports } from '../server/domain/passports.js';
import { parsePeriod } from '../server/domain/periods.js';
import { scopeParams, type Scope } from '../server/domain/scope.js';
import { smallRegion } from './fixtures/small-region.js';
import { databaseWith } from './helpers/db.js';

let db: Database;
let queries: Queries;
let kpis: KpiService;

beforeAll(async () => {
  db = await databaseWith(smallRegion());
  queries = await Queries.load(db);
  kpis = new KpiService(db, queries, await loadPassports());
});
afterAll(() => db.close());

const scope = (period: string, filters: Partial<Omit<Scope, 'period'>> = {}): Scope => ({
  period: parsePeriod(period)!, district: null, orgType: null, direction: null, ...filters,
});

describe('competition_share (orgs that applied in competitions up to the school year ÷ all orgs)', () => {
  it('counts each organization once, cumulatively', async () => {
    // 2022-H1 lies in school year 2021/22: competitions 2020 and 2021 → S2, N1, N2 (N2 once) of 5.
    expect(await kpis.measure('competition_share', scope('2022-H1'))).toEqual({ value: 60, numerator: 3, denominator: 5 });
    // 2022-H2 → school year 2022/23 adds S1; N2 applied again and still counts once.
    expect(await kpis.measure('competition_share', scope('2022-H2'))).toEqual({ value: 80, numerator: 4, denominator: 5 });
  });

  it('breaks down by district and applies filters', async () => {
    const rows = await kpis.byDistrict('competition_share', scope('2022-H1'));
    expect(rows).toEqual(expect.arrayContaining([
      { district: 'north', value: 66.67, numerator: 2, denominator: 3 },
      { district: 'south', value: 50, numerator: 1, denominator: 2 },
    ]));
    // Applications in direction «tech»: S2 (2020), N1 (2021), N2 (2022).
    expect((await kpis.measure('competition_share', scope('2022-H2', { direction: 'tech' }))).numerator).toBe(3);
    // Schools only: N1 and S1, both applied.
    expect(await kpis.measure('competition_share', scope('2022-H2', { orgType: 'school' }))).toEqual({ value: 100, numerator: 2, denominator: 2 });
    expect(await kpis.measure('competition_share', scope('2022-H2', { district: 'south' }))).toEqual({ value: 100, numerator: 2, denominator: 2 });
  });
});

describe('authors_share (distinct authors up to the period end ÷ teachers of the school year)', () => {
  it('counts a teacher with two resources once', async () => {
    // By 2022-06-30 only R1 (N1-1, N1-2); teachers 2021/22 = 120.
    expect(await kpis.measure('authors_share', scope('2022-H1'))).toEqual({ value: 1.67, numerator: 2, denominator: 120 });
    // By 2022-12-31 R2 adds S1-1 (N1-1 again); teachers 2022/23 = 150.
    expect(await kpis.measure('authors_share', scope('2022-H2'))).toEqual({ value: 2, numerator: 3, denominator: 150 });
    expect(await kpis.measure('authors_share', scope('2023-H1'))).toEqual({ value: 2.67, numerator: 4, denominator: 150 });
  });

  it('filters by direction and district, and is empty without a headcount', async () => {
    expect((await kpis.measure('authors_share', scope('2023-H1', { direction: 'inclusive' }))).numerator).toBe(1);
    expect(await kpis.byDistrict('authors_share', scope('2022-H1'))).toEqual(expect.arrayContaining([
      { district: 'north', value: 2.5, numerator: 2, denominator: 80 },
      { district: 'south', value: 0, numerator: 0, denominator: 40 },
    ]));
    // No headcount for 2020/21: nothing to divide by.
    expect((await kpis.measure('authors_share', scope('2021-H1'))).value).toBeNull();
  });
});

describe('users_share (distinct users up to the period end ÷ teachers)', () => {
  it('counts repeated uses of one teacher once', async () => {
    // N2-1 used R1 twice before 2022-06-30.
    expect(await kpis.measure('users_share', scope('2022-H1'))).toEqual({ value: 0.83, numerator: 1, denominator: 120 });
    expect(await kpis.measure('users_share', scope('2023-H1'))).toEqual({ value: 2, numerator: 3, denominator: 150 });
    // Kindergartens: N2 only, 10 teachers, one user.
    expect(await kpis.measure('users_share', scope('2023-H1', { orgType: 'kindergarten' }))).toEqual({ value: 10, numerator: 1, denominator: 10 });
  });
});

describe('pilot_orgs and testing_orgs (host organizations with the flag, status granted by the period end)', () => {
  it('grows as statuses are granted', async () => {
    expect(await kpis.measure('pilot_orgs', scope('2022-H1'))).toEqual({ value: 1, numerator: 1, denominator: null });
    expect((await kpis.measure('testing_orgs', scope('2022-H1'))).value).toBe(1); // SP3 (granted 2018)
    expect((await kpis.measure('testing_orgs', scope('2022-H2'))).value).toBe(2); // + SP2 (granted 2022-12-01)
    expect((await kpis.measure('testing_orgs', scope('2022-H2', { district: 'south' }))).value).toBe(1);
  });

  it('gives every district a row, zero where nothing is flagged', async () => {
    const rows = await kpis.byDistrict('pilot_orgs', scope('2022-H2'));
    expect(rows).toEqual(expect.arrayContaining([
      { district: 'north', value: 1, numerator: 1, denominator: null },
      { district: 'south', value: 0, numerator: 0, denominator: null },
    ]));
  });
});

describe('KPI cards and trend', () => {
  it('compares with the previous period and the target', async () => {
    const cards = await kpis.cards(scope('2022-H2'), () => true);
    const competition = cards.find((c) => c.code === 'competition_share')!;
    expect(competition).toMatchObject({ value: 80, target: 20, met: true, delta: 20, previous: { value: 60 } });
    const authors = cards.find((c) => c.code === 'authors_share')!;
    expect(authors).toMatchObject({ value: 2, target: 3, met: false, delta: 0.33 });
    expect(cards.map((c) => c.code)).toEqual(['competition_share', 'authors_share', 'users_share', 'pilot_orgs', 'testing_orgs']);
  });

  it('measures every half-year', async () => {
    const halfYears = ['2022-H1', '2022-H2', '2023-H1'].map((c) => parsePeriod(c)!);
    const points = await kpis.trend('users_share', scope('2023-H1'), halfYears);
    expect(points.map((p) => [p.period.code, p.numerator])).toEqual([['2022-H1', 1], ['2022-H2', 3], ['2023-H1', 3]]);
  });
});

describe('chart queries', () => {
  it('events by half-year, format and mode', async () => {
    expect(await queries.run('events_by_format', scopeParams(scope('2022-H1')))).toEqual([
      { half_year: '2022-H1', format: 'seminar', mode: 'in_person', events: 1, planned: 20, actual: 2 },
      { half_year: '2022-H1', format: 'webinar', mode: 'remote', events: 1, planned: 30, actual: 1 },
    ]);
    // School year 2022/23 (Sep–Aug) spans two half-years: E4 in 2022-H2, E3 in 2023-H1.
    const year = await queries.run('events_by_format', scopeParams(scope('2022-23')));
    expect(year.map((r) => [r.half_year, r.format])).toEqual([['2022-H2', 'seminar'], ['2023-H1', 'master_class']]);
    expect(await queries.run('events_by_format', scopeParams(scope('2022-H1', { district: 'south' })))).toEqual([]);
  });

  it('trainee funnel counts trainees only, by the trainee organization', async () => {
    expect(await queries.run('trainee_funnel', scopeParams(scope('2022-H1')))).toEqual([
      { enrolled: 4, attended: 3, reported: 2, analytic_reports: 1, certified: 1, distinct_teachers: 4 },
    ]);
    const [north] = await queries.run('trainee_funnel', scopeParams(scope('2022-H1', { district: 'north' })));
    expect(north).toMatchObject({ enrolled: 2, attended: 2, reported: 1, certified: 1 });
    const [later] = await queries.run('trainee_funnel', scopeParams(scope('2023-H1')));
    expect(later).toMatchObject({ enrolled: 2, attended: 2, reported: 1, certified: 1, distinct_teachers: 1 });
  });

  it('sites by direction and level: only sites valid in the period', async () => {
    expect(await queries.run('sites_by_direction', scopeParams(scope('2022-H1')))).toEqual([
      { direction_code: 'tech', direction_name: 'Современные образовательные технологии', level: 'municipal', sites: 1 },
    ]);
    const h2 = await queries.run('sites_by_direction', scopeParams(scope('2021-H2')));
    expect(h2.map((r) => [r.level, r.sites])).toEqual([['municipal', 1], ['regional', 1]]);
  });

  it('site reports: on time on the deadline day, late after it, missing without a report', async () => {
    const total = async (period: string) =>
      (await queries.run('site_reports_timeliness', scopeParams(scope(period)))).find((r) => r.is_total);
    expect(await total('2020-H2')).toMatchObject({ on_time: 1, late: 0, missing: 0 }); // SP3 on 15.05.2021
    expect(await total('2022-H1')).toMatchObject({ on_time: 1, late: 0, missing: 0 }); // SP1 on 10.05.2022
    expect(await total('2023-H1')).toMatchObject({ on_time: 0, late: 1, missing: 1 }); // SP1 late, SP2 none
    const rows = await queries.run('site_reports_timeliness', scopeParams(scope('2023-H1')));
    expect(rows.filter((r) => !r.is_total).map((r) => [r.district_code, r.late, r.missing])).toEqual([['north', 1, 0], ['south', 0, 1]]);
  });

  it('plan items scheduled in the period, in numeric code order', async () => {
    const year = await queries.run('plan_items_by_status', scopeParams(scope('2021-22')));
    expect(year.map((r) => [r.code, r.status])).toEqual([['1.1', 'done'], ['1.2', 'in_progress'], ['2.9', 'done'], ['2.10', 'overdue']]);
    const half = await queries.run('plan_items_by_status', scopeParams(scope('2022-H1')));
    expect(half.map((r) => r.code)).toEqual(['1.2', '2.10']);
    expect(half[0].half_years).toEqual(['2022-H1', '2022-H2']);
  });

  it('data span covers the earliest and latest activity', async () => {
    expect(await queries.run('data_span')).toEqual([{ first_day: '2020-10-15', last_day: '2023-03-01' }]);
  });
});
