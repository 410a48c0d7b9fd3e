import { writeFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { Session, type Database } from '../server/db/database.js';
import type { UploadService } from '../server/ingest/uploads.js';
import { localDay } from '../server/local-day.js';
import { addDays, formatDate } from '../web/src/lib/shared/format.js';
import { storedId } from './helpers/db.js';
import { singleByte } from './helpers/encodings.js';
import { importFixture, importText, importScratchFile, freshRegionEachTest, submitFixture } from './helpers/uploads.js';

let db: Database;
let uploads: UploadService;
freshRegionEachTest((fresh, service) => {
  db = fresh;
  uploads = service;
});

const count = async (table: string) => (await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n;

describe('files people really send', () => {
  it('Windows-1251, `;`, CRLF, doubled quotes, district by name, one row per school year', async () => {
    const result = await importFixture(uploads, 'organizations-cp1251.csv');
    expect(result).toMatchObject({ status: 'applied', dataset: 'organizations', rowsTotal: 2, errorCount: 0 });
    expect(await db.all("SELECT * FROM organizations WHERE code = 'S3'")).toEqual([
      { code: 'S3', name: 'МБДОУ "Детский сад № 5 «Ромашка»"', short_name: 'Д/с № 5', org_type: 'kindergarten', district_code: 'south', upload_id: result.id,
        inn: null, kpp: null, ogrn: null, address: null, head: null, email: null, website: null, is_branch: false, closed_on: null },
    ]);
    expect(await db.all("SELECT school_year, teachers FROM organization_headcounts WHERE organization_code = 'S3' ORDER BY 1"))
      .toEqual([{ school_year: 2021, teachers: 11 }, { school_year: 2022, teachers: 12 }]);
    // 1 organization (stored once) + 2 headcounts.
    expect(result).toMatchObject({ inserted: 3, updated: 0 });
  });

  it('UTF-8 with BOM, a line break inside quotes, nbsp thousands, ISO dates, label case, formulas kept as text', async () => {
    const result = await importFixture(uploads, 'events-bom.csv');
    expect(result).toMatchObject({ status: 'applied', dataset: 'events', rowsTotal: 2, inserted: 2 });
    expect(await db.all("SELECT code, title, held_on, format, mode, planned_participants, actual_participants FROM events WHERE code IN ('E5', 'E6') ORDER BY code")).toEqual([
      // The title's line break is read inside its quotes, and a title is stored on one line.
      { code: 'E5', title: 'Семинар часть 2', held_on: '2023-03-15', format: 'seminar', mode: 'in_person', planned_participants: 1200, actual_participants: 20 },
      { code: 'E6', title: '=HYPERLINK("http://example.test")', held_on: '2023-04-01', format: 'webinar', mode: 'remote', planned_participants: 30, actual_participants: null },
    ]);
  });

  it('commas, English headers, да/1 booleans, trailing empty columns and rows', async () => {
    const result = await importFixture(uploads, 'sites-comma.csv');
    expect(result).toMatchObject({ status: 'applied', dataset: 'sites', rowsTotal: 1 });
    expect(await db.one("SELECT * FROM sites WHERE code = 'SP4'")).toEqual({
      code: 'SP4', name: 'Площадка четыре, новая', host_organization_code: 'S2', direction_code: 'inclusive', level: 'regional',
      status_granted_on: '2022-12-01', status_valid_until: '2025-11-30', is_pilot: true, is_testing: true, upload_id: result.id,
    });
  });

  it('tabs, true/false, a programme enrolment without an event', async () => {
    const result = await importFixture(uploads, 'participations-tab.tsv');
    expect(result).toMatchObject({ status: 'applied', dataset: 'participations', inserted: 2 });
    expect(await db.all('SELECT teacher_id, event_code, attended, report_type, certificate_issued FROM participations WHERE upload_id = $id ORDER BY event_code NULLS FIRST', { id: result.id })).toEqual([
      { teacher_id: storedId('N3-9'), event_code: null, attended: true, report_type: 'analytic', certificate_issued: true },
      { teacher_id: storedId('S2-9'), event_code: 'E3', attended: true, report_type: 'mini', certificate_issued: false },
    ]);
  });

  it('text pasted from Word loses its soft hyphens and zero-width spaces, as ids and codes do; an emoji\'s joiner stays', async () => {
    const events = await importText(uploads, 'events.csv', 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\n'
      + 'E72;SP1;Прак\u00adти\u00adкум «Циф\u00adро\u00adвая\u200b шко\u00adла»\u2060;10.10.2023;Практикум;Очно;20\n');
    expect(events).toMatchObject({ status: 'applied', inserted: 1 });
    expect(await db.one("SELECT title FROM events WHERE code = 'E72'")).toEqual({ title: 'Практикум «Цифровая школа»' });
    const feedback = await importText(uploads, 'feedback.csv', 'Код мероприятия;Номер анкеты;Оценка;Комментарий\nE72;1;5;Спа\u00adси\u00adбо! \u{1F469}\u200d\u{1F3EB}\n');
    expect(feedback).toMatchObject({ status: 'applied', inserted: 1 });
    expect(await db.one("SELECT comment FROM feedback WHERE event_code = 'E72'")).toEqual({ comment: 'Спасибо! \u{1F469}\u200d\u{1F3EB}' });
  });

  it('XLSX: a title above the header row, Excel serial dates and date cells', async () => {
    const result = await importFixture(uploads, 'events-serial-dates.xlsx');
    expect(result).toMatchObject({ status: 'applied', dataset: 'events', rowsTotal: 2 });
    expect(await db.all("SELECT code, held_on, format, actual_participants FROM events WHERE code IN ('E10', 'E11') ORDER BY code")).toEqual([
      { code: 'E10', held_on: '2023-03-15', format: 'seminar', actual_participants: 21 },
      { code: 'E11', held_on: '2023-03-14', format: 'workshop', actual_participants: null },
    ]);
  });

  it('UTF-16: little-endian without a BOM (tabs), big-endian with and without one', async () => {
    const rows = (codes: string[]) => db.all(
      `SELECT code, site_code, title, held_on, format, mode, planned_participants FROM events WHERE code IN (${codes.map((c) => `'${c}'`).join(', ')}) ORDER BY code`,
    );
    expect(await importFixture(uploads, 'events-utf16le.tsv')).toMatchObject({ status: 'applied', dataset: 'events', rowsTotal: 2, inserted: 2 });
    expect(await rows(['E30', 'E31'])).toEqual([
      { code: 'E30', site_code: 'SP1', title: 'Семинар «Цифровая школа»', held_on: '2023-04-10', format: 'seminar', mode: 'in_person', planned_participants: 25 },
      { code: 'E31', site_code: 'SP2', title: 'Практикум; часть 1', held_on: '2023-04-11', format: 'workshop', mode: 'remote', planned_participants: 12 },
    ]);
    expect(await importFixture(uploads, 'events-utf16be-bom.csv')).toMatchObject({ status: 'applied', rowsTotal: 2, inserted: 2 });
    expect(await rows(['E32', 'E33'])).toEqual([
      { code: 'E32', site_code: 'SP1', title: 'Вебинар для педагогов', held_on: '2023-04-12', format: 'webinar', mode: 'remote', planned_participants: 40 },
      { code: 'E33', site_code: 'SP2', title: 'Мастер-класс', held_on: '2023-04-13', format: 'master_class', mode: 'in_person', planned_participants: 8 },
    ]);
    expect(await importFixture(uploads, 'events-utf16be.csv')).toMatchObject({ status: 'applied', rowsTotal: 1, inserted: 1 });
    expect(await rows(['E34'])).toEqual([
      { code: 'E34', site_code: 'SP1', title: 'Круглый стол', held_on: '2023-04-14', format: 'seminar', mode: 'in_person', planned_participants: 15 },
    ]);
  });

  it('ОО-1\'s «Численность …» merged over «всего» | «в т.ч. …», saved as CSV (the title in its first column only): the total is the headcount', async () => {
    const csv = (lower: string, values: string) => singleByte(['Код ОО;Полное наименование;Тип ОО;Район;Учебный год;Численность педагогических работников;',
      `;;;;;${lower}`, `N1;Организация N1;Школа;Северный район;2026/27;${values}`, ''].join('\r\n'), 'windows-1251');
    const headcount = () => db.all("SELECT teachers FROM organization_headcounts WHERE organization_code = 'N1' AND school_year = 2026");
    const write = (bytes: Uint8Array) => (path: string) => writeFileSync(path, bytes);
    const totalFirst = await importScratchFile(uploads, 'orgs.csv', write(csv('всего;в т.ч. внешних совместителей', '27;4')), {});
    expect(totalFirst).toMatchObject({ status: 'applied', dataset: 'organizations', rowsTotal: 1, errorCount: 0 });
    expect(await headcount()).toEqual([{ teachers: 27 }]);
    const partFirst = await importScratchFile(uploads, 'orgs.csv', write(csv('в т.ч. внешних совместителей;всего', '4;28')), {});
    expect(partFirst).toMatchObject({ status: 'applied', rowsTotal: 1, errorCount: 0 });
    expect(await headcount()).toEqual([{ teachers: 28 }]);
    // Neither is the total: the uploader chooses, as for the same header in XLSX.
    const parts = await importScratchFile(uploads, 'orgs.csv', write(csv('основные работники;внешние совместители', '23;4')), {});
    expect([parts.status, parts.message]).toEqual(['rejected', 'Неясно, какой столбец загружать: к полю «Численность педагогов» подходят '
      + '«Численность педагогических работников основные работники» (столбец 6) и «Численность педагогических работников внешние совместители» (столбец 7). '
      + 'Переименуйте или удалите лишний столбец либо выберите столбцы на странице загрузки.']);
  });

  it('header words split over two rows («Код» over «мероприятия», «Код» over «площадки»), no dataset chosen: events, not districts', async () => {
    // The upper row alone («Код;Код;Название») reads as districts' header with «Код» in doubt.
    const bytes = singleByte(['Код;Код;Название;Дата;Форма;Способ;Участников;Участников', 'мероприятия;площадки;;проведения;;проведения;по плану;фактически',
      'EV-W1;SP1;Семинар «Инклюзия: первые шаги»;05.09.2022;семинар;очно;25;22', ''].join('\r\n'), 'windows-1251');
    const result = await importScratchFile(uploads, 'events.csv', (path) => writeFileSync(path, bytes), { restrict: { datasets: null, districts: ['north'] } });
    expect(result).toMatchObject({ status: 'applied', dataset: 'events', rowsTotal: 1, errorCount: 0, inserted: 1 });
    expect(await db.all("SELECT code, site_code, title, held_on, format, mode, planned_participants, actual_participants FROM events WHERE code = 'EV-W1'")).toEqual([
      { code: 'EV-W1', site_code: 'SP1', title: 'Семинар «Инклюзия: первые шаги»', held_on: '2022-09-05', format: 'seminar', mode: 'in_person', planned_participants: 25, actual_participants: 22 },
    ]);
  });

  it('plan items: «1 п/г 2023» and «2023, 2 п/г» spellings, schedule replaced', async () => {
    const result = await importFixture(uploads, 'plan-items.csv');
    expect(result).toMatchObject({ status: 'applied', dataset: 'plan_items' });
    expect(await db.all("SELECT plan_code, half_year FROM plan_item_schedule WHERE plan_code IN ('1.2', '3.1') ORDER BY 1, 2")).toEqual([
      { plan_code: '1.2', half_year: '2022-H1' }, // 2022-H2 dropped: the file lists only 2022-H1
      { plan_code: '3.1', half_year: '2023-H1' },
      { plan_code: '3.1', half_year: '2023-H2' },
    ]);
    expect(result.deleted).toBe(1);
  });

  it('a bare «Дата» beside «Дата проведения мероприятия» or «Дата начала стажировки» is another date (the form\'s day): not loaded, and said so', async () => {
    const events = await importText(uploads, 'events.csv', 'Код мероприятия;Код площадки;Название;Дата проведения мероприятия;Форма;Способ проведения;Участников по плану;Участников фактически;Дата\n'
      + 'E81;SP1;Семинар 1;05.09.2026;Семинар;Очно;25;22;30.11.2026\n');
    expect(events).toMatchObject({ status: 'applied', inserted: 1, errorCount: 0 });
    expect(await db.all("SELECT held_on FROM events WHERE code = 'E81'")).toEqual([{ held_on: '2026-09-05' }]);
    expect(events.notes).toEqual(['Столбец «Дата» не загружен: поле «Дата проведения» взято из столбца «Дата проведения мероприятия» — его заголовок точнее.']);

    // «Дата» first, as a form's own column: the same.
    const trainees = await importText(uploads, 'participations.csv', 'Дата;ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала стажировки\n'
      + '28.11.2026;N2-7;N2;SP1;E1;Стажёр;10.02.2022\n');
    expect(trainees).toMatchObject({ status: 'applied', inserted: 1, errorCount: 0 });
    expect(await db.all('SELECT started_on FROM participations WHERE teacher_id = $id', { id: storedId('N2-7') })).toEqual([{ started_on: '2022-02-10' }]);
    expect(trainees.notes).toEqual(['Столбец «Дата» не загружен: поле «Дата начала» взято из столбца «Дата начала стажировки» — его заголовок точнее.']);
  });
});

describe('files that must be refused, with nothing written', () => {
  it('a last row with a code is data however much it looks like a signature: its cells are checked', async () => {
    const header = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\n';
    const result = await importText(uploads, 'events.csv', `${header}E70;SP1;Семинар;10.10.2023;Семинар;Очная;20\nE71;;Директор;____;;Иванова И.И.;\n`);
    expect(result).toMatchObject({ status: 'rejected', rowsTotal: 2, rowsRejected: 1 });
    expect(result.errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'Код площадки'], [3, 'Дата проведения'], [3, 'Форма'], [3, 'Способ проведения'], [3, 'Участников по плану'],
    ]);
    expect(result.notes).toEqual([]);
  });

  const cases: [string, RegExp, { row: number; column: string; message: RegExp }[]][] = [
    // The quote left open on row 2 takes row 3 into its cell: the file's rows are unknown.
    ['broken-quotes.csv', /^Строка 2: кавычка перед «Без закрывающей кавычки» не закрыта, и всё после неё до конца файла \(ещё 1 строка\)/, []],
    ['missing-column.csv', /Не найдены обязательные столбцы набора «Мероприятия»: «Дата проведения»/, []],
    ['unknown-value.csv', /Найдено ошибок: 3/, [
      { row: 2, column: 'Форма', message: /Недопустимое значение; допустимые: Семинар, Практикум/ },
      { row: 3, column: 'Дата проведения', message: /Такой даты не существует/ },
      { row: 3, column: 'Участников по плану', message: /^Число записано словами \(«десять»\): запишите его цифрами$/ },
    ]],
    // Two versions of E7 (another title and date): neither is right for sure, both are named.
    ['duplicate-key.csv', /Найдено ошибок: 2/, [
      { row: 2, column: 'Код мероприятия', message: /^Та же запись \(то же значение в столбце «Код мероприятия»\) в строке 3 описана иначе \(«Название», «Дата проведения»\)/ },
      { row: 3, column: 'Код мероприятия', message: /^Та же запись \(то же значение в столбце «Код мероприятия»\) в строке 2 описана иначе \(«Название», «Дата проведения»\)/ },
    ]],
    ['missing-site.csv', /Найдено ошибок: 1/, [{ row: 2, column: 'Код площадки', message: /Нет такой площадки/ }]],
    ['binary.bin', /двоичные данные/, []],
    ['empty.csv', /Файл пуст/, []],
    ['header-only.csv', /нет строк с данными/, []],
    ['mojibake.csv', /испорчен перекодировкой/, []],
    ['legacy.xls', /Старый формат Excel/, []],
    ['events-html.xls', /веб-страница \(HTML-таблица\), а не книга Excel/, []],
    ['events-2003.xml', /XML-таблица Excel 2003/, []],
  ];

  it.each(cases)('%s', async (file, message, errors) => {
    const before = await count('events');
    const result = await importFixture(uploads, file, { dataset: file.startsWith('missing-column') ? 'events' : null });
    expect(result.status).toBe('rejected');
    expect(result.message).toMatch(message);
    expect(result.errors.map((e) => ({ row: e.row, column: e.column, message: e.message }))).toEqual(
      errors.map((e) => ({ row: e.row, column: e.column, message: expect.stringMatching(e.message) })),
    );
    expect(await count('events')).toBe(before);
    expect(await count('upload_before_events')).toBe(0);
  });

  it('headers of no dataset in full: the closest one named, with what it lacks', async () => {
    const result = await importFixture(uploads, 'missing-column.csv');
    expect(result).toMatchObject({ status: 'rejected', dataset: null });
    expect(result.message).toBe('Похоже на набор «Мероприятия», но не найдены его обязательные столбцы: «Дата проведения». Строкой заголовков взята строка 1; проверьте её по шаблону.');
    const nothing = await importText(uploads, 'list.csv', 'Фамилия;Имя;Телефон\nИванова;Анна;123\n');
    expect(nothing.message).toMatch(/^Не удалось определить, что за данные в файле: ни одна из первых 30 строк/);
  });

  it('headers as close to two datasets as to one: neither is named as the file\'s, the uploader is asked to choose', async () => {
    // A Yandex form's export of registrations: an organization's name and a district, but also
    // a СНИЛС and an event's code — as near to «Образовательные организации» as to «Отзывы участников».
    const form = '"ID","Время создания","ФИО (полностью)","СНИЛС","Муниципалитет","Наименование образовательной организации","Код мероприятия","Комментарий"\n'
      + '"4815162342","2026-10-01 09:12:44","Смирнова Ольга Ивановна","501-000-001 53","Красносельский район","МБОУ СОШ № 1","KR5-01",""\n';
    const result = await importText(uploads, 'form.csv', form);
    expect(result).toMatchObject({ status: 'rejected', dataset: null });
    expect(result.message).toBe('Не удалось определить набор данных по заголовкам: строка 1 одинаково похожа на наборы «Образовательные организации» и «Отзывы участников», '
      + 'и ни одному не хватает обязательных столбцов. Выберите набор данных в списке — тогда сообщение назовёт недостающие столбцы — и проверьте заголовки по шаблону.');
  });

  it('two CSV files joined, one saved with «;», the other with «,»: refused from the first line of the other, not as long values', async () => {
    const header = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\n';
    const before = await count('events');
    const joined = await importText(uploads, 'events.csv', `${header}E80;SP1;Семинар;10.02.2022;Семинар;Очно;20\nE81;SP1;Вебинар;11.02.2022;Вебинар;Дистанционно;30\n`
      + 'E82,SP1,Практикум,12.02.2022,Практикум,Очно,15\nE83,SP1,"Круглый стол, итоги",13.02.2022,Семинар,Очно,12\n');
    expect(joined).toMatchObject({ status: 'rejected' });
    expect(joined.message).toBe('Со строки 4 значения разделены запятыми, а в заголовке — точкой с запятой (таких строк 2): похоже, файл склеен из двух, сохранённых по-разному. '
      + 'Сохраните все строки с одним разделителем (откройте части в Excel и сохраните как «CSV (разделители — запятые)») и загрузите файл снова.');
    expect(await count('events')).toBe(before);
    // A title with commas in a row of its own is no such row: its other cells are checked.
    const title = await importText(uploads, 'events.csv', `${header}E84;SP1;Семинар;10.02.2022;Семинар;Очно;20\nКруглый стол, итоги, планы, задачи, выводы, отчёт\n`);
    expect(title.message ?? '').not.toMatch(/разделены/);
  });

  it('codes as a web system exports them for Excel («="E90"») are the codes; codes Excel made dates or numbers of are refused', async () => {
    const header = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\n';
    const exported = await importText(uploads, 'events.csv', `${header}="E90";="SP1";="Семинар «Старт»";10.02.2022;Семинар;Очно;="020"\n`);
    expect(exported).toMatchObject({ status: 'applied', inserted: 1 });
    expect(await db.all("SELECT code, site_code, title, planned_participants FROM events WHERE code LIKE '%E90%'")).toEqual([
      { code: 'E90', site_code: 'SP1', title: 'Семинар «Старт»', planned_participants: 20 },
    ]);
    const before = await count('events');
    const mangled = await importText(uploads, 'events.csv', `${header}01.окт;SP1;Семинар;10.02.2022;Семинар;Очно;20\nмар.12;SP1;Вебинар;11.02.2022;Вебинар;Дистанционно;30\n`
      + '1E+05;SP1;Практикум;12.02.2022;Практикум;Очно;15\n1125.0;SP1;Семинар 2;13.02.2022;Семинар;Очно;12\n');
    expect(mangled).toMatchObject({ status: 'rejected' });
    expect(mangled.errors.map((e) => [e.row, e.message])).toEqual([
      [2, 'Код «01.окт» похож на дату, в которую Excel превратил набранный код («1.10» → «01.окт»): сделайте столбец текстовым (Формат ячеек → Текстовый), введите коды заново и сохраните файл снова'],
      [3, 'Код «мар.12» похож на дату, в которую Excel превратил набранный код («1.10» → «01.окт»): сделайте столбец текстовым (Формат ячеек → Текстовый), введите коды заново и сохраните файл снова'],
      [4, 'Номер испорчен Excel: записан в экспоненциальной форме и потерял цифры — сделайте столбец текстовым (Формат ячеек → Текстовый), введите номера заново и сохраните файл снова'],
      [5, 'Номер записан числом с дробной частью (нули после запятой или точки: «12,0», «1125.0»): программа выгрузки хранила его числом — сделайте столбец текстовым (Формат ячеек → Текстовый), введите номера заново и сохраните файл снова'],
    ]);
    expect(await count('events')).toBe(before);
    // A month in a code people type, in capitals or with a day of its own, is theirs: Excel shows its dates in lower case («01.окт») or as «1-Oct».
    const typed = await importText(uploads, 'events.csv', `${header}ОКТ-02;SP1;Семинар;10.02.2022;Семинар;Очно;20\nМАЙ-2026;SP1;Вебинар;11.02.2022;Вебинар;Дистанционно;30\n1-ОКТ;SP1;Практикум;12.02.2022;Практикум;Очно;15\n`);
    expect(typed).toMatchObject({ status: 'applied', inserted: 3, errorCount: 0 });
  });

  it('a title with Word\'s line break in it is stored on one line', async () => {
    const header = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\n';
    const result = await importText(uploads, 'events.csv', `${header}E95;SP1;"Семинар «Старт»:\r\nпервые шаги";10.02.2022;Семинар;Очно;20\nE96;SP1;Вебинар\u2028«Финиш»;11.02.2022;Вебинар;Дистанционно;20\n`);
    expect(result).toMatchObject({ status: 'applied', inserted: 2 });
    expect(await db.all("SELECT title FROM events WHERE code IN ('E95', 'E96') ORDER BY code")).toEqual([{ title: 'Семинар «Старт»: первые шаги' }, { title: 'Вебинар «Финиш»' }]);
  });

  it('a file that commas separate, with every count a round «N,000»: thousands as Google Sheets writes them, never 1С\'s three decimals', async () => {
    const before = await count('events');
    const sheets = await importText(uploads, 'events.csv', 'Код мероприятия,Код площадки,Название,Дата проведения,Форма,Способ проведения,Участников по плану\n'
      + 'E91,SP1,Конференция,10.02.2022,Конференция,Очно,"1,000"\nE92,SP1,Форум,11.02.2022,Конференция,Очно,"2,000"\n');
    expect(sheets).toMatchObject({ status: 'rejected' });
    expect(sheets.errors.map((e) => [e.row, e.message])).toEqual([
      [2, 'Неоднозначное число «1,000»: это 1000 или 1? Запишите число без разделителя тысяч'],
      [3, 'Неоднозначное число «2,000»: это 2000 или 2? Запишите число без разделителя тысяч'],
    ]);
    expect(await count('events')).toBe(before);
    // Not 1С's three decimals by their shape alone in a «;» or tab file either: no number of the file is written «1 025,000».
    for (const delimiter of [';', '\t']) {
      const text = ['Код мероприятия', 'Код площадки', 'Название', 'Дата проведения', 'Форма', 'Способ проведения', 'Участников по плану', 'Участников фактически'].join(delimiter)
        + `\nE91${delimiter}SP1${delimiter}Конференция${delimiter}10.02.2022${delimiter}Конференция${delimiter}Очно${delimiter}1,000${delimiter}950\n`;
      const other = await importText(uploads, 'events.csv', text);
      expect(other.errors.map((e) => e.message), JSON.stringify(delimiter)).toEqual(['Неоднозначное число «1,000»: это 1000 или 1? Запишите число без разделителя тысяч']);
    }
  });

  it('a cell opening with a quoted name and going on after it (1С\'s titles) is told as such, not as a quote left open', async () => {
    const before = await count('events');
    const result = await importText(uploads, 'events.csv', 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\n'
      + 'EV-QT1;SP1;"Цифровая школа" - семинар для учителей;08.10.2022;Семинар;Очно;30\nEV-QT2;SP1;Вебинар "Облако";07.08.2022;Вебинар;Дистанционно;40\n');
    expect(result).toMatchObject({ status: 'rejected' });
    expect(result.message).toBe('Строка 2: ячейка «"Цифровая школа" - семинар для учителей…» начинается с кавычки, и после закрывающей кавычки текст продолжается — '
      + 'так записанная ячейка читается до следующей кавычки, и всё это (ещё 1 строка) прочитано как одна ячейка, а не как строки таблицы. '
      + 'Уберите кавычки вокруг «Цифровая школа» или возьмите в кавычки всю ячейку, удвоив кавычки внутри неё («"""Цифровая школа"" - семинар для учителей…"»), и загрузите файл снова. Ничего не записано.');
    expect(await count('events')).toBe(before);
  });

  it('a form\'s export of questionnaires: its question read as the rating, the missing number asked for with how to make it, a grade in words asked in figures', async () => {
    const form = 'Отметка времени,Адрес электронной почты,Код мероприятия,Оцените мероприятие от 1 до 5,Ваши пожелания организаторам\n'
      + '08.10.2022 15:45:12,ivanova@school5.ru,E1,5,"Спасибо, всё понятно"\n';
    const bare = await importText(uploads, 'form.csv', form, { dataset: 'feedback' });
    expect(bare).toMatchObject({ status: 'rejected' });
    expect(bare.message).toBe('Не найдены обязательные столбцы набора «Отзывы участников»: «Номер анкеты». Строкой заголовков взята строка 1; проверьте её по шаблону. '
      + 'В выгрузке Яндекс-формы номер анкеты — столбец «ID»: переименуйте его в «Номер анкеты». '
      + 'В выгрузке Google-формы номера нет: добавьте столбец «Номер анкеты» и пронумеруйте ответы по порядку: 1, 2, 3 и так далее, а если анкеты этого мероприятия уже загружались — продолжая их номера.');
    const numbered = await importText(uploads, 'form.csv', 'Номер анкеты,Код мероприятия,Оцените мероприятие от 1 до 5,Ваши пожелания организаторам\n'
      + '101,E1,отлично,\n102,E1,"«4»",Больше практики\n', { dataset: 'feedback', mode: 'valid_only' });
    expect(numbered).toMatchObject({ status: 'applied', inserted: 1 });
    expect(numbered.errors.map((e) => [e.row, e.column, e.message])).toEqual([[2, 'Оцените мероприятие от 1 до 5', 'Оценка словами («отлично»): запишите её числом от 1 до 5']]);
    expect(await db.all("SELECT response_code, rating, comment FROM feedback WHERE response_code = '102'")).toEqual([{ response_code: '102', rating: 4, comment: 'Больше практики' }]);
  });

  it('a second batch of a form\'s answers numbered 1, 2, 3 again replaces the first one\'s: said per event, with the first free number', async () => {
    // E1 has questionnaires 1 (5, «Полезно») and 2 (4); E2 has 1 (3, «Мало практики»).
    const result = await importText(uploads, 'form.csv', 'Номер анкеты;Код мероприятия;Оценка;Комментарий\n1;E1;3;\n2;E1;4;\n3;E1;5;\n1;E2;3;Мало практики\n', { dataset: 'feedback' });
    expect(result).toMatchObject({ status: 'applied', inserted: 1, updated: 1 });
    expect(result.notes).toEqual([
      'Анкет больше, чем участников мероприятия по факту: E1 (анкет 3, участников 2). Анкеты записаны; проверьте, нет ли среди них лишних (другого мероприятия, повторов) и верно ли число участников в наборе «Мероприятия».',
      'Анкеты с такими номерами уже были загружены, с другими ответами, и заменены ответами файла: E1 (№ 1; свободные номера — с 4). Если это исправление, всё верно; '
        + 'если это новые анкеты, откатите загрузку, пронумеруйте их, продолжая номера загруженных, и загрузите файл снова.',
    ]);
  });

  it('a scale answer with its grade («5 — отлично», «4 - хорошо») is its figure where the two agree; a count with words after a dash is refused', async () => {
    const form = 'Номер анкеты,Время создания,Код мероприятия,Как вы оцениваете мероприятие?,Комментарий\n'
      + '1546372,2022-02-10 15:45:12,E1,5 — отлично,\n1546390,2022-02-10 16:02:40,E1,4 - хорошо,Мало времени\n1546501,2022-02-11 09:10:03,E1,2 — плохо,\n'
      + '1546502,2022-02-11 09:12:03,E1,5 — плохо,\n';
    const answers = await importText(uploads, 'form.csv', form, { dataset: 'feedback', mode: 'valid_only' });
    expect(answers).toMatchObject({ status: 'applied', inserted: 3 });
    expect(answers.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [5, 'Как вы оцениваете мероприятие?', 'Оценка «5 — плохо»: число и слово не совпадают — запишите оценку одним числом от 1 до 5'],
    ]);
    expect(await db.all("SELECT response_code, rating FROM feedback WHERE response_code LIKE '15465%' OR response_code LIKE '15463%' ORDER BY response_code")).toEqual([
      { response_code: '1546372', rating: 5 }, { response_code: '1546390', rating: 4 }, { response_code: '1546501', rating: 2 },
    ]);
    // «20 — план» is the plan's figure, or a remark on the count: not read as 20.
    const events = await importText(uploads, 'events.csv', 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\n'
      + 'E95;SP1;Семинар;10.02.2022;Семинар;Очно;20 — план\n');
    expect(events.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [2, 'Участников по плану', 'В ячейке число с пояснением «20 — план»: запишите одно число, без пояснения после тире'],
    ]);
  });

  it('a blank-headed column numbering the rows (pandas\' index) is left out with a note; a blank-headed column of other values is still refused', async () => {
    const header = ',Код мероприятия,Код площадки,Название,Дата проведения,Форма,Способ проведения,Участников по плану\n';
    const indexed = await importText(uploads, 'events.csv', `${header}0,E96,SP1,Семинар,10.02.2022,Семинар,Очно,20\n1,E97,SP1,Вебинар,11.02.2022,Вебинар,Дистанционно,30\n`);
    expect(indexed).toMatchObject({ status: 'applied', inserted: 2, errorCount: 0 });
    expect(indexed.notes).toContain('Столбец 1 без заголовка с номерами строк (0, 1, 2 …) не загружен: это нумерация строк, которую добавляет программа выгрузки (pandas, 1С).');
    const shifted = await importText(uploads, 'events.csv', `${header}5,E98,SP1,Семинар,10.02.2022,Семинар,Очно,20\n3,E99,SP1,Вебинар,11.02.2022,Вебинар,Дистанционно,30\n`);
    expect(shifted).toMatchObject({ status: 'rejected' });
    expect(shifted.errors.map((e) => [e.row, e.message.slice(0, 36)])).toEqual([[2, 'Значение в столбце 1 без заголовка: '], [3, 'Значение в столбце 1 без заголовка: ']]);
  });

  it('a cross in a yes/no column is read as «да» and said so: a statistical form\'s «х» means «not applicable»', async () => {
    const result = await importText(uploads, 'participations.csv', 'ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала;Прошёл стажировку;Сертификат\n'
      + 'N1-97;n1;SP1;E1;стажёр;10.02.2022;х;x\nN2-97;n1;SP1;E1;стажёр;10.02.2022;да;нет\n');
    expect(result).toMatchObject({ status: 'applied', inserted: 2 });
    expect(result.notes.filter((n) => n.includes('крестиком'))).toEqual([
      'Столбец «Прошёл стажировку»: «х» прочитан как «да» (отметка крестиком). Если так отмечено «не требуется» или «нет», напишите «нет» и загрузите файл снова.',
      'Столбец «Сертификат»: «x» прочитан как «да» (отметка крестиком). Если так отмечено «не требуется» или «нет», напишите «нет» и загрузите файл снова.',
    ]);
  });

  it('«Дa», «Hет», «нeт» with Latin look-alike letters in a yes/no column are «да» and «нет», as in a choice column', async () => {
    const result = await importText(uploads, 'participations.csv', 'ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала;Прошёл стажировку;Сертификат\n'
      + 'N1-96;n1;SP1;E1;Cтажёр;10.02.2022;Дa;Hет\nN2-96;n1;SP1;E1;стажёр;10.02.2022;дa;нeт\n');
    expect(result).toMatchObject({ status: 'applied', inserted: 2, errorCount: 0 });
    for (const teacher of ['N1-96', 'N2-96']) {
      expect(await db.all('SELECT role, attended, certificate_issued FROM participations WHERE teacher_id = $id', { id: storedId(teacher) }), teacher)
        .toEqual([{ role: 'trainee', attended: true, certificate_issued: false }]);
    }
  });

  it('a dataset of two columns, one of them found, names the other as the rest do', async () => {
    const file = 'Справочник муниципальных образований;;\n;;\n№ п/п;Код района;Муниципальное образование\n1;D01;Красносельский район\n';
    const chosen = await importText(uploads, 'districts.csv', file, { dataset: 'districts' });
    expect(chosen).toMatchObject({ status: 'rejected', dataset: 'districts' });
    expect(chosen.message).toBe('Не найдены обязательные столбцы набора «Районы»: «Район». Строкой заголовков взята строка 3; проверьте её по шаблону.');
    // Unchosen, the lone column tells the dataset only headed as its template heads it: a bare «Код» fits many.
    const guessed = await importText(uploads, 'districts.csv', file);
    expect(guessed.message).toBe('Похоже на набор «Районы», но не найдены его обязательные столбцы: «Район». Строкой заголовков взята строка 3; проверьте её по шаблону.');
    const bare = await importText(uploads, 'list.csv', 'Код;Муниципальное образование\nD01;Красносельский район\n');
    expect(bare.message).toMatch(/^Не удалось определить, что за данные в файле: ни одна из первых 30 строк/);
  });
});

