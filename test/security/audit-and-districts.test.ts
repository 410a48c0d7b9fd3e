import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditResponse, UploadDetail } from '../../web/src/lib/shared/api.js';
import { smallRegion } from '../fixtures/small-region.js';
import { appWith, TEST_PASSWORD, type TestApp, type Who, waitForUpload } from '../helpers/server.js';

let t: TestApp;
beforeEach(async () => {
  t = await appWith(smallRegion());
});
afterEach(() => t.close());

async function upload(who: Who, body: string, query: string): Promise<{ status: number; detail: UploadDetail | null; message?: string }> {
  const response = await t.inject({ method: 'POST', url: `/api/uploads?fileName=f.csv&${query}`, payload: body, headers: { 'content-type': 'text/csv' } }, who);
  if (response.statusCode !== 202) return { status: response.statusCode, detail: null, message: response.json().message };
  return { status: 202, detail: await waitForUpload(t, (response.json() as { id: number }).id) };
}

const EVENTS = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\n';
const NORTH = `${EVENTS}EN;SP1;Север;01.03.2023;Семинар;Очно;10\n`; // SP1's host N1 is in the north
const MIXED = `${NORTH}ES;SP2;Юг;02.03.2023;Семинар;Очно;10\n`; // SP2's host S1 is in the south

describe('methodologists and their districts', () => {
  it('upload their own districts\' rows', async () => {
    const result = await upload('methodologist', NORTH, 'dataset=events');
    expect(result.detail).toMatchObject({ status: 'applied', inserted: 1, uploadedBy: 'Тест metod-north' });
  });

  it('are refused a file with another district\'s rows, whole, even asking for valid rows only', async () => {
    for (const mode of ['strict', 'valid_only']) {
      const result = await upload('methodologist', MIXED, `dataset=events&mode=${mode}`);
      expect(result.detail).toMatchObject({ status: 'rejected', inserted: 0 });
      expect(result.detail!.message).toMatch(/строки, которые вам менять нельзя \(1\).*Вам доступны районы: Северный район/);
      expect(result.detail!.errors[0]).toMatchObject({ row: 3, message: expect.stringMatching(/относится к району «Южный район»/) });
    }
    expect((await t.db.all("SELECT code FROM events WHERE code IN ('EN', 'ES')"))).toEqual([]);
    // The admin is not bound to districts.
    expect((await upload('admin', MIXED, 'dataset=events')).detail).toMatchObject({ status: 'applied', inserted: 2 });
  });

  it('questionnaires go with their event\'s site: a northern methodologist cannot send the south\'s', async () => {
    // E1 is SP1's (host N1, north), E3 SP2's (host S1, south).
    const refused = await upload('methodologist', 'Код мероприятия;Номер анкеты;Оценка\nE1;100;5\nE3;100;4\n', 'dataset=feedback');
    expect(refused.detail).toMatchObject({ status: 'rejected', inserted: 0 });
    expect(refused.detail!.errors[0]).toMatchObject({ row: 3, message: expect.stringMatching(/относится к району «Южный район»/) });
    expect((await upload('methodologist', 'Код мероприятия;Номер анкеты;Оценка\nE1;100;5\n', 'dataset=feedback')).detail)
      .toMatchObject({ status: 'applied', inserted: 1 });
  });

  it('cannot upload the reference lists or the regional plan', async () => {
    const refused = await upload('methodologist', 'Код района;Район\neast;Восточный\n', 'dataset=districts');
    expect(refused).toMatchObject({ status: 403, message: 'Набор «Районы» загружает только администратор' });
    // Recognised from the headers, not named: refused all the same.
    const detected = await upload('methodologist', 'Код района;Район\neast;Восточный\n', '');
    expect(detected.detail).toMatchObject({ status: 'rejected', message: 'Набор «Районы» загружает только администратор.' });
  });

  it('roll back only their own uploads', async () => {
    const mine = await upload('methodologist', NORTH, 'dataset=events');
    // The south's methodologist does not even see the north's upload.
    const other = await t.inject({ method: 'POST', url: `/api/uploads/${mine.detail!.id}/rollback` }, 'otherMethodologist');
    expect(other.statusCode).toBe(404);
    expect((await t.inject('/api/uploads', 'otherMethodologist')).json().uploads).toEqual([]);
    expect(((await t.inject('/api/uploads', 'methodologist')).json().uploads as UploadDetail[])[0].canRollback).toBe(true);
  });
});

describe('audit log', () => {
  it('records sign-ins, failures, uploads, rollbacks, user and target changes', async () => {
    await t.app.inject({ method: 'POST', url: '/api/login', payload: { login: 'admin', password: TEST_PASSWORD } });
    await t.app.inject({ method: 'POST', url: '/api/login', payload: { login: 'viewer', password: 'not-the-password-1' } });
    const done = await upload('methodologist', NORTH, 'dataset=events');
    await t.inject({ method: 'POST', url: `/api/uploads/${done.detail!.id}/rollback` }, 'methodologist');
    await t.inject({ method: 'POST', url: '/api/admin/users', payload: { login: 'newbie', displayName: 'Новичок', role: 'methodologist', districts: ['south'], password: TEST_PASSWORD } });
    await t.inject({ method: 'PUT', url: '/api/admin/users/4', payload: { displayName: 'Наблюдатель', role: 'viewer', districts: [], disabled: true } });
    await t.inject({ method: 'POST', url: '/api/admin/users/2/password', payload: { password: 'Fresh-password-77' } });
    await t.inject({ method: 'PUT', url: '/api/admin/targets', payload: { targets: [{ kpi: 'authors_share', threshold: 4 }] } });

    const { entries } = (await t.inject('/api/admin/audit')).json() as AuditResponse;
    const seen = entries.map((e) => [e.action, e.user, e.details]).reverse();
    expect(seen).toEqual([
      ['login', 'admin', ''],
      ['login_failed', null, 'логин «viewer»'],
      ['upload', 'metod-north', expect.stringMatching(/^№ 1: «f\.csv», events, \d+ байт$/)],
      ['rollback', 'metod-north', '№ 1: «f.csv»'],
      ['user_created', 'admin', 'newbie: methodologist (south)'],
      ['user_updated', 'admin', 'viewer: viewer, отключён'],
      ['password_reset', 'admin', 'metod-north'],
      ['targets_changed', 'admin', 'authors_share=4'],
    ]);
    expect(entries.every((e) => e.ip === '127.0.0.1')).toBe(true);
    // The page names who did it, as the account is named now; a mistyped login has no name.
    expect(entries.find((e) => e.action === 'user_created')!.userName).toBe('Тест admin');
    expect(entries.find((e) => e.action === 'login_failed')!.userName).toBeNull();
    expect(entries.find((e) => e.action === 'rollback')!.userName).toBe('Тест metod-north');
    const failures = (await t.inject('/api/admin/audit?action=login_failed')).json() as AuditResponse;
    expect(failures.entries).toHaveLength(1);
  });
});

describe('datasets offered', () => {
  it('are the ones the user may upload', async () => {
    const codes = async (who: Who) => ((await t.inject('/api/datasets', who)).json().datasets as { code: string }[]).map((d) => d.code);
    expect(await codes('admin')).toContain('plan_items');
    const forMethodologist = await codes('methodologist');
    expect(forMethodologist).toContain('participations');
    expect(forMethodologist).not.toContain('plan_items');
    expect(forMethodologist).not.toContain('districts');
  });
});
