/**
 * Rows every cell of which is valid, yet whose figure cannot be right beside what is stored: a
 * report's year one too small over an on-time report, a headcount of 0 or ten times the year
 * before, an event's actual count below its trainees who attended. Files as a district office
 * sends them (Windows-1251, `;`, Russian headers), through the API, on a real DuckDB.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KpisResponse, UploadDetail } from '../web/src/lib/shared/api.js';
import { smallRegion } from './fixtures/small-region.js';
import { singleByte } from './helpers/encodings.js';
import { appWith, type TestApp, waitForUpload } from './helpers/server.js';

let t: TestApp;
beforeEach(async () => {
  t = await appWith(smallRegion());
});
afterEach(() => t.close());

/** Uploads lines as a Windows-1251 CSV and waits for the result. */
async function upload(fileName: string, lines: string[], dataset: string): Promise<UploadDetail> {
  const response = await t.inject({
    method: 'POST', url: `/api/uploads?${new URLSearchParams({ fileName, dataset })}`,
    payload: Buffer.from(singleByte(`${lines.join('\r\n')}\r\n`, 'windows-1251')), headers: { 'content-type': 'text/csv' },
  });
  expect(response.statusCode, response.body).toBe(202);
  return waitForUpload(t, (response.json() as { id: number }).id);
}

const card = async (code: string, period: string) =>
  ((await t.inject({ url: `/api/kpis?period=${period}` })).json() as KpisResponse).cards.find((c) => c.code === code)!;

describe('a site report handed in after its school year ended', () => {
  const header = 'Код площадки;Год отчёта;Дата сдачи';

  it('is refused where it would replace a stored date, naming both readings of the year; the on-time share stays', async () => {
    // SP1's report of 2021/22 (year 2022) is stored as handed in on 10.05.2022, on time.
    expect(await card('report_timeliness', '2022-H1')).toMatchObject({ value: 100, numerator: 1, denominator: 1 });
    const result = await upload('отчёты.csv', [header, 'SP1;2022;12.05.2023'], 'site_reports');
    expect(result).toMatchObject({ status: 'rejected', errorCount: 1, inserted: 0, updated: 0, notes: [] });
    expect(result.errors).toEqual([{
      row: 2, column: 'Дата сдачи', value: '12.05.2023',
      message: 'Отчёт за 2021/22 уч. г. сдан 12.05.2023 — в следующем учебном году, через 362 дня после срока 15.05.2022, '
        + 'а в базе он записан сданным в срок, 10.05.2022: эту дату такая строка не заменит. Если это отчёт за 2022/23 уч. г., укажите год 2023; если же неверна записанная дата, откатите загрузку, которой она пришла, и загрузите отчёт с верной',
    }]);
    expect(await t.db.all("SELECT year, submitted_on FROM site_reports WHERE site_code = 'SP1' ORDER BY year"))
      .toEqual([{ year: 2022, submitted_on: '2022-05-10' }, { year: 2023, submitted_on: '2023-05-20' }]);
    expect(await card('report_timeliness', '2022-H1')).toMatchObject({ value: 100, numerator: 1, denominator: 1 });
    // Written as meant, it is the next year's report (stored late: 20.05.2023), now on time.
    expect(await upload('отчёты.csv', [header, 'SP1;2023;12.05.2023'], 'site_reports')).toMatchObject({ status: 'applied', updated: 1, notes: [] });
    expect(await card('report_timeliness', '2023-H1')).toMatchObject({ numerator: 1, denominator: 2 });
  });

  it('is written and noted where no date is stored: a late report is a fact, and the note names the year the day stands for', async () => {
    // SP2 owes the report of 2022/23 (year 2023) and has none stored; SP1's of 2023 is resent as stored.
    const result = await upload('отчёты.csv', [header, 'SP1;2023;20.05.2023', 'SP2;2023;01.10.2023'], 'site_reports');
    expect(result).toMatchObject({ status: 'applied', errorCount: 0, inserted: 1, updated: 0, unchanged: 1 });
    expect(result.notes).toEqual([
      'Отчёты сданы уже после окончания своего учебного года: '
        + 'строка 3 — «Площадка два» (отчёт за 2022/23 уч. г. сдан 01.10.2023 — в следующем учебном году, через 139 дней после срока 15.05.2023; '
        + 'если это отчёт за 2023/24 уч. г., укажите год 2024). '
        + 'Они записаны как сданные с опозданием; если год отчёта указан неверно, откатите загрузку, исправьте год и загрузите файл снова.',
    ]);
    expect(result.errors).toEqual([]);
    expect(await t.db.all("SELECT site_code, year, submitted_on FROM site_reports WHERE site_code = 'SP2'"))
      .toEqual([{ site_code: 'SP2', year: 2023, submitted_on: '2023-10-01' }]);
  });

  it('two school years after its own, over a stored date, names the school year it was handed in', async () => {
    const result = await upload('отчёты.csv', [header, 'SP3;2021;01.09.2022'], 'site_reports');
    expect(result.errors.map((e) => e.message)).toEqual([
      'Отчёт за 2020/21 уч. г. сдан 01.09.2022 — в 2022/23 уч. г., через 474 дня после срока 15.05.2021, '
        + 'а в базе он записан сданным в срок, 15.05.2021: эту дату такая строка не заменит. Если это отчёт за 2022/23 уч. г., укажите год 2023; если же неверна записанная дата, откатите загрузку, которой она пришла, и загрузите отчёт с верной',
    ]);
  });

  it('within its school year, after the deadline, is a late report like any other', async () => {
    const result = await upload('отчёты.csv', [header, 'SP2;2023;31.08.2023'], 'site_reports');
    expect(result).toMatchObject({ status: 'applied', inserted: 1, notes: [], errors: [] });
  });
});