describe('districts as people name them', () => {
  it('«МР» is a kind of district as «р-н» is; a name with a tail suggests the district it starts with', async () => {
    const header = 'Код ОО;Полное наименование;Тип ОО;Район\n';
    const named = await importText(uploads, 'orgs.csv', `${header}N7;Школа 7;СОШ;Северный МР\nN8;Школа 8;СОШ;Северный (МР)\n`);
    expect(named).toMatchObject({ status: 'applied', inserted: 2 });
    expect(await db.all("SELECT code, district_code FROM organizations WHERE code IN ('N7', 'N8') ORDER BY code")).toEqual([
      { code: 'N7', district_code: 'north' }, { code: 'N8', district_code: 'north' },
    ]);
    const tail = await importText(uploads, 'orgs.csv', `${header}N9;Школа 9;СОШ;Северный район (бывш. Каменский)\n`);
    expect(tail.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [2, 'Район', 'Нет такого района в справочнике районов. Возможно, имелось в виду «Северный район»'],
    ]);
  });
});

describe('types as registries write them', () => {
  it('a type after the organization\'s legal form is read («МБОУ СОШ», «МАУ ДО»); the form alone is asked for its type', async () => {
    const header = 'Код ОО;Полное наименование;Тип ОО;Район\n';
    const rows = [['N71', 'МБОУ СОШ с УИОП'], ['N72', 'МАОУ гимназия'], ['N73', 'МБУ ДО'], ['N74', 'ГБОУ лицей'], ['N75', 'МАДОУ детский сад']];
    const result = await importText(uploads, 'orgs.csv', header + rows.map(([code, type]) => `${code};Организация ${code};${type};Северный район`).join('\n') + '\n');
    expect(result).toMatchObject({ status: 'applied', inserted: 5 });
    expect(await db.all("SELECT code, org_type FROM organizations WHERE code LIKE 'N7_' ORDER BY code")).toEqual([
      { code: 'N71', org_type: 'school' }, { code: 'N72', org_type: 'gymnasium' }, { code: 'N73', org_type: 'additional' },
      { code: 'N74', org_type: 'lyceum' }, { code: 'N75', org_type: 'kindergarten' },
    ]);
    const form = await importText(uploads, 'orgs.csv', `${header}N76;Организация N76;МБОУ;Северный район\n`);
    expect(form.errors.map((e) => [e.column, e.value])).toEqual([['Тип ОО', 'МБОУ']]);
  });
});

describe('answers on another scale', () => {
  it('a rating column headed with a scale up to 10 is refused whole, even where every answer is 5 or less; one up to 5 is read', async () => {
    const before = await count('feedback');
    for (const heading of ['Оцените мероприятие по шкале от 1 до 10', 'Оценка (0–10)']) {
      const result = await importText(uploads, 'feedback.csv', `Код мероприятия;Номер анкеты;${heading};Комментарий\nE1;31;4;\nE1;32;5;\n`, { dataset: 'feedback' });
      expect([result.status, result.message]).toEqual(['rejected', `Столбец «${heading}» — ответы по шкале до 10, а поле «Оценка» записывается от 1 до 5: ответы другой шкалы исказили бы среднюю оценку. `
        + 'Пересчитайте ответы в шкалу от 1 до 5 (или соберите их по этой шкале) и загрузите файл снова; ничего не записано.']);
    }
    expect(await count('feedback')).toBe(before);
    const fivePoint = await importText(uploads, 'feedback.csv', 'Код мероприятия;Номер анкеты;Оцените мероприятие по шкале от 1 до 5;Комментарий\nE1;31;4;\n', { dataset: 'feedback' });
    expect(fivePoint).toMatchObject({ status: 'applied', inserted: 1 });
  });
});

describe('an actual count far from the plan', () => {
  it('five times the plan or more is written and named: a digit typed extra; fewer than planned is common, and not said', async () => {
    const header = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану;Участников фактически\n';
    const result = await importText(uploads, 'events.csv', `${header}E40;SP1;Семинар;01.03.2023;Семинар;Очно;20;190\nE41;SP1;Семинар;02.03.2023;Семинар;Очно;20;30\nE42;SP1;Семинар;03.03.2023;Семинар;Очно;50;10\n`);
    expect(result).toMatchObject({ status: 'applied', inserted: 3 });
    expect(result.notes.filter((n) => n.startsWith('Участников по факту'))).toEqual([
      'Участников по факту в 5 раз и больше, чем по плану: строка 2 — E40 (по плану 20, фактически 190). '
        + 'Записано; если число набрано с ошибкой (лишняя цифра, число другого мероприятия), исправьте его и загрузите файл снова.',
    ]);
  });
});

describe('dates before the site had its status', () => {
  it('are written and named with the site\'s status: a year typed wrong would stretch every period back to it', async () => {
    // SP1's status dates from 01.12.2021.
    const events = await importText(uploads, 'events.csv', 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\n'
      + 'E30;SP1;Семинар;15.10.2016;Семинар;Очно;10\nE31;SP1;Семинар;01.03.2023;Семинар;Очно;10\nE32;SP1;Семинар;20.11.2016;Семинар;Очно;10\n');
    expect(events).toMatchObject({ status: 'applied', inserted: 3 });
    expect(events.notes.filter((n) => n.startsWith('Даты раньше'))).toEqual(['Даты раньше присвоения площадке статуса: площадка SP1 — статус с 01.12.2021, а в файле даты с 15.10.2016 (строк: 2). '
      + 'Строки записаны; если год набран с ошибкой (например, 2016 вместо 2026), исправьте его и загрузите файл снова — такая дата продлевает списки периодов и тренды всего региона назад. '
      + 'Строки прежнего срока статуса площадки верны.']);
    const trainees = await importText(uploads, 'participations.csv', 'ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала\nN1-9;N1;SP1;;стажёр;01.09.2016\nN1-8;N1;SP1;;стажёр;01.09.2022\n');
    expect(trainees.notes.filter((n) => n.startsWith('Даты раньше'))).toEqual([expect.stringMatching(/^Даты раньше присвоения площадке статуса: площадка SP1 — статус с 01\.12\.2021, а в файле даты с 01\.09\.2016 \(строк: 1\)\. /)]);
    const resources = await importText(uploads, 'resources.csv', 'Код ресурса;Код площадки;Название ресурса;Вид ресурса;Дата публикации\nR9;SP2;Кейс;Кейс;ноябрь 2016\n');
    expect(resources.notes.filter((n) => n.startsWith('Даты раньше'))).toEqual([expect.stringMatching(/^Даты раньше присвоения площадке статуса: площадка SP2 — статус с 01\.12\.2022, а в файле даты с 01\.11\.2016 \(строк: 1\)\. /)]);
  });
});

describe('errors by kind', () => {
  it('a file refused on many rows says how many rows each kind of error is on, the commonest first, over all its errors', async () => {
    // 250 events at an unknown site, the first ten also on a day that does not exist.
    const rows = Array.from({ length: 250 }, (_, i) => `EK${i};SPX;Семинар;${i < 10 ? '31.02.2023' : '01.03.2023'};Семинар;Очно;10`);
    const result = await importText(uploads, 'events.csv', `Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\n${rows.join('\n')}\n`);
    expect([result.status, result.errorCount, result.errors.length]).toEqual(['rejected', 260, 200]);
    expect(result.errorKinds.map((k) => [k.column, k.rows, k.firstRow])).toEqual([['Код площадки', 250, 2], ['Дата проведения', 10, 2]]);
    // Each kind is told as its first row's error is.
    for (const kind of result.errorKinds) {
      expect(result.errors.find((e) => e.row === kind.firstRow && e.column === kind.column)?.message).toBe(kind.message);
    }
  });
});

