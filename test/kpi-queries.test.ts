import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../server/db/database.js';
import { Queries } from '../server/db/queries.js';
import { kpiValue, KpiService } from '../server/domain/kpis.js';
import { loadPassports } from '../server/domain/passports.js';
import { parsePeriod } from '../server/domain/periods.js';
import { scopeParams, type Scope } from '../server/domain/scope.js';
import { smallRegion } from './fixtures/small-region.js';
import { databaseWith } from './helpers/db.js';
import { noteHeading } from '../web/src/lib/shared/who.js';

let db: Database;
let queries: Queries;
let kpis: KpiService;
/** The data's version as the server keeps it: withRows changes the data, so it moves it on. */
let dataVersion = 0;

beforeAll(async () => {
  db = await databaseWith(smallRegion());
  queries = await Queries.load(db);
  kpis = new KpiService(queries, await loadPassports(), () => dataVersion);
});
afterAll(() => db.close());

const scope = (period: string, filters: Partial<Omit<Scope, 'period'>> = {}): Scope => ({
  period: parsePeriod(period)!, district: null, orgType: null, direction: null, ...filters,
});

/** Rows of every district, in code order: the whole set is known, so it is compared whole. */
const inDistrictOrder = <T extends { district: string }>(rows: T[]) => [...rows].sort((a, b) => a.district.localeCompare(b.district));

describe('kpiValue: numerator ÷ denominator rounded once, as shown', () => {
  it('to tenths from the exact quotient, never through hundredths that would turn the tenth', () => {
    // 314 of 23 286 teachers: 1,3484… % (1.35 to hundredths, «1,4»); 2 of 44: 4,5454… % (4.55, «4,6»);
    // 105 of 148: 70,9459… % (70.95, «71,0»).
    expect(kpiValue('authors_share', { numerator: 314, denominator: 23286 })).toBe(1.3);
    expect(kpiValue('authors_share', { numerator: 2, denominator: 44 })).toBe(4.5);
    expect(kpiValue('users_share', { numerator: 105, denominator: 148 })).toBe(70.9);
    // The cards' own rounding (ICU's, of the shortest decimal): 1 777 of 2 000 is 88,85 % exactly, «88,9».
    expect(kpiValue('users_share', { numerator: 1777, denominator: 2000 })).toBe(88.9);
    // A mean of 293 ratings over 69 questionnaires: 4,2463… (4.25, «4,3»); a ratio; a count whole.
    expect(kpiValue('satisfaction', { numerator: 69, denominator: 80, meanOf: 293 })).toBe(4.2);
    expect(kpiValue('events_per_site', { numerator: 29, denominator: 8 })).toBe(3.6); // 3,625
    expect(kpiValue('pilot_orgs', { numerator: 3, denominator: null })).toBe(3);
    expect(kpiValue('authors_share', { numerator: 0, denominator: null })).toBeNull();
  });
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
    expect(inDistrictOrder(rows)).toEqual([
      { district: 'north', value: 66.7, numerator: 2, denominator: 3 },
      { district: 'south', value: 50, numerator: 1, denominator: 2 },
    ]);
    // Applications in direction «tech»: S2 (2020), N1 (2021), N2 (2022).
    expect((await kpis.measure('competition_share', scope('2022-H2', { direction: 'tech' }))).numerator).toBe(3);
    // Schools only: N1 and S1, both applied.
    expect(await kpis.measure('competition_share', scope('2022-H2', { orgType: 'school' }))).toEqual({ value: 100, numerator: 2, denominator: 2 });
    expect(await kpis.measure('competition_share', scope('2022-H2', { district: 'south' }))).toEqual({ value: 100, numerator: 2, denominator: 2 });
  });
});

