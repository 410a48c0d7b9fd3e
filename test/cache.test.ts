import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResponseCache } from '../server/cache.js';
import { DATA_VERSION_HEADER, newerVersion, parseDataVersion } from '../web/src/lib/shared/data-version.js';
import { CHARTS } from '../web/src/lib/charts/registry.js';
import { DEFAULT_KPI } from '../web/src/lib/shared/scope.js';
import { WARM_UP } from '../server/auth/access.js';
import { smallRegion } from './fixtures/small-region.js';
import { until } from './helpers/poll.js';
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

  it('the server computes the overview\'s first view as it starts, then draws its charts\' pictures; a test app does not', async () => {
    const started = await appWith(smallRegion(), { warmOnStart: true });
    try {
      await until(async () => (await started.inject('/api/health', 'anonymous')).json().warm, '/api/health saying the first view is ready');
      // As the overview asks: its link names the default period.
      const { defaultPeriod } = (await started.inject('/api/filters', 'viewer')).json() as { defaultPeriod: string };
      const first = [`/api/kpis?period=${defaultPeriod}`, `/api/kpis/outlook?period=${defaultPeriod}`];
      expect(first.map((url) => started.app.responseCache.has(url))).toEqual([true, true]);
      expect((await started.inject(first[0], 'viewer')).headers['x-cache']).toBe('hit');
      // Then the pictures of the charts with something to draw, the renderer run once for the first official's.
      const scope = { period: defaultPeriod, district: null, orgType: null, direction: null, kpi: DEFAULT_KPI };
      const drawn: string[] = [];
      for (const def of CHARTS) if (def.hasData((await started.inject(def.url(scope), 'viewer')).json())) drawn.push(def.id);
      expect(drawn.length).toBeGreaterThan(0);
      await until(() => drawn.every((id) => started.app.responseCache.has(`/api/preview/${id}?period=${defaultPeriod}&width=600`)), 'the pictures drawn at start');
    } finally {
      await started.close();
    }
    expect((await t.inject('/api/health', 'anonymous')).json().warm).toBe(true);
    expect((await t.inject('/api/kpis', 'viewer')).headers['x-cache']).toBe('miss');
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

  it('keeps answers up to a number of bytes, letting the least recently used go: every width of a picture is a URL of its own', async () => {
    const cache = new ResponseCache(undefined, 1000);
    const app = Fastify();
    cache.install(app);
    app.get('/picture/:width', { config: { cache: true } }, async (req) => 'x'.repeat(300 + Number((req.params as { width: string }).width) % 2));
    for (const width of [300, 301, 302, 303]) await app.inject(`/picture/${width}`);
    // 300 + 301 + 300 + 301 bytes: the first falls out, three (901 bytes) stay.
    expect(['/picture/300', '/picture/301', '/picture/302', '/picture/303'].map((url) => cache.has(url))).toEqual([false, true, true, true]);
    // A hit counts as use: the picture looked at again outlives the one not.
    await app.inject('/picture/301');
    await app.inject('/picture/304');
    expect(['/picture/301', '/picture/302', '/picture/303', '/picture/304'].map((url) => cache.has(url))).toEqual([true, false, true, true]);
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

  it('every API answer says which data it was computed from, a cached one too; an upload makes it newer', async () => {
    const version = (response: { headers: Record<string, unknown> }) => parseDataVersion(String(response.headers[DATA_VERSION_HEADER] ?? ''));
    const first = await t.inject('/api/kpis/trend?kpi=users_share', 'viewer');
    const cached = await t.inject('/api/kpis/trend?kpi=users_share', 'viewer');
    const uncached = await t.inject('/api/health', 'anonymous');
    expect(cached.headers['x-cache']).toBe('hit');
    expect(version(first)).not.toBeNull();
    expect([version(cached), version(uncached)]).toEqual([version(first), version(first)]);
    const csv = 'Код ресурса;ID педагога;Код ОО педагога;Дата использования\nR1;S1-7;S1;10.03.2023\n';
    const { id } = (await t.inject({ method: 'POST', url: '/api/uploads?fileName=u.csv', payload: csv, headers: { 'content-type': 'text/csv' } })).json();
    await waitForUpload(t, id);
    const after = version(await t.inject('/api/kpis/trend?kpi=users_share', 'viewer'));
    expect(after).not.toBeNull();
    expect(newerVersion(after!, version(first)!)).toBe(true);
  });

  it('computes the views looked at last again after an upload, before anyone asks', async () => {
    const url = '/api/kpis?period=2023-H1';
    const before = (await t.inject(url, 'viewer')).json().cards.find((c: { code: string }) => c.code === 'users_share');
    const csv = 'Код ресурса;ID педагога;Код ОО педагога;Дата использования\nR1;S1-7;S1;10.03.2023\n';
    const { id } = (await t.inject({ method: 'POST', url: '/api/uploads?fileName=u.csv', payload: csv, headers: { 'content-type': 'text/csv' } })).json();
    await waitForUpload(t, id);
    await expect.poll(() => t.app.responseCache.has(url)).toBe(true);
    const after = await t.inject(url, 'viewer');
    expect(after.headers['x-cache']).toBe('hit');
    expect(after.json().cards.find((c: { code: string }) => c.code === 'users_share').numerator).toBe(before.numerator + 1);
  });

  it('the warm-up\'s way in is a secret of the process: a guess is refused', async () => {
    expect((await t.app.inject({ url: '/api/kpis', headers: { [WARM_UP.header]: 'guess' } })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/kpis', headers: { [WARM_UP.header]: WARM_UP.secret } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/logout', headers: { [WARM_UP.header]: WARM_UP.secret } })).statusCode).toBe(401);
  });
});

