import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../server/db/database.js';
import { Queries } from '../server/db/queries.js';
import { demoCalendar, LATE_DISTRICT, shiftDate } from '../server/demo/calendar.js';
import { generateDemoRegion } from '../server/demo/generator.js';
import { KpiService } from '../server/domain/kpis.js';
import { loadPassports } from '../server/domain/passports.js';
import { parsePeriod } from '../server/domain/periods.js';
import { databaseWith } from './helpers/db.js';

/** The demo loaded on 30 November 2026: its plan ends with the school year 2026/27. */
const TODAY = '2026-11-30';
const generated = generateDemoRegion();
const demo = generateDemoRegion(undefined, TODAY);
let db: Database;

beforeAll(async () => {
  db = await databaseWith(demo);
});
afterAll(() => db.close());

describe('the demo calendar', () => {
  it('ends the plan with the school year of the day: on 30 June itself, and from 1 July the next one', () => {
    expect(demoCalendar('2026-11-30')).toEqual({ years: 4, now: '2022-11-30' });
    expect(demoCalendar('2027-06-30')).toEqual({ years: 4, now: '2023-06-30' });
    expect(demoCalendar('2027-07-01')).toEqual({ years: 5, now: '2022-07-01' });
    expect(demoCalendar('2023-06-30')).toEqual({ years: 0, now: '2023-06-30' });
  });

  it('moves 29 February to the 28th in a common year', () => {
    expect([shiftDate('2020-02-29', 4), shiftDate('2020-02-29', 5), shiftDate('2021-03-01', 5)]).toEqual(['2024-02-29', '2025-02-28', '2026-03-01']);
  });
});

