/**
 * A methodologist changes only what belongs to her districts: every row is judged as sent and by
 * the stored record it would change; a record's district or a site's host is the admin's to
 * change. The methodologist here has the north district (N1 N2 N3, sites SP1 SP3, events E1 E2
 * E4, resources R1 R2); the south has S1 S2, SP2, E3, R3.
 */
import { describe, expect, it } from 'vitest';
import type { Database } from '../server/db/database.js';
import type { UploadService } from '../server/ingest/uploads.js';
import type { DatasetCode } from '../web/src/lib/shared/datasets.js';
import { allTables, storedId } from './helpers/db.js';
import { importText, freshRegionEachTest } from './helpers/uploads.js';

let db: Database;
let uploads: UploadService;
freshRegionEachTest((fresh, service) => {
  db = fresh;
  uploads = service;
});

const NORTH = { restrict: { datasets: null, districts: ['north'] } };

const everything = () => allTables(db);

/** A file per dataset that touches a stored record of the south (or moves one), with what must be said. */
const CROSSING: [string, DatasetCode, string, RegExp[]][] = [
  ['an organization of the south renamed into the north', 'organizations',
    'Код ОО;Полное наименование;Тип ОО;Район\nS1;Школа на севере;Школа;Северный район\n',
    [/Код S1 уже принадлежит «Организация S1» \(Южный район\)/]],
  ['a north organization moved to the south', 'organizations',
    'Код ОО;Полное наименование;Тип ОО;Район\nN2;Организация N2;Детский сад;Южный район\n',
    [/Строка относится к району «Южный район», а вам доступны только: Северный район/, /Организация относится к району «Северный район»: перенести её в другой район может только администратор/]],
  ['a south site given a north host', 'sites',
    'Код площадки;Название площадки;Код ОО-базы;Направление;Уровень;Статус присвоен;Статус действует до\nSP2;Площадка два;N1;inclusive;Школьный;01.12.2022;01.12.2025\n',
    [/Код SP2 уже принадлежит «Площадка два» \(Южный район\)/]],
  ['a north site moved to another north host', 'sites',
    'Код площадки;Название площадки;Код ОО-базы;Направление;Уровень;Статус присвоен;Статус действует до\nSP1;Площадка один;N3;tech;Муниципальный;01.12.2021;01.12.2024\n',
    [/Организация-база площадки — «Организация N1»: сменить её может только администратор/]],
  ['an application of a south organization', 'competition_applications',
    'Год конкурса;Код ОО;Направление;Дата подачи;Результат\n2023;S2;tech;10.10.2023;На рассмотрении\n',
    [/Строка относится к району «Южный район», а вам доступны только: Северный район/]],
  ['a south event code reused for a north site', 'events',
    'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\nE3;SP1;Семинар;01.03.2023;Семинар;Очно;10\n',
    [/Код E3 уже принадлежит «Мастер-класс», площадка «Площадка два» \(Южный район\)/]],
  ['questionnaires of a south event', 'feedback',
    'Код мероприятия;Номер анкеты;Оценка\nE3;50;5\n',
    [/Строка относится к району «Южный район»/]],
  ['trainees of a south site', 'participations',
    'ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала\nN2-7;N2;SP2;E3;Стажёр;20.01.2023\n',
    [/Строка относится к району «Южный район»/]],
  ['a south resource code reused for a north site', 'resources',
    'Код ресурса;Код площадки;Название ресурса;Вид ресурса;Дата публикации\nR3;SP1;Кейс;Кейс;01.02.2023\n',
    [/Код R3 уже принадлежит «Кейс», площадка «Площадка два» \(Южный район\)/]],
  ['uses of a south resource', 'resource_uses',
    'Код ресурса;ID педагога;Код ОО педагога;Дата использования\nR3;N1-5;N1;01.04.2023\n',
    [/Строка относится к району «Южный район»/]],
  ['a report of a south site', 'site_reports',
    'Код площадки;Год отчёта;Дата сдачи\nSP2;2023;10.05.2023\n',
    [/Строка относится к району «Южный район»/]],
];

