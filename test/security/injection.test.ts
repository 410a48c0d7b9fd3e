import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallRegion } from '../fixtures/small-region.js';
import { appWith, type TestApp, waitForUpload } from '../helpers/server.js';

/**
 * SQL-looking values in every filter and upload field: nothing may break (no 500), nothing may
 * change, nothing may leak. Every query binds parameters, so these are just strange text.
 */
const NASTY = [
  "' OR '1'='1",
  "north' OR 'x'='x",
  '1; DROP TABLE organizations; --',
  "'); DELETE FROM users; --",
  '$district',
  'north" OR "1"="1',
  "2022-H1' UNION SELECT password_hash FROM users --",
];

const FILTERED_ROUTES = [
  '/api/kpis', '/api/kpis/outlook', '/api/kpis/trend?kpi=users_share', '/api/kpis/by-district?kpi=users_share', '/api/charts/events', '/api/charts/events-per-site',
  '/api/charts/funnel', '/api/charts/sites-by-direction', '/api/charts/reports', '/api/charts/plan', '/api/sites',
  '/api/export/funnel.csv', '/api/export/presentation.pptx', '/api/export/sites.csv',
];
const PARAMS = ['period', 'district', 'orgType', 'direction', 'kpi', 'q', 'charts'];

let t: TestApp;
let before: string;
beforeAll(async () => {
  t = await appWith(smallRegion());
  before = await snapshot();
});
afterAll(() => t.close());

/** Row counts of every table: the database must look the same afterwards. */
async function snapshot(): Promise<string> {
  const tables = await t.db.all<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' AND table_name NOT IN ('sessions', 'audit_log', 'uploads', 'upload_errors') ORDER BY 1");
  const counts: Record<string, number> = {};
  for (const { name } of tables) counts[name] = (await t.db.one<{ n: number }>(`SELECT count(*) AS n FROM "${name}"`))!.n;
  return JSON.stringify(counts);
}

function expectSafe(status: number, body: string, what: string) {
  expect([200, 400, 404], `${what} → ${status}: ${body.slice(0, 200)}`).toContain(status);
  // The input may be echoed in a 400 message; a hash or a database error never may.
  expect(body, what).not.toMatch(/scrypt\$|Binder Error|Parser Error|Catalog Error|Conversion Error/);
}

describe('SQL-looking input', () => {
  it('in every filter of every route', async () => {
    for (const route of FILTERED_ROUTES) {
      for (const param of PARAMS) {
        for (const value of NASTY) {
          const url = `${route}${route.includes('?') ? '&' : '?'}${param}=${encodeURIComponent(value)}`;
          const response = await t.inject(url, 'viewer');
          expectSafe(response.statusCode, response.body, url);
        }
      }
    }
    for (const value of NASTY) {
      const site = await t.inject(`/api/sites/${encodeURIComponent(value)}`, 'viewer');
      expectSafe(site.statusCode, site.body, `site ${value}`);
      const audit = await t.inject(`/api/admin/audit?action=${encodeURIComponent(value)}`);
      expectSafe(audit.statusCode, audit.body, `audit ${value}`);
    }
    expect(await snapshot()).toBe(before);
  }, 120_000);

  it('searching sites with it finds nothing rather than everything', async () => {
    for (const value of ["' OR '1'='1", "%' OR 1=1 --"]) {
      const response = await t.inject(`/api/sites?q=${encodeURIComponent(value)}`, 'viewer');
      expect(response.json().rows).toEqual([]);
    }
  });

  it('in every upload field and in the file itself, stored as plain text', async () => {
    for (const value of NASTY) {
      const query = new URLSearchParams({ fileName: value, author: value, sheet: value, mode: 'strict' });
      const csv = `Код района;Район\nx${NASTY.indexOf(value)};"${value.replace(/"/g, '""')}"\n`;
      const response = await t.inject({ method: 'POST', url: `/api/uploads?${query}&dataset=districts`, payload: csv, headers: { 'content-type': 'text/csv' } });
      expect(response.statusCode).toBe(202);
      const { id } = response.json() as { id: number };
      const detail = await waitForUpload(t, id);
      expect(detail).toMatchObject({ status: 'applied', fileName: value, uploadedBy: 'Тест admin', author: value.trim() || null });
      for (const bad of [{ dataset: value }, { mapping: value }, { headerRow: value }] as Record<string, string>[]) {
        const refused = await t.inject({ method: 'POST', url: `/api/uploads?fileName=x.csv&${new URLSearchParams(bad)}`, payload: csv, headers: { 'content-type': 'text/csv' } });
        expectSafe(refused.statusCode, refused.body, JSON.stringify(bad));
      }
    }
    const districts = await t.db.all<{ name: string }>("SELECT name FROM districts WHERE code LIKE 'x%' ORDER BY code");
    expect(districts.map((d) => d.name)).toEqual(NASTY);
    // Users, organizations and the rest are untouched.
    const now = JSON.parse(await snapshot());
    const was = JSON.parse(before);
    expect({ ...now, districts: was.districts, upload_before_districts: was.upload_before_districts }).toEqual(was);
    expect((await t.db.one<{ n: number }>('SELECT count(*) AS n FROM users'))!.n).toBe(4);
  }, 120_000);

  it('in the sign-in form', async () => {
    for (const value of NASTY) {
      const response = await t.app.inject({ method: 'POST', url: '/api/login', payload: { login: value, password: value } });
      expect([401, 429]).toContain(response.statusCode);
    }
  });
});
