import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallRegion } from '../fixtures/small-region.js';
import { appWith, type TestApp, type Who, waitForUpload } from '../helpers/server.js';

/**
 * Every API route, called as each kind of user, with the status it must answer. A route added
 * to the server without a row here fails the first test: access must be decided, not forgotten.
 */
type Row = {
  /** As registered: method and URL pattern. */
  route: string;
  /** The concrete request; may prepare data first (an upload to roll back). */
  request: (t: TestApp, who: Who) => Promise<InjectOptions> | InjectOptions;
  expect: Record<Who, number>;
};

const PUBLIC = { anonymous: 200, viewer: 200, methodologist: 200, otherMethodologist: 200, admin: 200 };
const VIEWER = { anonymous: 401, viewer: 200, methodologist: 200, otherMethodologist: 200, admin: 200 };
const METHODOLOGIST = { anonymous: 401, viewer: 403, methodologist: 200, otherMethodologist: 200, admin: 200 };
/** Upload records of the north methodologist: the south's does not see them (404). */
const NORTH_UPLOAD = { anonymous: 401, viewer: 403, methodologist: 200, otherMethodologist: 404, admin: 200 };
const ADMIN = { anonymous: 401, viewer: 403, methodologist: 403, otherMethodologist: 403, admin: 200 };
const get = (url: string) => () => ({ method: 'GET' as const, url });

const NORTH_EVENT = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\nEA;SP1;Семинар;01.03.2023;Семинар;Очно;10\n';

let uploaded = 0;

/** Uploads a new north event (a file that changes something, so it can be rolled back). */
async function uploadAs(t: TestApp, who: Who): Promise<number> {
  const payload = NORTH_EVENT.replace('EA;', `EA${++uploaded};`);
  const response = await t.inject({ method: 'POST', url: '/api/uploads?fileName=e.csv&dataset=events', payload, headers: { 'content-type': 'text/csv' } }, who);
  const { id } = response.json() as { id: number };
  await waitForUpload(t, id);
  return id;
}