describe('valid rows only, on request', () => {
  it('writes the good rows and lists the bad', async () => {
    const strict = await importFixture(uploads, 'events-mixed.csv');
    expect(strict).toMatchObject({ status: 'rejected', rowsTotal: 3, rowsRejected: 1 });
    expect(await count('events')).toBe(4);
    const lenient = await importFixture(uploads, 'events-mixed.csv', { mode: 'valid_only' });
    expect(lenient).toMatchObject({ status: 'applied', rowsTotal: 3, rowsRejected: 1, inserted: 2, errorCount: 1 });
    expect(lenient.errors).toEqual([{ row: 3, column: 'Дата проведения', value: '01.13.2023', message: 'Месяца 13 не бывает: месяц и день перепутаны? Запишите дату как ДД.ММ.ГГГГ' }]);
    expect((await db.all('SELECT code FROM events ORDER BY code')).map((r) => r.code)).toEqual(['E1', 'E2', 'E3', 'E4', 'E7', 'E9']);
  });

  it('a year far ahead is taken for a typo; the next year (planned events) and a status valid for years are not', async () => {
    const year = new Date().getFullYear();
    const header = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\n';
    const rows = [`E7;SP1;Опечатка;05.09.${year + 7};Семинар;Очно;10`, `E8;SP1;Запланирован;05.09.${year + 1};Семинар;Очно;10`, 'E9;SP1;Цифры переставлены;05.09.2203;Семинар;Очно;10', 'E10;SP1;Давно;05.09.1989;Семинар;Очно;10'];
    const result = await importText(uploads, 'events.csv', `${header}${rows.join('\n')}\n`, { mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'applied', rowsTotal: 4, rowsRejected: 3, inserted: 1 });
    const ahead = (typed: number) => `Год ${typed} ещё не скоро: здесь принимаются даты по 31.12.${year + 1} — проверьте, нет ли опечатки в годе`;
    expect(result.errors.map((e) => [e.row, e.column, e.value, e.message])).toEqual([
      [2, 'Дата проведения', `05.09.${year + 7}`, ahead(year + 7)],
      [4, 'Дата проведения', '05.09.2203', ahead(2203)],
      [5, 'Дата проведения', '05.09.1989', 'Год 1989 слишком ранний: здесь принимаются даты с 01.01.1990 — проверьте, нет ли опечатки в годе'],
    ]);
    const sites = await importText(uploads, 'sites.csv', `Код площадки;Название площадки;Код ОО;Направление;Уровень;Статус присвоен;Статус действует до\nSP1;Площадка;N1;tech;Муниципальная;01.09.${year - 1};31.08.${year + 5}\n`);
    expect([sites.status, sites.message, sites.errors]).toEqual(['applied', null, []]);
  });

  it('a status of more than six years is taken for a year typed wrong: 2016 for 2026 would count the site since 2016', async () => {
    const before = await db.all('SELECT * FROM sites ORDER BY code');
    const result = await importText(uploads, 'sites.csv', 'Код площадки;Название площадки;Код ОО;Направление;Уровень;Статус присвоен;Статус действует до\n'
      + 'SP1;Площадка;N1;tech;Муниципальная;20.11.2016;20.11.2029\nSP9;Площадка 9;N1;tech;Муниципальная;01.09.2022;31.08.2028\n');
    expect(result.status).toBe('rejected');
    expect(result.errors.map((e) => [e.row, e.column, e.value, e.message])).toEqual([[2, 'Статус действует до', '20.11.2029',
      'Статус действует с 20.11.2016 по 20.11.2029 — больше шести лет, а статус присваивают на несколько лет (обычно на три): проверьте годы обеих дат']]);
    expect(await db.all('SELECT * FROM sites ORDER BY code')).toEqual(before);
  });

  it('a required title given as a placeholder («-», «н/д», «нет», «0», «???») is not filled in; a title holding such a mark is a title', async () => {
    const header = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\n';
    const placeholders = ['-', '—', 'н/д', 'нет', 'Нет данных', '0', '???', '...', 'не указано'];
    const titles = ['Нет травле', '0+', 'Что такое ФГОС?', '«—» в отчётах'];
    const rows = [...placeholders, ...titles].map((title, i) => `PH${i};SP1;${title};10.10.2023;Семинар;Очно;10`);
    const result = await importText(uploads, 'events.csv', `${header}${rows.join('\n')}\n`, { mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'applied', rowsTotal: placeholders.length + titles.length, rowsRejected: placeholders.length, inserted: titles.length });
    expect(result.errors.map((e) => [e.row, e.column, e.value, e.message])).toEqual(placeholders.map((text, i) => [
      i + 2, 'Название', text, `Не заполнено: «${text}» — это отметка, что значения нет, а не значение; заполните ячейку или удалите строку`,
    ]));
    expect((await db.all("SELECT title FROM events WHERE code LIKE 'PH%' ORDER BY title")).map((r) => r.title)).toEqual([...titles].sort());
    // An optional text keeps what it is given: a comment «нет» says there is none to make.
    const feedback = await importText(uploads, 'feedback.csv', 'Код мероприятия;Номер анкеты;Оценка;Комментарий\nPH9;1;5;нет\nPH9;2;5;-\n');
    expect(feedback).toMatchObject({ status: 'applied', inserted: 2 });
  });

  it('a report handed in on a day to come has not been handed in: refused, today\'s date accepted', async () => {
    const today = localDay();
    const tomorrow = addDays(today, 1);
    const year = Number(today.slice(0, 4));
    const result = await importText(uploads, 'reports.csv', `Код площадки;Год отчёта;Дата сдачи\nSP1;${year};${formatDate(tomorrow)}\nSP1;${year - 1};${formatDate(today)}\n`, { mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'applied', rowsTotal: 2, rowsRejected: 1, inserted: 1 });
    expect(result.errors.map((e) => [e.row, e.column, e.value, e.message])).toEqual([
      [2, 'Дата сдачи', formatDate(tomorrow), `Дата ещё не наступила (сегодня ${formatDate(today)}): здесь нужна дата, когда это уже сделано — проверьте день, месяц и год`],
    ]);
  });

  it('an actual count of an event to come, a completed internship or a certificate of one to come: a plan written as a fact, refused', async () => {
    const today = localDay();
    const [tomorrow, next] = [formatDate(addDays(today, 1)), formatDate(addDays(today, 170))];
    const ahead = (day: string) => `${day}, сегодня ${formatDate(today)}`;
    const events = await importText(uploads, 'events.csv', 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану;Участников фактически\n'
      + `F1;SP1;Будущий семинар;${next};Семинар;Очно;30;25\nF2;SP1;Запланирован;${next};Семинар;Очно;30;\nF3;SP1;Сегодня;${formatDate(today)};Семинар;Очно;30;28\n`
      + `F4;SP1;Завтра;${tomorrow};Семинар;Очно;30;0\n`, { mode: 'valid_only' });
    expect(events).toMatchObject({ status: 'applied', rowsTotal: 4, rowsRejected: 2, inserted: 2 });
    const notHeld = 'сколько участников было фактически, станет известно после мероприятия — оставьте ячейку пустой; если мероприятие уже прошло, проверьте дату проведения';
    expect(events.errors.map((e) => [e.row, e.column, e.value, e.message])).toEqual([
      [2, 'Участников фактически', '25', `Дата проведения ещё не наступила (${ahead(next)}): ${notHeld}`],
      [5, 'Участников фактически', '0', `Дата проведения ещё не наступила (${ahead(tomorrow)}): ${notHeld}`],
    ]);
    expect(await db.all("SELECT code, actual_participants FROM events WHERE code IN ('F2', 'F3') ORDER BY code")).toEqual([
      { code: 'F2', actual_participants: null }, { code: 'F3', actual_participants: 28 },
    ]);
    const participations = await importText(uploads, 'participations.csv', 'ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала;Прошёл стажировку;Сертификат\n'
      + `FT-1;N1;SP1;;Стажёр;${next};да;да\nFT-2;N1;SP1;;Стажёр;${next};нет;\nFT-3;N1;SP1;;Стажёр;${next};;\nFT-4;N1;SP1;;Стажёр;${formatDate(today)};да;да\n`
      + `FT-5;N1;SP1;;Стажёр;${tomorrow};;да\n`, { mode: 'valid_only' });
    expect(participations).toMatchObject({ status: 'applied', rowsTotal: 5, rowsRejected: 2, inserted: 3 });
    const advice = 'оставьте ячейку пустой или «нет»; если участие уже было, проверьте дату начала';
    expect(participations.errors.map((e) => [e.row, e.column, e.value, e.message])).toEqual([
      [2, 'Прошёл стажировку', 'да', `Дата начала ещё не наступила (${ahead(next)}): пройти стажировку до её начала нельзя — ${advice}`],
      [2, 'Сертификат', 'да', `Дата начала ещё не наступила (${ahead(next)}): сертификат до начала стажировки не выдают — ${advice}`],
      [6, 'Сертификат', 'да', `Дата начала ещё не наступила (${ahead(tomorrow)}): сертификат до начала стажировки не выдают — ${advice}`],
    ]);
  });

  it('a report handed in before its school year began, an application years before its competition: refused as a typo in the year', async () => {
    const reports = await importText(uploads, 'reports.csv', 'Код площадки;Год отчёта;Дата сдачи\nSP1;2023;01.03.2019\nSP1;2022;31.08.2021\nSP2;2022;01.09.2021\n', { mode: 'valid_only' });
    expect(reports).toMatchObject({ status: 'applied', rowsTotal: 3, rowsRejected: 2, inserted: 1 });
    expect(reports.errors.map((e) => [e.row, e.column, e.value, e.message])).toEqual([
      [2, 'Дата сдачи', '01.03.2019', 'Дата сдачи раньше начала учебного года отчёта (01.09.2022): проверьте дату, особенно год'],
      [3, 'Дата сдачи', '31.08.2021', 'Дата сдачи раньше начала учебного года отчёта (01.09.2021): проверьте дату, особенно год'],
    ]);
    const applications = await importText(uploads, 'applications.csv',
      'Год конкурса;Код ОО;Направление;Дата подачи;Результат\n2023;N2;tech;15.10.2016;Отклонена\n2023;N3;tech;15.12.2022;Отклонена\n2023;N3;inclusive;15.10.2023;Отклонена\n', { mode: 'valid_only' });
    expect(applications).toMatchObject({ status: 'applied', rowsTotal: 3, rowsRejected: 1, inserted: 2 });
    expect(applications.errors.map((e) => [e.row, e.column, e.value, e.message])).toEqual([
      [2, 'Дата подачи', '15.10.2016', 'Дата подачи не в год конкурса (2023) и не в год перед ним: проверьте дату, особенно год'],
    ]);
  });

  it('a resource used before it was published, or published after its first use: refused as a typo in the year (compared by month)', async () => {
    // R1 was published 01.03.2022, first used 01.04.2022; R2 published 01.10.2022, used 01.11.2022.
    const uses = await importText(uploads, 'uses.csv',
      'Код ресурса;ID педагога;Код ОО педагога;Дата использования\nR1;N3-1;N3;15.02.2022\nR1;N3-2;N3;март 2022\nR2;N3-3;N3;20.10.2022\n', { mode: 'valid_only' });
    expect(uses).toMatchObject({ status: 'applied', rowsTotal: 3, rowsRejected: 1, inserted: 2 });
    expect(uses.errors.map((e) => [e.row, e.column, e.value, e.message])).toEqual([
      [2, 'Дата использования', '15.02.2022', 'Дата использования раньше публикации ресурса (01.03.2022): проверьте дату, особенно год'],
    ]);
    const resources = await importText(uploads, 'resources.csv',
      'Код ресурса;Код площадки;Название ресурса;Вид ресурса;Дата публикации\nR1;SP1;Рекомендации;Методические рекомендации;01.05.2022\nR2;SP1;Видео;Видеозапись;01.10.2022\n', { mode: 'valid_only' });
    expect(resources).toMatchObject({ status: 'applied', rowsTotal: 2, rowsRejected: 1 });
    expect(resources.errors.map((e) => [e.row, e.column, e.value, e.message])).toEqual([
      [2, 'Дата публикации', '01.05.2022', 'Ресурс уже использовали 01.03.2022, раньше этой даты публикации: проверьте дату, особенно год'],
    ]);
    expect(await db.one("SELECT published_on FROM resources WHERE code = 'R1'")).toEqual({ published_on: '2022-03-01' });
  });

  it('an event marked «Удалить: да» is deleted, a rollback brings it back; one with trainees or unknown is refused', async () => {
    const header = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану;Удалить\n';
    const stored = await db.one("SELECT * FROM events WHERE code = 'E4'");
    const result = await importText(uploads, 'events.csv', `${header}E4;SP1;Семинар онлайн;10.09.2022;Семинар;Дистанционно;15;да\nE1;SP1;Семинар;10.02.2022;Семинар;Очно;20;да\nE99;SP1;Нет такого;10.02.2022;Семинар;Очно;20;да\nE2;SP1;Вебинар;15.03.2022;Вебинар;Дистанционно;30;нет\n`, { mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'applied', rowsTotal: 4, rowsRejected: 2, inserted: 0, deleted: 1, unchanged: 1 });
    expect(result.errors.map((e) => [e.row, e.column, e.value, e.message])).toEqual([
      [3, 'Удалить', 'да', 'У мероприятия есть участники или анкеты: удалить его нельзя, пока они есть в базе'],
      [4, 'Удалить', 'да', 'Мероприятия с этим кодом в базе нет: удалять нечего'],
    ]);
    expect(await db.all("SELECT code FROM events WHERE code IN ('E1', 'E2', 'E4') ORDER BY code")).toEqual([{ code: 'E1' }, { code: 'E2' }]);
    await uploads.rollback(result.id);
    expect(await db.one("SELECT * FROM events WHERE code = 'E4'")).toEqual(stored);
    // One file writing and deleting an event: refused, not written to be deleted.
    const both = await importText(uploads, 'events.csv', `${header}E4;SP1;Семинар онлайн;10.09.2022;Семинар;Дистанционно;15;да\nE4;SP1;Семинар онлайн;10.09.2022;Семинар;Дистанционно;15;\n`);
    expect(both).toMatchObject({ status: 'rejected', deleted: 0 });
    expect(both.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [2, 'Удалить', 'Та же запись есть в строке 3 без «да» в столбце «Удалить»: записать и удалить её одной загрузкой нельзя — оставьте одну из строк'],
    ]);
  });

  it('rows marked as cancelled in any cell are loaded, and the result names them with how to delete a record', async () => {
    const header = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану;Примечание\n';
    const rows = [
      'E7;SP1;Семинар;10.02.2022;Семинар;Очно;20;отменено', 'E8;SP1;Удалённое обучение;11.02.2022;Семинар;Дистанционно;20;',
      'E9;SP1;ОТМЕНЕНО Мастер-класс;12.02.2022;Мастер-класс;Очно;20;', 'E10;SP1;Вебинар;13.02.2022;Вебинар;Дистанционно;20;перенесено на декабрь',
      'E11;SP1;Практикум;14.02.2022;Практикум;Очно;20;удалено (дубль)',
    ];
    const result = await importText(uploads, 'events.csv', `${header}${rows.join('\n')}\n`);
    expect(result).toMatchObject({ status: 'applied', inserted: 5 });
    expect(result.notes).toContain('В строках 2, 4–6 есть пометки «отменено», «перенесено», «удалено»: эти строки загружены как обычные. '
      + 'Если записи не нужны, удалите их строки из файла, а если они уже в базе — отметьте в их строках «да» в столбце «Удалить» и загрузите файл снова.');
    const one = await importText(uploads, 'events.csv', `${header}E12;SP1;Семинар;15.02.2022;Семинар;Очно;20;Не состоялось\n`);
    expect(one.notes).toContain('В строке 2 есть пометка «не состоялось»: эта строка загружена как обычная. '
      + 'Если запись не нужна, удалите её строку из файла, а если она уже в базе — отметьте в её строке «да» в столбце «Удалить» и загрузите файл снова.');
  });

  it('«не состоялось», «отменено», «перенесено» for an event\'s count are refused saying what to do with its row', async () => {
    const header = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану;Участников фактически\n';
    const rows = [
      'E21;SP1;Семинар 1;12.11.2026;Семинар;Очно;20;не состоялось', 'E22;SP1;Семинар 2;19.11.2026;Семинар;Очно;15;Отменено',
      'E23;SP1;Вебинар;24.11.2026;Вебинар;Дистанционно;30;перенесено (на январь)', 'E24;SP1;Практикум;25.11.2026;Практикум;Очно;отменён;',
      'E25;SP1;Практикум 2;26.11.2026;Практикум;Очно;перенесено;',
    ];
    const result = await importText(uploads, 'events.csv', `${header}${rows.join('\n')}\n`);
    expect(result).toMatchObject({ status: 'rejected', rowsRejected: 5, inserted: 0 });
    const cancelled = 'Если мероприятие не состоялось, удалите его строку из файла, а если оно уже загружено — напишите в его строке «да» в столбце «Удалить» (добавьте такой столбец, если его нет)';
    const postponed = 'Если мероприятие перенесено, укажите в столбце «Дата проведения» новую дату';
    expect(result.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [2, 'Участников фактически', `«не состоялось» вместо числа. ${cancelled} и оставьте эту ячейку пустой`],
      [3, 'Участников фактически', `«Отменено» вместо числа. ${cancelled} и оставьте эту ячейку пустой`],
      [4, 'Участников фактически', `«перенесено (на январь)» вместо числа. ${postponed}, а эту ячейку оставьте пустой, пока мероприятие не пройдёт`],
      [5, 'Участников по плану', `«отменён» вместо числа. ${cancelled}, а здесь оставьте число участников по плану`],
      [6, 'Участников по плану', `«перенесено» вместо числа. ${postponed}, а здесь — число участников по плану`],
    ]);
    // As it says: the stored E4 deleted by its row, its actual count left empty.
    const deleted = await importText(uploads, 'events.csv', `${header.replace('\n', ';Удалить\n')}E4;SP1;Семинар онлайн;10.09.2022;Семинар;Дистанционно;15;;да\n`);
    expect(deleted).toMatchObject({ status: 'applied', deleted: 1, errorCount: 0 });
  });

  it('questionnaires: ratings from 1 to 5 for known events; a re-upload changes nothing', async () => {
    const result = await importFixture(uploads, 'feedback.csv', { mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'applied', dataset: 'feedback', rowsTotal: 4, rowsRejected: 2, inserted: 2 });
    expect(result.errors).toEqual([
      { row: 3, column: 'Оценка', value: '6', message: 'Число больше допустимого (5)' },
      { row: 5, column: 'Код мероприятия', value: 'E99', message: 'Нет такого мероприятия: загрузите его в наборе «Мероприятия»' },
    ]);
    expect(await db.all("SELECT event_code, response_code, rating, comment FROM feedback WHERE upload_id IS NOT NULL ORDER BY ALL")).toEqual([
      { event_code: 'E3', response_code: '8', rating: 4, comment: 'Хорошо, но мало времени' },
      { event_code: 'E4', response_code: '1', rating: 5, comment: null },
    ]);
    expect(await importFixture(uploads, 'feedback.csv', { mode: 'valid_only' })).toMatchObject({ inserted: 0, unchanged: 2 });
  });
});

