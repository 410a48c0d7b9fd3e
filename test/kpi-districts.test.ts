import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../server/db/database.js';
import { Queries } from '../server/db/queries.js';
import { generateDemoRegion } from '../server/demo/generator.js';
import { districtRows, KPI_QUERIES, KpiService, type KpiRow } from '../server/domain/kpis.js';
import { loadPassports } from '../server/domain/passports.js';
import { parsePeriod } from '../server/domain/periods.js';
import { scopeParams, type Scope } from '../server/domain/scope.js';
import { KPI_CODES } from '../web/src/lib/shared/api.js';
import { databaseWith } from './helpers/db.js';

const demo = generateDemoRegion();
// A district with no organization yet (a new one in the reference list): its rows are nowhere in the region's.
const NEW_DISTRICT = { code: 'new-district', name: 'Новый район' };
let db: Database;
let queries: Queries;

beforeAll(async () => {
  db = await databaseWith({ ...demo, districts: [...demo.districts, NEW_DISTRICT] });
  queries = await Queries.load(db);
});
afterAll(() => db.close());

const scope = (period: string, filters: Partial<Omit<Scope, 'period'>> = {}): Scope => ({
  period: parsePeriod(period)!, district: null, orgType: null, direction: null, ...filters,
});
const sorted = (rows: KpiRow[]) => rows.map((r) => JSON.stringify(r)).sort();

describe('a district\'s KPI rows are taken from the whole region\'s', () => {
  it('equal what each KPI query answers for the district itself, for every district', async () => {
    const districts = [...demo.districts.map((d) => d.code), NEW_DISTRICT.code];
    const scopes = [
      scope('2021-22', { direction: demo.sites[0].direction_code }),
      // Lyceums: most districts have none, so their rows are missing and asked for directly.
      scope('2023-H1', { orgType: 'lyceum', direction: demo.sites[1].direction_code }),
    ];
    let taken = 0;
    let asked = 0;
    for (const query of KPI_QUERIES) {
      for (const s of scopes) {
        const region = await queries.run<KpiRow>(query, scopeParams(s));
        for (const district of districts) {
          const own = await queries.run<KpiRow>(query, scopeParams({ ...s, district }));
          const fromRegion = districtRows(region, district as string);
          if (fromRegion) {
            taken += 1;
            expect(sorted(fromRegion), `${query} ${s.period.code} ${s.orgType} ${s.direction} ${district}`).toEqual(sorted(own));
          } else {
            asked += 1;
          }
        }
      }
    }
    // Both ways were exercised: most rows are taken, the new district's (and lyceum-less districts') asked for.
    expect(taken).toBeGreaterThan(asked);
    expect(asked).toBeGreaterThan(0);
  });
});

describe('KPI query results kept for the data version', () => {
  // Each case a database of its own (one changes the data) and a service whose data version it moves.
  let local: Database;
  let localQueries: Queries;
  let kpis: KpiService;
  let version: number;
  beforeEach(async () => {
    local = await databaseWith(demo);
    localQueries = await Queries.load(local);
    version = 0;
    kpis = new KpiService(localQueries, await loadPassports(), () => version);
  });
  afterEach(() => local.close());

  it('a district costs no query once the region is known, and a new data version computes again', async () => {
    const run = vi.spyOn(localQueries, 'run');
    const period = scope('2022-H2');
    const kpiQueries = () => run.mock.calls.filter(([name]) => KPI_QUERIES.includes(name));
    const region = await kpis.cards(period, () => true);
    const regionQueries = kpiQueries();
    expect(regionQueries.length).toBeGreaterThan(0);

    // Every district of the region: a query only where the region's answer has no row for it
    // (a district without sites owes no reports).
    const district = demo.districts[0].code;
    for (const d of demo.districts) await kpis.cards({ ...period, district: d.code }, () => true);
    const extra = kpiQueries().slice(regionQueries.length);
    for (const [query, params] of extra) {
      const region = await localQueries.on<KpiRow>(local, query, { ...params, district: null });
      expect(districtRows(region, String(params?.district)), `${query} ${JSON.stringify(params)}`).toBeUndefined();
    }
    expect(extra.length).toBeLessThan(demo.districts.length);
    const districtCards = await kpis.cards({ ...period, district }, () => true);
    const districtReach = districtCards.find((c) => c.code === 'reach_share')!;
    expect(districtReach.numerator).toBe((await kpis.byDistrict('reach_share', period)).find((r) => r.district === district)!.numerator);
    expect(region.map((c) => c.code)).toEqual([...KPI_CODES]);

    // A teacher of the district reached in the period who was not before.
    const org = demo.organizations.find((o) => o.district_code === district)!;
    await local.run(`INSERT INTO participations (teacher_id, organization_code, site_code, role, started_on, attended)
      VALUES ('new-teacher', $org, $site, 'trainee', DATE '2022-10-03', true)`, { org: org.code, site: demo.sites[0].code });
    // The same version: the kept answer (what the response cache also still serves).
    expect((await kpis.measure('reach_share', { ...period, district })).numerator).toBe(districtReach.numerator);
    version += 1;
    expect((await kpis.measure('reach_share', { ...period, district })).numerator).toBe(districtReach.numerator + 1);
    expect((await kpis.measure('reach_share', period)).numerator).toBe(region.find((c) => c.code === 'reach_share')!.numerator + 1);
  });

  it('a query is stopped only once every request waiting for it has gone, and is then asked afresh', async () => {
    const run = vi.spyOn(localQueries, 'run');
    const signals = () => run.mock.calls.map(([, , signal]) => signal!);
    const gone = new Error('ушёл');

    // Two requests for the same KPI; one leaves: the other gets its answer from the same query.
    const [first, second] = [new AbortController(), new AbortController()];
    const left = kpis.measure('users_share', scope('2022-H2'), first.signal);
    const stays = kpis.measure('users_share', scope('2022-H2'), second.signal);
    first.abort(gone);
    expect((await stays).denominator).toBeGreaterThan(0);
    await left.catch(() => undefined);
    expect(run).toHaveBeenCalledTimes(1);
    expect(signals()[0].aborted).toBe(false);

    // The only request for another KPI leaves: its query is stopped with the reason, and forgotten.
    const only = new AbortController();
    const stopped = kpis.measure('authors_share', scope('2022-H2'), only.signal);
    only.abort(gone);
    await expect(stopped).rejects.toBe(gone);
    expect(signals()[1].aborted).toBe(true);
    // Whoever asks next gets a fresh computation, not the stopped one; a caller with no signal is never stopped.
    expect((await kpis.measure('authors_share', scope('2022-H2'))).denominator).toBeGreaterThan(0);
    expect(run).toHaveBeenCalledTimes(3);
    await expect(kpis.measure('authors_share', scope('2022-H2'), AbortSignal.abort(gone))).rejects.toBe(gone);
  });

  it('a failed query is asked again, not remembered', async () => {
    const run = vi.spyOn(localQueries, 'run').mockRejectedValueOnce(new Error('interrupted'));
    await expect(kpis.measure('competition_share', scope('2022-H2'))).rejects.toThrow('interrupted');
    expect((await kpis.measure('competition_share', scope('2022-H2'))).denominator).toBe(demo.organizations.length);
    expect(run).toHaveBeenCalledTimes(2);
  });
});