describe('organizations opened later are none of an earlier school year', () => {
  it('a kindergarten whose headcounts begin in 2023/24 lowers no share of 2022/23, and counts from its first year', async () => {
    await withRows(
      ["INSERT INTO organizations (code, name, short_name, org_type, district_code, is_branch) VALUES ('N9', 'Детский сад N9', 'N9', 'kindergarten', 'north', false)",
        "INSERT INTO organization_headcounts (organization_code, school_year, teachers) VALUES ('N9', 2023, 12)"],
      ["DELETE FROM organization_headcounts WHERE organization_code = 'N9'", "DELETE FROM organizations WHERE code = 'N9'"],
      async () => {
        // 2022-H2 (2022/23): 4 of the 5 as before; 2023-H2 (2023/24): of 6.
        expect(await kpis.measure('competition_share', scope('2022-H2'))).toEqual({ value: 80, numerator: 4, denominator: 5 });
        expect((await kpis.measure('competition_share', scope('2023-H2'))).denominator).toBe(6);
        expect((await kpis.measure('org_engagement', scope('2022-H2'))).denominator).toBe(5);
        expect((await kpis.organizations('competition_share', scope('2022-H2'))).map((o) => o.organization)).not.toContain('N9');
      },
    );
  });

  it('one registered without any headcount yet is none of a year whose headcounts are in, and counts in the years after', async () => {
    // The registry first, ОО-1 later: N9 has no headcount. 2021/22 and 2022/23 have the region's
    // headcounts, so their shares keep 5 organizations; 2023/24, with none yet, counts N9 too.
    await withRows(
      ["INSERT INTO organizations (code, name, short_name, org_type, district_code, is_branch) VALUES ('N9', 'Детский сад N9', 'N9', 'kindergarten', 'north', false)"],
      ["DELETE FROM organizations WHERE code = 'N9'"],
      async () => {
        expect(await kpis.measure('competition_share', scope('2022-H1'))).toEqual({ value: 60, numerator: 3, denominator: 5 });
        expect(await kpis.measure('competition_share', scope('2022-H2'))).toEqual({ value: 80, numerator: 4, denominator: 5 });
        expect((await kpis.measure('org_engagement', scope('2022-H2', { district: 'north' }))).denominator).toBe(3);
        expect((await kpis.measure('competition_share', scope('2023-H2'))).denominator).toBe(6);
      },
    );
    // Had it applied in 2022, it existed in 2022/23.
    await withRows(
      ["INSERT INTO organizations (code, name, short_name, org_type, district_code, is_branch) VALUES ('N9', 'Детский сад N9', 'N9', 'kindergarten', 'north', false)",
        "INSERT INTO competition_applications (organization_code, year, direction_code, submitted_on, outcome) VALUES ('N9', 2022, 'tech', DATE '2022-03-01', 'granted')"],
      ["DELETE FROM competition_applications WHERE organization_code = 'N9'", "DELETE FROM organizations WHERE code = 'N9'"],
      async () => expect(await kpis.measure('competition_share', scope('2022-H2'))).toEqual({ value: 83.3, numerator: 5, denominator: 6 }),
    );
  });

  it('one closed by a school year\'s first day is none of it: its earlier years keep it', async () => {
    // N3 merged into N1 on 31.08.2022: 2022/23 counts 4 organizations (N1, N2 of the north), 2021/22 still 5.
    await withRows(["UPDATE organizations SET closed_on = DATE '2022-08-31' WHERE code = 'N3'"], ["UPDATE organizations SET closed_on = NULL WHERE code = 'N3'"], async () => {
      expect(await kpis.measure('competition_share', scope('2022-H2'))).toEqual({ value: 100, numerator: 4, denominator: 4 });
      expect(await kpis.measure('competition_share', scope('2022-H1'))).toEqual({ value: 60, numerator: 3, denominator: 5 });
      expect((await kpis.measure('org_engagement', scope('2022-H2', { district: 'north' }))).denominator).toBe(2);
    });
    // N1 hosts SP1 (pilot, in force 2021-12 … 2024-12): closed on 01.10.2022, it piloted in 2022-H2 still, in 2023-H1 no more.
    await withRows(["UPDATE organizations SET closed_on = DATE '2022-10-01' WHERE code = 'N1'"], ["UPDATE organizations SET closed_on = NULL WHERE code = 'N1'"], async () => {
      expect([(await kpis.measure('pilot_orgs', scope('2022-H2'))).value, (await kpis.measure('pilot_orgs', scope('2023-H1'))).value]).toEqual([1, 0]);
    });
  });

  it('one that applied to a competition existed then; a year before the headcounts begin tells nothing of who did', async () => {
    // The headcounts begin in 2021/22: in 2020/21 the south's S1 and S2 both count, S2 having applied in 2020.
    expect((await kpis.measure('competition_share', scope('2021-H1', { district: 'south' })))).toMatchObject({ numerator: 1, denominator: 2 });
    // With 2020/21's headcounts of the north in, S1 (headcounts from 2021/22, no application by 2020) had not opened; S2 had applied.
    await withRows(
      ["INSERT INTO organization_headcounts (organization_code, school_year, teachers) VALUES ('N1', 2020, 38)"],
      ["DELETE FROM organization_headcounts WHERE organization_code = 'N1' AND school_year = 2020"],
      async () => expect((await kpis.measure('competition_share', scope('2021-H1', { district: 'south' })))).toMatchObject({ numerator: 1, denominator: 1 }),
    );
  });
});