describe('questionnaires: one per participant of an event held', () => {
  const header = 'Код мероприятия;Номер анкеты;Оценка;Комментарий\n';
  const spelled = 'регистром, похожими русскими/латинскими буквами, буквой O вместо нуля, ведущими нулями, кавычками, дефисами, пробелами или точкой в конце';
  const storedTwin = (code: string) => `Такой номер анкеты уже есть в написании «${code}» (отличается ${spelled}): напишите номер анкеты так же, иначе это будет вторая анкета`;
  const fileTwins = (codes: string) => `Номера анкет одного мероприятия «${codes}» отличаются только ${spelled}: это одна анкета? Напишите номер анкеты одинаково`;
  const responses = () => db.all("SELECT event_code, response_code FROM feedback ORDER BY ALL");

  it('a number written otherwise than a stored one of its event, or than another row of the event, is refused: «001» is questionnaire 1', async () => {
    // E1 holds questionnaires 1 and 2, E2 holds 1 (small region). «2» is E2's own new one; «A1» and
    // a Cyrillic «А1» of E4 and «05» beside «5» of E2 are one questionnaire each, written two ways.
    const rows = ['E1;001;5;', 'E1;0002;4;', 'E2;2;5;', 'E2;05;4;', 'E2;5;4;', 'E4;A1;3;', 'E4;А1;3;', 'E3;1;5;'];
    const result = await importText(uploads, 'feedback.csv', `${header}${rows.join('\n')}\n`, { mode: 'valid_only' });
    expect(result.errors.map((e) => [e.row, e.column, e.value, e.message])).toEqual([
      [2, 'Номер анкеты', '001', storedTwin('1')],
      [3, 'Номер анкеты', '0002', storedTwin('2')],
      [5, 'Номер анкеты', '05', fileTwins('05», «5')],
      [6, 'Номер анкеты', '5', fileTwins('05», «5')],
      [7, 'Номер анкеты', 'A1', fileTwins('A1», «А1')],
      [8, 'Номер анкеты', 'А1', fileTwins('A1», «А1')],
    ]);
    // E2's «2» and E3's «1» (E1's and E2's «1» are other events' questionnaires) are written.
    expect(result).toMatchObject({ status: 'applied', rowsTotal: 8, rowsRejected: 6, inserted: 2 });
    expect(await responses()).toEqual([
      { event_code: 'E1', response_code: '1' }, { event_code: 'E1', response_code: '2' }, { event_code: 'E2', response_code: '1' },
      { event_code: 'E2', response_code: '2' }, { event_code: 'E3', response_code: '1' }, { event_code: 'E3', response_code: '7' },
    ]);
    // The stored numbers as written update their questionnaires.
    expect(await importText(uploads, 'feedback.csv', `${header}E1;1;3;\nE1;2;4;\n`)).toMatchObject({ status: 'applied', errorCount: 0, updated: 1, unchanged: 1 });
  });

  it('an event\'s code of digits loses its leading zeros as a reference does: «007» beside a stored «7» is refused', async () => {
    const events = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\n';
    expect(await importText(uploads, 'events.csv', `${events}7;SP1;Семинар;10.02.2022;Семинар;Очно;20\n`)).toMatchObject({ status: 'applied', inserted: 1 });
    const result = await importText(uploads, 'events.csv', `${events}007;SP1;Семинар;10.02.2022;Семинар;Очно;20\n`);
    expect(result.errors.map((e) => [e.row, e.column, e.value, e.message])).toEqual([
      [2, 'Код мероприятия', '007', `Такой код уже есть в написании «7» (отличается ${spelled}): напишите код так же, иначе это будет вторая запись`],
    ]);
    // A code stored with its hyphen, written without it or with a space: the same event.
    expect(await importText(uploads, 'events.csv', `${events}EV-00001;SP1;Семинар;11.02.2022;Семинар;Очно;20\n`)).toMatchObject({ status: 'applied', inserted: 1 });
    for (const written of ['EV00001', 'EV 00001']) {
      const dashless = await importText(uploads, 'events.csv', `${events}${written};SP1;Семинар;11.02.2022;Семинар;Очно;20\n`);
      expect(dashless.errors.map((e) => [e.row, e.value, e.message])).toEqual([
        [2, written, `Такой код уже есть в написании «EV-00001» (отличается ${spelled}): напишите код так же, иначе это будет вторая запись`],
      ]);
    }
    // Between numbers a hyphen parts them: «1-12» stored, «11-2» is another event.
    expect(await importText(uploads, 'events.csv', `${events}1-12;SP1;Семинар;12.02.2022;Семинар;Очно;20\n`)).toMatchObject({ status: 'applied', inserted: 1 });
    expect(await importText(uploads, 'events.csv', `${events}11-2;SP1;Семинар;12.02.2022;Семинар;Очно;20\n`)).toMatchObject({ status: 'applied', inserted: 1, errorCount: 0 });
    // «O7»: the letter O typed for a zero is a zero among digits.
    expect((await importText(uploads, 'events.csv', `${events}O7;SP1;Семинар;10.02.2022;Семинар;Очно;20\n`)).errors.map((e) => [e.row, e.value, e.message])).toEqual([
      [2, 'O7', `Такой код уже есть в написании «7» (отличается ${spelled}): напишите код так же, иначе это будет вторая запись`],
    ]);
    // A number in a code padded otherwise by another numbering of the same list: «К5-2» beside «К5-02».
    expect(await importText(uploads, 'events.csv', `${events}К5-02;SP1;Мастер-класс;05.11.2022;Мастер-класс;Очно;20\n`)).toMatchObject({ status: 'applied', inserted: 1 });
    expect((await importText(uploads, 'events.csv', `${events}К5-2;SP1;МК «Адаптированная»;06.11.2022;Мастер-класс;Очно;20\n`)).errors.map((e) => [e.row, e.value, e.message])).toEqual([
      [2, 'К5-2', `Такой код уже есть в написании «К5-02» (отличается ${spelled}): напишите код так же, иначе это будет вторая запись`],
    ]);
    // …while a number of its own is another event: «К5-20», «К5-0».
    expect(await importText(uploads, 'events.csv', `${events}К5-20;SP1;Семинар;07.11.2022;Семинар;Очно;20\nК5-0;SP1;Семинар;08.11.2022;Семинар;Очно;20\n`))
      .toMatchObject({ status: 'applied', inserted: 2, errorCount: 0 });
  });

  it('a code that differs from a stored one by look-alike letters of the other alphabet names them: on the screen «K5-01» is «К5-01»', async () => {
    const events = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\n';
    const row = (code: string) => `${code};SP1;Семинар;10.02.2022;Семинар;Очно;20`;
    // Cyrillic «К», «О», «Р» stored.
    expect(await importText(uploads, 'events.csv', `${events}${['К5-01', 'ОР-3'].map(row).join('\n')}\n`)).toMatchObject({ status: 'applied', inserted: 2 });
    const latin = await importText(uploads, 'events.csv', `${events}${['K5-01', 'OP-3'].map(row).join('\n')}\n`);
    expect(latin.errors.map((e) => [e.row, e.value, e.message])).toEqual([
      [2, 'K5-01', 'Такой код уже есть в написании «К5-01» (в файле буква «K» латинская, в базе — русская «К»): напишите код так же, иначе это будет вторая запись'],
      [3, 'OP-3', 'Такой код уже есть в написании «ОР-3» (в файле буква «O» латинская, в базе — русская «О»; буква «P» латинская, в базе — русская «Р»): '
        + 'напишите код так же, иначе это будет вторая запись'],
    ]);
    // Case alone is seen: the list of what may differ stays.
    expect((await importText(uploads, 'events.csv', `${events}${row('к5-01')}\n`)).errors.map((e) => e.message)).toEqual([
      `Такой код уже есть в написании «К5-01» (отличается ${spelled}): напишите код так же, иначе это будет вторая запись`,
    ]);
  });

  it('an event\'s day corrected a year off its trainees\' start, or moved into another half-year, is written and noted', async () => {
    const events = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\n';
    const event = (day: string) => `${events}E95;SP1;Семинар;${day};Семинар;Очно;20\n`;
    expect(await importText(uploads, 'events.csv', event('05.09.2022'))).toMatchObject({ status: 'applied', inserted: 1 });
    expect(await importText(uploads, 'participations.csv', 'ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала\n'
      + 'N1-95;n1;SP1;E95;стажёр;05.09.2022\nN2-95;n1;SP1;E95;стажёр;12.09.2022\n')).toMatchObject({ status: 'applied', inserted: 2 });
    // Noted, not refused: the stored event and its trainees may both hold the year typed wrong,
    // and a refusal of each would lock the other.
    const typo = await importText(uploads, 'events.csv', event('05.09.2021'));
    expect(typo).toMatchObject({ status: 'applied', updated: 1 });
    expect(typo.notes).toEqual([
      // SP1's status dates from 01.12.2021: the year typed wrong is before it too.
      'Даты раньше присвоения площадке статуса: площадка SP1 — статус с 01.12.2021, а в файле даты с 05.09.2021 (строк: 1). Строки записаны; если год набран с ошибкой (например, 2016 вместо 2026), '
        + 'исправьте его и загрузите файл снова — такая дата продлевает списки периодов и тренды всего региона назад. Строки прежнего срока статуса площадки верны.',
      'Мероприятия перенесены в другое полугодие: E95 (05.09.2022 → 05.09.2021). Показатели обоих полугодий пересчитаны; если дата набрана с ошибкой (особенно год), исправьте её и загрузите файл снова.',
      'Новая дата проведения дальше чем на 300 дней от начала стажировки записанных участников: E95 (05.09.2021; участники с 05.09.2022). Участие начинается в учебный год мероприятия: '
        + 'если год набран с ошибкой в этом файле, исправьте дату и загрузите его снова; если верна новая дата, исправьте даты начала участников в наборе «Участие педагогов».',
    ]);
    // Put right again; then a day within the half-year says nothing.
    expect(await importText(uploads, 'events.csv', event('05.09.2022'))).toMatchObject({ status: 'applied', updated: 1 });
    expect(await importText(uploads, 'events.csv', event('06.09.2022'))).toMatchObject({ status: 'applied', updated: 1, notes: [] });
    const moved = await importText(uploads, 'events.csv', event('10.01.2023'));
    expect(moved).toMatchObject({ status: 'applied', updated: 1 });
    expect(moved.notes).toEqual(['Мероприятия перенесены в другое полугодие: E95 (06.09.2022 → 10.01.2023). Показатели обоих полугодий пересчитаны; если дата набрана с ошибкой (особенно год), исправьте её и загрузите файл снова.']);
  });

  it('an event re-sent with its code as autocorrect writes it («KB–02», “KB-01”, «KB-03.») is the stored one; one stored so before is refused beside the plain code', async () => {
    const events = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\n';
    const row = (code: string) => `${code};SP1;Семинар;10.02.2022;Семинар;Очно;20`;
    expect(await importText(uploads, 'events.csv', `${events}${['KB-01', 'KB-02', 'KB-03'].map(row).join('\n')}\n`)).toMatchObject({ status: 'applied', inserted: 3 });
    const again = await importText(uploads, 'events.csv', `${events}${['“KB-01”', 'KB\u201302', 'KB-03.'].map(row).join('\n')}\n`);
    expect(again).toMatchObject({ status: 'applied', inserted: 0, updated: 0, unchanged: 3 });
    // Stored with its quotes by an upload before codes were read so: the plain code beside it is another spelling.
    await db.run("INSERT INTO events VALUES ('“KB-09”', 'SP1', 'Семинар', DATE '2022-02-10', 'seminar', 'in_person', 20, NULL, NULL)");
    const plain = await importText(uploads, 'events.csv', `${events}${row('KB-09')}\n`);
    expect(plain.errors.map((e) => [e.row, e.value, e.message])).toEqual([
      [2, 'KB-09', `Такой код уже есть в написании «“KB-09”» (отличается ${spelled}): напишите код так же, иначе это будет вторая запись`],
    ]);
  });

  it('a new code as autocorrect writes it is stored as meant: Word\'s dashes as hyphens, no quotes round it, no dot after it', async () => {
    const events = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\n';
    const rows = ['“LT-01”;«SP1»', 'LT\u201302;SP1.', 'LT-03.;SP1', '«LT\u201104»;SP1'].map((codes, i) => `${codes};Семинар ${i + 1};10.02.2022;Семинар;Очно;20`);
    const result = await importText(uploads, 'events.csv', `${events}${rows.join('\n')}\n`);
    expect(result).toMatchObject({ status: 'applied', inserted: 4, notes: [] });
    expect(await db.all("SELECT code, site_code FROM events WHERE code LIKE 'LT%' ORDER BY code")).toEqual(
      ['LT-01', 'LT-02', 'LT-03', 'LT-04'].map((code) => ({ code, site_code: 'SP1' })));
  });

  it('a reference written loosely is read as the code it fits, and the result lists each such code', async () => {
    const result = await importText(uploads, 'trainees.csv',
      'ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала\nN1-50;n1;sр1;;стажёр;01.03.2022\nN2-50;n 2;SP1;;стажёр;01.03.2022\n');
    expect(result).toMatchObject({ status: 'applied', inserted: 2 });
    expect(result.notes).toEqual([
      'Столбец «Код ОО педагога»: коды записаны иначе, чем в справочнике организаций (русские буквы, похожие на латинские, регистр, пробелы, дефисы, буква O вместо нуля или потерянные ведущие нули), и прочитаны как «n1» → «N1», «n 2» → «N2».',
      'Столбец «Код площадки»: коды записаны иначе, чем в справочнике площадок (русские буквы, похожие на латинские, регистр, пробелы, дефисы, буква O вместо нуля или потерянные ведущие нули), и прочитаны как «sр1» (русская буква «р») → «SP1».',
    ]);
  });

  it('codes compared in SQL as references compare them', async () => {
    const { looseCode, looseSql } = await import('../server/ingest/references.js');
    const codes = ['007', '0', '000', 'e1', 'Е1', 'sр 1', 'AB\u00a012', 'ёлка', '0A7', '1.10', ' 42 ', '“KB-01”', 'KB\u201302', 'KB-03.', '«KB-04»', "'KB\u221205'", '2.1.', 'O5O1', 'О5О1', 'SO1', 'OOO', 'К5-02', '0-05', '00-0', 'A00B01', 'SP-2024-005'];
    const rows = await db.all<{ code: string; loose: string }>(`SELECT code, ${looseSql('code')} AS loose FROM unnest(string_split($codes, '|')) t(code)`, { codes: codes.join('|') });
    expect(Object.fromEntries(rows.map((r) => [r.code, r.loose]))).toEqual(Object.fromEntries(codes.map((c) => [c, looseCode(c)])));
    expect(['К5-02', '0-05', '00-0', 'A00B01', 'SP-2024-005', '007'].map(looseCode)).toEqual(['K5-2', '0-5', '0-0', 'A0B1', 'SP2024-5', '7']);
  });

  it('an event held after today has no questionnaires yet; more of them than participants, or an event without its count, is noted', async () => {
    const today = localDay();
    const events = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану;Участников фактически\n';
    const planned = [
      `E20;SP1;Будущий семинар;${formatDate(addDays(today, 1))};Семинар;Очно;20;`,
      `E21;SP1;Сегодняшний семинар;${formatDate(today)};Семинар;Очно;20;1`,
      'E22;SP1;Прошедший без факта;01.10.2022;Семинар;Очно;20;',
    ];
    expect(await importText(uploads, 'events.csv', `${events}${planned.join('\n')}\n`)).toMatchObject({ status: 'applied', inserted: 3 });
    // E1 has 2 participants and questionnaires 1 and 2 stored: a third is one too many.
    const rows = ['E20;1;5;заранее', 'E21;1;5;', 'E21;2;4;', 'E22;1;4;', 'E1;3;5;', 'E2;1;3;Мало практики'];
    const result = await importText(uploads, 'feedback.csv', `${header}${rows.join('\n')}\n`, { mode: 'valid_only' });
    expect(result.errors.map((e) => [e.row, e.column, e.value, e.message])).toEqual([
      [2, 'Код мероприятия', 'E20', `Мероприятие ещё не прошло (оно ${formatDate(addDays(today, 1))}, сегодня ${formatDate(today)}): анкеты заполняют после него — проверьте код мероприятия`],
    ]);
    expect(result).toMatchObject({ status: 'applied', rowsRejected: 1, inserted: 4, unchanged: 1 });
    expect(result.notes).toEqual([
      'Анкет больше, чем участников мероприятия по факту: E1 (анкет 3, участников 2), E21 (анкет 2, участников 1). Анкеты записаны; проверьте, нет ли среди них лишних (другого мероприятия, повторов) и верно ли число участников в наборе «Мероприятия».',
      'У мероприятий не указано, сколько было участников по факту: E22. Анкеты записаны, но сверить их число не с чем — укажите «Участников фактически» в наборе «Мероприятия».',
    ]);
    // Strict: the future event's row refuses the file, nothing is noted.
    expect(await importText(uploads, 'feedback.csv', `${header}E20;2;5;\n`)).toMatchObject({ status: 'rejected', errorCount: 1, notes: [] });
  });
});

describe('duplicate rows, found in DuckDB after staging', () => {
  const header = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану;Участников фактически\n';
  const version = (code: string, actual: string) => `${code};SP1;Семинар;14.11.2023;Семинар;Очно;20;${actual}`;
  const differing = (other: number, columns: string) =>
    `Та же запись (то же значение в столбце «Код мероприятия») в строке ${other} описана иначе (${columns}): какая из строк верна, неизвестно — оставьте одну`;

  it('a row repeated as it is: the first kept and the repeats dropped when only valid rows are asked for', async () => {
    const result = await importText(uploads, 'events.csv', `${header}${version('E7', '12')}\n${version('E8', '5')}\n${version('E7', '12')}\n`, { mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'applied', rowsTotal: 3, rowsRejected: 1, inserted: 2, errorCount: 1 });
    expect(result.errors).toEqual([{ row: 4, column: 'Код мероприятия', value: 'E7', message: 'Повтор строки 2: то же значение в столбце «Код мероприятия» — одна запись не может быть в файле дважды' }]);
    expect(await db.all("SELECT code, actual_participants FROM events WHERE upload_id = $id ORDER BY code", { id: result.id }))
      .toEqual([{ code: 'E7', actual_participants: 12 }, { code: 'E8', actual_participants: 5 }]);
  });

  it('two versions of a record: neither is written (the later may be the correction), each names the other and what differs', async () => {
    const result = await importFixture(uploads, 'duplicate-key.csv', { mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'rejected', rowsTotal: 2, rowsRejected: 2, inserted: 0, errorCount: 2 });
    expect(result.errors).toEqual([
      { row: 2, column: 'Код мероприятия', value: 'E7', message: differing(3, '«Название», «Дата проведения»') },
      { row: 3, column: 'Код мероприятия', value: 'E7', message: differing(2, '«Название», «Дата проведения»') },
    ]);
    expect(await count("events WHERE code = 'E7'")).toBe(0);
  });

  it('an empty cell beside a value is another version too; every row of the key is refused, each naming a row it differs from', async () => {
    const rows = [version('E7', '12'), version('E8', '5'), version('E7', '12'), version('E7', '21'), version('E7', ''), version('E9', '3'), version('E9', '3')];
    const result = await importText(uploads, 'events.csv', `${header}${rows.join('\n')}\n`, { mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'applied', rowsTotal: 7, rowsRejected: 5, inserted: 2, errorCount: 5 });
    const actual = '«Участников фактически»';
    expect(result.errors.map((e) => [e.row, e.value, e.message])).toEqual([
      [2, 'E7', differing(5, actual)],
      [4, 'E7', differing(5, actual)],
      [5, 'E7', differing(2, actual)],
      [6, 'E7', differing(2, actual)],
      [8, 'E9', 'Повтор строки 7: то же значение в столбце «Код мероприятия» — одна запись не может быть в файле дважды'],
    ]);
    expect(await db.all("SELECT code, actual_participants FROM events WHERE upload_id = $id ORDER BY code", { id: result.id }))
      .toEqual([{ code: 'E8', actual_participants: 5 }, { code: 'E9', actual_participants: 3 }]);
  });

  it('strict: the file is refused with the same messages', async () => {
    const result = await importText(uploads, 'events.csv', `${header}${version('E7', '12')}\n${version('E7', '21')}\n${version('E8', '5')}\n${version('E8', '5')}\n`);
    expect(result).toMatchObject({ status: 'rejected', rowsTotal: 4, rowsRejected: 3, inserted: 0 });
    expect(result.errors.map((e) => [e.row, e.message])).toEqual([
      [2, differing(3, '«Участников фактически»')],
      [3, differing(2, '«Участников фактически»')],
      [5, 'Повтор строки 4: то же значение в столбце «Код мероприятия» — одна запись не может быть в файле дважды'],
    ]);
  });

  it('a teacher\'s two versions of a participation name the teacher by the masked cell', async () => {
    const result = await importText(uploads, 'trainees.csv', [
      'СНИЛС;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала;Прошёл стажировку',
      '112-233-445 95;N2;SP1;E1;Стажёр;10.02.2022;да',
      '112 233 445 95;N2;SP1;E1;Стажёр;10.02.2022;нет',
    ].join('\n'));
    const same = 'те же значения в столбцах «СНИЛС», «Код площадки», «Код мероприятия», «Роль», «Дата начала»';
    expect(result.errors).toEqual([
      { row: 2, column: 'СНИЛС', value: '*** *** *** 95', message: `Та же запись (${same}) в строке 3 описана иначе («Прошёл стажировку»): какая из строк верна, неизвестно — оставьте одну` },
      { row: 3, column: 'СНИЛС', value: '*** *** *** 95', message: `Та же запись (${same}) в строке 2 описана иначе («Прошёл стажировку»): какая из строк верна, неизвестно — оставьте одну` },
    ]);
  });
});

