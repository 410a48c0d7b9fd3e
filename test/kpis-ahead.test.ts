/**
 * The KPIs of the usual filter selections are computed ahead, so a period or filter asked for the
 * first time is answered without a KPI query: after the start and again after each change. An
 * import comes first.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { Queries } from '../server/db/queries.js';
import { KPI_QUERIES, KpiService, MAX_AHEAD } from '../server/domain/kpis.js';
import { KpisAhead } from '../server/domain/kpis-ahead.js';
import { loadPassports } from '../server/domain/passports.js';
import { FilterCatalog } from '../server/domain/scope.js';
import { ORG_TYPES } from '../web/src/lib/shared/vocabulary.js';
import { smallRegion } from './fixtures/small-region.js';
import { databaseWith } from './helpers/db.js';
import { until } from './helpers/poll.js';
import { appWith, type TestApp, waitForUpload } from './helpers/server.js';

const KPI_SQL = new Set(KPI_QUERIES.map((name) => readFileSync(`queries/${name}.sql`, 'utf8')));

/** How many KPI queries ran on the app's database while `work` did. */
async function kpiQueriesDuring(t: TestApp, work: () => Promise<unknown>): Promise<number> {
  const pooled = vi.spyOn(t.db, 'pooled');
  try {
    await work();
    return pooled.mock.calls.filter(([sql]) => KPI_SQL.has(sql)).length;
  } finally {
    pooled.mockRestore();
  }
}

describe('KPIs computed ahead', () => {
  it('are those of every period of the region, of each organization type and of each direction, the latest half-year first', async () => {
    const db = await databaseWith(smallRegion());
    try {
      const catalog = await FilterCatalog.load(await Queries.load(db), 'test');
      const scopes = catalog.scopesAhead();
      const periods = [...catalog.halfYears, ...catalog.schoolYears];
      const selections = [[null, null], ...Object.keys(ORG_TYPES).map((o) => [o, null]), ...catalog.directions.map((d) => [null, d.code])];
      const shown = scopes.map((s) => `${s.period.code} ${s.district} ${s.orgType} ${s.direction}`);
      expect(shown).toHaveLength(selections.length * periods.length);
      expect(new Set(shown)).toEqual(new Set(selections.flatMap(([orgType, direction]) => periods.map((p) => `${p.code} null ${orgType} ${direction}`))));
      const region = scopes.filter((s) => s.orgType === null && s.direction === null).map((s) => s.period);
      expect(region).toEqual([...catalog.halfYears].reverse().concat([...catalog.schoolYears].reverse()));
      expect(region[0]).toBe(catalog.defaultPeriod());
    } finally {
      db.close();
    }
  });

  it('answer the cards of any period, organization type or direction, and of their districts, asked for the first time without a KPI query, and again after an upload with the new data; both filters at once are computed when asked', async () => {
    const t = await appWith(smallRegion(), { computeAhead: true });
    try {
      const computedAhead = async () => (await t.inject('/api/health', 'anonymous')).json().computedAhead as boolean;
      await until(computedAhead, '/api/health saying the KPIs are computed ahead', 90_000);
      const { periods, orgTypes, directions, districts, defaultPeriod } = (await t.inject('/api/filters', 'viewer')).json() as
        Record<'periods' | 'orgTypes' | 'directions' | 'districts', { code: string }[]> & { defaultPeriod: string };
      const urls = periods.flatMap(({ code }) => [
        `/api/kpis?period=${code}`,
        ...orgTypes.map((o) => `/api/kpis?period=${code}&orgType=${o.code}`),
        ...directions.map((d) => `/api/kpis?period=${code}&direction=${d.code}`),
      ]);
      // A district's cards come from its region's rows.
      urls.push(...districts.map((d) => `/api/kpis?period=${defaultPeriod}&district=${d.code}`));
      expect(await kpiQueriesDuring(t, () => Promise.all(urls.map((url) => t.inject(url, 'viewer'))))).toBe(0);
      const both = `/api/kpis?period=${periods[0].code}&orgType=${orgTypes[0].code}&direction=${directions[0].code}`;
      expect(await kpiQueriesDuring(t, () => t.inject(both, 'viewer'))).toBeGreaterThan(0);

      const schoolUsers = async () => (await t.inject('/api/kpis?period=2023-H1&orgType=school', 'viewer')).json()
        .cards.find((c: { code: string }) => c.code === 'users_share').numerator as number;
      const before = await schoolUsers();
      // S1-7 of S1 (a school) uses a resource in 2023-H1: one user more among schools.
      const csv = 'Код ресурса;ID педагога;Код ОО педагога;Дата использования\nR1;S1-7;S1;10.03.2023\n';
      const { id } = (await t.inject({ method: 'POST', url: '/api/uploads?fileName=u.csv', payload: csv, headers: { 'content-type': 'text/csv' } })).json();
      await waitForUpload(t, id);
      await until(computedAhead, '/api/health saying the KPIs are computed ahead again', 90_000);
      let after = 0;
      expect(await kpiQueriesDuring(t, async () => (after = await schoolUsers()))).toBe(0);
      expect(after).toBe(before + 1);
    } finally {
      await t.close();
    }
  }, 240_000);

  it('wait while an import is queued or running: no KPI query starts until it is done, and then the computing goes on to the end', async () => {
    const db = await databaseWith(smallRegion());
    try {
      const queries = await Queries.load(db);
      const catalog = await FilterCatalog.load(queries, 'test');
      const ahead = new KpisAhead(new KpiService(queries, await loadPassports(), () => 1), () => 1, () => catalog.scopesAhead(), db, (error) => {
        throw error;
      });
      const pooled = vi.spyOn(db, 'pooled');
      const kpiQueries = () => pooled.mock.calls.filter(([sql]) => KPI_SQL.has(sql)).length;
      const computing = ahead.run();
      await until(() => kpiQueries() > 0, 'the first KPI query computed ahead');
      // An import's turn, as long as several KPI queries of the small region: none starts meanwhile.
      const during = await db.inTurn(async () => {
        const before = kpiQueries();
        for (let i = 0; i < 3; i += 1) await db.all('SELECT count(*) AS n FROM range(20000000) t(i) WHERE i % 7 = 3');
        return kpiQueries() - before;
      });
      expect(during).toBe(0);
      expect(ahead.ready).toBe(false);
      await computing;
      expect(ahead.ready).toBe(true);
      expect(kpiQueries()).toBe(Math.min(catalog.scopesAhead().length * KPI_QUERIES.length, MAX_AHEAD));
    } finally {
      db.close();
    }
  }, 120_000);
});
