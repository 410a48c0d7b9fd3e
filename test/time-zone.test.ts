import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../server/config.js';
import type { SessionResponse } from '../web/src/lib/shared/api.js';
import { formatDateTime, showTimesIn, todayIso } from '../web/src/lib/shared/format.js';
import { freePort } from '../server/free-port.js';
import { until } from './helpers/poll.js';
import { signal, signIn, uploadDetail } from './helpers/server-process.js';

const dir = mkdtempSync(join(tmpdir(), 'ploshchadki-tz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('PLOSHCHADKI_TIME_ZONE', () => {
  it('is the region\'s zone: the setting, else the host\'s TZ, else Moscow; an unknown one refused in Russian', () => {
    expect(readConfig({}).timeZone).toBe('Europe/Moscow');
    expect(readConfig({ TZ: 'Asia/Yekaterinburg' }).timeZone).toBe('Asia/Yekaterinburg');
    expect(readConfig({ TZ: 'UTC', PLOSHCHADKI_TIME_ZONE: ' Asia/Vladivostok ' }).timeZone).toBe('Asia/Vladivostok');
    expect(() => readConfig({ PLOSHCHADKI_TIME_ZONE: 'Moscow' })).toThrow(ConfigError);
    expect(() => readConfig({ PLOSHCHADKI_TIME_ZONE: 'Moscow' })).toThrow('PLOSHCHADKI_TIME_ZONE=«Moscow»: такого часового пояса нет. Укажите его по базе IANA');
  });

  it('gives the times the server writes: a server on a UTC host in Vladivostok says when a file was loaded by Vladivostok\'s clock', async () => {
    const admin = { login: 'chief', password: 'Time-zone-test-9kx' };
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: {
        ...process.env, TZ: 'UTC', PLOSHCHADKI_TIME_ZONE: 'Asia/Vladivostok', PLOSHCHADKI_DB: ':memory:', PLOSHCHADKI_DEMO: '0',
        PLOSHCHADKI_PERSON_KEY: join(dir, 'key'), PLOSHCHADKI_UPLOAD_DIR: join(dir, 'up'), PORT: String(port), HOST: '127.0.0.1',
        PLOSHCHADKI_ADMIN_LOGIN: admin.login, PLOSHCHADKI_ADMIN_PASSWORD: admin.password,
      },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const url = `http://127.0.0.1:${port}`;
    try {
      await until(async () => (await fetch(`${url}/api/health`).catch(() => null))?.ok, 'the server to start', 90_000);
      const auth = await signIn(url, admin);
      const send = async () => {
        const response = await fetch(`${url}/api/uploads?fileName=districts.csv&dataset=districts`, {
          method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: 'Код района;Район\nnorth;Северный район\n',
        });
        const { id } = (await response.json()) as { id: number };
        return until(async () => {
          const detail = await uploadDetail(url, auth, id);
          return detail.status !== 'processing' && detail;
        }, `upload № ${id}`);
      };
      expect((await send()).status).toBe('applied');
      const again = await send();
      const time = /уже загружен \d\d\.\d\d\.\d{4}, (\d\d):(\d\d)/.exec(again.message ?? '');
      expect(time, again.message ?? '').not.toBeNull();
      // Vladivostok's clock now (10 hours ahead of UTC), within the minute or two the uploads took.
      const [hour, minute] = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Vladivostok', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
        .format(new Date()).split(':').map(Number);
      const apart = ((hour * 60 + minute) - (Number(time![1]) * 60 + Number(time![2])) + 1440) % 1440;
      expect(apart).toBeLessThanOrEqual(2);
      // The pages are told the zone, to give times as the files do (below).
      expect(((await (await fetch(`${url}/api/session`, { headers: auth })).json()) as SessionResponse).timeZone).toBe('Asia/Vladivostok');
    } finally {
      await signal(child, 'SIGTERM');
    }
  }, 120_000);

  it('is the zone the pages give times in, whatever the reader\'s browser is set to', () => {
    const host = Intl.DateTimeFormat().resolvedOptions().timeZone;
    try {
      showTimesIn('Asia/Vladivostok');
      // 23:30 UTC on 30 November is 09:30 on 1 December in Vladivostok.
      expect(formatDateTime('2026-11-30T23:30:00Z')).toBe('01.12.2026, 09:30');
      expect(todayIso(new Date('2026-11-30T23:30:00Z'))).toBe('2026-12-01');
      showTimesIn('Europe/Moscow');
      expect(formatDateTime('2026-11-30T23:30:00Z')).toBe('01.12.2026, 02:30');
      expect(todayIso(new Date('2026-11-30T20:59:00Z'))).toBe('2026-11-30');
    } finally {
      showTimesIn(host);
    }
  });
});