describe('a methodologist changes only her districts', () => {
  it.each(CROSSING)('%s: refused whole, every table unchanged', async (_name, dataset, csv, messages) => {
    const before = await everything();
    // Even when only valid rows are asked for.
    const result = await importText(uploads, `${dataset}.csv`, csv, { ...NORTH, dataset, mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'rejected', dataset, inserted: 0, updated: 0, deleted: 0 });
    expect(result.message).toMatch(/загрузка отклонена целиком, ничего не записано\. Вам доступны районы: Северный район\./);
    expect(result.errors.map((e) => e.message)).toEqual(messages.map((m) => expect.stringMatching(m)));
    expect(await everything()).toEqual(before);
  }, 30_000);

  it('messages name districts, never their codes', async () => {
    for (const [, dataset, csv] of CROSSING) {
      const result = await importText(uploads, `${dataset}.csv`, csv, { ...NORTH, dataset });
      for (const text of [result.message, ...result.errors.map((e) => e.message)]) expect(text).not.toMatch(/north|south/);
    }
  }, 60_000);

  it('a site\'s log of its resource used by teachers of another district is the site\'s own data', async () => {
    const result = await importText(uploads, 'uses.csv', 'Код ресурса;ID педагога;Код ОО педагога;Дата использования\nR1;S2-8;S2;05.04.2023\n', NORTH);
    expect(result).toMatchObject({ status: 'applied', dataset: 'resource_uses', inserted: 1, errorCount: 0 });
    expect(await db.all('SELECT resource_code, teacher_id, organization_code, used_on FROM resource_uses WHERE upload_id = $id', { id: result.id }))
      .toEqual([{ resource_code: 'R1', teacher_id: storedId('S2-8'), organization_code: 'S2', used_on: '2023-04-05' }]);
  }, 30_000);

  it('an admin may move and rename across districts', async () => {
    const result = await importText(uploads, 'orgs.csv', CROSSING[0][2]);
    expect(result).toMatchObject({ status: 'applied', updated: 1 });
    expect(await db.one("SELECT name, district_code FROM organizations WHERE code = 'S1'")).toEqual({ name: 'Школа на севере', district_code: 'north' });
  }, 30_000);
});

describe('a record sent with another site: two sites numbering theirs alike would overwrite each other\'s', () => {
  const events = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\n'
    + 'E4;SP3;Практикум;20.02.2023;Практикум;Очно;18\nE5;SP3;Семинар;21.02.2023;Семинар;Очно;10\n';
  const resources = 'Код ресурса;Код площадки;Название ресурса;Вид ресурса;Дата публикации\nR2;SP3;Кейс;Кейс;01.10.2022\n';

  it('a methodologist\'s event or resource of another site of hers is refused by row, naming the site it is stored at', async () => {
    const result = await importText(uploads, 'events.csv', events, { ...NORTH, mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'applied', rowsRejected: 1, inserted: 1, notes: [] });
    expect(result.errors).toEqual([{
      row: 2, column: 'Код площадки', value: 'SP3',
      message: 'Мероприятие с этим кодом уже записано за площадкой «Площадка один» (SP1): если это другое мероприятие, дайте ему свой код; перенести мероприятие на другую площадку может только администратор',
    }]);
    expect(await db.all("SELECT code, site_code, title FROM events WHERE code IN ('E4', 'E5') ORDER BY code"))
      .toEqual([{ code: 'E4', site_code: 'SP1', title: 'Семинар онлайн' }, { code: 'E5', site_code: 'SP3', title: 'Семинар' }]);
    const resource = await importText(uploads, 'resources.csv', resources, NORTH);
    expect(resource).toMatchObject({ status: 'rejected', inserted: 0, updated: 0, deleted: 0 });
    expect(resource.errors.map((e) => e.message)).toEqual([
      'Ресурс с этим кодом уже записан за площадкой «Площадка один» (SP1): если это другой ресурс, дайте ему свой код; перенести ресурс на другую площадку может только администратор',
    ]);
  }, 30_000);

  it('an event with trainees gets the one message that no one moves it', async () => {
    const result = await importText(uploads, 'events.csv', events.replace('E4;SP3', 'E1;SP3'), NORTH);
    expect(result.errors.map((e) => [e.row, e.message])).toEqual([
      [2, 'Мероприятие проводит площадка «Площадка один» (SP1), и у него уже есть участники: перенести его на другую площадку нельзя — исправьте код площадки или заведите новое мероприятие'],
    ]);
  }, 30_000);

  it('an admin moves them, and the result says what moved where', async () => {
    const moved = await importText(uploads, 'events.csv', events);
    expect(moved).toMatchObject({ status: 'applied', updated: 1, inserted: 1, errorCount: 0 });
    expect(moved.notes).toEqual([
      'Мероприятия перенесены на другую площадку: E4 (SP1 → SP3). Если это другие мероприятия с теми же кодами, откатите загрузку и дайте им свои коды.',
      'Мероприятия перенесены в другое полугодие: E4 (10.09.2022 → 20.02.2023). Показатели обоих полугодий пересчитаны; если дата набрана с ошибкой (особенно год), исправьте её и загрузите файл снова.',
    ]);
    const resource = await importText(uploads, 'resources.csv', resources);
    expect(resource.notes).toEqual(['Ресурсы перенесены на другую площадку вместе с их использованием: R2 (SP1 → SP3). Если это другие ресурсы с теми же кодами, откатите загрузку и дайте им свои коды.']);
    const site = await importText(uploads, 'sites.csv',
      'Код площадки;Название площадки;Код ОО-базы;Направление;Уровень;Статус присвоен;Статус действует до\nSP1;Площадка один;N3;tech;Муниципальный;01.12.2021;01.12.2024\n');
    expect(site).toMatchObject({ status: 'applied', updated: 1 });
    expect(site.notes).toEqual(['Площадки переданы другой организации-базе: SP1 (N1 → N3). С площадкой переходят её мероприятия, участники и ресурсы (и в район новой базы); если код площадки указан по ошибке, откатите загрузку.']);
  }, 30_000);
});

