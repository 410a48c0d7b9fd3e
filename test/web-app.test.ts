import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { brotliDecompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallRegion } from './fixtures/small-region.js';
import { appWith, WEB_ROOT, type TestApp } from './helpers/server.js';
import { WEB_PAGES } from '../server/web-pages.js';

// `npm test` builds the web app first (see package.json), so a broken build fails the suite.
let testApp: TestApp;
let app: TestApp['app'];
beforeAll(async () => {
  testApp = await appWith(smallRegion(), { web: true });
  app = testApp.app;
});
afterAll(() => testApp.close());

describe('the built web app served by Fastify', () => {
  it('was built into web/build with a Russian app shell', () => {
    expect(existsSync(`${WEB_ROOT}index.html`)).toBe(true);
    const html = readFileSync(`${WEB_ROOT}index.html`, 'utf8');
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('Площадки');
  });

  it('ships no TypeBox to the browser: the web app takes only types from the API schemas', () => {
    const chunks = readdirSync(`${WEB_ROOT}_app/immutable`, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
    expect(chunks.length).toBeGreaterThan(0);
    // Every TypeBox schema carries a '~kind' key; the built code has none.
    const withSchemas = chunks.filter((f) => readFileSync(`${WEB_ROOT}_app/immutable/${f}`, 'utf8').includes('~kind'));
    expect(withSchemas).toEqual([]);
  });

  it('loads the overview with at most 200 KB of gzipped script, ECharts after it: the cards need none of it', () => {
    // Vite's manifest of the build: each chunk with the chunks it imports at once and those it loads later.
    type Chunk = { file: string; imports?: string[]; dynamicImports?: string[] };
    const manifest = JSON.parse(readFileSync(new URL('../web/.svelte-kit/output/client/.vite/manifest.json', import.meta.url), 'utf8')) as Record<string, Chunk>;
    const first = new Set<string>();
    const walk = (key: string) => {
      if (first.has(key)) return;
      first.add(key);
      for (const next of manifest[key].imports ?? []) walk(next);
    };
    const overview = Object.keys(manifest).find((k) => /client-optimized\/nodes\/\d+\.js$/.test(k) && readFileSync(`${WEB_ROOT}${manifest[k].file}`, 'utf8').includes('Обзор показателей'))!;
    for (const key of [...Object.keys(manifest).filter((k) => /entry\.js$|client-optimized\/app\.js$|nodes\/0\.js$/.test(k)), overview]) walk(key);
    const files = [...first].map((key) => readFileSync(`${WEB_ROOT}${manifest[key].file}`));
    const gzipped = files.reduce((sum, file) => sum + gzipSync(file, { level: 9 }).length, 0);
    expect(gzipped).toBeLessThan(200 * 1024);
    // ECharts registers its components under names like «zrender»; none is in the first load.
    expect(files.filter((file) => file.includes('zrender'))).toEqual([]);
    const later = [...first].flatMap((key) => manifest[key].dynamicImports ?? []);
    expect(later).toContain('web/src/lib/charts/echarts.ts');
  });

  it('serves the shell at / and for client routes, and the assets it references', async () => {
    for (const url of ['/', '/sites', '/sites/SP1?x=1']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toMatch(/text\/html/);
      expect(response.body).toContain('<html lang="ru">');
    }
    const html = (await app.inject({ url: '/' })).body;
    const asset = /"(\/_app\/immutable\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const js = await app.inject({ url: asset! });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
  });

  it('sends hashed assets compressed and cached for a year, the shell and API answers never from a cache', async () => {
    const html = (await app.inject({ url: '/' })).body;
    const script = html.match(/\/_app\/immutable\/[^"]+\.js/)![0];
    const br = await app.inject({ url: script, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers).toMatchObject({ 'content-encoding': 'br', 'cache-control': 'public, max-age=31536000, immutable' });
    const plain = await app.inject({ url: script });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(brotliDecompressSync(br.rawPayload)).toEqual(plain.rawPayload);
    const gzip = await app.inject({ url: script, headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    for (const url of ['/', '/sites/SP1']) {
      expect((await app.inject({ url, headers: { 'accept-encoding': 'br' } })).headers['cache-control'], url).toBe('no-cache');
    }
    for (const url of ['/api/health', '/api/session', '/api/nowhere']) {
      expect((await app.inject({ url })).headers['cache-control'], url).toBe('no-store');
    }
    expect((await testApp.inject('/api/kpis')).headers['cache-control']).toBe('no-store');
  });

  it('answers an address that is no page of the app 404, with the shell (the page says so in Russian); every page of the app 200', async () => {
    // The server's list is the router's: one page per +page.svelte under web/src/routes.
    const routes = (dir: string, prefix: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? routes(`${dir}/${entry.name}`, `${prefix}/${entry.name}`) : entry.name === '+page.svelte' ? [prefix || '/'] : []);
    expect([...WEB_PAGES].sort()).toEqual(routes('web/src/routes', '').sort());
    for (const url of ['/admin', '/organizations/O-1', '/sites/SP1/', '/uploads?dataset=events']) {
      expect((await app.inject({ url })).statusCode, url).toBe(200);
    }
    for (const url of ['/no-such-page', '/sites/SP1/more', '/admin2']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).toContain('<html lang="ru">');
    }
  });

  it('keeps unknown API paths as JSON 404s', async () => {
    const response = await app.inject({ url: '/api/unknown' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ statusCode: 404 });
  });
});
