import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../server/db/database.js';
import { migrate } from '../server/db/migrate.js';
import { replaceAllData } from '../server/db/tables.js';
import { KpiService } from '../server/domain/kpis.js';
import { loadPassports } from '../server/domain/passports.js';
import { Queries } from '../server/db/queries.js';
import { checkInn, checkKpp, checkOgrn, checkSnils, snilsControl } from '../server/persons/identifiers.js';
import { Pseudonyms } from '../server/persons/pseudonyms.js';
import { adoptPersonKey, openPseudonyms, PersonKeyMismatch, withStoredIds } from '../server/persons/stored-ids.js';
import { parsePeriod } from '../server/domain/periods.js';
import { smallRegion } from './fixtures/small-region.js';
import { databaseWith, storedId, TEST_PSEUDONYMS } from './helpers/db.js';
import { importText, uploadServiceFor } from './helpers/uploads.js';

const dir = mkdtempSync(join(tmpdir(), 'ploshchadki-persons-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 112-233-445 95 is the Pension Fund's own example of a valid number.
const SNILS = '112-233-445 95';

/** A database file's bytes (and its write-ahead log's) once everything is written. */
async function fileBytes(db: Database, path: string): Promise<Buffer> {
  await db.run('CHECKPOINT');
  db.close();
  return Buffer.concat([readFileSync(path), existsSync(`${path}.wal`) ? readFileSync(`${path}.wal`) : Buffer.alloc(0)]);
}

describe('СНИЛС, ИНН, КПП, ОГРН', () => {
  it('checks the СНИЛС control number, written any usual way', () => {
    expect(snilsControl('112233445')).toBe(95);
    for (const text of [SNILS, '11223344595', '112 233 445 95', '112-233-44595']) {
      expect(checkSnils(text)).toEqual({ ok: true, digits: '11223344595' });
    }
    expect(checkSnils('112-233-445 96')).toEqual({ ok: false, message: 'СНИЛС набран с ошибкой: не сходится контрольное число — проверьте цифры' });
    expect(checkSnils('112-233-445 9')).toMatchObject({ ok: false, message: expect.stringMatching(/11 цифр/) });
    // Sums of 100 and 101 give 00; numbers up to 001-001-998 have no control number.
    expect(snilsControl('920000003')).toBe(0); // 9·9 + 2·8 + 3·1 = 100
    expect(snilsControl('920000004')).toBe(0); // 101
    expect(snilsControl('920000005')).toBe(1); // 102 mod 101
    expect(checkSnils('001-001-998 77')).toEqual({ ok: true, digits: '00100199877' });
  });

  it('checks ИНН of 10 and 12 digits, keeping leading zeros', () => {
    expect(checkInn('7707083893')).toEqual({ ok: true, digits: '7707083893' });
    expect(checkInn('7707083894')).toMatchObject({ ok: false });
    expect(checkInn('500100732259')).toEqual({ ok: true, digits: '500100732259' });
    expect(checkInn('500100732258')).toMatchObject({ ok: false });
    expect(checkInn('0274062111')).toEqual({ ok: true, digits: '0274062111' });
    expect(checkInn('274062111')).toMatchObject({ ok: false, message: expect.stringMatching(/10 цифр/) });
    expect(checkKpp('773601001')).toEqual({ ok: true, digits: '773601001' });
    expect(checkKpp('77360100')).toMatchObject({ ok: false });
    expect(checkOgrn('1027700132195')).toEqual({ ok: true, digits: '1027700132195' });
    expect(checkOgrn('1027700132196')).toMatchObject({ ok: false });
  });
});

describe('pseudonymous teachers', () => {
  it('makes the key file at first start, owner-only, and reads the same key after', async () => {
    const path = join(dir, 'keys', 'first.key');
    const first = await Pseudonyms.open(path);
    expect(first.created).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = await Pseudonyms.open(path);
    expect(again.created).toBe(false);
    expect(again.pseudonyms.fingerprint).toBe(first.pseudonyms.fingerprint);
    expect(again.pseudonyms.of('snils:11223344595')).toBe(first.pseudonyms.of('snils:11223344595'));
    expect(first.pseudonyms.of('snils:11223344595')).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(first.pseudonyms.of('snils:11223344595')).not.toBe(TEST_PSEUDONYMS.of('snils:11223344595'));
  });

  it('DuckDB computes the very same keyed hash as Node (the upload hashes its teachers in bulk)', async () => {
    const db = await Database.open(':memory:');
    try {
      const identities = ['snils:11223344595', 'source:T0-1', 'source:Иванова-007', 'source:a b;"c"', `source:${'x'.repeat(300)}`];
      await db.run('CREATE TABLE ids (identity VARCHAR)');
      await db.append('ids', [{ name: 'identity', type: 'varchar' }], identities.map((identity) => ({ identity })));
      // The key of the tests, and one longer than SHA-256's block, which HMAC hashes first.
      for (const pseudonyms of [TEST_PSEUDONYMS, new Pseudonyms(Buffer.alloc(100, 7))]) {
        const { sql, params } = pseudonyms.sqlOf('identity');
        const rows = await db.all<{ identity: string; id: string }>(`SELECT identity, ${sql} AS id FROM ids`, params);
        expect(rows.map((r) => r.id)).toEqual(identities.map((i) => pseudonyms.of(i as `source:${string}`)));
      }
    } finally {
      db.close();
    }
  });

  it('the same person through two datasets, the СНИЛС written two ways, is one teacher', async () => {
    const db = await databaseWith(smallRegion());
    let dataVersion = 0;
    const uploads = await uploadServiceFor(db, async () => void (dataVersion += 1));
    const kpis = new KpiService(await Queries.load(db), await loadPassports(), () => dataVersion);
    const scope = { period: parsePeriod('2023-H1')!, district: null, orgType: null, direction: null };
    const numerators = async () => ({
      reach_share: (await kpis.measure('reach_share', scope)).numerator,
      users_share: (await kpis.measure('users_share', scope)).numerator,
    });
    const before = await numerators();

    const trainee = await importText(uploads, 'стажёры.csv', [
      'СНИЛС;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала;Прошёл стажировку',
      `${SNILS};N1;SP2;;стажёр;01.03.2023;да`,
      '112 233 445 95;N1;SP1;;стажёр;02.03.2023;да',
    ].join('\n'));
    expect(trainee).toMatchObject({ status: 'applied', dataset: 'participations', inserted: 2 });
    const user = await importText(uploads, 'использование.csv', [
      'Код ресурса;СНИЛС педагога;Код ОО педагога;Дата использования', 'R3;11223344595;N1;10.03.2023',
    ].join('\n'));
    expect(user).toMatchObject({ status: 'applied', dataset: 'resource_uses', inserted: 1 });

    expect(await db.all(`SELECT DISTINCT teacher_id FROM (
      SELECT teacher_id FROM participations WHERE upload_id = $a UNION ALL SELECT teacher_id FROM resource_uses WHERE upload_id = $b)`,
    { a: trainee.id, b: user.id })).toEqual([{ teacher_id: storedId(SNILS) }]);
    // Two internships and a resource use: one more teacher reached, one more user.
    expect(await numerators()).toEqual({ reach_share: before.reach_share! + 1, users_share: before.users_share! + 1 });
    db.close();
  });

  /** A trainee of N1 in SP2's programme, by a source id, on a day of March 2023; and the refusal of an id written otherwise than before. */
  const header = 'ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала\n';
  const row = (id: string, day: string) => `${id};N1;SP2;;стажёр;${day}.03.2023\n`;
  const refused = (value: string) => [{
    row: 2, column: 'ID педагога', value,
    message: 'Этот ID в прежних загрузках записан иначе — в другом регистре, похожими русскими/латинскими буквами или с нулями в начале (Excel убирает их у чисел): это один педагог? Напишите ID так же, как раньше',
  }];

  it('a source id written in a later file in another case or alphabet is refused, not counted as a second teacher; a rollback forgets the spelling', async () => {
    const db = await databaseWith(smallRegion());
    const uploads = await uploadServiceFor(db);
    const uses = (id: string) => `Код ресурса;ID педагога;Код ОО педагога;Дата использования\nR3;${id};N1;10.03.2023\n`;

    // Stored plainly («T-0015»): lower case and a Cyrillic «Т» are refused, in any dataset; the plain spelling is the same teacher.
    expect(await importText(uploads, 'a.csv', header + row('T-0015', '01'))).toMatchObject({ status: 'applied', inserted: 1 });
    expect((await importText(uploads, 'b.csv', header + row('t-0015', '02'))).errors).toEqual(refused('t-**15'));
    // A Cyrillic «Т» looks as the stored Latin one: it is named.
    expect((await importText(uploads, 'c.csv', uses('Т-0015'))).errors).toEqual([{ ...refused('Т-**15')[0],
      message: 'Этот ID в прежних загрузках записан иначе (в файле буква «Т» русская, в прежних загрузках — латинская «T»): это один педагог? Напишите ID так же, как раньше' }]);
    expect(await importText(uploads, 'd.csv', uses('T-0015'))).toMatchObject({ status: 'applied', inserted: 1 });

    // Stored otherwise («ab-12cd»): the plain spelling and a third one are refused, the same spelling is her.
    const first = await importText(uploads, 'e.csv', header + row('ab-12cd', '03'));
    expect(first).toMatchObject({ status: 'applied', inserted: 1 });
    expect((await importText(uploads, 'f.csv', header + row('AB-12CD', '04'))).errors).toEqual(refused('AB-**CD'));
    expect((await importText(uploads, 'g.csv', header + row('Ab-12cd', '04'))).errors).toEqual(refused('Ab-**cd'));
    expect(await importText(uploads, 'h.csv', header + row('ab-12cd', '05'))).toMatchObject({ status: 'applied', inserted: 1 });
    expect(await db.all('SELECT DISTINCT teacher_id FROM participations WHERE upload_id IN ($a, $b)', { a: first.id, b: first.id + 3 }))
      .toEqual([{ teacher_id: storedId('ab-12cd') }]);

    // Rolled back, her rows go and so does what her spelling was: the plain one is then a teacher of its own.
    await uploads.rollback(first.id + 3);
    await uploads.rollback(first.id);
    expect(await db.all('SELECT * FROM person_spellings')).toEqual([]);
    expect(await importText(uploads, 'i.csv', header + row('AB-12CD', '06'))).toMatchObject({ status: 'applied', inserted: 1 });
    // Stored in Cyrillic («Т-0016», a hash): the Latin «T-0016» tried in Cyrillic is that hash, so the letter is named.
    expect(await importText(uploads, 'j.csv', header + row('Т-0016', '07'))).toMatchObject({ status: 'applied', inserted: 1 });
    expect((await importText(uploads, 'k.csv', header + row('T-0016', '08'))).errors).toEqual([{ ...refused('T-**16')[0],
      message: 'Этот ID в прежних загрузках записан иначе (в файле буква «T» латинская, в прежних загрузках — русская «Т»): это один педагог? Напишите ID так же, как раньше' }]);
    db.close();
  });

  it('an id of digits Excel saved without its leading zeros (or the other way round) is refused in a later file; in one file, hyphens and zeros too', async () => {
    const db = await databaseWith(smallRegion());
    const uploads = await uploadServiceFor(db);
    // «00777», then the 777 of the same file re-saved in Excel; «888», then «0888».
    expect(await importText(uploads, 'a.csv', header + row('00777', '01') + row('888', '01'))).toMatchObject({ status: 'applied', inserted: 2 });
    expect((await importText(uploads, 'b.csv', header + row('777', '02'))).errors).toEqual(refused('*77'));
    expect((await importText(uploads, 'c.csv', header + row('0888', '02'))).errors).toEqual(refused('**88'));
    expect(await importText(uploads, 'd.csv', header + row('00777', '03') + row('888', '03'))).toMatchObject({ status: 'applied', inserted: 2 });
    // In one file, ids one to the eye: hyphens, leading zeros.
    const twins = await importText(uploads, 'e.csv', header + row('PED0001', '04') + row('PED-0001', '05') + row('00999', '04') + row('999', '05'), { mode: 'valid_only' });
    expect(twins.errors.map((e) => [e.row, e.message])).toEqual([
      [2, 'ID «PED**01» (строка 2) и «PED-**01» (строка 3) отличаются только регистром, похожими русскими/латинскими буквами, дефисами или нулями в начале: это один педагог? Напишите ID одинаково'],
      [3, 'ID «PED**01» (строка 2) и «PED-**01» (строка 3) отличаются только регистром, похожими русскими/латинскими буквами, дефисами или нулями в начале: это один педагог? Напишите ID одинаково'],
      [4, 'ID «***99» (строка 4) и «*99» (строка 5) отличаются только регистром, похожими русскими/латинскими буквами, дефисами или нулями в начале: это один педагог? Напишите ID одинаково'],
      [5, 'ID «***99» (строка 4) и «*99» (строка 5) отличаются только регистром, похожими русскими/латинскими буквами, дефисами или нулями в начале: это один педагог? Напишите ID одинаково'],
    ]);
    expect(twins).toMatchObject({ status: 'rejected', rowsRejected: 4 });
    // A hyphen between numbers parts them: school 1's teacher 11 and school 11's teacher 1 are two.
    expect(await importText(uploads, 'f.csv', header + row('T1-11', '06') + row('T11-1', '06'))).toMatchObject({ status: 'applied', inserted: 2, errorCount: 0 });
    db.close();
  });

  it('refuses a wrong СНИЛС with the row, and keeps no whole СНИЛС even in the errors', async () => {
    const db = await databaseWith(smallRegion());
    const result = await importText(await uploadServiceFor(db), 'стажёры.csv', [
      'ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала',
      '112-233-445 96;N1;SP2;;стажёр;01.03.2023',
      'T-1;N1;SP2;;стажёр;01.03.2023',
    ].join('\n'), { mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'applied', inserted: 1, rowsRejected: 1 });
    expect(result.errors).toEqual([{
      row: 2, column: 'ID педагога', value: '***-***-*** 96', message: 'СНИЛС набран с ошибкой: не сходится контрольное число — проверьте цифры',
    }]);
    db.close();
  });

  it('raw СНИЛС and source ids never reach the database file', async () => {
    const path = join(dir, 'grep.duckdb');
    const db = await Database.open(path);
    await migrate(db);
    await adoptPersonKey(db, TEST_PSEUDONYMS);
    await replaceAllData(db, withStoredIds(smallRegion(), TEST_PSEUDONYMS));
    const uploads = await uploadServiceFor(db);
    const result = await importText(uploads, 'стажёры.csv', [
      'ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала',
      `${SNILS};N1;SP2;;стажёр;01.03.2023`,
      '987-654-321 00;N1;SP2;;стажёр;01.03.2023',
      'ИСТОЧНИК-777;N1;SP2;;стажёр;01.03.2023',
    ].join('\n'), { mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'applied', inserted: 2, rowsRejected: 1 });
    const bytes = await fileBytes(db, path);
    // The search itself is sound: stored ids are found in the file as they are.
    expect(bytes.includes(storedId(SNILS))).toBe(true);
    for (const raw of [SNILS, '11223344595', '112-233-445', '987-654-321', '98765432100', 'ИСТОЧНИК-777', 'N2-1']) {
      expect(bytes.includes(Buffer.from(raw)), raw).toBe(false);
    }

    // …and would find raw ids: a database loaded without hashing holds them visibly.
    const rawPath = join(dir, 'raw.duckdb');
    const rawDb = await Database.open(rawPath);
    await migrate(rawDb);
    await replaceAllData(rawDb, smallRegion());
    expect((await fileBytes(rawDb, rawPath)).includes(Buffer.from('N2-1'))).toBe(true);
  });

  it('hashes the raw ids of an older database once, before-images included, and refuses another key', async () => {
    const db = await Database.open(':memory:');
    await migrate(db);
    await replaceAllData(db, smallRegion());
    await db.run(`INSERT INTO upload_before_participations SELECT 9, 'update', * FROM participations LIMIT 1`);
    const raw = (await db.all<{ id: string }>('SELECT DISTINCT teacher_id AS id FROM resource_uses ORDER BY 1')).map((r) => r.id);
    expect(await adoptPersonKey(db, TEST_PSEUDONYMS)).toBeGreaterThan(raw.length);
    expect((await db.all<{ id: string }>('SELECT DISTINCT teacher_id AS id FROM resource_uses ORDER BY 1')).map((r) => r.id).sort())
      .toEqual(raw.map(storedId).sort());
    const before = await db.one<{ teacher_id: string }>('SELECT teacher_id FROM upload_before_participations');
    expect(smallRegion().participations.map((p) => storedId(p.teacher_id!))).toContain(before!.teacher_id);
    expect(await adoptPersonKey(db, TEST_PSEUDONYMS)).toBe(0);
    await expect(adoptPersonKey(db, new Pseudonyms(Buffer.alloc(32, 8)))).rejects.toBeInstanceOf(PersonKeyMismatch);

    // A lost key file: the new one made at start does not fit, is refused and not left behind.
    const lost = join(dir, 'lost.key');
    await expect(openPseudonyms(db, lost)).rejects.toThrow(/не найден/);
    expect(existsSync(lost)).toBe(false);
    db.close();
  });
});
