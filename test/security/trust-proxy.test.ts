import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { ConfigError, parseTrustProxy, readConfig } from '../../server/config.js';
import type { AuditResponse } from '../../web/src/lib/shared/api.js';
import { smallRegion } from '../fixtures/small-region.js';
import { TEST_PSEUDONYMS } from '../helpers/db.js';
import { appWith, type TestApp } from '../helpers/server.js';

describe('PLOSHCHADKI_TRUST_PROXY', () => {
  it('is off, a hop count, or proxies\' addresses and subnets', () => {
    expect(readConfig({}).trustProxy).toBe(false);
    expect(readConfig({ PLOSHCHADKI_TRUST_PROXY: '0' }).trustProxy).toBe(false);
    // 1 is what existing deployments set: one proxy in front.
    expect(readConfig({ PLOSHCHADKI_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(parseTrustProxy(' 2 ')).toBe(2);
    expect(parseTrustProxy('127.0.0.1, 10.0.0.0/8,::1,fd00::/8 ,loopback'))
      .toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', 'loopback']);
  });

  it('refuses anything else in Russian, naming the wrong part', () => {
    for (const [value, wrong] of [['true', 'true'], ['-1', '-1'], ['10.0.0.0/33', '10.0.0.0/33'], ['10.0.0.1,', ''],
      ['proxy.local', 'proxy.local'], ['1.2.3.4/8/8', '1.2.3.4/8/8'], ['::1/129', '::1/129'], ['1.5', '1.5']]) {
      expect(() => parseTrustProxy(value)).toThrow(ConfigError);
      expect(() => parseTrustProxy(value)).toThrow(`«${wrong}» — не число и не адрес. Укажите число прокси перед сервером`);
    }
  });

  it('stops the server at start-up when wrong', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, PLOSHCHADKI_TRUST_PROXY: 'true', PLOSHCHADKI_DB: ':memory:', PLOSHCHADKI_DEMO: '0', PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr.trim()).toMatch(/^PLOSHCHADKI_TRUST_PROXY=«true»: «true» — не число и не адрес\./);
  });
});

describe('behind a proxy', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await appWith(smallRegion());
  });
  afterEach(() => t.close());

  /** A failed sign-in arriving from the proxy at `proxy` with the X-Forwarded-For it passes on. */
  const viaProxy = (app: Awaited<ReturnType<typeof buildApp>>, proxy: string, forwardedFor: string, login = 'nobody') => app.inject({
    method: 'POST', url: '/api/login', payload: { login, password: 'wrong-password-1' },
    remoteAddress: proxy, headers: { 'x-forwarded-for': forwardedFor },
  });
  const auditedAddresses = async () =>
    ((await t.inject('/api/admin/audit?action=login_failed')).json() as AuditResponse).entries.map((e) => e.ip).reverse();

  it('with one hop, sees the address the proxy added, not the one the client wrote', async () => {
    const app = await buildApp({ db: t.db, pseudonyms: TEST_PSEUDONYMS, trustProxy: 1 });
    await viaProxy(app, '10.0.0.1', '1.2.3.4, 5.6.7.8');
    expect(await auditedAddresses()).toEqual(['5.6.7.8']);
    await app.close();
  });

  it('with one hop, a client writing a new X-Forwarded-For each time is still rate-limited', async () => {
    const app = await buildApp({ db: t.db, pseudonyms: TEST_PSEUDONYMS, trustProxy: 1 });
    const statuses: number[] = [];
    // Ten attempts a minute per address; each at another login, so that no account locks.
    for (let i = 0; i < 11; i++) statuses.push((await viaProxy(app, '10.0.0.1', `1.2.3.${i}, 5.6.7.8`, `nobody-${i}`)).statusCode);
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    // Another client behind the same proxy is not.
    expect((await viaProxy(app, '10.0.0.1', '5.6.7.9', 'nobody-x')).statusCode).toBe(401);
    await app.close();
  });

  it('with the proxies listed, believes X-Forwarded-For only from them', async () => {
    const app = await buildApp({ db: t.db, pseudonyms: TEST_PSEUDONYMS, trustProxy: ['10.0.0.0/24'] });
    await viaProxy(app, '10.0.0.7', '1.2.3.4, 5.6.7.8');
    await viaProxy(app, '10.0.0.7', '1.2.3.4, 10.0.0.9');
    await viaProxy(app, '192.0.2.1', '5.6.7.8');
    // Behind two listed proxies the client is the first unlisted address; a direct client's header is ignored.
    expect(await auditedAddresses()).toEqual(['5.6.7.8', '1.2.3.4', '192.0.2.1']);
    await app.close();
  });
});

describe('PLOSHCHADKI_REGION', () => {
  it('a region without the demo is never titled «Демонстрационный» on its slides', () => {
    expect(readConfig({}).region).toBe('Демонстрационный регион');
    expect(readConfig({ PLOSHCHADKI_DEMO: '0' }).region).toBe('Регион');
    expect(readConfig({ PLOSHCHADKI_DEMO: '0', PLOSHCHADKI_REGION: 'Тверская область' }).region).toBe('Тверская область');
  });
});