describe('authors_share (distinct authors up to the period end ÷ teachers of the school year)', () => {
  it('counts a teacher with two resources once', async () => {
    // By 2022-06-30 only R1 (N1-1, N1-2); teachers 2021/22 = 120: 1,666… % is shown «1,7 %».
    expect(await kpis.measure('authors_share', scope('2022-H1'))).toEqual({ value: 1.7, numerator: 2, denominator: 120 });
    // By 2022-12-31 R2 adds S1-1 (N1-1 again); teachers 2022/23 = 150.
    expect(await kpis.measure('authors_share', scope('2022-H2'))).toEqual({ value: 2, numerator: 3, denominator: 150 });
    // 4 of 150: 2,666… % → 2,7.
    expect(await kpis.measure('authors_share', scope('2023-H1'))).toEqual({ value: 2.7, numerator: 4, denominator: 150 });
  });

  it('filters by direction and district, and is empty without a headcount', async () => {
    expect((await kpis.measure('authors_share', scope('2023-H1', { direction: 'inclusive' }))).numerator).toBe(1);
    expect(inDistrictOrder(await kpis.byDistrict('authors_share', scope('2022-H1')))).toEqual([
      { district: 'north', value: 2.5, numerator: 2, denominator: 80 },
      { district: 'south', value: 0, numerator: 0, denominator: 40 },
    ]);
    // No headcount for 2020/21: nothing to divide by.
    expect((await kpis.measure('authors_share', scope('2021-H1'))).value).toBeNull();
  });
});

describe('teacher shares while headcounts come in: only teachers of organizations whose headcount is known count', () => {
  /** `check` with an organization's headcount of a school year not yet sent. */
  const without = (organization: string, year: number, teachers: number, check: () => Promise<void>) => withRows(
    [`DELETE FROM organization_headcounts WHERE organization_code = '${organization}' AND school_year = ${year}`],
    [`INSERT INTO organization_headcounts (organization_code, school_year, teachers) VALUES ('${organization}', ${year}, ${teachers})`],
    check,
  );

  it('authors: S1\'s authors wait for S1\'s headcount, as its teachers do', async () => {
    // 2023-H1: authors N1-1, N1-2 (N1), S1-1, S1-2 (S1); without S1's 20 teachers of 2022/23, 2 of 130, not 4 of 130.
    await without('S1', 2022, 20, async () => {
      expect(await kpis.measure('authors_share', scope('2023-H1'))).toEqual({ value: 1.5, numerator: 2, denominator: 130 });
      expect(inDistrictOrder(await kpis.byDistrict('authors_share', scope('2023-H1')))).toEqual([
        { district: 'north', value: 2, numerator: 2, denominator: 100 },
        { district: 'south', value: 0, numerator: 0, denominator: 30 },
      ]);
      // «Кто за этой цифрой» says why S1's two authors are not in the total.
      const listed = await kpis.organizations('authors_share', scope('2023-H1'));
      const s1 = listed.find((o) => o.organization === 'S1')!;
      expect([s1.numerator, s1.denominator, s1.note]).toEqual([2, null, 'численность педагогов за учебный год не получена: в итог не входит']);
      expect(noteHeading({ code: 'authors_share', rows: listed })).toBe('Примечание');
    });
  });

  it('users and trainees likewise', async () => {
    // 2023-H1 users N2-1 (N2), S2-1 (S2), N3-1 (N3); without S2's 30: 2 of 120.
    await without('S2', 2022, 30, async () => {
      expect(await kpis.measure('users_share', scope('2023-H1'))).toEqual({ value: 1.7, numerator: 2, denominator: 120 });
    });
    // 2022-H1 reached N2-1 (N2), S2-1 (S2), N3-1 (N3); without N3's 30 of 2021/22: 2 of 90. The trainees' own KPIs keep N3-1.
    await without('N3', 2021, 30, async () => {
      expect(await kpis.measure('reach_share', scope('2022-H1'))).toEqual({ value: 2.2, numerator: 2, denominator: 90 });
      expect((await kpis.measure('completion_rate', scope('2022-H1'))).denominator).toBe(4);
    });
  });
});