describe('rows that are not data, left out and named', () => {
  const header = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану;Участников фактически\n';
  const events = (id: number) => db.all('SELECT code, site_code, title FROM events WHERE upload_id = $id ORDER BY code', { id });
  const required = (row: number, ...columns: string[]) => columns.map((column) => [row, column, 'Обязательное поле не заполнено']);

  it('a site\'s subtotal after its code, without an event\'s: a totals row, as the final «Всего» is', async () => {
    const rows = [
      'E80;SP1;Семинар 1;01.11.2023;Семинар;Очно;20;18', 'E81;SP1;Семинар 2;02.11.2023;Семинар;Очно;20;18', ';SP1;Итого по площадке;;;;40;36',
      'E82;SP3;Семинар 3;03.11.2023;Семинар;Очно;10;9', ';SP3;ИТОГО:;;;;10;9', ';;;;;Всего;50;45',
    ];
    const result = await importText(uploads, 'events.csv', `${header}${rows.join('\n')}\n`);
    expect(result).toMatchObject({ status: 'applied', rowsTotal: 3, inserted: 3, errorCount: 0 });
    expect(result.notes).toEqual(['Пропущены строки итогов: строки 4, 6, 7.']);
    expect(await events(result.id)).toEqual([
      { code: 'E80', site_code: 'SP1', title: 'Семинар 1' }, { code: 'E81', site_code: 'SP1', title: 'Семинар 2' }, { code: 'E82', site_code: 'SP3', title: 'Семинар 3' },
    ]);
  });

  it('a row under the table\'s grand total is refused; a total over its rows, groups\' totals and a table pasted under the first are not', async () => {
    const event = (code: string) => `${code};SP1;Семинар ${code};01.11.2023;Семинар;Очно;20;18`;
    const under = await importText(uploads, 'events.csv', `${header}${[event('E80'), event('E81'), 'Итого;;;;;;40;36', ';;;;;;;', event('E84'), ';;;;;;;', '* данные уточняются'].join('\n')}\n`, { mode: 'valid_only' });
    expect(under).toMatchObject({ status: 'applied', rowsTotal: 3, rowsRejected: 1, inserted: 2 });
    expect(under.errors.map((e) => [e.row, e.column, e.message])).toEqual([[6, '', 'Строка стоит под строкой итогов таблицы (строка 4), а строки под итогом в таблицу не входят: '
      + 'если строка не нужна, удалите её; если нужна — перенесите её выше строки итогов и загрузите файл снова']]);
    expect(under.notes).toEqual(['Пропущены строки итогов: строка 4.', 'Пропущены строки под таблицей (подписи, примечания): строка 8.']);
    expect(await events(under.id)).toEqual([{ code: 'E80', site_code: 'SP1', title: 'Семинар E80' }, { code: 'E81', site_code: 'SP1', title: 'Семинар E81' }]);
    // «Всего» over the rows it sums; each group's «Итого» under its rows; the header again, a second table under the first.
    for (const [rows, total] of [
      [['ВСЕГО:;;;;;;40;36', event('E80'), event('E81')], 'строка 2'],
      [[event('E80'), 'Итого;;;;;;20;18', event('E81'), 'Итого;;;;;;20;18'], 'строки 3, 5'],
      [[event('E80'), 'Итого;;;;;;20;18', header.trim(), event('E81')], 'строка 3'],
    ] as const) {
      const result = await importText(uploads, 'events.csv', `${header}${rows.join('\n')}\n`);
      expect(result, rows.join(' / ')).toMatchObject({ status: 'applied', rowsTotal: 2, errorCount: 0 });
      expect(result.notes).toContain(`Пропущены строки итогов: ${total}.`);
    }
  });

  it('a comment over several lines with «;» in them, quoted as it should be, is one cell of one row', async () => {
    const header = 'Код мероприятия;Номер анкеты;Оценка;Комментарий\n';
    const comment = 'Плюсы: практика; обсуждение; кейсы; раздаточный материал\nМинусы: мало времени; душно; нет перерыва; поздно';
    const result = await importText(uploads, 'feedback.csv', `${header}E1;31;5;"${comment}"\nE1;32;4;\n`);
    expect(result).toMatchObject({ status: 'applied', inserted: 2, errorCount: 0 });
    expect(await db.all("SELECT comment FROM feedback WHERE response_code = '31'")).toEqual([{ comment }]);
  });

  it('a subtotal without its label — numbers and the site\'s code only — is a totals row too; a row short of its code but not of its title is data', async () => {
    const rows = [
      'E80;SP1;Семинар 1;01.11.2023;Семинар;Очно;20;18', 'E81;SP1;Семинар 2;02.11.2023;Семинар;Очно;20;18', ';SP1;;;;;40;36',
      ';SP1;Семинар 3;03.11.2023;Семинар;Очно;10;9', ';;;;;;40;',
    ];
    const result = await importText(uploads, 'events.csv', `${header}${rows.join('\n')}\n`, { mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'applied', rowsTotal: 4, inserted: 2, rowsRejected: 2 });
    expect(result.notes).toEqual(['Пропущены строки итогов без подписи (в них только числа и код): строка 4.']);
    // Row 5 is an event without its code; row 6 holds one number: neither sums rows by itself.
    expect(result.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      ...required(5, 'Код мероприятия'),
      ...required(6, 'Код мероприятия', 'Код площадки', 'Название', 'Дата проведения', 'Форма', 'Способ проведения'),
    ]);
  });

  it('a title that begins with «Итого» or «Всего» beside its code is an event; one without its code is a row with an error, not a total', async () => {
    const rows = [
      'E83;SP1;Итого по площадке: круглый стол;01.11.2023;Семинар;Очно;40;36',
      ';SP1;Всего понемногу: мастер-класс;02.11.2023;Мастер-класс;Очно;12;12',
    ];
    const result = await importText(uploads, 'events.csv', `${header}${rows.join('\n')}\n`, { mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'applied', rowsTotal: 2, rowsRejected: 1, inserted: 1, notes: [] });
    expect(result.errors.map((e) => [e.row, e.column, e.message])).toEqual(required(3, 'Код мероприятия'));
    expect(await events(result.id)).toEqual([{ code: 'E83', site_code: 'SP1', title: 'Итого по площадке: круглый стол' }]);
  });

  it('remarks typed under the table past a blank row are notes, each in one cell', async () => {
    const rows = [
      'E84;SP1;Семинар 1;01.11.2023;Семинар;Очно;20;18', 'E85;SP1;Семинар 2;02.11.2023;Семинар;Очно;20;18', ';;;;;;;',
      '* данные уточняются;;;;;;;', 'Справочно: 2 мероприятия перенесены на декабрь;;;;;;;', ';;Дата составления отчёта: 30.11.2023;;;;;',
      'Составил: методист Иванова М.П.;;;;;;;', ';;;;;;;',
    ];
    const result = await importText(uploads, 'events.csv', `${header}${rows.join('\n')}\n`);
    expect(result).toMatchObject({ status: 'applied', rowsTotal: 2, inserted: 2, errorCount: 0 });
    expect(result.notes).toEqual(['Пропущены строки под таблицей (подписи, примечания): строки 5–8.']);
    expect(await events(result.id)).toEqual([{ code: 'E84', site_code: 'SP1', title: 'Семинар 1' }, { code: 'E85', site_code: 'SP1', title: 'Семинар 2' }]);
  });

  it('a remark that reads as a signature line («Примечание: …») over the signature of a table alone is under the table, not between tables', async () => {
    const rows = [
      'E84;SP1;Семинар 1;01.11.2023;Семинар;Очно;20;18', 'E85;SP1;Семинар 2;02.11.2023;Семинар;Очно;20;', ';;;;;;;',
      'Примечание: мероприятие E85 проведено 30 ноября, число участников уточняется;;;;;;;', 'Директор МБОУ СОШ № 5;;;;________;;Кузнецов П.П.;',
    ];
    const result = await importText(uploads, 'events.csv', `${header}${rows.join('\n')}\n`);
    expect(result).toMatchObject({ status: 'applied', rowsTotal: 2, inserted: 2, errorCount: 0 });
    expect(result.notes).toEqual(['Пропущены строки под таблицей (подписи, примечания): строки 5, 6.']);
  });

  it('a protocol\'s signatures under its table — a minister, a commission\'s chair and secretary — are left out; «Решение комиссии» is the result, «не прошла» a refusal', async () => {
    const protocol = 'Протокол заседания конкурсной комиссии;;;;\n;;;;\n№;Год конкурса;Код ОО;Направление;Дата подачи;Решение комиссии\n'
      + '1.;2024;S1;inclusive;10.10.2024;победитель\n2.;2024;S2;inclusive;11.10.2024;не прошла\n;;;;;\n'
      + 'Председатель комиссии;;;_________;;П.П. Петров\nСекретарь;;;_________;;С.С. Сидорова\nМинистр образования области;;;____________;;И.И. Иванов\n';
    const result = await importText(uploads, 'protocol.csv', protocol, { dataset: 'competition_applications' });
    expect(result).toMatchObject({ status: 'applied', inserted: 2, errorCount: 0 });
    expect(result.notes).toContain('Пропущены строки под таблицей (подписи, примечания): строки 7–9.');
    expect(await db.all("SELECT organization_code, outcome FROM competition_applications WHERE year = 2024 ORDER BY organization_code"))
      .toEqual([{ organization_code: 'S1', outcome: 'granted' }, { organization_code: 'S2', outcome: 'rejected' }]);
  });

  it('a list of districts or directions that gives a stored code another name says which it renamed', async () => {
    const directions = await importText(uploads, 'directions.csv', 'Код направления;Направление\ntech;Современные технологии обучения\ninclusive;Инклюзивное  образование\n');
    expect(directions).toMatchObject({ status: 'applied', updated: 2 });
    // Spacing aside, «Инклюзивное  образование» is the stored name.
    expect(directions.notes).toEqual(['Направления переименованы: tech («Современные образовательные технологии» → «Современные технологии обучения»). '
      + 'Новые названия — во всех фильтрах, отчётах и выгрузках; если код указан не тот, откатите загрузку.']);
    const districts = await importText(uploads, 'districts.csv', 'Код района;Район\nnorth;Северный муниципальный округ\n');
    expect(districts.notes).toContain('Районы переименованы: north («Северный район» → «Северный муниципальный округ»). Новые названия — во всех фильтрах, отчётах и выгрузках; если код указан не тот, откатите загрузку.');
  });

  it('a section\'s title typed alone in its row, not merged, over the section\'s rows is left out and named', async () => {
    const rows = [
      // A district's name where an event's code goes, over its sites' events; a title over a title; past a blank row.
      'Северный район;;;;;;;', 'E88;SP1;Семинар 1;01.11.2023;Семинар;Очно;20;18', 'Южный район;;;;;;;', 'Площадки уровня ОО;;;;;;;', ';;;;;;;',
      'E89;SP2;Семинар 2;02.11.2023;Семинар;Очно;10;9', ';;;;;;40;27',
    ];
    const result = await importText(uploads, 'events.csv', `${header}${rows.join('\n')}\n`);
    expect(result).toMatchObject({ status: 'applied', rowsTotal: 2, inserted: 2, errorCount: 0 });
    expect(result.notes).toEqual(['Пропущены строки-заголовки разделов: строки 2, 4, 5.', 'Пропущены строки итогов без подписи (в них только числа и код): строка 8.']);
    expect(await events(result.id)).toEqual([{ code: 'E88', site_code: 'SP1', title: 'Семинар 1' }, { code: 'E89', site_code: 'SP2', title: 'Семинар 2' }]);

    // Tables pasted one under another: a title over the header repeated.
    const pasted = await importText(uploads, 'events.csv', `${header}${rows[1]}\nЮжный район;;;;;;;\n${header}${rows[5]}\n`);
    expect(pasted).toMatchObject({ status: 'applied', rowsTotal: 2, errorCount: 0 });
    expect(pasted.notes).toEqual(['Пропущены строки-заголовки разделов: строка 3.', 'Пропущены повторы строки заголовков: строка 4.']);

    // A registry's numbering column: the title stands where the numbers do, and is noted beside merged section titles' rows.
    const organizations = [
      '№ п/п;Код ОО;Полное наименование;Тип ОО;Район;Учебный год;Численность педагогов', 'Северный муниципальный район;;;;;;',
      '1;N7;МБОУ ООШ д. Ивановка;ООШ;Северный район;2023/24;8', '2;N8;МБДОУ детский сад «Колосок»;ДОУ;north;2023/24;6', 'Итого по Северному району;;;;;;14',
    ];
    const registry = await importText(uploads, 'organizations.csv', `${organizations.join('\n')}\n`);
    expect(registry).toMatchObject({ status: 'applied', dataset: 'organizations', rowsTotal: 2, errorCount: 0 });
    expect(registry.notes).toEqual([
      'Не загружены столбцы, которых нет в наборе «Образовательные организации»: «№ п/п».', 'Пропущены строки-заголовки разделов: строка 2.', 'Пропущены строки итогов: строка 5.',
    ]);
    expect(await db.all("SELECT code, district_code FROM organizations WHERE code IN ('N7', 'N8') ORDER BY code"))
      .toEqual([{ code: 'N7', district_code: 'north' }, { code: 'N8', district_code: 'north' }]);
  });

  it('a month\'s name alone in its row, with its year or not, titles the month\'s rows: left out and named; beside a figure it is a row', async () => {
    const numbered = `№ п/п;${header}`;
    const rows = [
      'Сентябрь;;;;;;;;', '1;E91;SP1;Семинар 1;05.09.2023;Семинар;Очно;25;22', 'Итого за сентябрь;;;;;;;25;22',
      'ОКТЯБРЬ 2023 г.;;;;;;;;', '2;E92;SP1;Семинар 2;05.10.2023;Семинар;Очно;20;18', 'ноябрь, 2023 года;;;;;;;;', ';;;;;;;;',
      '3;E93;SP1;Семинар 3;05.11.2023;Семинар;Очно;12;12', 'ВСЕГО: 3 мероприятия;;;;;;;57;52',
    ];
    const result = await importText(uploads, 'events.csv', `${numbered}${rows.join('\n')}\n`);
    expect(result).toMatchObject({ status: 'applied', rowsTotal: 3, inserted: 3, errorCount: 0 });
    expect(result.notes).toEqual([
      'Не загружены столбцы, которых нет в наборе «Мероприятия»: «№ п/п».', 'Пропущены строки-заголовки разделов: строки 2, 5, 7.', 'Пропущены строки итогов: строки 4, 10.',
    ]);
    expect(await events(result.id)).toEqual([
      { code: 'E91', site_code: 'SP1', title: 'Семинар 1' }, { code: 'E92', site_code: 'SP1', title: 'Семинар 2' }, { code: 'E93', site_code: 'SP1', title: 'Семинар 3' },
    ]);

    // A month with a count beside it, or in a column whose value it may be (a title), is a row: its empty cells are errors.
    const other = await importText(uploads, 'events.csv', `${numbered}Сентябрь;;;;;;;25;\n;;;Октябрь;;;;;\n${rows[1]}\n`);
    expect(other).toMatchObject({ status: 'rejected', rowsTotal: 3, rowsRejected: 2 });
    expect(other.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      ...required(2, 'Код мероприятия', 'Код площадки', 'Название', 'Дата проведения', 'Форма', 'Способ проведения'),
      ...required(3, 'Код мероприятия', 'Код площадки', 'Дата проведения', 'Форма', 'Способ проведения', 'Участников по плану'),
    ]);
  });

  it('a row of one value of its column — a code, a title, a choice of the list — or of one text with no row of the table under it is a row: its empty cells are errors', async () => {
    const first = 'E90;SP1;Семинар 1;01.11.2023;Семинар;Очно;20;18';
    const rows = [first, 'E91;;;;;;;', ';;Семинар без кода;;;;;', ';;;;Выезд в ОО;;;', 'E92;SP1;Семинар 2;02.11.2023;Семинар;Очно;20;18', 'Южный район;;;;;;;', 'E93;;;;;;;'];
    const result = await importText(uploads, 'events.csv', `${header}${rows.join('\n')}\n`);
    expect(result).toMatchObject({ status: 'rejected', rowsTotal: 7, rowsRejected: 5, notes: [] });
    expect(result.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      ...required(3, 'Код площадки', 'Название', 'Дата проведения', 'Форма', 'Способ проведения', 'Участников по плану'),
      ...required(4, 'Код мероприятия', 'Код площадки', 'Дата проведения', 'Форма', 'Способ проведения', 'Участников по плану'),
      ...required(5, 'Код мероприятия', 'Код площадки', 'Название', 'Дата проведения', 'Способ проведения', 'Участников по плану'),
      ...required(7, 'Код площадки', 'Название', 'Дата проведения', 'Форма', 'Способ проведения', 'Участников по плану'),
      ...required(8, 'Код площадки', 'Название', 'Дата проведения', 'Форма', 'Способ проведения', 'Участников по плану'),
    ]);
  });

  it('a remark with no blank row above it, or a code under it, a code alone past a blank row: rows of the table, their empty cells errors', async () => {
    const first = 'E86;SP1;Семинар 1;01.11.2023;Семинар;Очно;20;18';
    const unfinished = await importText(uploads, 'events.csv', `${header}${first}\n* данные уточняются;;;;;;;\n`);
    expect(unfinished).toMatchObject({ status: 'rejected', rowsTotal: 2, rowsRejected: 1, notes: [] });
    expect(unfinished.errors.map((e) => [e.row, e.column, e.message])).toEqual(
      required(3, 'Код площадки', 'Название', 'Дата проведения', 'Форма', 'Способ проведения', 'Участников по плану'));
    expect(unfinished.errors[0]?.value).toBe('');

    const below = await importText(uploads, 'events.csv', `${header}${first}\n;;;;;;;\nСправочно: перенесено на декабрь;;;;;;;\nE87;;;;;;;\n`);
    expect(below).toMatchObject({ status: 'rejected', rowsTotal: 3, rowsRejected: 2, notes: [] });
    expect(below.errors.map((e) => e.row)).toEqual([...Array(6).fill(4), ...Array(6).fill(5)]);

    const code = await importText(uploads, 'events.csv', `${header}${first}\n;;;;;;;\nE87;;;;;;;\n`);
    expect(code).toMatchObject({ status: 'rejected', rowsTotal: 2, rowsRejected: 1, notes: [] });
    expect(code.errors.map((e) => [e.row, e.column, e.message])).toEqual(
      required(4, 'Код площадки', 'Название', 'Дата проведения', 'Форма', 'Способ проведения', 'Участников по плану'));
  });
});

describe('resource uses, kept by their natural key without an index (as participations are)', () => {
  const uses = () => db.all("SELECT resource_code, organization_code, used_on FROM resource_uses WHERE teacher_id = $id ORDER BY used_on", { id: storedId('N2-1') });
  const header = 'Код ресурса;ID педагога;Код ОО педагога;Дата использования\n';

  it('a repeat in the file is refused; the same use again updates its row, never adds one; a rollback restores it', async () => {
    const before = await uses();
    const rows = await count('resource_uses');
    expect(before).toEqual([
      { resource_code: 'R1', organization_code: 'N2', used_on: '2022-04-01' },
      { resource_code: 'R1', organization_code: 'N2', used_on: '2022-05-01' },
    ]);
    const repeated = await importText(uploads, 'uses.csv', `${header}R1;N2-1;N2;01.04.2022\nR1;N2-1;N3;01.04.2022\n`);
    expect(repeated).toMatchObject({ status: 'rejected', inserted: 0 });
    // The two rows say two schools: neither is taken.
    const same = 'те же значения в столбцах «Код ресурса», «ID педагога», «Дата использования»';
    expect(repeated.errors.map((e) => [e.row, e.message])).toEqual([
      [2, `Та же запись (${same}) в строке 3 описана иначе («Код ОО педагога»): какая из строк верна, неизвестно — оставьте одну`],
      [3, `Та же запись (${same}) в строке 2 описана иначе («Код ОО педагога»): какая из строк верна, неизвестно — оставьте одну`],
    ]);
    const again = await importText(uploads, 'uses.csv', `${header}R1;N2-1;N2;01.04.2022\nR1;N2-1;N2;01.04.2022\n`);
    expect(again.errors).toEqual([expect.objectContaining({
      row: 3, message: `Повтор строки 2: ${same} — одна запись не может быть в файле дважды`,
    })]);
    // The teacher moved to N3: the use of 1 April is hers at N3 now.
    const moved = await importText(uploads, 'uses.csv', `${header}R1;N2-1;N3;01.04.2022\n`);
    expect(moved).toMatchObject({ status: 'applied', inserted: 0, updated: 1 });
    expect(await uses()).toEqual([{ ...before[0], organization_code: 'N3' }, before[1]]);
    expect(await count('resource_uses')).toBe(rows);
    await uploads.rollback(moved.id);
    expect(await uses()).toEqual(before);
  });
});

describe('the upload\'s record', () => {
  it('says when the import ended, not when its transaction began', async () => {
    // The import's last work in its transaction (its errors) made slow: the end is after it.
    const append = Session.prototype.append;
    let slowDone = 0;
    vi.spyOn(Session.prototype, 'append').mockImplementation(async function (this: Session, table, columns, rows) {
      if (table === 'upload_errors') {
        await new Promise((resolve) => setTimeout(resolve, 400));
        slowDone = Date.now();
      }
      return append.call(this, table, columns, rows);
    });
    const { id } = await importFixture(uploads, 'events-bom.csv');
    const row = await db.one<{ started: number; finished: number }>(
      'SELECT epoch_ms(uploaded_at) AS started, epoch_ms(finished_at) AS finished FROM uploads WHERE id = $id', { id });
    expect(slowDone).toBeGreaterThan(0);
    expect(Number(row!.finished)).toBeGreaterThanOrEqual(slowDone - 5);
    expect(Number(row!.finished) - Number(row!.started)).toBeGreaterThanOrEqual(395);
  });
});

