import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogueResponse } from '../web/src/lib/shared/api.js';
import { smallRegion } from './fixtures/small-region.js';
import { appWith, type TestApp } from './helpers/server.js';

let t: TestApp;
beforeAll(async () => {
  t = await appWith(smallRegion());
});
afterAll(() => t.close());

/** No session cookie: the catalogue is for anyone. */
const anonymous = async (query = '') => {
  const response = await t.app.inject({ url: `/api/public/catalogue${query}` });
  return { status: response.statusCode, body: response.body, json: response.json() as CatalogueResponse };
};

describe('the public catalogue', () => {
  it('lists the sites in force on the last day of the data, with their latest events, without a sign-in', async () => {
    // The data ends on 2023-01-20 (E3): SP3's status ended in 2021, SP2's event that day is the next one.
    const { status, json } = await anonymous();
    expect(status).toBe(200);
    expect(json.asOf).toBe('2023-01-20');
    expect(json.sites.map((s) => s.code).sort()).toEqual(['SP1', 'SP2']);
    const sp1 = json.sites.find((s) => s.code === 'SP1')!;
    expect(sp1).toMatchObject({
      directionName: 'Современные образовательные технологии', districtName: 'Северный район', level: 'municipal', validUntil: '2024-12-01',
      address: 'с. Северное, ул. Школьная, д. 1', email: 'n1@edu.example', website: 'https://n1.edu.example/',
    });
    // SP2's host has no registry details: none are made up.
    expect(json.sites.find((s) => s.code === 'SP2')).toMatchObject({ address: null, email: null, website: null });
    expect(sp1.events.map((e) => [e.heldOn, e.upcoming])).toEqual([['2022-09-10', false], ['2022-03-15', false], ['2022-02-10', false]]);
    expect(json.sites.find((s) => s.code === 'SP2')!.events).toEqual([
      { title: 'Мастер-класс', heldOn: '2023-01-20', format: 'master_class', mode: 'in_person', upcoming: true },
    ]);
  });

  it('searches and filters by district, direction and level; says in Russian what it does not know', async () => {
    expect((await anonymous('?district=south')).json.sites.map((s) => s.code)).toEqual(['SP2']);
    expect((await anonymous('?direction=tech&level=municipal')).json.sites.map((s) => s.code)).toEqual(['SP1']);
    expect((await anonymous('?q=%D0%B8%D0%BD%D0%BA%D0%BB%D1%8E%D0%B7')).json.sites.map((s) => s.code)).toEqual(['SP2']); // «инклюз»
    expect((await anonymous('?level=school&district=north')).json.sites).toEqual([]);
    expect((await anonymous(`?q=${encodeURIComponent('школьная')}`)).json.sites.map((s) => s.code)).toEqual(['SP1']);
    const unknown = await anonymous('?district=atlantis');
    expect(unknown.status).toBe(400);
    expect(unknown.json).toMatchObject({ message: 'Неизвестный район: «atlantis»' });
  });

  it('shows planned events first once there are any', async () => {
    // A region whose data runs into the future: the catalogue's day is today.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await t.db.run(`UPDATE sites SET status_valid_until = DATE '${day(365)}' WHERE code = 'SP1'`);
    await t.db.run(`INSERT INTO events VALUES ('E50', 'SP1', 'Открытый урок', DATE '${day(30)}', 'workshop', 'remote', 20, NULL, NULL)`);
    const { json } = await anonymous('?district=north');
    expect(json.asOf).toBe(day(0));
    expect(json.sites.map((s) => s.code)).toEqual(['SP1']);
    expect(json.sites[0].events).toEqual([{ title: 'Открытый урок', heldOn: day(30), format: 'workshop', mode: 'remote', upcoming: true }]);
  });

  it('publishes no personal data and no monitoring figures', async () => {
    const data = smallRegion();
    const teachers = new Set([...data.participations, ...data.resource_authors, ...data.resource_uses].map((r) => r.teacher_id));
    const { body, json } = await anonymous();
    for (const teacher of teachers) expect(body).not.toContain(`"${teacher}"`);
    // The head of the host organization is a person: the catalogue shows the organization's contacts only.
    expect(body).not.toContain('Иванова');
    const keys = new Set<string>();
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) { keys.add(k); collect(v); }
    };
    collect(json);
    expect([...keys].sort()).toEqual([
      'address', 'asOf', 'code', 'email', 'website', 'directionName', 'direction', 'directions', 'district', 'districtName', 'districts', 'events', 'format', 'heldOn',
      'hostName', 'hostShortName', 'level', 'mode', 'name', 'region', 'sites', 'title', 'upcoming', 'validUntil',
    ].sort());
  });
});