describe('the demo region loaded on 30 November 2026', () => {
  it('has a three-year plan 2024 H2 – 2027 H1: the past done (one overdue), this half-year in progress, the next planned', async () => {
    expect(await db.one(`SELECT min(half_year) AS first, max(half_year) AS last FROM plan_item_schedule`)).toEqual({ first: '2024-H2', last: '2027-H1' });
    const byStatus = await db.all<{ status: string; first: string; last: string }>(
      `SELECT p.status, min(s.half_year) AS first, max(s.half_year) AS last FROM plan_items p JOIN plan_item_schedule s ON s.plan_code = p.code
       GROUP BY p.code, p.status`);
    expect(byStatus.filter((p) => p.status === 'overdue')).toHaveLength(1);
    expect(byStatus.filter((p) => p.status === 'done').every((p) => p.last < '2026-H2')).toBe(true);
    expect(byStatus.filter((p) => p.status === 'in_progress').every((p) => p.first <= '2026-H2' && p.last >= '2026-H2')).toBe(true);
    expect(byStatus.filter((p) => p.status === 'planned').map((p) => p.first)).toEqual(['2027-H1']);
  });

  it('holds nothing after the day, and activity up to it', async () => {
    const span = await db.one<{ first: string; last: string }>(`
      SELECT min(d)::VARCHAR AS first, max(d)::VARCHAR AS last FROM (
        SELECT held_on AS d FROM events UNION ALL SELECT started_on FROM participations UNION ALL SELECT published_on FROM resources
        UNION ALL SELECT used_on FROM resource_uses UNION ALL SELECT submitted_on FROM competition_applications
        UNION ALL SELECT submitted_on FROM site_reports UNION ALL SELECT status_granted_on FROM sites)`);
    expect(span!.first >= '2024-07-01' && span!.first < '2024-12-31', span!.first).toBe(true);
    expect(span!.last <= TODAY && span!.last >= '2026-11-01', span!.last).toBe(true);
    expect(await db.all('SELECT DISTINCT school_year FROM organization_headcounts ORDER BY ALL')).toEqual([{ school_year: 2024 }, { school_year: 2025 }, { school_year: 2026 }]);
  });

  it('has this autumn\'s competition awaiting its result: its applications pending, no status granted by it yet', async () => {
    const byYear = await db.all<{ year: number; outcomes: string[]; sites: number }>(
      `SELECT year, list(DISTINCT outcome ORDER BY outcome) AS outcomes,
              (SELECT count(*) FROM sites WHERE year(status_granted_on) = a.year) AS sites
       FROM competition_applications a GROUP BY year ORDER BY year`);
    expect(byYear).toEqual([
      { year: 2024, outcomes: ['granted', 'rejected'], sites: 18 },
      { year: 2025, outcomes: ['granted', 'rejected'], sites: 13 },
      { year: 2026, outcomes: ['pending'], sites: 0 },
    ]);
    // The sites that remain are the generated ones of the first two competitions, four years on.
    expect(demo.sites.map((s) => s.code)).toEqual(generated.sites.filter((s) => s.code!.match(/^SP-202[01]/)).map((s) => s.code!.replace(/^SP-(\d+)/, (_, y: string) => `SP-${Number(y) + 4}`)));
  });

  it('has the reports of the deadlines passed, some late and some missing, none of 2027 (not yet due)', async () => {
    const reports = await db.all<{ year: number; filed: number; missing: number; late: number }>(
      `SELECT year, count(submitted_on) AS filed, count(*) - count(submitted_on) AS missing,
              count(*) FILTER (WHERE submitted_on > make_date(year, 5, 15)) AS late
       FROM site_reports GROUP BY year ORDER BY year`);
    expect(reports.map((r) => r.year)).toEqual([2025, 2026]);
    expect(reports.every((r) => r.filed > 0)).toBe(true);
    expect(reports.reduce((n, r) => n + r.missing, 0)).toBeGreaterThan(0);
    expect(reports.reduce((n, r) => n + r.late, 0)).toBeGreaterThan(0);
  });

  it('keeps its references whole and its districts apart: some meet the targets for competition entrants and authors this half-year, some do not; resource use grows towards its target', async () => {
    const orphans = await db.one<{ n: number }>(`
      SELECT (SELECT count(*) FROM participations WHERE site_code NOT IN (SELECT code FROM sites)
                OR (event_code IS NOT NULL AND event_code NOT IN (SELECT code FROM events)))
           + (SELECT count(*) FROM events WHERE site_code NOT IN (SELECT code FROM sites))
           + (SELECT count(*) FROM resources WHERE site_code NOT IN (SELECT code FROM sites))
           + (SELECT count(*) FROM resource_uses WHERE resource_code NOT IN (SELECT code FROM resources))
           + (SELECT count(*) FROM resource_authors WHERE resource_code NOT IN (SELECT code FROM resources))
           + (SELECT count(*) FROM feedback WHERE event_code NOT IN (SELECT code FROM events))
           + (SELECT count(*) FROM site_reports WHERE site_code NOT IN (SELECT code FROM sites)) AS n`);
    expect(orphans).toEqual({ n: 0 });
    const kpis = new KpiService(await Queries.load(db), await loadPassports(), () => 0);
    const scope = (period: string) => ({ period: parsePeriod(period)!, district: null, orgType: null, direction: null });
    const targets = await kpis.targets();
    for (const kpi of ['competition_share', 'authors_share'] as const) {
      const rows = await kpis.byDistrict(kpi, scope('2026-H2'));
      const met = rows.filter((r) => r.value !== null && r.value >= targets.get(kpi)!).length;
      expect([met > 0, met < rows.length], kpi).toEqual([true, true]);
    }
    // Resource use counts from the plan's start: it grows towards its target as the plan goes on.
    const users = await Promise.all(['2025-H2', '2026-H1', '2026-H2'].map(async (p) => (await kpis.measure('users_share', scope(p))).value!));
    expect(users).toEqual([...users].sort((a, b) => a - b));
    expect(users[2]).toBeLessThan(targets.get('users_share')!);
  });

  it('loaded after this autumn\'s result order: the winners are sites, with their statuses from their days in December', () => {
    const december = generateDemoRegion(undefined, '2026-12-05');
    const granted = december.competition_applications.filter((a) => a.year === 2026 && a.outcome === 'granted');
    expect(granted).toHaveLength(9);
    expect(december.competition_applications.some((a) => a.outcome === 'pending')).toBe(false);
    for (const a of granted) {
      expect(december.sites.some((s) => s.host_organization_code === a.organization_code && s.direction_code === a.direction_code && s.status_granted_on!.startsWith('2026-12'))).toBe(true);
    }
    // Nothing else of theirs yet: no event, no trainee, no resource.
    const winners = new Set(december.sites.filter((s) => s.status_granted_on!.startsWith('2026')).map((s) => s.code));
    expect([...december.events, ...december.participations, ...december.resources].filter((r) => winners.has(r.site_code!))).toEqual([]);
  });

  it('is the generated region as it was on 30 November 2022, four years on', () => {
    expect(demo.organizations).toEqual(generated.organizations);
    const moved = (day: string) => shiftDate(day, 4);
    // Less what the late district has not sent of the half-year in progress.
    const late = new Set(generated.sites.filter((s) => generated.organizations.find((o) => o.code === s.host_organization_code)!.district_code === LATE_DISTRICT).map((s) => s.code));
    expect(demo.events.map((e) => e.held_on)).toEqual(generated.events
      .filter((e) => e.held_on! <= '2022-11-30' && e.site_code! < 'SP-2022' && !(late.has(e.site_code!) && e.held_on! >= '2022-07-01'))
      .map((e) => moved(e.held_on!)));
  });

  it('has one district that has not yet sent this half-year\'s events and participations, and sent the last one', async () => {
    const has = async (from: string, to: string) => (await db.one<{ n: number }>(`
      SELECT count(*) AS n FROM participations p JOIN sites s ON s.code = p.site_code JOIN organizations o ON o.code = s.host_organization_code
      WHERE o.district_code = '${LATE_DISTRICT}' AND p.started_on BETWEEN DATE '${from}' AND DATE '${to}'`))!.n;
    expect(await has('2026-07-01', '2026-12-31')).toBe(0);
    expect(await has('2026-01-01', '2026-06-30')).toBeGreaterThan(0);
  });
});