describe('an organization\'s headcount', () => {
  const header = 'Код ОО;Полное наименование;Тип ОО;Район;Учебный год;Численность педагогов';

  it('of 0 is refused, saying to leave the cell empty; an empty cell keeps the stored headcount', async () => {
    // N1: 50 teachers in 2022/23, the north's 100 and the region's 150 of reach_share's denominator.
    expect(await card('reach_share', '2023-H1')).toMatchObject({ denominator: 150 });
    const zero = await upload('оо.csv', [header, 'N1;Организация N1;Школа;Северный район;2022/23;0'], 'organizations');
    expect(zero).toMatchObject({ status: 'rejected', errorCount: 1, inserted: 0, updated: 0 });
    expect(zero.errors).toEqual([{
      row: 2, column: 'Численность педагогов', value: '0',
      message: 'Численность педагогов не может быть 0: в образовательной организации всегда есть педагоги (0 обычно даёт формула по незаполненному листу). '
        + 'Если численность неизвестна, оставьте ячейку пустой — уже записанная численность за этот учебный год тогда не изменится',
    }]);
    const empty = await upload('оо.csv', [header, 'N1;Организация N1;Школа;Северный район;2022/23;'], 'organizations');
    expect(empty).toMatchObject({ status: 'applied', errorCount: 0, inserted: 0, updated: 0, unchanged: 1, notes: [] });
    expect(await t.db.all("SELECT school_year, teachers FROM organization_headcounts WHERE organization_code = 'N1' ORDER BY 1"))
      .toEqual([{ school_year: 2021, teachers: 40 }, { school_year: 2022, teachers: 50 }]);
    expect(await card('reach_share', '2023-H1')).toMatchObject({ denominator: 150 });
  });

  it('five times and more or less than the neighbouring school year\'s is written and noted by row, name and both numbers', async () => {
    const result = await upload('оо.csv', [
      header,
      'N1;Организация N1;Школа;Северный район;2023/24;1 052', // 50 the year before: a digit too many
      'N3;Организация N3;Гимназия;Северный район;2023/24;4', // 40 the year before
      'S2;Организация S2;Лицей;Южный район;2023/24;60', // 30 the year before: twice, no note
      'S1;Организация S1;Школа;Южный район;2023/24;20',
      'S1;Организация S1;Школа;Южный район;2024/25;200', // the file's own year before: 20
      'N2;Организация N2;Детский сад;Северный район;2020/21;100', // no year before; 10 the year after
    ], 'organizations');
    expect(result).toMatchObject({ status: 'applied', errorCount: 0, inserted: 6 });
    expect(result.notes).toEqual([
      'Численность педагогов отличается от соседнего учебного года в 5 раз и больше: '
        + 'строка 2 — «Организация N1» (1\u00a0052 в 2023/24 уч. г., 50 в 2022/23 уч. г.), '
        + 'строка 3 — «Организация N3» (4 в 2023/24 уч. г., 40 в 2022/23 уч. г.), '
        + 'строка 6 — «Организация S1» (200 в 2024/25 уч. г., 20 в 2023/24 уч. г.), '
        + 'строка 7 — «Организация N2» (100 в 2020/21 уч. г., 10 в 2021/22 уч. г.). '
        + 'Численность записана; если число набрано с ошибкой (лишняя или пропущенная цифра, число другой организации или итог по району), исправьте его и загрузите файл снова.',
    ]);
    expect(await t.db.one("SELECT teachers FROM organization_headcounts WHERE organization_code = 'N1' AND school_year = 2023")).toEqual({ teachers: 1052 });
  });
});