describe('users_share (distinct users up to the period end ÷ teachers)', () => {
  it('counts repeated uses of one teacher once', async () => {
    // N2-1 used R1 twice before 2022-06-30: 1 of 120, 0,833… % → 0,8.
    expect(await kpis.measure('users_share', scope('2022-H1'))).toEqual({ value: 0.8, numerator: 1, denominator: 120 });
    expect(await kpis.measure('users_share', scope('2023-H1'))).toEqual({ value: 2, numerator: 3, denominator: 150 });
    // Kindergartens: N2 only, 10 teachers, one user.
    expect(await kpis.measure('users_share', scope('2023-H1', { orgType: 'kindergarten' }))).toEqual({ value: 10, numerator: 1, denominator: 10 });
  });

  it('«Кто за этой цифрой» says of an organization with more users than teachers that it cannot be', async () => {
    // Ten more users of N2 (10 teachers) make 11 of 10.
    const uses = Array.from({ length: 10 }, (_, i) => `('R1', 'N2-Z${i}', 'N2', DATE '2023-03-01')`).join(', ');
    await withRows([`INSERT INTO resource_uses (resource_code, teacher_id, organization_code, used_on) VALUES ${uses}`], ["DELETE FROM resource_uses WHERE teacher_id LIKE 'N2-Z%'"], async () => {
      const listed = await kpis.organizations('users_share', scope('2023-H1'));
      expect(listed.filter((o) => o.note !== null).map((o) => [o.organization, o.numerator, o.denominator, o.note]))
        .toEqual([['N2', 11, 10, 'больше 100 %, так быть не может: проверьте данные']]);
      expect(noteHeading({ code: 'users_share', rows: listed })).toBe('Примечание');
    });
  });
});

describe('pilot_orgs and testing_orgs (host organizations with the flag, status in force in the period)', () => {
  it('grows as statuses are granted, and loses a status expired before the period', async () => {
    expect(await kpis.measure('pilot_orgs', scope('2022-H1'))).toEqual({ value: 1, numerator: 1, denominator: null });
    // SP3 (N3, testing) is in force 2018-12-01 … 2021-11-30: in 2021-H2, not in 2022-H1.
    expect((await kpis.measure('testing_orgs', scope('2021-H2'))).value).toBe(1);
    expect((await kpis.measure('testing_orgs', scope('2022-H1'))).value).toBe(0);
    expect((await kpis.measure('testing_orgs', scope('2022-H2'))).value).toBe(1); // SP2 (S1, granted 2022-12-01)
    expect((await kpis.measure('testing_orgs', scope('2022-H2', { district: 'north' }))).value).toBe(0);
    // «Кто за этой цифрой»: the hosts of sites in force (N1's SP1, S1's SP2), N3 no more.
    expect((await kpis.organizations('testing_orgs', scope('2022-H2'))).map((o) => [o.organization, o.numerator]).sort()).toEqual([['N1', 0], ['S1', 1]]);
  });

  it('while the period goes on, a status granted after today is no site yet: as if the period ended today', async () => {
    // SP2 (S1, testing) is granted on 01.12.2022: on 15.11.2022 the half-year 2022-H2 has no testing host (SP3's status expired in 2021), and SP1 alone is in force.
    const total = async (query: 'kpi_pilot_testing_orgs' | 'kpi_events', today: string) =>
      (await queries.run<Record<string, unknown>>(query, scopeParams(scope('2022-H2'), today))).find((r) => r.is_total);
    expect([(await total('kpi_pilot_testing_orgs', '2022-11-15'))!.testing, (await total('kpi_pilot_testing_orgs', '2023-01-10'))!.testing]).toEqual([0, 1]);
    expect([(await total('kpi_events', '2022-11-15'))!.sites, (await total('kpi_events', '2023-01-10'))!.sites]).toEqual([1, 2]);
    // E4 (10.09.2022) is held by 15.11.2022; on 01.09.2022 it is planned, not held — in the events chart too.
    expect([(await total('kpi_events', '2022-11-15'))!.events, (await total('kpi_events', '2022-09-01'))!.events]).toEqual([1, 0]);
    const charted = async (today: string) => (await queries.run<{ events: number }>('events_by_format', scopeParams(scope('2022-H2'), today))).reduce((n, r) => n + r.events, 0);
    expect([await charted('2022-11-15'), await charted('2022-09-01')]).toEqual([1, 0]);
  });

  it('gives every district a row, zero where nothing is flagged', async () => {
    const rows = await kpis.byDistrict('pilot_orgs', scope('2022-H2'));
    expect(inDistrictOrder(rows)).toEqual([
      { district: 'north', value: 1, numerator: 1, denominator: null },
      { district: 'south', value: 0, numerator: 0, denominator: null },
    ]);
  });
});