describe('idempotency, updates and rollback', () => {
  const snapshot = () => db.all('SELECT * FROM events ORDER BY code');

  it('re-uploading the same file changes nothing', async () => {
    const first = await importFixture(uploads, 'events-bom.csv');
    const after = await snapshot();
    const second = await importFixture(uploads, 'events-bom.csv');
    expect(second).toMatchObject({ status: 'applied', inserted: 0, updated: 0, unchanged: 2 });
    expect(second.sha256).toBe(first.sha256);
    expect(await snapshot()).toEqual(after);
  });

  it('a column missing from the file keeps the stored values', async () => {
    await importFixture(uploads, 'events-bom.csv');
    // events-mixed.csv has no «Участников фактически» column: E5 keeps the actual count it had.
    const result = await importFixture(uploads, 'events-mixed.csv', { mode: 'valid_only' });
    expect(result.status).toBe('applied');
    expect(await db.one("SELECT actual_participants FROM events WHERE code = 'E5'")).toEqual({ actual_participants: 20 });
  });

  it('an empty cell keeps a stored count or mark, said in a note; a new record takes the default; «нет» clears a mark', async () => {
    const events = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану;Участников фактически\n';
    expect(await importText(uploads, 'e.csv', `${events}E50;SP1;Семинар;10.02.2022;Семинар;Очно;20;18\n`)).toMatchObject({ status: 'applied', inserted: 1 });
    const resent = await importText(uploads, 'e.csv', `${events}E50;SP1;Семинар;10.02.2022;Семинар;Очно;25;\nE51;SP1;Практикум;11.02.2022;Практикум;Очно;10;\n`);
    expect(resent).toMatchObject({ status: 'applied', inserted: 1, updated: 1 });
    expect(resent.notes).toContain('Строка 2: ячейки без значения («Участников фактически»: пустые или «—», «н/д») не стёрли то, что записано в базе, — ячейка без значения сохранённое значение не меняет. '
      + 'Чтобы изменить его, напишите новое значение.');
    expect(await db.all("SELECT code, planned_participants, actual_participants FROM events WHERE code IN ('E50', 'E51') ORDER BY code")).toEqual([
      { code: 'E50', planned_participants: 25, actual_participants: 18 },
      { code: 'E51', planned_participants: 10, actual_participants: null },
    ]);
    // Moved to a day to come, its count stays no fact of it: dropped, not kept (a count then written is refused).
    const later = formatDate(addDays(localDay(), 20));
    const moved = await importText(uploads, 'e.csv', `${events}E50;SP1;Семинар;${later};Семинар;Очно;25;\n`);
    expect(moved).toMatchObject({ status: 'applied', updated: 1 });
    // The move to another half-year, and the count it drops, said: no empty cell kept.
    expect(moved.notes).toEqual([
      `Мероприятия перенесены в другое полугодие: E50 (10.02.2022 → ${later}). Показатели обоих полугодий пересчитаны; если дата набрана с ошибкой (особенно год), исправьте её и загрузите файл снова.`,
      'Мероприятия перенесены на день, который ещё не наступил, и записанное число участников по факту снято: E50 (было 18). Оно станет известно после мероприятия; если дата указана неверно, исправьте её и загрузите файл снова.',
    ]);
    expect(await db.one("SELECT actual_participants FROM events WHERE code = 'E50'")).toEqual({ actual_participants: null });

    const trainees = 'ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала;Прошёл стажировку;Сертификат\n';
    const marks = () => db.all("SELECT attended, certificate_issued FROM participations WHERE teacher_id = $id", { id: storedId('N1-50') });
    expect(await importText(uploads, 'p.csv', `${trainees}N1-50;N1;SP1;;стажёр;01.02.2022;да;да\n`)).toMatchObject({ status: 'applied', inserted: 1 });
    const blank = await importText(uploads, 'p.csv', `${trainees}N1-50;N1;SP1;;стажёр;01.02.2022;;\n`);
    expect(blank).toMatchObject({ status: 'applied', inserted: 0, updated: 0, unchanged: 1 });
    expect(blank.notes).toContain('Строка 2: ячейки без значения («Прошёл стажировку», «Сертификат»: пустые или «—», «н/д») не стёрли то, что записано в базе, — ячейка без значения сохранённое значение не меняет. '
      + 'Чтобы изменить его, напишите новое значение (отметку снимает «нет»).');
    expect(await marks()).toEqual([{ attended: true, certificate_issued: true }]);
    // A dash is no value in a yes/no column either, as the note says.
    const dashes = await importText(uploads, 'p.csv', `${trainees}N1-50;N1;SP1;;стажёр;01.02.2022;—;-\n`);
    expect(dashes).toMatchObject({ status: 'applied', updated: 0, unchanged: 1 });
    expect(await marks()).toEqual([{ attended: true, certificate_issued: true }]);
    const no = await importText(uploads, 'p.csv', `${trainees}N1-50;N1;SP1;;стажёр;01.02.2022;да;нет\n`);
    expect(no).toMatchObject({ status: 'applied', updated: 1, notes: [] });
    expect(await marks()).toEqual([{ attended: true, certificate_issued: false }]);
  });

  it('«Нет» or «не сдан» in a report column takes a stored report off; a dash keeps it', async () => {
    const trainees = 'ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала;Отчёт\n';
    const report = async () => (await db.one<{ report_type: string }>('SELECT report_type FROM participations WHERE teacher_id = $id', { id: storedId('N1-51') }))!.report_type;
    const send = (cell: string) => importText(uploads, 'p.csv', `${trainees}N1-51;N1;SP1;;стажёр;01.02.2022;${cell}\n`);
    expect(await send('мини-отчёт')).toMatchObject({ status: 'applied', inserted: 1 });
    expect(await send('—')).toMatchObject({ status: 'applied', unchanged: 1 });
    expect(await report()).toBe('mini');
    for (const none of ['не сдан', 'Нет']) {
      expect(await send('мини-отчёт')).toMatchObject({ status: 'applied' });
      expect(await send(none)).toMatchObject({ status: 'applied', updated: 1 });
      expect(await report()).toBe('none');
    }
  });

  it('an empty ИНН, КПП or ОГРН cell keeps the stored number, said in a note; a number on one year\'s row of a school is its number; a new one replaces it', async () => {
    const header = 'Код ОО;Полное наименование;Тип ОО;Район;ИНН;КПП;ОГРН;Учебный год;Численность педагогов\n';
    const registry = (code: string) => db.all('SELECT inn, kpp, ogrn FROM organizations WHERE code = $code', { code });
    // N1 is stored with ИНН 6901000014, КПП 690101001, ОГРН 1026901000015; N9 is new.
    const blank = await importText(uploads, 'orgs.csv', `${header}N1;Организация N1;Школа;Северный район;;;;2022/23;50\nN9;Организация N9;Школа;Северный район;;;;2022/23;12\n`);
    expect(blank).toMatchObject({ status: 'applied', errorCount: 0, inserted: 2, updated: 0 });
    expect(blank.notes).toContain('Строка 2: ячейки без значения («ИНН», «КПП», «ОГРН»: пустые или «—», «н/д») не стёрли то, что записано в базе, — ячейка без значения сохранённое значение не меняет. '
      + 'Чтобы изменить его, напишите новое значение.');
    expect(await registry('N1')).toEqual([{ inn: '6901000014', kpp: '690101001', ogrn: '1026901000015' }]);
    expect(await registry('N9')).toEqual([{ inn: null, kpp: null, ogrn: null }]);
    // A new ИНН on one of the school's rows is the school's, not another version of it beside a kept one.
    const corrected = await importText(uploads, 'orgs.csv', `${header}N1;Организация N1;Школа;Северный район;6901000021;;;2021/22;40\nN1;Организация N1;Школа;Северный район;;;;2022/23;50\n`);
    expect(corrected).toMatchObject({ status: 'applied', errorCount: 0, updated: 1 });
    expect(corrected.notes).toContain('Строки 2, 3: ячейки без значения («КПП», «ОГРН»: пустые или «—», «н/д») не стёрли то, что записано в базе, — ячейка без значения сохранённое значение не меняет. '
      + 'Чтобы изменить его, напишите новое значение.');
    expect(await registry('N1')).toEqual([{ inn: '6901000021', kpp: '690101001', ogrn: '1026901000015' }]);
    // Two numbers on two rows are two versions of the school, refused as before.
    const two = await importText(uploads, 'orgs.csv', `${header}N1;Организация N1;Школа;Северный район;6901000014;;;2021/22;40\nN1;Организация N1;Школа;Северный район;6901000021;;;2022/23;50\nN1;Организация N1;Школа;Северный район;;;;2023/24;50\n`);
    expect(two).toMatchObject({ status: 'rejected' });
    // The row leaving it empty is neither: it agrees with both.
    expect(two.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [2, 'Код ОО', 'Та же запись в строке 3 описана иначе («ИНН»): значения должны совпадать'],
      [3, 'Код ОО', 'Та же запись в строке 2 описана иначе («ИНН»): значения должны совпадать'],
    ]);
    expect(await registry('N1')).toEqual([{ inn: '6901000021', kpp: '690101001', ogrn: '1026901000015' }]);
  });

  it('a corrected list of a resource\'s authors replaces the stored one; a row without an author keeps it; a rollback restores it', async () => {
    const authors = async (code: string) =>
      (await db.all<{ teacher_id: string }>('SELECT teacher_id FROM resource_authors WHERE resource_code = $code ORDER BY teacher_id', { code })).map((r) => r.teacher_id);
    const stored = await authors('R1');
    expect(stored.sort()).toEqual([storedId('N1-1'), storedId('N1-2')].sort());
    const header = 'Код ресурса;Код площадки;Название ресурса;Вид ресурса;Дата публикации;ID автора;Код ОО автора\n';
    const row = (author: string, organization: string) => `R1;SP1;Рекомендации;Методические рекомендации;01.03.2022;${author};${organization}\n`;
    // N1-1 was a mistake: the list of R1's authors is N1-2 and N3-1.
    const corrected = await importText(uploads, 'resources.csv', header + row('N1-2', 'N1') + row('N3-1', 'N3'));
    expect(corrected).toMatchObject({ status: 'applied', inserted: 1, deleted: 1 });
    expect(await authors('R1')).toEqual([storedId('N1-2'), storedId('N3-1')].sort());
    // The resource named without an author: its authors stay.
    expect(await importText(uploads, 'resources.csv', header + row('', ''))).toMatchObject({ status: 'applied', deleted: 0 });
    expect(await authors('R1')).toEqual([storedId('N1-2'), storedId('N3-1')].sort());
    expect((await uploads.rollback(corrected.id)).status).toBe('rolled_back');
    expect((await authors('R1')).sort()).toEqual(stored.sort());
    // Valid rows only, one of R1's rows refused: the file's list of R1 is not whole, its stored authors stay.
    const partial = await importText(uploads, 'resources.csv', header + row('N1-2', 'N1') + row('N3-1', 'ZZZ'), { mode: 'valid_only' });
    expect(partial).toMatchObject({ status: 'applied', rowsRejected: 1, deleted: 0 });
    expect((await authors('R1')).sort()).toEqual(stored.sort());
  });

  it('a resource\'s authors a file leaves out are removed, and the result names each of them and says how to keep them', async () => {
    const header = 'Код ресурса;Код площадки;Название ресурса;Вид ресурса;Дата публикации;ID автора;Код ОО автора\n';
    const row = (code: string, author: string, organization: string) => `${code};SP1;Рекомендации;Методические рекомендации;01.03.2022;${author};${organization}\n`;
    const first = await importText(uploads, 'resources.csv', header + row('R7', 'N1-5', 'N1'));
    expect(first).toMatchObject({ status: 'applied', inserted: 2, notes: [] });
    // A file of additions: R7's new co-author only, and R1's list without N1-1 (R1 came without an
    // upload). N1-5 is in the file (an author of R1 now), so it is shown masked; N1-1 is not.
    const added = await importText(uploads, 'resources.csv', header + row('R7', 'N3-6', 'N3') + row('R1', 'N1-2', 'N1') + row('R1', 'N1-5', 'N1'));
    expect(added).toMatchObject({ status: 'applied', deleted: 2 });
    expect(added.notes).toEqual([
      'Файл заменил списки авторов ресурсов, и прежние авторы, которых в нём нет, удалены: R1 — автор из «N1»; '
        + `R7 — автор «N*-5» из «N1» (загрузка № ${first.id}). Список авторов ресурса файл заменяет целиком: если файл только дополняет списки, `
        + 'перечислите в нём всех авторов каждого ресурса — и прежних, и новых — и загрузите его снова.',
    ]);
    // The whole list sent again brings the author back, and removes no one.
    const whole = await importText(uploads, 'resources.csv', header + row('R7', 'N3-6', 'N3') + row('R7', 'N1-5', 'N1'));
    expect(whole).toMatchObject({ status: 'applied', inserted: 1, deleted: 0, notes: [] });
  });

  it('a file that changes or deletes what another account uploaded names those records, the upload and its author; one\'s own or unuploaded data is not named', async () => {
    const header = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану;Участников фактически;Удалить\n';
    const row = (code: string, planned: number, actual: number | '', remove = '') => `${code};SP1;Семинар ${code};10.03.2022;Семинар;Очно;${planned};${actual};${remove}\n`;
    const ivanova = { userId: 11, uploadedBy: 'Иванова М. П.' };
    const petrova = { userId: 12, uploadedBy: 'Петрова А. С.' };
    const codes = Array.from({ length: 14 }, (_, i) => `K${String(i + 1).padStart(2, '0')}`);
    const first = await importText(uploads, 'events.csv', header + codes.map((c) => row(c, 20, 10)).join(''), ivanova);
    expect(first).toMatchObject({ status: 'applied', inserted: 14 });
    // Her own correction of K03 (90) names nothing.
    const own = await importText(uploads, 'events.csv', header + row('K03', 20, 90), ivanova);
    expect(own).toMatchObject({ status: 'applied', updated: 1, notes: [] });
    // The colleague's file: K03's count over Ivanova's correction, K01 deleted, E1 (loaded without an upload) changed.
    const colleague = await importText(uploads, 'events.csv', header + row('K03', 20, 95) + row('K01', 20, '', 'да') + 'E1;SP1;Семинар;10.02.2022;Семинар;Очно;20;3;\n', petrova);
    expect(colleague).toMatchObject({ status: 'applied', updated: 2, deleted: 1 });
    const advice = 'В базе теперь значения этого файла: если прежние были верны, согласуйте их с тем, кто их загрузил, и загрузите верные (или откатите эту загрузку, пока после неё не было других).';
    expect(colleague.notes).toEqual([
      `Изменены данные, загруженные другим пользователем: K01 (удалено; загрузка № ${first.id}, Иванова М. П.), K03 (загрузка № ${own.id}, Иванова М. П.). ${advice}`,
    ]);
    // The rest of her list changed by the colleague: ten named, K03 (the colleague's own now) not among them.
    const all = await importText(uploads, 'events.csv', header + codes.slice(1).map((c) => row(c, 25, c === 'K03' ? 95 : 10)).join(''), petrova);
    expect(all).toMatchObject({ status: 'applied', updated: 13 });
    const named = codes.slice(1).filter((c) => c !== 'K03').slice(0, 10).map((c) => `${c} (загрузка № ${first.id}, Иванова М. П.)`);
    expect(all.notes).toEqual([`Изменены данные, загруженные другим пользователем: ${named.join(', ')} и ещё 2. ${advice}`]);
  });

  it('«нет» or «—» where an id or a code may be left empty is no value: no teacher «нет», no organization «—»', async () => {
    const header = 'Код ресурса;Код площадки;Название ресурса;Вид ресурса;Дата публикации;ID автора;Код ОО автора\n';
    const result = await importText(uploads, 'resources.csv', `${header}R9;SP1;Памятка;Методические рекомендации;01.03.2022;нет;—\n`);
    expect(result).toMatchObject({ status: 'applied', errorCount: 0, inserted: 1 });
    expect(await db.all("SELECT count(*)::INTEGER AS n FROM resource_authors WHERE resource_code = 'R9'")).toEqual([{ n: 0 }]);
  });

  it('a district\'s name that another code has is refused: two «Северный район» could not be told apart', async () => {
    const rows = ['north2;Северный район', 'north3;северный  р-н', 'east;Восточный район', 'e1;Новый район', 'e2;Новый район'];
    const result = await importText(uploads, 'districts.csv', `Код района;Район\n${rows.join('\n')}\n`, { mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'applied', rowsRejected: 4, inserted: 1 });
    const stored = 'Район с таким названием уже есть: «Северный район» (код north). Двух с одним названием не различить в фильтрах и файлах: оставьте прежний код или назовите иначе';
    const twins = (codes: string) => `Одно название у кодов «${codes}»: двух с одним названием не различить в фильтрах и файлах. Назовите их по-разному`;
    expect(result.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [2, 'Район', stored], [2, 'Район', twins('north2», «north3')], [3, 'Район', stored], [3, 'Район', twins('north2», «north3')],
      [5, 'Район', twins('e1», «e2')], [6, 'Район', twins('e1», «e2')],
    ]);
    // «Северный муниципальный округ» of an ОКТМО list: the stored «Северный район» renamed, or
    // another district of one name (a city okrug beside a district) — written, and said.
    const okrug = await importText(uploads, 'districts.csv', 'Код района;Район\n28630000;Северный муниципальный округ\n');
    expect(okrug).toMatchObject({ status: 'applied', inserted: 1 });
    expect(okrug.notes).toEqual(['Районы с одним названием, разные по виду: «Северный муниципальный округ» (28630000) и «Северный район» (north). '
      + 'Если это один район (район стал округом), второй не нужен — откатите загрузку и загрузите прежний код с новым названием; районы с одним названием файлы должны называть полностью.']);
    // With both stored, a file's district is the one of the kind it names; a kind neither is gets both suggested.
    const schools = (district: string) => importText(uploads, 'organizations.csv', `Код ОО;Полное наименование;Тип ОО;Район\nN9;Школа № 9;СОШ;${district}\n`);
    expect(await schools('Северный р-н')).toMatchObject({ status: 'applied', inserted: 1 });
    expect(await db.one("SELECT district_code FROM organizations WHERE code = 'N9'")).toEqual({ district_code: 'north' });
    expect(await schools('Северный муниципальный округ')).toMatchObject({ status: 'applied', updated: 1 });
    expect((await schools('г.о. Северный')).errors.map((e) => e.message)).toEqual([
      'Нет такого района в справочнике районов. Возможно, имелось в виду «Северный район» или «Северный муниципальный округ»',
    ]);
    // Renaming a district under its own code is no twin of itself.
    expect(await importText(uploads, 'districts.csv', 'Код района;Район\nnorth;Северный муниципальный район\n')).toMatchObject({ status: 'applied', updated: 1 });
  });

  it('a direction renamed and its old name given to a new one in the same file: no twin of a name the file gives up', async () => {
    const result = await importText(uploads, 'directions.csv', 'Код направления;Направление\ntech;Цифровые образовательные технологии\ntech2;Современные  образовательные технологии\n');
    expect([result.status, result.errors]).toEqual(['applied', []]);
    expect(result.notes).toEqual(['Направления переименованы: tech («Современные образовательные технологии» → «Цифровые образовательные технологии»; прежнее название теперь у кода tech2). '
      + 'Новые названия — во всех фильтрах, отчётах и выгрузках; если код указан не тот, откатите загрузку.']);
    expect(await db.all("SELECT code, name FROM directions WHERE code LIKE 'tech%' ORDER BY code")).toEqual([
      { code: 'tech', name: 'Цифровые образовательные технологии' }, { code: 'tech2', name: 'Современные  образовательные технологии' },
    ]);
    // The old name kept by its code is still a twin.
    const kept = await importText(uploads, 'directions.csv', 'Код направления;Направление\nincl2;Инклюзивное образование\n');
    expect(kept.errors.map((e) => e.message)).toEqual(['Направление с таким названием уже есть: «Инклюзивное образование» (код inclusive). Двух с одним названием не различить в фильтрах и файлах: оставьте прежний код или назовите иначе']);
  });

  it('a school described two ways over its years says which column differs', async () => {
    const header = 'Код ОО;Полное наименование;Тип ОО;Район;Учебный год;Численность педагогов\n';
    const result = await importText(uploads, 'organizations.csv', `${header}N1;Школа № 1;СОШ;Северный район;2022/23;40\nN1;Лицей № 1;СОШ;Северный район;2023/24;42\n`);
    expect(result.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [2, 'Код ОО', 'Та же запись в строке 3 описана иначе («Полное наименование»): значения должны совпадать'],
      [3, 'Код ОО', 'Та же запись в строке 2 описана иначе («Полное наименование»): значения должны совпадать'],
    ]);
  });

  it('each row of a school described two ways names a row that describes it otherwise, never one that agrees with it', async () => {
    const header = 'Код ОО;Полное наименование;Тип ОО;Район;Учебный год;Численность педагогов\n';
    const years = ['Школа № 1;СОШ;Северный район;2022/23;40', 'Школа № 1;СОШ;Северный район;2023/24;41', 'Лицей № 1;СОШ;Северный район;2024/25;42'];
    const result = await importText(uploads, 'organizations.csv', `${header}${years.map((y) => `N1;${y}`).join('\n')}\n`);
    const differs = (row: number) => `Та же запись в строке ${row} описана иначе («Полное наименование»): значения должны совпадать`;
    expect(result.errors.map((e) => [e.row, e.message])).toEqual([[2, differs(4)], [3, differs(4)], [4, differs(2)]]);
  });

  it('a school\'s e-mail given on one year\'s row of its headcounts only is its e-mail: an empty cell contradicts nothing', async () => {
    const header = 'Код ОО;Полное наименование;Тип ОО;Район;Электронная почта;Учебный год;Численность педагогов\n';
    const result = await importText(uploads, 'organizations.csv', `${header}N2;Детский сад;ДОУ;Северный район;;2022/23;12\nN2;Детский сад;ДОУ;Северный район;n2@edu.example;2023/24;14\n`);
    expect([result.status, result.errors]).toEqual(['applied', []]);
    expect(await db.all("SELECT email FROM organizations WHERE code = 'N2'")).toEqual([{ email: 'n2@edu.example' }]);
    expect(await db.all("SELECT school_year, teachers FROM organization_headcounts WHERE organization_code = 'N2' AND school_year >= 2022 ORDER BY school_year"))
      .toEqual([{ school_year: 2022, teachers: 12 }, { school_year: 2023, teachers: 14 }]);
  });

  it('a participation told again with another date or role is written as new, and the result says which rows those are', async () => {
    const header = 'ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала\n';
    // Row 2: N2-1 at E1 began on 10.02.2022 as stored, not 11.02; row 3 is the same as stored; row 4 is new.
    const result = await importText(uploads, 'participations.csv', `${header}N2-1;N2;SP1;E1;Стажёр;11.02.2022\nS2-1;S2;SP1;E1;Стажёр;10.02.2022\nN3-2;N3;SP1;E2;Стажёр;15.03.2022\n`);
    expect(result).toMatchObject({ status: 'applied', inserted: 2 });
    expect(result.notes).toEqual(['Строка 2: педагог уже записан на то же мероприятие с другой ролью или датой начала. Эти строки записаны как новые участия, прежние остались. '
      + 'Если это исправление, удалите прежнее участие: загрузите его строку (с прежними ролью и датой начала) с «да» в столбце «Удалить».']);
    expect(await db.all("SELECT started_on::VARCHAR AS day FROM participations WHERE teacher_id = $id AND event_code = 'E1' ORDER BY day", { id: storedId('N2-1') }))
      .toEqual([{ day: '2022-02-10' }, { day: '2022-02-11' }]);
  });

  it('a participation marked «Удалить: да» is deleted by its whole key, a rollback brings it back; one not stored is refused', async () => {
    const header = 'ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала;Прошёл стажировку;Удалить\n';
    const stored = await db.all('SELECT * FROM participations WHERE teacher_id = $id ORDER BY event_code NULLS FIRST', { id: storedId('N2-2') });
    // Row 2: N2-2's programme enrolment at SP2 (no event) as stored; row 3: N2-1 at E1 began on 10.02, not 11.02;
    // row 4: the same as stored, «нет».
    const rows = ['N2-2;N2;SP2;;Стажёр;10.01.2023;;да', 'N2-1;N2;SP1;E1;Стажёр;11.02.2022;да;да', 'N3-1;N3;SP1;E2;Стажёр;15.03.2022;да;нет'];
    const result = await importText(uploads, 'participations.csv', `${header}${rows.join('\n')}\n`, { mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'applied', rowsTotal: 3, rowsRejected: 1, inserted: 0, updated: 0, deleted: 1, unchanged: 1 });
    expect(result.errors.map((e) => [e.row, e.column, e.value, e.message])).toEqual([[3, 'Удалить', 'да', 'Такого участия в базе нет: удалять нечего']]);
    expect(result.notes).toEqual([]);
    // Her enrolment at E3 (same teacher, same site) stays.
    expect(await db.all('SELECT event_code FROM participations WHERE teacher_id = $id', { id: storedId('N2-2') })).toEqual([{ event_code: 'E3' }]);
    expect(await count('participations')).toBe(6);
    await uploads.rollback(result.id);
    expect(await db.all('SELECT * FROM participations WHERE teacher_id = $id ORDER BY event_code NULLS FIRST', { id: storedId('N2-2') })).toEqual(stored);
    expect(await count('participations')).toBe(7);
    // The same participation written and deleted by one file: which is meant cannot be told.
    const both = await importText(uploads, 'participations.csv', `${header}N2-2;N2;SP2;;Стажёр;10.01.2023;да;нет\nN2-2;N2;SP2;;Стажёр;10.01.2023;;да\n`);
    expect(both).toMatchObject({ status: 'rejected', deleted: 0 });
    expect(both.errors.map((e) => [e.row, e.column, e.value, e.message])).toEqual([
      [3, 'Удалить', 'да', 'Та же запись есть в строке 2 без «да» в столбце «Удалить»: записать и удалить её одной загрузкой нельзя — оставьте одну из строк'],
    ]);
  });

  it('a methodologist deletes participations of her districts\' sites only: another district\'s row refuses the file', async () => {
    const header = 'ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала;Удалить\n';
    const north = { restrict: { datasets: null, districts: ['north'] } };
    // SP2 is hosted in the south.
    const refused = await importText(uploads, 'participations.csv', `${header}N3-1;N3;SP1;E2;Стажёр;15.03.2022;да\nN2-2;N2;SP2;;Стажёр;10.01.2023;да\n`, { ...north, mode: 'valid_only' });
    expect(refused).toMatchObject({ status: 'rejected', deleted: 0 });
    expect(refused.errors.map((e) => [e.row, e.column, e.message])).toEqual([[3, 'Код площадки', 'Строка относится к району «Южный район», а вам доступны только: Северный район']]);
    expect(await count('participations')).toBe(7);
    const mine = await importText(uploads, 'participations.csv', `${header}N3-1;N3;SP1;E2;Стажёр;15.03.2022;да\n`, north);
    expect(mine).toMatchObject({ status: 'applied', deleted: 1 });
    expect(await db.all('SELECT * FROM participations WHERE teacher_id = $id', { id: storedId('N3-1') })).toEqual([]);
  });

  it('a participation told again at another site is noted with the old site and how to delete it; deleting it in the same file says nothing', async () => {
    const header = 'ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала;Удалить\n';
    // The tester's case: N2-2's programme enrolment (no event, 10.01.2023) moved from SP2 to SP3.
    const moved = await importText(uploads, 'participations.csv', `${header}N2-2;N2;SP3;;Стажёр;10.01.2023;\n`);
    expect(moved).toMatchObject({ status: 'applied', inserted: 1 });
    expect(moved.notes).toEqual(['Строка 2: педагог уже записан на то же мероприятие (или программу) в той же роли с той же датой начала, но на другой площадке (SP2). '
      + 'Эти строки записаны как новые участия, прежние остались. Если код площадки исправлен, удалите прежнее участие: '
      + 'загрузите его строку с кодом прежней площадки и «да» в столбце «Удалить».']);
    const removed = await importText(uploads, 'participations.csv', `${header}N2-2;N2;SP2;;Стажёр;10.01.2023;да\n`);
    expect(removed).toMatchObject({ status: 'applied', deleted: 1 });
    expect(await db.all('SELECT site_code, event_code FROM participations WHERE teacher_id = $id ORDER BY event_code NULLS FIRST', { id: storedId('N2-2') }))
      .toEqual([{ site_code: 'SP3', event_code: null }, { site_code: 'SP2', event_code: 'E3' }]);
    // A site's and a date's correction with the wrong rows deleted in one file: no note, no twin days.
    const fixed = await importText(uploads, 'participations.csv',
      `${header}N2-2;N2;SP1;;Стажёр;10.01.2023;\nN2-2;N2;SP3;;Стажёр;10.01.2023;да\nN2-1;N2;SP1;E1;Стажёр;11.02.2022;\nN2-1;N2;SP1;E1;Стажёр;10.02.2022;да\n`);
    expect(fixed).toMatchObject({ status: 'applied', errorCount: 0, inserted: 2, deleted: 2 });
    expect(fixed.notes).toEqual([]);
    expect(await db.all('SELECT site_code, event_code, started_on::VARCHAR AS day FROM participations WHERE teacher_id IN ($a, $b) ORDER BY ALL', { a: storedId('N2-2'), b: storedId('N2-1') }))
      .toEqual([{ site_code: 'SP1', event_code: 'E1', day: '2022-02-11' }, { site_code: 'SP1', event_code: null, day: '2023-01-10' }, { site_code: 'SP2', event_code: 'E3', day: '2023-01-20' }]);
  });

  it('a participation in an event that starts 300 days or more from the event\'s day is refused (a typo in the year)', async () => {
    const header = 'ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала\n';
    // E1 was held on 10.02.2022: a year later, a year earlier, two weeks before (registration),
    // and nine months after (a school year's course joined in its last months: 299 days).
    const rows = ['N3-7;N3;SP1;E1;Стажёр;10.02.2023', 'N3-8;N3;SP1;E1;Стажёр;10.02.2021', 'N3-9;N3;SP1;E1;Стажёр;27.01.2022', 'N3-10;N3;SP1;E1;Стажёр;06.12.2022'];
    const result = await importText(uploads, 'participations.csv', `${header}${rows.join('\n')}\n`, { mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'applied', rowsTotal: 4, rowsRejected: 2, inserted: 2 });
    const far = 'Дата начала далеко от даты мероприятия (10.02.2022): участие в мероприятии начинается в его учебный год — проверьте дату, особенно год';
    expect(result.errors.map((e) => [e.row, e.column, e.value, e.message])).toEqual([
      [2, 'Дата начала', '10.02.2023', far],
      [3, 'Дата начала', '10.02.2021', far],
    ]);
  });

  it('one teacher at one event in one role with two start days (a form sent twice) is refused, not counted twice', async () => {
    const header = 'ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала\n';
    const rows = ['N3-7;N3;SP1;E1;Стажёр;08.02.2022', 'N3-7;N3;SP1;E1;Стажёр;09.02.2022', 'N3-7;N3;SP1;E1;Автор;09.02.2022', 'N3-8;N3;SP1;E1;Стажёр;09.02.2022'];
    const result = await importText(uploads, 'participations.csv', `${header}${rows.join('\n')}\n`, { mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'applied', rowsTotal: 4, rowsRejected: 2, inserted: 2 });
    const twice = 'Педагог записан на это мероприятие в той же роли несколько раз с разными датами начала (08.02.2022, 09.02.2022): у участия в мероприятии одна дата — оставьте одну строку';
    expect(result.errors.map((e) => [e.row, e.column, e.message])).toEqual([[2, 'Дата начала', twice], [3, 'Дата начала', twice]]);
  });

  it('a site\'s or an organization\'s name typed where its code belongs is refused naming the code', async () => {
    const header = 'ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала\n';
    const rows = ['N3-7;организация n3;SP1;E1;Стажёр;10.02.2022', 'N3-8;N3;Площадка  один;E1;Стажёр;10.02.2022', 'N3-9;Организация S1;SP1;E1;Стажёр;10.02.2022'];
    const result = await importText(uploads, 'participations.csv', `${header}${rows.join('\n')}\n`, { restrict: { datasets: null, districts: ['north'] } });
    expect(result.errors.map((e) => [e.row, e.column, e.value, e.message])).toEqual([
      [2, 'Код ОО педагога', 'организация n3', 'Здесь нужен код, а написано название: укажите код «N3»'],
      [3, 'Код площадки', 'Площадка  один', 'Здесь нужен код, а написано название: укажите код «SP1»'],
      // Another district's teacher may train at a north site: her school's code is named too.
      [4, 'Код ОО педагога', 'Организация S1', 'Здесь нужен код, а написано название: укажите код «S1»'],
    ]);
  });

  it('an event copied under a new code, or typed twice in a file under two codes (a form\'s answer sent again «исправлено» too), is named in a note', async () => {
    const header = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\n';
    const stored = await importText(uploads, 'events.csv', `${header}E60;SP1;Семинар «Оценивание»;12.03.2022;Семинар;Очно;20\n`);
    expect(stored).toMatchObject({ status: 'applied', inserted: 1 });
    const note = (pairs: string) => `Мероприятия одной площадки с одной датой и одним названием (пометки «исправлено» не в счёт) под разными кодами: ${pairs}. Если это одно мероприятие, оно посчитано дважды — удалите лишнее строкой с «да» в столбце «Удалить».`;
    // The same title in other capitals and quotes, on the same day at the same site; and two new codes of one event in the file.
    const copied = await importText(uploads, 'events.csv', [
      `${header}E61;SP1;семинар "Оценивание";12.03.2022;Семинар;Очно;20`,
      'E62;SP1;Практикум;13.03.2022;Практикум;Очно;10', 'E63;SP1;Практикум;13.03.2022;Практикум;Очно;10',
      // Another day, another site: other events.
      'E64;SP1;Семинар «Оценивание»;14.03.2022;Семинар;Очно;20', 'E65;SP3;Практикум;13.03.2022;Практикум;Очно;10',
      // A form's answer sent again with its title marked as the correction.
      'E66;SP1;Вебинар по ФГОС;15.03.2022;Вебинар;Дистанционно;30', 'E67;SP1;Вебинар по ФГОС (исправлено);15.03.2022;Вебинар;Дистанционно;30',
      'E68;SP1;Мастер-класс;16.03.2022;Мастер-класс;Очно;12', 'E69;SP1;Мастер-класс, испр.;16.03.2022;Мастер-класс;Очно;12',
    ].join('\n'));
    expect(copied).toMatchObject({ status: 'applied', inserted: 9 });
    expect(copied.notes).toContain(note('(E60, E61), (E62, E63), (E66, E67), (E68, E69)'));
    // The stored event sent again as it is is no new code, and one event sent again is no list: nothing is noted.
    expect((await importText(uploads, 'events.csv', `${header}E60;SP1;Семинар «Оценивание»;12.03.2022;Семинар;Очно;20\n`)).notes).toEqual([]);
  });

  it('a teacher\'s id with a space is told of the space, a phone number is named as one, a name as a name; cells stay masked', async () => {
    const header = 'ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала\n';
    const rows = ['PED 0001;N3;SP1;E1;Стажёр;10.02.2022', '1 001;N3;SP1;E1;Стажёр;10.02.2022', '+7 912 345-67-89;N3;SP1;E1;Стажёр;10.02.2022', 'Иванова А. П.;N3;SP1;E1;Стажёр;10.02.2022'];
    const result = await importText(uploads, 'participations.csv', `${header}${rows.join('\n')}\n`);
    const space = 'В ID педагога пробел: напишите ID без пробелов, как в системе учёта';
    expect(result.errors.map((e) => [e.row, e.column, e.value, e.message])).toEqual([
      [2, 'ID педагога', 'PED **01', space],
      [3, 'ID педагога', '* *01', space],
      [4, 'ID педагога', '+* *** ***-**-89', 'Это номер телефона, а не ID педагога: нужен СНИЛС (в столбце «СНИЛС») или ID педагога из системы учёта'],
      [5, 'ID педагога', 'Иванова А. П.', 'Похоже на ФИО, а не на идентификатор: нужен СНИЛС (в столбце «СНИЛС») или ID педагога из системы учёта'],
    ]);
  });

  it('an organization\'s ИНН, its name with its district\'s, or two codes in one cell are told as such, never resolved', async () => {
    const header = 'ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала\n';
    const row = (id: string, organization: string, site = 'SP1') => `${id};${organization};${site};E1;Стажёр;10.02.2022`;
    const rows = [row('N3-7', '6901000014'), row('N3-8', 'Организация N3 Северного района'), row('N3-9', 'организация «N3», северный р-н'),
      row('N3-10', 'Организация N3 Южного района'), row('N3-11', '"N1; N2"'), row('N3-12', 'N3', 'SP1, SP2'), row('N3-13', '6901000022')];
    const result = await importText(uploads, 'participations.csv', `${header}${rows.join('\n')}\n`);
    expect(result.errors.map((e) => [e.row, e.column, e.value, e.message])).toEqual([
      [2, 'Код ОО педагога', '6901000014', 'Здесь ИНН, а нужен код организации: укажите код «N1»'],
      [3, 'Код ОО педагога', 'Организация N3 Северного района', 'Здесь нужен код, а написано название: укажите код «N3»'],
      [4, 'Код ОО педагога', 'организация «N3», северный р-н', 'Здесь нужен код, а написано название: укажите код «N3»'],
      // Another district's words: the name is not taken for that school's.
      [5, 'Код ОО педагога', 'Организация N3 Южного района', 'Нет такой организации: загрузите её в наборе «Образовательные организации»'],
      [6, 'Код ОО педагога', 'N1; N2', 'В ячейке два кода, а нужен один: на каждую организацию — своя строка'],
      [7, 'Код площадки', 'SP1, SP2', 'В ячейке два кода, а нужен один: на каждую площадку — своя строка'],
      [8, 'Код ОО педагога', '6901000022', 'Нет такой организации: загрузите её в наборе «Образовательные организации»'],
    ]);
    // A branch shares its parent's ИНН: both are named, with their КПП.
    await db.run("UPDATE organizations SET inn = '6901000014', kpp = '690102001', is_branch = true WHERE code = 'N2'");
    const branches = await importText(uploads, 'participations.csv', `${header}${row('N3-7', '6901000014')}\n`);
    expect(branches.errors.map((e) => e.message)).toEqual([
      'Здесь ИНН, а нужен код организации: у этого ИНН несколько организаций (филиалы) — укажите код нужной: «N1» (КПП 690101001), «N2» (КПП 690102001)',
    ]);
  });

  it('a file listing again two or more of a site\'s stored events, and half of them at least, names those it leaves out', async () => {
    const header = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\n';
    // SP1's stored list is E1, E2 and E4: E1 and E4 again (with a new E9), without E2 — E2 is named.
    const result = await importText(uploads, 'events.csv', `${header}E1;SP1;Семинар;10.02.2022;Семинар;Очно;20\nE9;SP1;Круглый стол;20.03.2022;Семинар;Очно;12\nE4;SP1;Семинар онлайн;10.09.2022;Семинар;Дистанционно;15\n`);
    expect(result).toMatchObject({ status: 'applied', inserted: 1, unchanged: 2 });
    expect(result.notes).toEqual(['Файл повторяет мероприятия прежней загрузки, но не все: в базе остались мероприятия тех же площадок из неё, которых в файле нет: E2. Загрузка их не удаляет — проверьте, не пропущены ли они в файле; лишнее мероприятие удаляет его строка с «да» в столбце «Удалить».']);
    // One of them again is a correction, not the list: nothing is said.
    expect((await importText(uploads, 'events.csv', `${header}E1;SP1;Семинар;10.02.2022;Семинар;Очно;22\n`)).notes).toEqual([]);
    // A refused row of E2 is in the file: nothing is said.
    const again = await importText(uploads, 'events.csv', `${header}E1;SP1;Семинар;10.02.2022;Семинар;Очно;20\nE2;SP1;Вебинар;15.03.2022;Вебинар;Очно;-5\nE9;SP1;Круглый стол;20.03.2022;Семинар;Очно;12\nE4;SP1;Семинар онлайн;10.09.2022;Семинар;Дистанционно;15\n`, { mode: 'valid_only' });
    expect(again).toMatchObject({ status: 'applied', rowsRejected: 1 });
    expect(again.notes).toEqual([]);
    // New events only, around stored ones: the file adds to the list and leaves out nothing.
    const added = await importText(uploads, 'events.csv', `${header}E10;SP1;Новое;01.03.2022;Семинар;Очно;20\nE11;SP1;Ещё новое;30.03.2022;Семинар;Очно;12\n`);
    expect(added).toMatchObject({ status: 'applied', inserted: 2 });
    expect(added.notes).toEqual([]);
  });

  it('a corrected version of a site\'s list that leaves out its first or last event names it; a file correcting one event of many names none', async () => {
    const header = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\n';
    // Another district's list of the same site, the same half-year, sent before: not this file's list.
    const other = ['E75;SP3;Круглый стол;01.02.2022;Семинар;Очно;10', 'E76;SP3;Мастер-класс;01.03.2022;Мастер-класс;Очно;10', 'E77;SP3;Конференция;30.04.2022;Конференция;Очно;50'];
    expect(await importText(uploads, 'events.csv', `${header}${other.join('\n')}\n`)).toMatchObject({ status: 'applied', inserted: 3 });
    const events = ['E70;SP3;Семинар;05.02.2022;Семинар;Очно;20', 'E71;SP3;Вебинар;10.03.2022;Вебинар;Дистанционно;30', 'E72;SP3;Практикум;20.04.2022;Практикум;Очно;15'];
    expect(await importText(uploads, 'events.csv', `${header}${events.join('\n')}\n`)).toMatchObject({ status: 'applied', inserted: 3 });
    // The list again without its last event (the tester's «исправленный отчёт»): two of the half-year's three listed again.
    const corrected = await importText(uploads, 'events.csv', `${header}${events.slice(0, 2).join('\n')}\n`);
    expect(corrected.notes).toEqual([expect.stringMatching(/^Файл повторяет мероприятия прежней загрузки, но не все: в базе остались мероприятия тех же площадок из неё, которых в файле нет: E72\. /)]);
    // Without its middle event: named the same way.
    const middle = await importText(uploads, 'events.csv', `${header}${[events[0], events[2]].join('\n')}\n`);
    expect(middle.notes).toEqual([expect.stringMatching(/: E71\. /)]);
    // One event corrected alone: no list sent again, nothing left out.
    const one = await importText(uploads, 'events.csv', `${header}E71;SP3;Вебинар;10.03.2022;Вебинар;Дистанционно;32\n`);
    expect(one).toMatchObject({ status: 'applied', updated: 1 });
    expect(one.notes).toEqual([]);
  });

  it('a school\'s name typed otherwise than stored gets the schools whose name holds its words as suggestions', async () => {
    const header = 'ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала\n';
    // N3 is «Организация N3» (its short name «N3»); «организации n3» has the word in another case, «Организация 3» no such one.
    const result = await importText(uploads, 'participations.csv', `${header}N3-7;организации n3;SP1;E1;Стажёр;10.02.2022\nN3-8;Организация 3;SP1;E1;Стажёр;10.02.2022\n`, { mode: 'valid_only' });
    expect(result.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [2, 'Код ОО педагога', 'Нет такой организации: загрузите её в наборе «Образовательные организации». Возможно, имелось в виду «N3»'],
      [3, 'Код ОО педагога', 'Нет такой организации: загрузите её в наборе «Образовательные организации»'],
    ]);
  });

  it('a direction named by the first words of its name gets that direction as a suggestion', async () => {
    const header = 'Код площадки;Название площадки;Код ОО;Направление;Уровень;Статус присвоен;Статус действует до\n';
    const result = await importText(uploads, 'sites.csv', `${header}SP1;Площадка;N1;Современные;Муниципальная;01.09.2022;31.08.2025\n`);
    expect(result.errors.map((e) => [e.row, e.column, e.value, e.message])).toEqual([
      [2, 'Направление', 'Современные', 'Нет такого направления в справочнике направлений. Возможно, имелось в виду «Современные образовательные технологии»'],
    ]);
  });

  it('headcounts laid out a column per school year are refused, saying how to lay them out', async () => {
    const before = await snapshot();
    const result = await importText(uploads, 'organizations.csv', 'Численность педагогов по данным ОО-1;;;;;\nКод ОО;Полное наименование;Тип ОО;Район;2026/27;2027/28\nN1;Организация N1;Школа;Северный район;41;43\n');
    expect([result.status, result.message]).toEqual(['rejected', 'Столбцы «2026/27», «2027/28» — учебные годы: численность педагогов по годам записывается строками, '
      + 'по одной строке на организацию и учебный год, с годом в столбце «Учебный год». Переложите таблицу так и загрузите её снова; ничего не записано.']);
    expect(await snapshot()).toEqual(before);
  });

  it('more trainees of an organization in a school year than its teachers are written and named: its share would pass 100 %', async () => {
    // N2 has 10 teachers in 2021/22 and one trainee stored (N2-1, E1); ten more of it in the file make 11.
    const rows = Array.from({ length: 10 }, (_, i) => `N2-X${i};N2;SP1;E1;стажёр;10.02.2022;да`);
    const result = await importText(uploads, 'participations.csv', `ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала;Прошёл стажировку\n${rows.join('\n')}\n`);
    expect(result).toMatchObject({ status: 'applied', inserted: 10 });
    expect(result.notes).toContain('Стажёров организации за учебный год больше, чем в ней педагогов по ОО-1: N2 «N2» (стажёров 11 в 2021/22 уч. г., педагогов по ОО-1 10). '
      + 'Участия записаны, но доля прошедших стажировку выйдет больше 100 %: проверьте код ОО педагогов (участники конференции не записаны ли под кодом организации-базы?) '
      + 'и численность педагогов в наборе «Образовательные организации».');
  });

  it('more authors or users of an organization than its teachers, counted up to each school year\'s end, are written and named', async () => {
    // N2 has 10 teachers in 2021/22 and in 2022/23, no authors, and N2-1 as a stored user (01.04.2022).
    const authors = Array.from({ length: 11 }, (_, i) => `R4;SP1;Кейс;Кейс;01.03.2022;N2-A${i};N2`);
    const resources = await importText(uploads, 'resources.csv', `Код ресурса;Код площадки;Название ресурса;Вид ресурса;Дата публикации;ID автора;Код ОО автора\n${authors.join('\n')}\n`);
    expect(resources).toMatchObject({ status: 'applied', errorCount: 0 });
    expect(resources.notes).toContain('Авторов ресурсов из организации больше, чем в ней педагогов по ОО-1: N2 «N2» (авторов 11 к концу 2021/22 уч. г., педагогов по ОО-1 10), '
      + 'N2 «N2» (авторов 11 к концу 2022/23 уч. г., педагогов по ОО-1 10). Ресурсы записаны, но доля педагогов — авторов ресурсов выйдет больше 100 %: '
      + 'проверьте коды ОО авторов и численность педагогов в наборе «Образовательные организации».');
    // Ten new users of October 2022 make 11 with N2-1 (stored, April 2022) by the end of 2022/23, not of 2021/22.
    const users = Array.from({ length: 10 }, (_, i) => `R1;N2-U${i};N2;01.10.2022`);
    const result = await importText(uploads, 'uses.csv', `Код ресурса;ID педагога;Код ОО педагога;Дата использования\n${users.join('\n')}\n`);
    expect(result).toMatchObject({ status: 'applied', inserted: 10 });
    expect(result.notes.filter((n) => n.startsWith('Педагогов организации, использовавших ресурсы'))).toEqual([
      'Педагогов организации, использовавших ресурсы, больше, чем в ней педагогов по ОО-1: N2 «N2» (использовавших ресурсы 11 к концу 2022/23 уч. г., педагогов по ОО-1 10). '
      + 'Использование записано, но доля педагогов, использующих ресурсы, выйдет больше 100 %: '
      + 'проверьте коды ОО педагогов (не записаны ли они под кодом организации-базы площадки?) и численность педагогов в наборе «Образовательные организации».',
    ]);
  });

  it('a headcount below the organization\'s stored trainees of the year is written and named: its share would pass 100 %', async () => {
    // N2 has N2-1 stored as a trainee of 2021/22; two more make three.
    const trainees = await importText(uploads, 'participations.csv', 'ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала\n'
      + 'N2-Y1;N2;SP1;E1;стажёр;10.02.2022\nN2-Y2;N2;SP1;E1;стажёр;10.02.2022\n');
    expect(trainees).toMatchObject({ status: 'applied', inserted: 2 });
    const result = await importText(uploads, 'orgs.csv', 'Код ОО;Полное наименование;Тип ОО;Район;Учебный год;Численность педагогов\n'
      + 'N2;Организация N2;Детский сад;Северный район;2021/22;2\nS2;Организация S2;Лицей;Южный район;2021/22;1\n');
    expect(result).toMatchObject({ status: 'applied', errorCount: 0 });
    expect(result.notes).toContain('Педагогов по ОО-1 меньше, чем стажёров организации за тот же учебный год: строка 2 — N2 (педагогов 2, стажёров в 2021/22 уч. г. 3). '
      + 'Численность записана, но доля прошедших стажировку выйдет больше 100 %: проверьте численность и коды ОО стажёров в наборе «Участие педагогов».');
  });

  it('a headcount below the organization\'s stored resource users by the school year\'s end is written and named', async () => {
    // N2-1 used R1 in April 2022; N2-U1 too: two users of N2 by the end of 2021/22.
    expect(await importText(uploads, 'uses.csv', 'Код ресурса;ID педагога;Код ОО педагога;Дата использования\nR1;N2-U1;N2;01.04.2022\n')).toMatchObject({ status: 'applied', inserted: 1 });
    const result = await importText(uploads, 'orgs.csv', 'Код ОО;Полное наименование;Тип ОО;Район;Учебный год;Численность педагогов\nN2;Организация N2;Детский сад;Северный район;2021/22;1\n');
    expect(result).toMatchObject({ status: 'applied', errorCount: 0 });
    expect(result.notes).toContain('Педагогов по ОО-1 меньше, чем использовавших ресурсы из организации к концу того же учебного года: строка 2 — N2 (педагогов 1, использовавших ресурсы к концу 2021/22 уч. г. 2). '
      + 'Численность записана, но доля педагогов, использующих ресурсы, выйдет больше 100 %: проверьте численность и коды ОО в наборах ресурсов и их использования.');
  });

  it('a corrected list of an event\'s participants that leaves a stored one out names the event: she stays counted', async () => {
    // E1 holds N2-1 and S2-1 (trainees) and N1-3 (tutor), loaded without an upload.
    const header = 'ID педагога;Код ОО педагога;Код площадки;Код мероприятия;Роль;Дата начала;Прошёл стажировку\n';
    const corrected = await importText(uploads, 'participations.csv', `${header}N2-1;N2;SP1;E1;стажёр;10.02.2022;да\nS2-1;S2;SP1;E1;стажёр;10.02.2022;да\n`);
    expect(corrected).toMatchObject({ status: 'applied', errorCount: 0 });
    expect(corrected.notes).toEqual(['Файл повторяет списки участников мероприятий из прежней загрузки, но не полностью: в базе остались участники, которых в файле нет: '
      + 'E1 — нет в файле 1 из 3. Загрузка их не удаляет и они учитываются в показателях; если их не было, удалите их строками с «да» в столбце «Удалить».']);
    // Deleting the one left out leaves nothing unsaid; one participant named again is no corrected list.
    const deleting = await importText(uploads, 'participations.csv', `${header.replace('\n', ';Удалить\n')}N2-1;N2;SP1;E1;стажёр;10.02.2022;да;\nS2-1;S2;SP1;E1;стажёр;10.02.2022;да;\n`
      + 'N1-3;N1;SP1;E1;тьютор;10.02.2022;да;да\n');
    expect([deleting.status, deleting.deleted, deleting.notes]).toEqual(['applied', 1, []]);
    const one = await importText(uploads, 'participations.csv', `${header}N3-1;N3;SP1;E2;стажёр;15.03.2022;да\n`);
    expect(one.notes).toEqual([]);
  });

  it('an organization closed or merged into another is given its day in «Закрыта с»; a file without the column leaves it closed', async () => {
    const header = 'Код ОО;Полное наименование;Тип ОО;Район';
    const closed = await importText(uploads, 'orgs.csv', `${header};Дата реорганизации\nN3;Организация N3;Гимназия;Северный район;31.08.2022\n`);
    expect(closed).toMatchObject({ status: 'applied', updated: 1 });
    const stored = () => db.one("SELECT closed_on::VARCHAR AS closed_on FROM organizations WHERE code = 'N3'");
    expect(await stored()).toEqual({ closed_on: '2022-08-31' });
    expect(await importText(uploads, 'orgs.csv', `${header}\nN3;Организация N3;Гимназия;Северный район\n`)).toMatchObject({ status: 'applied' });
    expect(await stored()).toEqual({ closed_on: '2022-08-31' });
    // No headcount of a school year after it closed.
    const late = await importText(uploads, 'orgs.csv', `${header};Учебный год;Численность педагогов\nN3;Организация N3;Гимназия;Северный район;2023/24;30\n`);
    expect(late.errors.map((e) => [e.column, e.message])).toEqual([['Численность педагогов',
      'Организация закрыта с 31.08.2022: численности педагогов за учебный год, начавшийся после закрытия, быть не может — проверьте учебный год и дату закрытия']]);
  });

  it('a questionnaire, a resource\'s use, an application and a report entered by mistake are deleted by their rows with «да» in «Удалить»', async () => {
    const stored = () => Promise.all([
      db.all("SELECT response_code FROM feedback WHERE event_code = 'E1' ORDER BY 1"),
      db.all("SELECT used_on::VARCHAR AS day FROM resource_uses WHERE resource_code = 'R1' AND organization_code = 'N2' ORDER BY 1"),
      db.all("SELECT organization_code FROM competition_applications WHERE year = 2021 ORDER BY 1"),
      db.all("SELECT year FROM site_reports WHERE site_code = 'SP1' ORDER BY 1"),
    ]);
    const before = await stored();
    const files = [
      ['feedback.csv', 'Код мероприятия;Номер анкеты;Оценка;Комментарий;Удалить\nE1;2;4;;да\nE1;9;5;;да\nE1;3;5;Начало перенесено на час, но всё понравилось;\nE2;1;;;да\n'],
      ['uses.csv', 'Код ресурса;ID педагога;Код ОО педагога;Дата использования;Удалить\nR1;N2-1;N2;01.05.2022;да\nR1;N2-1;N2;02.05.2022;да\n'],
      ['applications.csv', 'Год конкурса;Код ОО;Направление;Дата подачи;Результат;Удалить\n2021;N2;inclusive;11.10.2021;Отказ;да\n'],
      ['reports.csv', 'Код площадки;Год отчёта;Дата сдачи;Удалить\nSP1;2023;20.05.2023;да\nSP3;2022;;да\n'],
    ] as const;
    const results = [];
    for (const [name, text] of files) results.push(await importText(uploads, name, text, { mode: 'valid_only' }));
    expect(results.map((r) => [r.dataset, r.status, r.inserted, r.deleted, r.errors.map((e) => [e.row, e.column, e.message])])).toEqual([
      ['feedback', 'applied', 1, 1, [[3, 'Удалить', 'Такой анкеты в базе нет: удалять нечего'], [5, 'Оценка',
        'Обязательное поле не заполнено: строка с «да» в «Удалить» тоже заполняет все обязательные столбцы — запись находится по ним, как она записана в базе']]],
      ['resource_uses', 'applied', 0, 1, [[3, 'Удалить', 'Такого использования ресурса в базе нет: удалять нечего']]],
      ['competition_applications', 'applied', 0, 1, []],
      ['site_reports', 'applied', 0, 1, [[3, 'Удалить', 'Отчёта этой площадки за этот год в базе нет: удалять нечего']]],
    ]);
    // A comment's «перенесено» marks no row as moved.
    expect(results[0].notes.filter((n) => n.includes('пометк'))).toEqual([]);
    expect(await stored()).toEqual([
      [{ response_code: '1' }, { response_code: '3' }], [{ day: '2022-04-01' }], [{ organization_code: 'N1' }], [{ year: 2022 }],
    ]);
    // Each deletion is rolled back as any change: the newest upload first.
    for (const result of results.reverse()) expect((await uploads.rollback(result.id)).status).toBe('rolled_back');
    expect(await stored()).toEqual(before);
  });

  it('rolls an upload back to exactly the previous state', async () => {
    const before = await snapshot();
    const first = await importFixture(uploads, 'events-bom.csv');
    const afterFirst = await snapshot();
    const second = await importFixture(uploads, 'events-serial-dates.xlsx');
    expect(second.status).toBe('applied');
    await expect(uploads.rollback(first.id)).rejects.toThrow(/только последнюю загрузку/);
    expect((await uploads.rollback(second.id)).status).toBe('rolled_back');
    expect(await snapshot()).toEqual(afterFirst);
    expect((await uploads.rollback(first.id)).status).toBe('rolled_back');
    expect(await snapshot()).toEqual(before);
    await expect(uploads.rollback(first.id)).rejects.toThrow(/только применённую/);
  });

  it('a rollback waits for the imports queued before it and is judged after them', async () => {
    const first = await importFixture(uploads, 'events-bom.csv');
    // The later upload of the same dataset is still queued or processing when the rollback arrives.
    const later = await submitFixture(uploads, 'events-serial-dates.xlsx');
    await expect(uploads.rollback(first.id)).rejects.toThrow(/только последнюю загрузку/);
    expect(await uploads.get(later)).toMatchObject({ status: 'applied' });
    expect(await db.one("SELECT count(*) AS n FROM events WHERE code IN ('E5', 'E6')")).toEqual({ n: 2 });
  });

  it('a checkpoint runs in turn with the imports and rollbacks, never beside them', async () => {
    // A crash during a checkpoint that runs beside a writing transaction can damage the file
    // (DuckDB bugs fixed upstream in 2026): each piece of work must end before the next begins.
    const events: string[] = [];
    const traced = <A extends unknown[], T>(name: string, run: (...args: A) => Promise<T>) => async (...args: A): Promise<T> => {
      events.push(name);
      try {
        return await run(...args);
      } finally {
        events.push(`${name} done`);
      }
    };
    const session = traced('write', db.session.bind(db)) as typeof db.session;
    const checkpoint = traced('checkpoint', db.checkpointInTurn.bind(db));
    vi.spyOn(db, 'session').mockImplementation(session);
    vi.spyOn(db, 'checkpointInTurn').mockImplementation(checkpoint);

    const first = await submitFixture(uploads, 'events-bom.csv');
    const asked = db.checkpoint(); // asked for (by an administrator's change) while the import runs
    const rolledBack = uploads.rollback(first);
    const later = await submitFixture(uploads, 'events-serial-dates.xlsx');
    expect(await asked).toBe(true);
    expect(await rolledBack).toMatchObject({ status: 'rolled_back' });
    await db.turnsDone();
    expect(await uploads.get(later)).toMatchObject({ status: 'applied' });
    expect(events).toEqual([
      'write', 'write done', 'checkpoint', 'checkpoint done', // the first import
      'checkpoint', 'checkpoint done', // the one asked for
      'write', 'write done', 'checkpoint', 'checkpoint done', // the rollback
      'write', 'write done', 'checkpoint', 'checkpoint done', // the later import
    ]);
  });

  it('of simultaneous rollbacks of one upload, one rolls back and the others are told it is done', async () => {
    const upload = await importFixture(uploads, 'events-bom.csv');
    const results = await Promise.allSettled([1, 2, 3].map(() => uploads.rollback(upload.id)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason))
      .toEqual([expect.objectContaining({ kind: 'conflict', message: 'Откатить можно только применённую загрузку.' }),
        expect.objectContaining({ kind: 'conflict', message: 'Откатить можно только применённую загрузку.' })]);
    expect(await db.one("SELECT count(*) AS n FROM events WHERE code IN ('E5', 'E6')")).toEqual({ n: 0 });
  });

  it('restores updated rows and re-inserts deleted ones', async () => {
    const before = await db.all('SELECT * FROM plan_item_schedule ORDER BY 1, 2');
    const items = await db.all('SELECT * FROM plan_items ORDER BY code');
    const upload = await importFixture(uploads, 'plan-items.csv');
    expect(await db.one("SELECT status FROM plan_items WHERE code = '1.2'")).toEqual({ status: 'done' });
    await uploads.rollback(upload.id);
    expect(await db.all('SELECT * FROM plan_item_schedule ORDER BY 1, 2')).toEqual(before);
    expect(await db.all('SELECT * FROM plan_items ORDER BY code')).toEqual(items);
  });

  it('a row restored by a rollback still belongs to the upload that inserted it', async () => {
    const schedule = () => db.all('SELECT plan_code, half_year, upload_id FROM plan_item_schedule ORDER BY ALL');
    const before = await schedule();
    const first = await importFixture(uploads, 'plan-items.csv');
    const afterFirst = await schedule();
    expect(afterFirst.filter((r) => r.plan_code === '3.1').map((r) => r.upload_id)).toEqual([first.id, first.id]);
    // The second upload replaces item 3.1's half-years: the first upload's rows are deleted.
    const second = await importFixture(uploads, 'plan-items-rescheduled.csv');
    expect(second).toMatchObject({ status: 'applied', deleted: 1 });
    await uploads.rollback(second.id);
    expect(await schedule()).toEqual(afterFirst);
    await uploads.rollback(first.id);
    expect(await schedule()).toEqual(before);
    expect(await db.one("SELECT count(*) AS n FROM plan_items WHERE code = '3.1'")).toEqual({ n: 0 });
  });

  it('refuses a rollback that would leave other data dangling', async () => {
    const sites = await importFixture(uploads, 'sites-comma.csv');
    const events = await importFixture(uploads, 'events-bom.csv');
    expect(events.status).toBe('applied');
    await db.run("INSERT INTO events VALUES ('E99', 'SP4', 'На новой площадке', DATE '2023-03-01', 'seminar', 'in_person', 5, 5, NULL)");
    await expect(uploads.rollback(sites.id)).rejects.toThrow('Откат невозможен: на добавленные этой загрузкой записи уже ссылаются другие данные («Мероприятия»: 1 запись). Сначала откатите или исправьте их.');
    expect(await count('sites')).toBe(4);
  });

  it('keeps the history with counts and the first errors', async () => {
    await importFixture(uploads, 'unknown-value.csv');
    await importFixture(uploads, 'events-bom.csv');
    const history = await uploads.list();
    expect(history.map((u) => [u.fileName, u.status, u.errorCount, u.canRollback])).toEqual([
      ['events-bom.csv', 'applied', 0, true],
      ['unknown-value.csv', 'rejected', 3, false],
    ]);
    expect(history[0]).toMatchObject({ uploadedBy: 'Тест', dataset: 'events', datasetTitle: 'Мероприятия', mode: 'strict' });
    expect((await uploads.errors(history[1].id)).map((e) => e.row)).toEqual([2, 3, 3]);
  });
});
