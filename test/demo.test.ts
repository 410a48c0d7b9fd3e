import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../server/db/database.js';
import { Queries } from '../server/db/queries.js';
import { generateDemoRegion } from '../server/demo/generator.js';
import { KpiService } from '../server/domain/kpis.js';
import { loadPassports } from '../server/domain/passports.js';
import { parsePeriod } from '../server/domain/periods.js';
import { databaseWith } from './helpers/db.js';

const demo = generateDemoRegion();
let db: Database;

beforeAll(async () => {
  db = await databaseWith(demo);
});
afterAll(() => db.close());

describe('demo region', () => {
  it('is deterministic for a seed and differs for another', () => {
    expect(generateDemoRegion()).toEqual(demo);
    expect(generateDemoRegion(7).organizations).not.toEqual(demo.organizations);
  });

  it('has the size of a real region', () => {
    expect(demo.districts).toHaveLength(15);
    expect(demo.organizations.length).toBeGreaterThan(500);
    expect(demo.organizations.length).toBeLessThan(700);
    expect(demo.sites).toHaveLength(40);
    expect(new Set(demo.sites.map((s) => s.direction_code)).size).toBe(8);
    expect(new Set(demo.events.map((e) => e.format)).size).toBe(7);
    expect(demo.site_reports.some((r) => r.submitted_on === null)).toBe(true);
    expect(demo.site_reports.some((r) => r.submitted_on! > `${r.year}-05-15`)).toBe(true);
  });

  it('keeps every reference intact', async () => {
    const orphans = await db.all<{ what: string; n: number }>(`
      SELECT 'org district' AS what, count(*) AS n FROM organizations o WHERE o.district_code NOT IN (SELECT code FROM districts)
      UNION ALL SELECT 'site host', count(*) FROM sites WHERE host_organization_code NOT IN (SELECT code FROM organizations)
      UNION ALL SELECT 'site direction', count(*) FROM sites WHERE direction_code NOT IN (SELECT code FROM directions)
      UNION ALL SELECT 'event site', count(*) FROM events WHERE site_code NOT IN (SELECT code FROM sites)
      UNION ALL SELECT 'participation event', count(*) FROM participations WHERE event_code IS NOT NULL AND event_code NOT IN (SELECT code FROM events)
      UNION ALL SELECT 'participation org', count(*) FROM participations WHERE organization_code NOT IN (SELECT code FROM organizations)
      UNION ALL SELECT 'author resource', count(*) FROM resource_authors WHERE resource_code NOT IN (SELECT code FROM resources)
      UNION ALL SELECT 'use resource', count(*) FROM resource_uses WHERE resource_code NOT IN (SELECT code FROM resources)
      UNION ALL SELECT 'report site', count(*) FROM site_reports WHERE site_code NOT IN (SELECT code FROM sites)
      UNION ALL SELECT 'application org', count(*) FROM competition_applications WHERE organization_code NOT IN (SELECT code FROM organizations)`);
    expect(orphans.filter((o) => o.n > 0)).toEqual([]);
  });

  it('shows red as well as green: some districts miss each share target at the end', async () => {
    const kpis = new KpiService(await Queries.load(db), await loadPassports(), () => 0);
    const scope = { period: parsePeriod('2023-H1')!, district: null, orgType: null, direction: null };
    const targets = await kpis.targets();
    for (const kpi of ['competition_share', 'authors_share', 'users_share'] as const) {
      const rows = await kpis.byDistrict(kpi, scope);
      const met = rows.filter((r) => r.value !== null && r.value >= targets.get(kpi)!).length;
      expect(met, kpi).toBeGreaterThan(0);
      expect(met, kpi).toBeLessThan(rows.length);
    }
    // Sites also train their own teachers, and some resources stay at their host school.
    const year = { ...scope, period: parsePeriod('2022-23')! };
    const cross = (await kpis.measure('cross_school_share', year)).value!;
    const reuse = (await kpis.measure('resource_reuse', year)).value!;
    expect([cross > 70 && cross < 95, reuse > 55 && reuse < 90], `cross-school ${cross} %, re-use ${reuse} %`).toEqual([true, true]);
    // Testing organizations start below their target of 7 and reach it later.
    const early = await kpis.measure('testing_orgs', { ...scope, period: parsePeriod('2021-H1')! });
    const late = await kpis.measure('testing_orgs', scope);
    expect(early.value).toBeLessThan(7);
    expect(late.value).toBeGreaterThanOrEqual(7);
  });
});