describe('identical requests in flight', () => {
  /** An app whose one cached route counts its computations and waits for `release`. */
  async function slowApp(fail = false) {
    const cache = new ResponseCache();
    const app = Fastify();
    cache.install(app);
    let computed = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    app.get('/answer', { config: { cache: true } }, async () => {
      const mine = ++computed;
      await gate;
      if (fail && mine === 1) throw new Error('первое вычисление не удалось');
      return { computed: mine };
    });
    return { app, cache, computed: () => computed, release };
  }

  it('share one computation', async () => {
    const { app, computed, release } = await slowApp();
    const answers = Array.from({ length: 20 }, () => app.inject('/answer'));
    await expect.poll(computed).toBe(1);
    release();
    const responses = await Promise.all(answers);
    expect(computed()).toBe(1);
    expect(new Set(responses.map((r) => r.body))).toEqual(new Set(['{"computed":1}']));
    expect(responses.map((r) => r.headers['x-cache']).sort()).toEqual(['miss', ...Array(19).fill('shared')]);
    await app.close();
  });

  it('when the shared computation fails, the others compute for themselves rather than wait forever', async () => {
    const { app, computed, release } = await slowApp(true);
    const answers = Array.from({ length: 3 }, () => app.inject('/answer'));
    await expect.poll(computed).toBe(1);
    release();
    const responses = await Promise.all(answers);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 200, 500]);
    await app.close();
  });

  it('an answer computed from before a data change is handed to nobody', async () => {
    const { app, cache, computed, release } = await slowApp();
    const before = app.inject('/answer');
    await expect.poll(computed).toBe(1);
    cache.invalidate();
    const after = app.inject('/answer');
    await expect.poll(computed).toBe(2);
    release();
    expect((await Promise.all([before, after])).map((r) => [r.headers['x-cache'], r.json().computed])).toEqual([['miss', 1], ['miss', 2]]);
    expect(cache.size).toBe(1);
    expect((await app.inject('/answer')).json()).toEqual({ computed: 2 });
    await app.close();
  });
});
