import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../server/db/database.js';
import type { UploadService } from '../server/ingest/uploads.js';
import { smallRegion } from './fixtures/small-region.js';
import { databaseWith } from './helpers/db.js';
import { importText, uploadServiceFor } from './helpers/uploads.js';

let db: Database;
let uploads: UploadService;
beforeEach(async () => {
  db = await databaseWith(smallRegion());
  uploads = await uploadServiceFor(db);
});
afterEach(() => db.close());

const HEADER = 'Код ОО;Полное наименование;Тип ОО;Район;ИНН;КПП;ОГРН;Адрес;Руководитель;Электронная почта;Сайт;Филиал;Учебный год;Численность педагогов (ОО-1)';

describe('organizations in the registry layout', () => {
  it('keeps ИНН as text with its leading zero, a branch by its КПП, contacts tidied', async () => {
    const result = await importText(uploads, 'реестр.csv', [
      HEADER,
      'Z1;МБОУ «Школа № 1»;школа;south;0123456788;012301001;1020100001239;с. Южное, ул. Мира, д. 5;Петрова Анна Ивановна;Z1@Edu.Example;z1.edu.example;нет;2022/23;25',
      'Z1-F;Филиал МБОУ «Школа № 1» в д. Лесной;школа;south;0123456788;012302001;;д. Лесная, д. 2;;;;да;2022/23;6',
    ].join('\n'));
    expect(result).toMatchObject({ status: 'applied', errorCount: 0 });
    expect(await db.all("SELECT code, inn, kpp, ogrn, address, head, email, website, is_branch FROM organizations WHERE code LIKE 'Z1%' ORDER BY code")).toEqual([
      {
        code: 'Z1', inn: '0123456788', kpp: '012301001', ogrn: '1020100001239', address: 'с. Южное, ул. Мира, д. 5',
        head: 'Петрова Анна Ивановна', email: 'z1@edu.example', website: 'https://z1.edu.example/', is_branch: false,
      },
      { code: 'Z1-F', inn: '0123456788', kpp: '012302001', ogrn: null, address: 'д. Лесная, д. 2', head: null, email: null, website: null, is_branch: true },
    ]);
    expect(await db.all("SELECT organization_code, teachers FROM organization_headcounts WHERE organization_code LIKE 'Z1%' ORDER BY 1"))
      .toEqual([{ organization_code: 'Z1', teachers: 25 }, { organization_code: 'Z1-F', teachers: 6 }]);
  });

  it('a file without the registry columns keeps what is stored', async () => {
    const stored = await db.all("SELECT inn, address, email FROM organizations WHERE code = 'N1'");
    const result = await importText(uploads, 'оо.csv', ['Код ОО;Полное наименование;Тип ОО;Район', 'N1;Организация N1, новое имя;школа;north'].join('\n'));
    expect(result).toMatchObject({ status: 'applied', updated: 1 });
    expect(await db.all("SELECT inn, address, email FROM organizations WHERE code = 'N1'")).toEqual(stored);
  });

  it('says in Russian what is wrong with ИНН, КПП, ОГРН, e-mail and site', async () => {
    const result = await importText(uploads, 'реестр.csv', [
      HEADER,
      'Z2;Школа 2;школа;south;0123456789;;;;;;;нет;;',
      'Z3;Школа 3;школа;south;123456788;;;;;;;нет;;',
      'Z4;Школа 4;школа;south;6902000024;;;;;;;да;;',
      'Z5;Школа 5;школа;south;;012301001;1020100001238;;;нет-почты;ftp://z5.example;нет;;',
      'Z6;Школа 6;школа;south;6901000014;690101001;;;;;;нет;;',
    ].join('\n'), { mode: 'valid_only' });
    expect(result.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [2, 'ИНН', 'ИНН набран с ошибкой: не сходятся контрольные цифры — проверьте цифры'],
      [3, 'ИНН', 'ИНН без ведущего нуля: похоже, Excel хранил его числом — сделайте столбец текстовым и введите ИНН полностью'],
      [4, 'КПП', 'У филиала свой КПП: укажите его'],
      [5, 'ОГРН', 'ОГРН набран с ошибкой: не сходится контрольная цифра — проверьте цифры'],
      [5, 'Электронная почта', 'Ожидается адрес электронной почты: name@school.ru'],
      [5, 'Сайт', 'Ожидается адрес сайта: https://school.ru'],
      // N1 has this ИНН and КПП already.
      [6, 'ИНН', 'Такие ИНН и КПП уже у организации N1: у филиала укажите его КПП'],
    ]);
    expect(result.rowsRejected).toBe(5);
  });

  it('one school twice in a file under two codes (the same ИНН and КПП): every row refused naming the other, nothing doubled; a branch is no twin', async () => {
    const name = 'МБОУ «Школа № 5001»';
    const result = await importText(uploads, 'реестр.csv', [
      HEADER,
      `KR-5001;${name};школа;south;0123456788;012301001;;;;;;нет;2024/25;40`,
      `KR-5002;${name};школа;south;0123456788;012301001;;;;;;нет;2024/25;40`,
      `KR-5001;${name};школа;south;0123456788;012301001;;;;;;нет;2025/26;41`,
      // The branch: the school's ИНН, its own КПП.
      `KR-5001-F;Филиал ${name};школа;south;0123456788;012302001;;;;;;да;2024/25;6`,
      // Another school without a КПП twice under one code: one school's years, no twin.
      'KR-6001;Школа 6001;школа;south;6902000024;;;;;;;нет;2024/25;12',
      'KR-6001;Школа 6001;школа;south;6902000024;;;;;;;нет;2025/26;13',
    ].join('\n'), { mode: 'valid_only' });
    const twin = (other: string) => `Такие же ИНН и КПП у организации ${other} в этом файле: у одной организации один код; у филиала укажите его КПП`;
    expect(result.errors.map((e) => [e.row, e.column, e.value, e.message])).toEqual([
      [2, 'ИНН', '0123456788', twin('KR-5002 (строка 3)')],
      [3, 'ИНН', '0123456788', twin('KR-5001 (строка 2), KR-5001 (строка 4)')],
      [4, 'ИНН', '0123456788', twin('KR-5002 (строка 3)')],
    ]);
    expect(result).toMatchObject({ status: 'applied', rowsTotal: 6, rowsRejected: 3 });
    expect(await db.all("SELECT organization_code, school_year, teachers FROM organization_headcounts WHERE organization_code LIKE 'KR-%' ORDER BY ALL")).toEqual([
      { organization_code: 'KR-5001-F', school_year: 2024, teachers: 6 },
      { organization_code: 'KR-6001', school_year: 2024, teachers: 12 }, { organization_code: 'KR-6001', school_year: 2025, teachers: 13 },
    ]);
    // Without a КПП, the message speaks of the ИНН alone.
    const bare = await importText(uploads, 'реестр.csv', [
      HEADER, 'KR-7001;Школа 7001;школа;south;6902000031;;;;;;;нет;2024/25;12', 'KR-7002;Школа 7001;школа;south;6902000031;;;;;;;нет;2024/25;12',
    ].join('\n'), { mode: 'valid_only' });
    expect(bare.errors.map((e) => e.message)).toEqual([
      'Такой же ИНН (без КПП) у организации KR-7002 (строка 3) в этом файле: у одной организации один код; у филиала укажите его КПП',
      'Такой же ИНН (без КПП) у организации KR-7001 (строка 2) в этом файле: у одной организации один код; у филиала укажите его КПП',
    ]);
  });
});