describe('upload records obey the same boundary', () => {
  it('a methodologist sees her own uploads and those of her districts, never another district\'s or an admin\'s', async () => {
    const report = 'Код площадки;Год отчёта;Дата сдачи\n';
    const north = await importText(uploads, 'north.csv', `${report}SP1;2024;10.05.2024\n`, { ...NORTH, userId: 101 });
    const northColleague = await importText(uploads, 'north2.csv', `${report}SP3;2024;11.05.2024\n`, { ...NORTH, userId: 102 });
    const south = await importText(uploads, 'south.csv', `${report}SP2;2024;12.05.2024\n`, { restrict: { datasets: null, districts: ['south'] }, userId: 103 });
    const admin = await importText(uploads, 'admin.csv', `${report}SP2;2025;12.05.2025\n`, { userId: 1 });
    const seen = (await uploads.list(100, { id: 101, districts: ['north'] })).map((u) => u.id);
    expect(seen).toEqual([northColleague.id, north.id]);
    expect(await uploads.get(south.id, { id: 101, districts: ['north'] })).toBeNull();
    expect(await uploads.get(admin.id, { id: 101, districts: ['north'] })).toBeNull();
    expect((await uploads.list(100)).map((u) => u.id)).toEqual([admin.id, south.id, northColleague.id, north.id]);
    // A colleague of her district sees her upload but may not roll it back; the south's does not see it.
    await expect(uploads.rollback(northColleague.id, { id: 101, districts: ['north'], admin: false })).rejects.toThrow(/только свою загрузку/);
    await expect(uploads.rollback(south.id, { id: 101, districts: ['north'], admin: false })).rejects.toThrow(/не найдена/);
    // Her own, under the admin's later upload of the dataset she does not see: she is told why, and who may.
    await expect(uploads.rollback(north.id, { id: 101, districts: ['north'], admin: false })).rejects.toThrow(
      'Откатить можно только последнюю загрузку этого набора данных, а после этой были другие (возможно, администратора или другого района — их нет в вашем списке): откатите более поздние или обратитесь к администратору.');
  }, 30_000);
});

describe('re-uploading a file', () => {
  const file = 'Код площадки;Год отчёта;Дата сдачи\nSP1;2024;10.05.2024\nSP3;2024;14.05.2024\n';

  it('says it was loaded before and leaves the real upload the one to roll back', async () => {
    const first = await importText(uploads, 'reports.csv', file);
    expect(first).toMatchObject({ status: 'applied', inserted: 2, canRollback: true });
    const again = await importText(uploads, 'reports (1).csv', file);
    expect(again).toMatchObject({ status: 'applied', inserted: 0, updated: 0, deleted: 0, unchanged: 2, canRollback: false });
    expect(again.message).toMatch(new RegExp(`^Этот файл уже загружен .+ \\(загрузка № ${first.id}, загрузил\\(а\\) ${first.uploadedBy.replace(/[.()]/g, '\\$&')}\\), ничего не изменилось\\.$`));
    expect((await uploads.get(first.id))!.canRollback).toBe(true);
    await expect(uploads.rollback(again.id)).rejects.toThrow('Эта загрузка ничего не изменила: откатывать нечего.');
    await uploads.rollback(first.id);
    expect(await db.all('SELECT * FROM site_reports WHERE year = 2024')).toEqual([]);
  }, 30_000);

  it('another file with nothing new says so too', async () => {
    await importText(uploads, 'reports.csv', file);
    const same = await importText(uploads, 'одна строка.csv', 'Код площадки;Год отчёта;Дата сдачи\nSP3;2024;14.05.2024\n');
    expect(same).toMatchObject({ status: 'applied', unchanged: 1, canRollback: false, message: 'Все строки файла уже есть в базе с теми же значениями: ничего не изменилось.' });
  }, 30_000);
});

describe('messages say names', () => {
  it('a trainee at another site\'s event: the event\'s site by name and code', async () => {
    const result = await importText(uploads, 'trainees.csv',
      'ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала\nN2-7;N2;SP3;E1;Стажёр;10.02.2022\n');
    expect(result).toMatchObject({ status: 'rejected', dataset: 'participations' });
    expect(result.errors).toEqual([
      { row: 2, column: 'Код мероприятия', value: 'E1', message: 'Мероприятие проводит другая площадка: «Площадка один» (SP1)' },
    ]);
  }, 30_000);

  it('a repeated teacher row: both rows and the masked СНИЛС, never the stored hash', async () => {
    const result = await importText(uploads, 'trainees.csv', [
      'СНИЛС;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала',
      '112-233-445 95;N2;SP1;E1;Стажёр;10.02.2022',
      '112 233 445 95;N2;SP1;E1;Стажёр;10.02.2022',
    ].join('\n'));
    expect(result.errors).toEqual([
      { row: 3, column: 'СНИЛС', value: '*** *** *** 95', message: 'Повтор строки 2: те же значения в столбцах «СНИЛС», «Код площадки», «Код мероприятия», «Роль», «Дата начала» — одна запись не может быть в файле дважды' },
    ]);
  }, 30_000);
});
