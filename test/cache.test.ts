import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResponseCache } from '../server/cache.js';
import { smallRegion } from './fixtures/small-region.js';
import { appWith, type TestApp, waitForUpload } from './helpers/server.js';

let t: TestApp;
beforeEach(async () => {
  t = await appWith(smallRegion());
});
afterEach(() => t.close());

describe('response cache', () => {
  it('answers a repeated view from memory, and checks access first', async () => {
    const first = await t.inject('/api/kpis?period=2023-H1', 'viewer');
    const second = await t.inject('/api/kpis?period=2023-H1', 'viewer');
    expect([first.headers['x-cache'], second.headers['x-cache']]).toEqual(['miss', 'hit']);
    expect(second.body).toBe(first.body);
    expect((await t.inject('/api/kpis?period=2023-H1', 'anonymous')).statusCode).toBe(401);
    const png = await t.inject('/api/export/funnel.png', 'viewer');
    const again = await t.inject('/api/export/funnel.png', 'viewer');
    expect(again.headers['x-cache']).toBe('hit');
    expect(again.rawPayload.equals(png.rawPayload)).toBe(true);
    expect(again.headers['content-disposition']).toBe(png.headers['content-disposition']);
  });

  it('forgets everything when the day changes: days overdue and reports due count from today', async () => {
    let day = '2026-11-23';
    const cache = new ResponseCache(() => day);
    const app = Fastify();
    cache.install(app);
    let computed = 0;
    app.get('/answer', { config: { cache: true } }, async () => ({ computed: ++computed }));
    const answer = async () => (await app.inject('/answer')).json().computed;
    expect([await answer(), await answer()]).toEqual([1, 1]);
    day = '2026-11-24';
    expect([await answer(), await answer()]).toEqual([2, 2]);
    await app.close();
  });

  it('forgets everything when targets change', async () => {
    await t.inject('/api/kpis', 'viewer');
    await t.inject({ method: 'PUT', url: '/api/admin/targets', payload: { targets: [{ kpi: 'users_share', threshold: 1 }] } });
    const after = await t.inject('/api/kpis', 'viewer');
    expect(after.headers['x-cache']).toBe('miss');
    expect(after.json().cards.find((c: { code: string }) => c.code === 'users_share').target).toBe(1);
  });

  it('forgets everything when an upload is applied', async () => {
    const users = async () => (await t.inject('/api/kpis?period=2023-H1', 'viewer')).json().cards.find((c: { code: string }) => c.code === 'users_share');
    expect((await users()).numerator).toBe(3);
    const csv = 'Код ресурса;ID педагога;Код ОО педагога;Дата использования\nR1;S1-7;S1;10.03.2023\n';
    const { id } = (await t.inject({ method: 'POST', url: '/api/uploads?fileName=u.csv', payload: csv, headers: { 'content-type': 'text/csv' } })).json();
    await waitForUpload(t, id);
    expect((await users()).numerator).toBe(4);
  });
});