const ROWS: Row[] = [
  { route: 'GET /api/health', request: get('/api/health'), expect: PUBLIC },
  { route: 'GET /api/session', request: get('/api/session'), expect: PUBLIC },
  {
    route: 'POST /api/login',
    request: () => ({ method: 'POST', url: '/api/login', payload: { login: 'viewer', password: 'wrong password 1' } }),
    expect: { anonymous: 401, viewer: 401, methodologist: 401, otherMethodologist: 401, admin: 401 },
  },
  { route: 'GET /api/filters', request: get('/api/filters'), expect: VIEWER },
  { route: 'GET /api/kpis', request: get('/api/kpis'), expect: VIEWER },
  { route: 'GET /api/kpis/outlook', request: get('/api/kpis/outlook'), expect: VIEWER },
  { route: 'GET /api/kpis/trend', request: get('/api/kpis/trend?kpi=users_share'), expect: VIEWER },
  { route: 'GET /api/kpis/by-district', request: get('/api/kpis/by-district?kpi=users_share'), expect: VIEWER },
  { route: 'GET /api/scorecard', request: get('/api/scorecard'), expect: VIEWER },
  { route: 'GET /api/kpis/map', request: get('/api/kpis/map?kpi=users_share'), expect: VIEWER },
  { route: 'GET /api/kpis/organizations', request: get('/api/kpis/organizations?kpi=users_share'), expect: VIEWER },
  { route: 'GET /api/organizations/:code', request: get('/api/organizations/N1'), expect: VIEWER },
  { route: 'GET /api/map', request: get('/api/map'), expect: VIEWER },
  { route: 'GET /api/export/organizations.:format', request: get('/api/export/organizations.csv?kpi=users_share'), expect: VIEWER },
  { route: 'GET /api/completeness', request: get('/api/completeness'), expect: VIEWER },
  { route: 'GET /api/charts/events', request: get('/api/charts/events'), expect: VIEWER },
  { route: 'GET /api/charts/events-per-site', request: get('/api/charts/events-per-site'), expect: VIEWER },
  { route: 'GET /api/charts/funnel', request: get('/api/charts/funnel'), expect: VIEWER },
  { route: 'GET /api/charts/sites-by-direction', request: get('/api/charts/sites-by-direction'), expect: VIEWER },
  { route: 'GET /api/charts/reports', request: get('/api/charts/reports'), expect: VIEWER },
  { route: 'GET /api/charts/plan', request: get('/api/charts/plan'), expect: VIEWER },
  { route: 'GET /api/sites', request: get('/api/sites'), expect: VIEWER },
  { route: 'GET /api/public/catalogue', request: get('/api/public/catalogue'), expect: PUBLIC },
  { route: 'GET /api/sites/:code', request: get('/api/sites/SP1'), expect: VIEWER },
  { route: 'GET /api/export/:chart.:format', request: get('/api/export/funnel.csv'), expect: VIEWER },
  { route: 'GET /api/preview/:chart', request: get('/api/preview/funnel?width=600'), expect: VIEWER },
  { route: 'GET /api/export/overdue-reports.:format', request: get('/api/export/overdue-reports.csv'), expect: VIEWER },
  { route: 'GET /api/export/scorecard.:format', request: get('/api/export/scorecard.xlsx'), expect: VIEWER },
  { route: 'GET /api/export/completeness.:format', request: get('/api/export/completeness.csv'), expect: VIEWER },
  { route: 'GET /api/export/report.pdf', request: get('/api/export/report.pdf'), expect: VIEWER },
  // No period of the small region is approved: the results' PDF is a 404 to whoever may ask for it.
  { route: 'GET /api/export/published.pdf', request: get('/api/export/published.pdf?period=2022-H1'), expect: { ...VIEWER, viewer: 404, methodologist: 404, otherMethodologist: 404, admin: 404 } },
  { route: 'GET /api/export/sites.:format', request: get('/api/export/sites.xlsx'), expect: VIEWER },
  { route: 'GET /api/export/presentation.pptx', request: get('/api/export/presentation.pptx?charts=funnel'), expect: VIEWER },
  {
    route: 'POST /api/uploads',
    request: () => ({ method: 'POST', url: '/api/uploads?fileName=e.csv&dataset=events', payload: NORTH_EVENT, headers: { 'content-type': 'text/csv' } }),
    expect: { anonymous: 401, viewer: 403, methodologist: 202, otherMethodologist: 202, admin: 202 },
  },
  { route: 'GET /api/uploads', request: get('/api/uploads'), expect: METHODOLOGIST },
  { route: 'GET /api/uploads/:id', request: async (t) => ({ method: 'GET', url: `/api/uploads/${await uploadAs(t, 'methodologist')}` }), expect: NORTH_UPLOAD },
  {
    route: 'GET /api/uploads/:id/errors.csv',
    request: async (t) => ({ method: 'GET', url: `/api/uploads/${await uploadAs(t, 'methodologist')}/errors.csv` }),
    expect: NORTH_UPLOAD,
  },
  {
    // Each call rolls back a fresh upload by the north methodologist: only they and the admin may.
    route: 'POST /api/uploads/:id/rollback',
    request: async (t) => ({ method: 'POST', url: `/api/uploads/${await uploadAs(t, 'methodologist')}/rollback` }),
    expect: NORTH_UPLOAD,
  },
  { route: 'GET /api/datasets', request: get('/api/datasets'), expect: METHODOLOGIST },
  { route: 'GET /api/datasets/:code/template.:format', request: get('/api/datasets/events/template.csv'), expect: METHODOLOGIST },
  { route: 'GET /api/admin/users', request: get('/api/admin/users'), expect: ADMIN },
  { route: 'GET /api/admin/users/:id', request: get('/api/admin/users/1'), expect: ADMIN },
  {
    route: 'POST /api/admin/users',
    request: (_t, who) => ({
      method: 'POST', url: '/api/admin/users',
      payload: { login: `new-${who}`, displayName: 'Новый', role: 'viewer', districts: [], password: 'Fresh-start-2023' },
    }),
    expect: { ...ADMIN, admin: 201 },
  },
  {
    route: 'PUT /api/admin/users/:id',
    request: () => ({ method: 'PUT', url: '/api/admin/users/4', payload: { displayName: 'Наблюдатель', role: 'viewer', districts: [], disabled: false } }),
    expect: ADMIN,
  },
  {
    route: 'POST /api/admin/users/:id/password',
    // User 5 is the one the row above created: a reset ends its sessions, not the callers'.
    request: () => ({ method: 'POST', url: '/api/admin/users/5/password', payload: { password: 'Another-pass-2023' } }),
    expect: { ...ADMIN, admin: 204 },
  },
  { route: 'GET /api/admin/targets', request: get('/api/admin/targets'), expect: ADMIN },
  { route: 'GET /api/deadlines', request: get('/api/deadlines'), expect: VIEWER },
  {
    route: 'PUT /api/admin/deadlines',
    request: () => ({ method: 'PUT', url: '/api/admin/deadlines', payload: { kind: 'applications_open', year: 2022, date: '2022-10-01' } }),
    expect: ADMIN,
  },
  {
    route: 'PUT /api/admin/targets',
    request: () => ({ method: 'PUT', url: '/api/admin/targets', payload: { targets: [{ kpi: 'users_share', threshold: 10 }] } }),
    expect: ADMIN,
  },
  { route: 'GET /api/admin/audit', request: get('/api/admin/audit'), expect: ADMIN },
  {
    route: 'PUT /api/admin/data-expectations',
    request: () => ({ method: 'PUT', url: '/api/admin/data-expectations', payload: { expectations: [{ dataset: 'events', expected: true, dueDays: 20 }] } }),
    expect: ADMIN,
  },
  { route: 'GET /api/admin/publications', request: get('/api/admin/publications'), expect: ADMIN },
  {
    route: 'POST /api/admin/publications',
    request: () => ({ method: 'POST', url: '/api/admin/publications', payload: { period: '2022-H2' } }),
    expect: { ...ADMIN, admin: 201 },
  },
  {
    route: 'POST /api/admin/publications/:period/withdraw',
    request: () => ({ method: 'POST', url: '/api/admin/publications/2022-H2/withdraw', payload: { reason: 'проверка доступа' } }),
    expect: ADMIN,
  },
  { route: 'GET /api/subscriptions', request: get('/api/subscriptions'), expect: VIEWER },
  {
    route: 'POST /api/subscriptions',
    request: () => ({ method: 'POST', url: '/api/subscriptions', payload: { email: 'a@example.ru', report: 'deck', schedule: 'weekly' } }),
    expect: { ...VIEWER, viewer: 201, methodologist: 201, otherMethodologist: 201, admin: 201 },
  },
  // Each caller ends a subscription that is not theirs (the first, the viewer's): only the viewer's own goes.
  { route: 'DELETE /api/subscriptions/:id', request: () => ({ method: 'DELETE', url: '/api/subscriptions/1' }), expect: { ...VIEWER, viewer: 204, methodologist: 404, otherMethodologist: 404, admin: 404 } },
  { route: 'GET /api/admin/subscriptions', request: get('/api/admin/subscriptions'), expect: ADMIN },
  {
    route: 'POST /api/admin/subscriptions',
    request: () => ({ method: 'POST', url: '/api/admin/subscriptions', payload: { recipient: 'И. И.', email: 'a@example.ru', report: 'deck', schedule: 'weekly' } }),
    expect: { ...ADMIN, admin: 201 },
  },
  // The app here has no SMTP server: sending is refused as such, to the admin only.
  { route: 'POST /api/admin/subscriptions/:id/send', request: () => ({ method: 'POST', url: '/api/admin/subscriptions/2/send' }), expect: { ...ADMIN, admin: 409 } },
  { route: 'DELETE /api/admin/subscriptions/:id', request: () => ({ method: 'DELETE', url: '/api/admin/subscriptions/2' }), expect: { ...ADMIN, admin: 204 } },
  // Last: it ends each caller's session.
  {
    route: 'PUT /api/admin/map',
    request: () => ({
      method: 'PUT', url: '/api/admin/map?name=map.geojson', headers: { 'content-type': 'application/octet-stream' },
      payload: JSON.stringify({ type: 'Feature', properties: { code: 'north' }, geometry: { type: 'Polygon', coordinates: [[[40, 57], [41, 57], [41, 58], [40, 57]]] } }),
    }),
    expect: ADMIN,
  },
  { route: 'DELETE /api/admin/map', request: () => ({ method: 'DELETE', url: '/api/admin/map' }), expect: ADMIN },
  { route: 'POST /api/logout', request: () => ({ method: 'POST', url: '/api/logout' }), expect: VIEWER },
];

const WHO: Who[] = ['anonymous', 'viewer', 'otherMethodologist', 'methodologist', 'admin'];

let t: TestApp;
beforeAll(async () => {
  t = await appWith(smallRegion());
});
afterAll(() => t.close());

describe('authorisation of every route', () => {
  it('has a row for every API route, and every row is a route', () => {
    const registered = t.app.apiRoutes.map((r) => `${r.method} ${r.url}`).sort();
    expect(ROWS.map((r) => r.route).sort()).toEqual(registered);
  });

  it.each(ROWS.map((row) => [row.route, row] as const))('%s', async (_route, row) => {
    const got: Partial<Record<Who, number>> = {};
    for (const who of WHO) got[who] = (await t.inject(await row.request(t, who), who)).statusCode;
    expect(got).toEqual(row.expect);
  });
});