describe('an event\'s actual count', () => {
  const header = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану;Участников фактически';

  it('below its trainees marked as attended, or its questionnaires, is written and noted by row with both numbers', async () => {
    // E1: trainees N2-1 and S2-1 attended (N1-3, its tutor, is no trainee), questionnaires 1 and 2.
    // E2: N3-1 attended (S1-3 did not), one questionnaire. E3's empty count keeps its stored 1.
    const result = await upload('мероприятия.csv', [
      header,
      'E1;SP1;Семинар;10.02.2022;Семинар;Очно;20;1',
      'E2;SP1;Вебинар;15.03.2022;Вебинар;Дистанционно;30;0',
      'E3;SP2;Мастер-класс;20.01.2023;Мастер-класс;Очно;10;',
    ], 'events');
    expect(result).toMatchObject({ status: 'applied', errorCount: 0, updated: 2, unchanged: 1 });
    expect(result.notes).toEqual([
      'Строка 4: ячейки без значения («Участников фактически»: пустые или «—», «н/д») не стёрли то, что записано в базе, — ячейка без значения сохранённое значение не меняет. Чтобы изменить его, напишите новое значение.',
      // E1 and E2 are two of SP1's three stored events: the file reads as that list again, without E4.
      'Файл повторяет мероприятия прежней загрузки, но не все: в базе остались мероприятия тех же площадок из неё, которых в файле нет: E4. Загрузка их не удаляет — проверьте, не пропущены ли они в файле; лишнее мероприятие удаляет его строка с «да» в столбце «Удалить».',
      'Участников фактически меньше, чем стажёров мероприятия с отметкой «прошёл стажировку»: '
        + 'строка 2 — E1 (участников 1, прошли стажировку 2), строка 3 — E2 (участников 0, прошли стажировку 1). '
        + 'Мероприятия записаны; проверьте число участников, а если оно верно — отметки «Прошёл стажировку» в наборе «Участие педагогов».',
      'Участников фактически меньше, чем анкет мероприятия: строка 2 — E1 (участников 1, анкет 2), строка 3 — E2 (участников 0, анкет 1). '
        + 'Мероприятия записаны; проверьте число участников, а если оно верно — нет ли лишних анкет (другого мероприятия, повторов) в наборе «Отзывы участников».',
    ]);
    expect(await t.db.all("SELECT code, actual_participants FROM events WHERE code IN ('E1', 'E2', 'E3') ORDER BY code"))
      .toEqual([{ code: 'E1', actual_participants: 1 }, { code: 'E2', actual_participants: 0 }, { code: 'E3', actual_participants: 1 }]);
    // A list sent again with the count as stored changes no count: it is noted once, when set.
    expect(await upload('мероприятия-2.csv', [header, 'E1;SP1;Семинар-практикум;10.02.2022;Семинар;Очно;20;1'], 'events'))
      .toMatchObject({ status: 'applied', updated: 1, notes: [] });
  });

  it('as many as its attended trainees and questionnaires, or more, says nothing', async () => {
    expect(await upload('мероприятия.csv', [header, 'E1;SP1;Семинар;10.02.2022;Семинар;Очно;20;3'], 'events'))
      .toMatchObject({ status: 'applied', updated: 1, notes: [] });
    expect(await upload('мероприятия-2.csv', [header, 'E1;SP1;Семинар;10.02.2022;Семинар;Очно;20;2'], 'events'))
      .toMatchObject({ status: 'applied', updated: 1, notes: [] });
  });
});