describe('KPI cards and trend', () => {
  it('compares with the previous period and the target', async () => {
    const cards = await kpis.cards(scope('2022-H2'), () => true);
    const competition = cards.find((c) => c.code === 'competition_share')!;
    expect(competition).toMatchObject({ value: 80, target: 20, met: true, delta: 20, previous: { value: 60 } });
    const authors = cards.find((c) => c.code === 'authors_share')!;
    // 3 of 150 = 2 % against 2 of 120 = 1,666… % (1,7 as shown): the change of the values as shown, 2,0 − 1,7 = 0,3.
    expect(authors).toMatchObject({ value: 2, target: 3, met: false, delta: 0.3, previous: { value: 1.7 } });
    expect(cards.map((c) => c.code)).toEqual([
      'competition_share', 'authors_share', 'users_share', 'pilot_orgs', 'testing_orgs',
      'reach_share', 'completion_rate', 'cross_school_share', 'resource_reuse', 'org_engagement', 'report_timeliness',
      'avg_attendance', 'attendance_plan', 'events_per_site', 'satisfaction',
    ]);
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
      { half_year: '2022-H1', format: 'seminar', mode: 'in_person', events: 1, planned: 20, actual: 2, unreported: 0 },
      { half_year: '2022-H1', format: 'webinar', mode: 'remote', events: 1, planned: 30, actual: 1, unreported: 0 },
    ]);
    // School year 2022/23 (Sep–Aug) spans two half-years: E4 in 2022-H2, E3 in 2023-H1.
    const year = await queries.run('events_by_format', scopeParams(scope('2022-23')));
    expect(year.map((r) => [r.half_year, r.format])).toEqual([['2022-H2', 'seminar'], ['2023-H1', 'master_class']]);
    expect(await queries.run('events_by_format', scopeParams(scope('2022-H1', { district: 'south' })))).toEqual([]);
  });

  it('events per site by site level and format: their events and the sites of each level add up to the KPI events_per_site\'s numerator and denominator', async () => {
    // 2022-H2: SP1 (municipal) held the remote seminar E4; SP2 (school) is in force from December, no event.
    expect(await queries.run('events_per_site_by_format', scopeParams(scope('2022-H2')))).toEqual([
      { level: 'municipal', format: 'seminar', events: 1, sites: 1 },
      { level: 'school', format: null, events: 0, sites: 1 },
    ]);
    // School year 2022/23: E4 at SP1, E3 (master class) at SP2.
    const year = await queries.run<{ events: number; sites: number; level: string }>('events_per_site_by_format', scopeParams(scope('2022-23')));
    expect(year).toEqual([
      { level: 'municipal', format: 'seminar', events: 1, sites: 1 },
      { level: 'school', format: 'master_class', events: 1, sites: 1 },
    ]);
    const kpi = await kpis.measure('events_per_site', scope('2022-23'));
    const sitesOfLevels = new Map(year.map((r) => [r.level, r.sites]));
    expect([year.reduce((n, r) => n + r.events, 0), [...sitesOfLevels.values()].reduce((n, s) => n + s, 0)])
      .toEqual([kpi.numerator, kpi.denominator]);
    expect(await queries.run('events_per_site_by_format', scopeParams(scope('2022-23', { direction: 'inclusive' })))).toEqual([
      { level: 'school', format: 'master_class', events: 1, sites: 1 },
    ]);
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

/** Runs `check` with extra rows in the fixture, removing them afterwards (the suite shares one database). */
async function withRows(insert: string[], remove: string[], check: () => Promise<void>): Promise<void> {
  for (const sql of insert) await db.run(sql);
  dataVersion += 1;
  try {
    await check();
  } finally {
    for (const sql of remove) await db.run(sql);
    dataVersion += 1;
  }
}

describe('reach_share (distinct teachers who completed an internship begun in the period ÷ teachers)', () => {
  it('counts attended trainees once, not tutors or absentees', async () => {
    // 2022-H1: N2-1, S2-1, N3-1 attended (S1-3 did not, N1-3 was a tutor); teachers 2021/22 = 120.
    expect(await kpis.measure('reach_share', scope('2022-H1'))).toEqual({ value: 2.5, numerator: 3, denominator: 120 });
    expect(inDistrictOrder(await kpis.byDistrict('reach_share', scope('2022-H1')))).toEqual([
      { district: 'north', value: 2.5, numerator: 2, denominator: 80 },
      { district: 'south', value: 2.5, numerator: 1, denominator: 40 },
    ]);
    // 2023-H1: N2-2 in a programme and at E3 is one teacher; teachers 2022/23 = 150: 0,666… % → 0,7.
    expect(await kpis.measure('reach_share', scope('2023-H1'))).toEqual({ value: 0.7, numerator: 1, denominator: 150 });
    expect((await kpis.measure('reach_share', scope('2022-H1', { direction: 'inclusive' }))).numerator).toBe(0);
  });

  it('lists no district without a headcount, though the trainee KPIs of the same query list them', async () => {
    // 2021-H1 lies in school year 2020/21, which has no headcount.
    expect(await kpis.measure('reach_share', scope('2021-H1'))).toEqual({ value: null, numerator: 0, denominator: null });
    expect(await kpis.byDistrict('reach_share', scope('2021-H1'))).toEqual([]);
    expect((await kpis.byDistrict('completion_rate', scope('2021-H1'))).map((d) => d.district).sort()).toEqual(['north', 'south']);
  });
});

describe('completion_rate and cross_school_share (over distinct trainees enrolled in the period)', () => {
  it('completion: trainees with a certificate ÷ trainees enrolled, each once', async () => {
    // 2022-H1: enrolled N2-1 (certificate), S2-1, N3-1, S1-3 → 1 of 4.
    expect(await kpis.measure('completion_rate', scope('2022-H1'))).toEqual({ value: 25, numerator: 1, denominator: 4 });
    expect(inDistrictOrder(await kpis.byDistrict('completion_rate', scope('2022-H1')))).toEqual([
      { district: 'north', value: 50, numerator: 1, denominator: 2 },
      { district: 'south', value: 0, numerator: 0, denominator: 2 },
    ]);
    // 2023-H1: N2-2 twice (certificate from the programme) is one certified trainee.
    expect(await kpis.measure('completion_rate', scope('2023-H1'))).toEqual({ value: 100, numerator: 1, denominator: 1 });
    // 2022-H2: nobody enrolled — no value, and every district still listed.
    expect(await kpis.measure('completion_rate', scope('2022-H2'))).toEqual({ value: null, numerator: 0, denominator: 0 });
    expect((await kpis.byDistrict('completion_rate', scope('2022-H2'))).map((d) => d.district).sort()).toEqual(['north', 'south']);
  });

  it('cross-school: trainees from organizations other than the host', async () => {
    // All four 2022-H1 trainees came to SP1 (host N1) from elsewhere.
    expect(await kpis.measure('cross_school_share', scope('2022-H1'))).toEqual({ value: 100, numerator: 4, denominator: 4 });
    // A teacher of N1 trained at their own school's site: 4 of 5; north N2-1, N3-1 of N2-1, N3-1, N1-9.
    await withRows(
      [`INSERT INTO participations (teacher_id, organization_code, site_code, event_code, role, started_on, attended, report_type, certificate_issued)
        VALUES ('N1-9', 'N1', 'SP1', 'E1', 'trainee', DATE '2022-02-10', true, 'none', false)`],
      ["DELETE FROM participations WHERE teacher_id = 'N1-9'"],
      async () => {
        expect(await kpis.measure('cross_school_share', scope('2022-H1'))).toEqual({ value: 80, numerator: 4, denominator: 5 });
        expect(inDistrictOrder(await kpis.byDistrict('cross_school_share', scope('2022-H1')))).toEqual([
          { district: 'north', value: 66.7, numerator: 2, denominator: 3 },
          // The two southern trainees trained at the northern site SP1.
          { district: 'south', value: 100, numerator: 2, denominator: 2 },
        ]);
      },
    );
  });
});

describe('resource_reuse (resources used by a teacher of another organization ÷ resources, by the period end)', () => {
  it('counts a resource used only by its host or its authors as not re-used', async () => {
    // By 2022-06-30: R1 (host N1, author N1) used by N2 → 1 of 1; no resource in the south yet.
    expect(await kpis.measure('resource_reuse', scope('2022-H1'))).toEqual({ value: 100, numerator: 1, denominator: 1 });
    expect(inDistrictOrder(await kpis.byDistrict('resource_reuse', scope('2022-H1')))).toEqual([
      { district: 'north', value: 100, numerator: 1, denominator: 1 },
      { district: 'south', value: null, numerator: 0, denominator: 0 },
    ]);
    // R4 at SP2 (host S1) by an S2 author, used only by teachers of S1 and S2: 3 of 4 by 2023-06-30.
    await withRows(
      [
        "INSERT INTO resources (code, site_code, title, kind, published_on) VALUES ('R4', 'SP2', 'Памятка', 'case', DATE '2023-02-10')",
        "INSERT INTO resource_authors (resource_code, teacher_id, organization_code) VALUES ('R4', 'S2-9', 'S2')",
        `INSERT INTO resource_uses (resource_code, teacher_id, organization_code, used_on) VALUES
           ('R4', 'S1-4', 'S1', DATE '2023-03-01'), ('R4', 'S2-8', 'S2', DATE '2023-03-02')`,
      ],
      ["DELETE FROM resource_uses WHERE resource_code = 'R4'", "DELETE FROM resource_authors WHERE resource_code = 'R4'", "DELETE FROM resources WHERE code = 'R4'"],
      async () => {
        expect(await kpis.measure('resource_reuse', scope('2023-H1'))).toEqual({ value: 75, numerator: 3, denominator: 4 });
        expect(inDistrictOrder(await kpis.byDistrict('resource_reuse', scope('2023-H1')))).toEqual([
          { district: 'north', value: 100, numerator: 2, denominator: 2 },
          { district: 'south', value: 50, numerator: 1, denominator: 2 },
        ]);
      },
    );
  });
});

describe('org_engagement (organizations with a trainee, author or user in the period ÷ organizations)', () => {
  it('counts each organization once, whatever its role', async () => {
    // 2022-H2: authors of R2 (N1, S1), users S2 (R1) and N3 (R2); no trainees → 4 of 5.
    expect(await kpis.measure('org_engagement', scope('2022-H2'))).toEqual({ value: 80, numerator: 4, denominator: 5 });
    expect(inDistrictOrder(await kpis.byDistrict('org_engagement', scope('2022-H2')))).toEqual([
      { district: 'north', value: 66.7, numerator: 2, denominator: 3 },
      { district: 'south', value: 100, numerator: 2, denominator: 2 },
    ]);
    // 2022-H1: trainees from N2, S2, N3, S1, author N1 (R1), user N2 (twice) → all 5.
    expect(await kpis.measure('org_engagement', scope('2022-H1'))).toEqual({ value: 100, numerator: 5, denominator: 5 });
    expect(await kpis.measure('org_engagement', scope('2022-H2', { orgType: 'kindergarten' }))).toEqual({ value: 0, numerator: 0, denominator: 1 });
    expect((await kpis.measure('org_engagement', scope('2022-H2', { direction: 'inclusive' }))).numerator).toBe(0);
  });
});

describe('report_timeliness (reports submitted by 15 May ÷ sites whose status was in force that day)', () => {
  it('takes the report due at the end of the period\'s school year', async () => {
    // 2021/22: due 15.05.2022 for SP1 only (SP3 expired, SP2 not yet granted); SP1 sent it on 10.05.
    expect(await kpis.measure('report_timeliness', scope('2022-H1'))).toEqual({ value: 100, numerator: 1, denominator: 1, inScope: 1 });
    expect(await kpis.measure('report_timeliness', scope('2021-22'))).toEqual({ value: 100, numerator: 1, denominator: 1, inScope: 1 });
    // 2022/23: due 15.05.2023 for SP1 (sent late, 20.05) and SP2 (not sent) → 0 of 2.
    expect(await kpis.measure('report_timeliness', scope('2023-H1'))).toEqual({ value: 0, numerator: 0, denominator: 2, inScope: 2 });
    expect(inDistrictOrder(await kpis.byDistrict('report_timeliness', scope('2023-H1')))).toEqual([
      { district: 'north', value: 0, numerator: 0, denominator: 1, inScope: 1 },
      { district: 'south', value: 0, numerator: 0, denominator: 1, inScope: 1 },
    ]);
    // 2021/22 in the south: no site of its organizations was in force on 15.05.2022 — none owes a report,
    // though the deadline has passed (the card says so, not «no deadline has come»).
    expect(await kpis.measure('report_timeliness', scope('2022-H1', { district: 'south' }))).toEqual({ value: null, numerator: 0, denominator: 0, inScope: 0 });
  });

  it('has no value before the deadline: the reports not yet owed are pending, not a 0 %', async () => {
    // SP9 and SP8 are in force on 15.05.2099, a deadline still ahead; SP8 has sent its report early.
    // Of the reports due, 1 of 2 is in: that is neither 50 % nor 0 % on time before the day.
    await withRows([
      `INSERT INTO sites (code, name, host_organization_code, direction_code, level, status_granted_on, status_valid_until)
       VALUES ('SP9', 'Площадка будущего', 'S2', 'tech', 'school', DATE '2098-01-10', DATE '2100-01-10'),
              ('SP8', 'Площадка будущего, ранняя', 'N2', 'tech', 'school', DATE '2098-01-10', DATE '2100-01-10')`,
      "INSERT INTO site_reports (site_code, year, submitted_on) VALUES ('SP8', 2099, DATE '2099-04-01')",
    ], ["DELETE FROM site_reports WHERE site_code = 'SP8'", "DELETE FROM sites WHERE code IN ('SP8', 'SP9')"], async () => {
      // Two sites owe it: nothing to divide by yet, the deadline ahead.
      expect(await kpis.measure('report_timeliness', scope('2098-99'))).toEqual({ value: null, numerator: 1, denominator: 0, inScope: 2 });
      expect((await queries.run('site_reports_timeliness', scopeParams(scope('2098-99')))).find((r) => r.is_total))
        .toMatchObject({ due: 2, on_time: 1, pending: 1, missing: 0, past_deadline: 0 });
    });
  });
});

describe('event KPIs: avg_attendance, attendance_plan, events_per_site, satisfaction (kpi_events.sql)', () => {
  const measureAll = async (s: Scope) => ({
    avg_attendance: await kpis.measure('avg_attendance', s),
    attendance_plan: await kpis.measure('attendance_plan', s),
    events_per_site: await kpis.measure('events_per_site', s),
    satisfaction: await kpis.measure('satisfaction', s),
  });

  it('2022-H1: E1 (2 of 20 planned) and E2 (1 of 30) at SP1, the one site in force; questionnaires 5, 4 and 3', async () => {
    expect(await measureAll(scope('2022-H1'))).toEqual({
      avg_attendance: { value: 1.5, numerator: 3, denominator: 2 },
      attendance_plan: { value: 6, numerator: 3, denominator: 50 },
      events_per_site: { value: 2, numerator: 2, denominator: 1 },
      // Mean (5 + 4 + 3) ÷ 3, of the ratings' sum 12; three questionnaires from three participants.
      satisfaction: { value: 4, numerator: 3, denominator: 3, meanOf: 12 },
    });
    // The south has no site and no event: listed, with nothing to divide.
    expect(await kpis.byDistrict('events_per_site', scope('2022-H1'))).toEqual([
      { district: 'north', value: 2, numerator: 2, denominator: 1 },
      { district: 'south', value: null, numerator: 0, denominator: 0 },
    ]);
  });

  it('2022-H2: E4 had nobody; SP2 got its status in December, so two sites share one event', async () => {
    expect(await measureAll(scope('2022-H2'))).toEqual({
      avg_attendance: { value: 0, numerator: 0, denominator: 1 },
      attendance_plan: { value: 0, numerator: 0, denominator: 15 },
      events_per_site: { value: 0.5, numerator: 1, denominator: 2 },
      satisfaction: { value: null, numerator: 0, denominator: 0, meanOf: 0 },
    });
  });

  it('school year 2022/23 and the direction filter', async () => {
    // E4 (0 of 15) and E3 (1 of 10); E3's one questionnaire gave 5.
    expect(await measureAll(scope('2022-23'))).toEqual({
      avg_attendance: { value: 0.5, numerator: 1, denominator: 2 },
      attendance_plan: { value: 4, numerator: 1, denominator: 25 },
      events_per_site: { value: 1, numerator: 2, denominator: 2 },
      satisfaction: { value: 5, numerator: 1, denominator: 1, meanOf: 5 },
    });
    expect(await kpis.measure('avg_attendance', scope('2022-23', { direction: 'inclusive' }))).toEqual({ value: 1, numerator: 1, denominator: 1 });
    expect(await kpis.measure('events_per_site', scope('2022-23', { district: 'north' }))).toEqual({ value: 1, numerator: 1, denominator: 1 });
  });

  it('an event without its actual count is a held event, but not part of the attendance', async () => {
    await withRows(
      [`INSERT INTO events (code, site_code, title, held_on, format, mode, planned_participants, actual_participants)
        VALUES ('E9', 'SP1', 'Без отчёта', DATE '2022-05-20', 'workshop', 'in_person', 40, NULL)`],
      ["DELETE FROM events WHERE code = 'E9'"],
      async () => {
        const measured = await measureAll(scope('2022-H1'));
        expect(measured.avg_attendance).toEqual({ value: 1.5, numerator: 3, denominator: 2 });
        expect(measured.attendance_plan).toEqual({ value: 6, numerator: 3, denominator: 50 });
        expect(measured.events_per_site).toEqual({ value: 3, numerator: 3, denominator: 1 });
        // The chart's table counts it apart, never as nobody having come.
        expect((await queries.run('events_by_format', scopeParams(scope('2022-H1')))).find((r) => r.format === 'workshop'))
          .toEqual({ half_year: '2022-H1', format: 'workshop', mode: 'in_person', events: 1, planned: 40, actual: null, unreported: 1 });
      },
    );
  });
});
