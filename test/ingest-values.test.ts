/**
 * Cells and headers as people type them, read by the field's parser or the header matching alone
 * (the corpus holds whole files).
 */
import { describe, expect, it } from 'vitest';
import { closestHeader, DATASETS, detectMapping, locateHeader } from '../web/src/lib/shared/datasets.js';
import { localDay } from '../server/local-day.js';
import { cellAsText, parseCell, parseNumber, readingOf } from '../server/ingest/values.js';

const planned = DATASETS.events.fields.find((f) => f.key === 'planned')!;
const rating = DATASETS.feedback.fields.find((f) => f.key === 'rating')!;
const count = (text: string) => parseCell(planned, text, readingOf(planned, [text]));

describe('number cells of a workbook', () => {
  it('a whole number is read exactly, however many digits; a fraction as Excel shows it', () => {
    // An ОГРН and a questionnaire's id as number cells: 12 significant digits would have made them others.
    expect(cellAsText(1022738782879, 'ogrn')).toBe('1022738782879');
    expect(cellAsText(1733140000104, 'integer')).toBe('1733140000104');
    expect(cellAsText(0.1 * 3 * 100, 'integer')).toBe('30');
    expect(cellAsText(12.5, 'integer')).toBe('12.5');
  });
});

describe('spellings of forms', () => {
  const field = (dataset: keyof typeof DATASETS, key: string) => DATASETS[dataset].fields.find((f) => f.key === key)!;
  it('a school year with its words after it, Word\'s dash, or two digits a year', () => {
    const year = field('organizations', 'school_year');
    for (const text of ['2026/27', '2026/2027 уч. год', '2026/2027 учебный год', '2026–2027', '2026/2027 гг.', '2026/27 уч.г.', '26/27']) {
      expect(parseCell(year, text), text).toEqual({ ok: true, value: 2026 });
    }
    // One year is 2025/26 to some and 2026/27 to others: asked, never guessed.
    for (const text of ['2026', '2026 г.', '2026 год']) {
      expect(parseCell(year, text), text).toEqual({ ok: false, message: 'Один год «2026» вместо учебного года: напишите учебный год полностью — 2025/26 или 2026/27' });
    }
    expect(parseCell(year, '2026/28')).toEqual({ ok: false, message: 'Годы учебного года должны идти подряд (2022/23)' });
    expect(parseCell(year, '26')).toEqual({ ok: false, message: 'Ожидается учебный год вида 2022/23' });
  });

  it('a competition\'s rank instead of its decision is asked about, not met with the whole list', () => {
    const outcome = field('competition_applications', 'outcome');
    const asked = (text: string) => ({ ok: false, message: `«${text}» — не решение о статусе: напишите «Статус присвоен», если статус присвоен, «Отказ», если нет, или «На рассмотрении», если решения ещё нет` });
    for (const text of ['Лауреат', 'лауреат II степени', 'Призёр', 'Участник', 'рекомендована к присвоению']) expect(parseCell(outcome, text), text).toEqual(asked(text));
    expect(parseCell(outcome, 'Победитель')).toEqual({ ok: true, value: 'granted' });
    expect(parseCell(outcome, 'Не определён')).toEqual({ ok: false, message: 'Недопустимое значение; допустимые: Статус присвоен, Отказ, На рассмотрении' });
  });

  it('a name or a title pasted from Word is one line; a comment keeps its lines', () => {
    const name = field('sites', 'name');
    expect(parseCell(name, '"Функциональная грамотность:\r\n  шаг за шагом"')).toEqual({ ok: true, value: '"Функциональная грамотность: шаг за шагом"' });
    expect(parseCell(name, 'Школа\vнаставника\n\nи ученика')).toEqual({ ok: true, value: 'Школа наставника и ученика' });
    expect(parseCell(name, 'Школа\u2028наставника')).toEqual({ ok: true, value: 'Школа наставника' });
    expect(parseCell(field('feedback', 'comment'), 'Понравилось.\nХочу ещё')).toEqual({ ok: true, value: 'Понравилось.\nХочу ещё' });
  });

  it('half-years written out, and a year with its half in brackets', () => {
    const halves = field('plan_items', 'half_years');
    expect(parseCell(halves, 'первое полугодие 2026, 2-е полугодие 2026')).toEqual({ ok: true, value: ['2026-H1', '2026-H2'] });
    expect(parseCell(halves, '2026 (1)')).toEqual({ ok: true, value: ['2026-H1'] });
    expect(parseCell(halves, 'весна 2026')).toEqual({ ok: false, message: 'Не распознаны полугодия «весна 2026»: пишите 2021-H1, 2021-H2 или «1 п/г 2021»' });
  });

  it('a half-year past a three-year plan from now is taken for a typo in the year', () => {
    const halves = field('plan_items', 'half_years');
    const last = Number(localDay().slice(0, 4)) + 3;
    expect(parseCell(halves, `2 п/г ${last}`)).toEqual({ ok: true, value: [`${last}-H2`] });
    expect(parseCell(halves, `1 п/г 2020, 1 п/г ${last + 1}`)).toEqual({
      ok: false, message: `Полугодие 1 п/г ${last + 1} ещё не скоро: план составляется на три года, здесь принимаются полугодия по 2 п/г ${last} — проверьте год`,
    });
  });

  it('a required title or name given as a placeholder is not filled in; an optional text, or a title holding such a mark, is kept', () => {
    const notFilled = (text: string) => ({ ok: false, message: `Не заполнено: «${text}» — это отметка, что значения нет, а не значение; заполните ячейку или удалите строку` });
    const required = [field('events', 'title'), field('resources', 'title'), field('organizations', 'name'), field('plan_items', 'expected_product')];
    for (const f of required) {
      for (const text of ['-', '—', '−', '…', 'н/д', 'Н/Д', 'нет', 'Нет.', 'нет данных', '0', '00', '???', '?', 'б/н', 'отсутствует', 'NULL', 'nan', 'None']) {
        expect(parseCell(f, text), `${f.key}: ${text}`).toEqual(notFilled(text));
      }
      for (const text of ['0+', 'Нет травле', 'Что такое ФГОС?', 'Семинар № 0', '- итоги года']) expect(parseCell(f, text), `${f.key}: ${text}`).toEqual({ ok: true, value: text });
    }
    expect(parseCell(field('feedback', 'comment'), 'нет')).toEqual({ ok: true, value: 'нет' });
    expect(parseCell(field('organizations', 'address'), '-')).toEqual({ ok: true, value: '-' });
  });

  it('a resource\'s kind by the names people give it, where a name is of one kind only', () => {
    const kind = field('resources', 'kind');
    const kinds: [string, string][] = [
      ['Методическое пособие', 'methodical_guide'], ['методичка', 'methodical_guide'], ['Методические указания', 'methodical_guide'],
      ['Технологическая карта', 'lesson_plan'], ['технологическая карта занятия', 'lesson_plan'], ['Видео', 'video'], ['Видеоурок', 'video'],
      ['видеоролик', 'video'], ['Рабочая программа', 'program'], ['программа курса', 'program'], ['Методические рекомендации', 'methodical_guide'],
    ];
    for (const [text, value] of kinds) expect(parseCell(kind, text), text).toEqual({ ok: true, value });
    // A guide or a lesson's plan? An article is none of the kinds.
    for (const text of ['Методическая разработка', 'Статья']) {
      expect(parseCell(kind, text), text).toEqual({
        ok: false, message: 'Недопустимое значение; допустимые: Методические рекомендации, Технологическая карта урока, Видеозапись, Кейс, Программа, Презентация',
      });
    }
  });

  it('a mixed event mode is refused saying to write how most took part; a mode alone is read', () => {
    const mode = field('events', 'mode');
    for (const text of ['смешанный', 'Смешанная', 'гибридный', 'очно/дистанционно', 'очно-дистанционно', 'очно + онлайн', 'Дистанционно, очно', 'очно-заочно']) {
      expect(parseCell(mode, text), text).toEqual({ ok: false, message: 'Смешанный формат: укажите, как участвовало большинство, — Очно или Дистанционно' });
    }
    for (const [text, value] of [['очно', 'in_person'], ['Дистанционно', 'remote'], ['онлайн', 'remote'], ['очная', 'in_person']] as const) {
      expect(parseCell(mode, text), text).toEqual({ ok: true, value });
    }
    expect(parseCell(mode, 'по телефону')).toEqual({ ok: false, message: 'Недопустимое значение; допустимые: Очно, Дистанционно' });
    // Another list says what it always said: «семинар практикум» is a workshop, not a mix.
    expect(parseCell(field('events', 'format'), 'семинар-практикум')).toEqual({ ok: true, value: 'workshop' });
    expect(parseCell(field('events', 'format'), 'семинар/вебинар')).toEqual({ ok: false, message: expect.stringMatching(/^Недопустимое значение; допустимые:/) });
  });

  it('the short forms people write for a choice: «МК», «м/к», «МБДОУ», «д/с», «кейсы», «Презентация (pptx)», «семинар (онлайн)»', () => {
    const cases: [keyof typeof DATASETS, string, string, string][] = [
      ['events', 'format', 'МК', 'master_class'], ['events', 'format', 'м/к', 'master_class'], ['events', 'format', 'семинар (онлайн)', 'seminar'],
      ['organizations', 'org_type', 'МБДОУ', 'kindergarten'], ['organizations', 'org_type', 'д/с', 'kindergarten'], ['organizations', 'org_type', 'МАДОУ', 'kindergarten'],
      ['resources', 'kind', 'кейсы', 'case'], ['resources', 'kind', 'Презентация (pptx)', 'presentation'],
    ];
    for (const [dataset, key, text, value] of cases) expect(parseCell(field(dataset, key), text), text).toEqual({ ok: true, value });
  });

  it('a choice typed with Latin letters among the Russian ones (a keyboard layout switched) is the Russian word; a word all Latin is not', () => {
    // «C» and «O» Latin: the screen shows «Семинар», «Очно», and the list of allowed values would look the same.
    for (const [key, text, value] of [['format', 'Cеминар', 'seminar'], ['mode', 'Oчно', 'in_person'], ['mode', 'OЧНО', 'in_person']] as const) {
      expect(parseCell(field('events', key), text), text).toEqual({ ok: true, value });
    }
    expect(parseCell(field('events', 'format'), 'Ceminar')).toMatchObject({ ok: false, message: expect.stringMatching(/^Недопустимое значение/) });
  });

  it('a level written with «площадка», a rating written out of its scale', () => {
    expect(parseCell(field('sites', 'level'), 'Региональная площадка')).toEqual({ ok: true, value: 'regional' });
    for (const text of ['5 из 5', '4/5']) expect(parseCell(rating, text), text).toEqual({ ok: true, value: Number(text[0]) });
    expect(parseCell(rating, '8 из 10').ok).toBe(false);
  });
});

describe('teacher ids', () => {
  const teacher = DATASETS.participations.fields.find((f) => f.key === 'teacher')!;
  it('«н/а» and «Нет.» are no teacher; a non-breaking hyphen is a hyphen', () => {
    for (const text of ['н/а', 'Нет.']) expect(parseCell(teacher, text), text).toEqual({ ok: false, message: expect.stringMatching(/^Не заполнено: /) });
    expect(parseCell(teacher, '123\u2011456\u2010789 64')).toEqual(parseCell(teacher, '123-456-789 64'));
    expect(parseCell(teacher, '123-456-789 64').ok).toBe(true);
  });
});

describe('yes and no as people answer a column\'s question', () => {
  const field = (dataset: keyof typeof DATASETS, key: string) => DATASETS[dataset].fields.find((f) => f.key === key)!;
  const attended = field('participations', 'attended');
  const certificate = field('participations', 'certificate');
  it('«прошла», «да, прошла», «не прошла» where the internship is asked of; «выдан», «есть» of a certificate', () => {
    for (const text of ['прошла', 'Прошёл', 'прошел', 'прошли', 'прошла стажировку', 'да, прошла', 'Да — прошла', 'да прошла', 'да', '✓']) {
      expect(parseCell(attended, text), text).toEqual({ ok: true, value: true });
    }
    for (const text of ['не прошла', 'Не прошёл', 'не прошла стажировку', 'нет, не прошла', 'нет']) {
      expect(parseCell(attended, text), text).toEqual({ ok: true, value: false });
    }
    for (const text of ['выдан', 'есть', 'получила', 'да, выдан']) expect(parseCell(certificate, text), text).toEqual({ ok: true, value: true });
    for (const text of ['не выдан', 'не получила', 'нет, не выдан']) expect(parseCell(certificate, text), text).toEqual({ ok: true, value: false });
  });

  it('a dash alone — the minus sign «−» (U+2212) of «+/−» too — is no value, as in any column: a stored mark stays (the note says so), «нет» takes it off', () => {
    for (const f of [attended, certificate, field('events', 'remove')]) {
      for (const dash of ['\u2212', '-', '—', '–']) expect(parseCell(f, dash), f.key).toEqual({ ok: true, value: null });
      expect(parseCell(f, '+'), f.key).toEqual({ ok: true, value: true });
      expect(parseCell(f, 'нет'), f.key).toEqual({ ok: true, value: false });
    }
  });

  it('a word of another column, or two answers that disagree, is refused', () => {
    expect(parseCell(attended, 'выдан')).toEqual({ ok: false, message: 'Ожидается «да» или «нет» (также 1/0, true/false, «прошёл»/«не прошёл»)' });
    expect(parseCell(certificate, 'прошла')).toEqual({ ok: false, message: 'Ожидается «да» или «нет» (также 1/0, true/false, «выдан»/«не выдан»)' });
    expect(parseCell(field('events', 'remove'), 'выдан')).toEqual({ ok: false, message: 'Ожидается «да» или «нет» (также 1/0, true/false)' });
    expect(parseCell(field('events', 'remove'), 'есть')).toEqual({ ok: false, message: 'Ожидается «да» или «нет» (также 1/0, true/false)' });
    for (const text of ['да, не прошла', 'нет, прошла', 'нет (не завершила)']) {
      expect(parseCell(attended, text), text).toMatchObject({ ok: false });
    }
  });
});

describe('a СНИЛС a digit short', () => {
  const teacher = DATASETS.participations.fields.find((f) => f.key === 'teacher')!;
  const lostZeros = 'В СНИЛС 10 цифр вместо 11: Excel убрал ведущие нули — сделайте столбец текстовым (Формат ячеек → Текстовый), введите номера заново и сохраните файл снова';
  it('is said to have lost its leading zeros only when they make it a valid one', () => {
    for (const field of [teacher, { ...teacher, snilsOnly: true }]) {
      // 012-345-678 19 kept as a number.
      expect(parseCell(field, '1234567819')).toEqual({ ok: false, message: lostZeros });
    }
    // 012-345-678 10 and 012-345-678 96 are no СНИЛС: a digit is missing, Excel took nothing.
    expect(parseCell({ ...teacher, snilsOnly: true }, '1234567810')).toEqual({ ok: false, message: 'СНИЛС состоит из 11 цифр: 123-456-789 01' });
    expect(parseCell(teacher, '123-456-789 6')).toEqual({ ok: false, message: 'СНИЛС состоит из 11 цифр: 123-456-789 01' });
    expect(parseCell({ ...teacher, snilsOnly: true }, '123456789')).toEqual({ ok: false, message: 'СНИЛС состоит из 11 цифр: 123-456-789 01' });
  });
});

describe('several people in one cell', () => {
  const author = DATASETS.resources.fields.find((f) => f.key === 'author')!;
  const teacher = DATASETS.participations.fields.find((f) => f.key === 'teacher')!;
  const snilsAuthor = { ...author, snilsOnly: true };
  const authors = (what: string) => ({ ok: false, message: `В ячейке ${what}, а нужен один: на каждого автора — своя строка с тем же ресурсом` });

  it('two ids after a comma, a semicolon, a space or on two lines are two authors, each to a row of its own', () => {
    for (const text of ['AUTH-004, AUTH-005', 'AUTH-009; AUTH-010', 'AUTH-011 AUTH-012', 'AUTH-013\nAUTH-014', 'AUTH-015,AUTH-016', 'ivanova@school.ru, petrova@school.ru']) {
      expect(parseCell(author, text), text).toEqual(authors('два ID'));
    }
    expect(parseCell(author, 'AUTH-1; AUTH-2; AUTH-3')).toEqual(authors('три ID'));
    expect(parseCell(teacher, 'T0015, T0016')).toEqual({ ok: false, message: 'В ячейке два ID, а нужен один: на каждого педагога — своя строка' });
  });

  it('two ids joined by «/», «+», «|» or «и» (glued too) are two authors, not one made-up teacher; an id or an address with such a sign alone is one', () => {
    for (const text of ['AUTH-7/AUTH-8', 'AUTH-1+AUTH-2', 'AUTH-1 | AUTH-2', 'AUTH-1 и AUTH-2', 'AUTH-1иAUTH-2', 'PED0101/PED0102', 'ivanova@school.ru/petrova@school.ru']) {
      expect(parseCell(author, text), text).toEqual(authors('два ID'));
    }
    expect(parseCell(author, '112-233-445 95/223-344-556 39')).toEqual(authors('два СНИЛС'));
    expect(parseCell(author, 'ivanova+1@school.ru')).toEqual({ ok: true, value: 'source:ivanova+1@school.ru' });
    expect(parseCell(author, '12/AB34')).toEqual({ ok: true, value: 'source:12/AB34' });
  });

  it('an address as a mail program or a link copies it is the address: «mailto:», angle brackets, a full-width «＠»', () => {
    for (const text of ['ivanova@school5.ru', 'mailto:ivanova@school5.ru', '<ivanova@school5.ru>', '‹Ivanova@School5.ru›', 'ivanova＠school5.ru']) {
      expect(parseCell(teacher, text), text).toEqual({ ok: true, value: 'source:ivanova@school5.ru' });
    }
  });

  it('two СНИЛС, grouped or not, in a СНИЛС column or among ids', () => {
    for (const text of ['112-233-445 95, 223-344-556 39', '112-233-445 95\n223-344-556 39', '112-233-445 95 223-344-556 39', '11223344595;22334455639']) {
      expect(parseCell(snilsAuthor, text), text).toEqual(authors('два СНИЛС'));
      expect(parseCell(author, text), text).toEqual(authors('два СНИЛС'));
    }
  });

  it('one СНИЛС in its groups, a name, a name beside an id are not taken for two ids', () => {
    expect(parseCell(snilsAuthor, '112-233-445 95')).toEqual({ ok: true, value: 'snils:11223344595' });
    expect(parseCell(author, 'СНИЛС 112 233 445 95')).toEqual({ ok: true, value: 'snils:11223344595' });
    expect(parseCell(author, 'Иванова И.И.')).toEqual({ ok: false, message: 'Похоже на ФИО, а не на идентификатор: нужен СНИЛС (в столбце «СНИЛС») или ID педагога из системы учёта' });
    expect(parseCell(author, 'AUTH-004 (Иванова)')).toEqual({ ok: false, message: 'Похоже на ID вместе с ФИО: оставьте в ячейке только ID педагога из системы учёта — ФИО не нужно' });
    // The names of two, after a comma: named as such, not as an id beside a name.
    expect(parseCell(author, 'Иванова А.П., Петров Б.В.')).toEqual({
      ok: false, message: 'Похоже на ФИО нескольких педагогов, а не на идентификаторы: нужен СНИЛС (в столбце «СНИЛС») или ID педагога из системы учёта; на каждого автора — своя строка с тем же ресурсом',
    });
    expect(parseCell(author, '1,12233E+10')).toEqual({ ok: false, message: expect.stringMatching(/^Номер испорчен Excel/) });
  });
});

describe('a school year where one year is stored', () => {
  const reportYear = DATASETS.site_reports.fields.find((f) => f.key === 'year')!;
  const competitionYear = DATASETS.competition_applications.fields.find((f) => f.key === 'year')!;

  it('a report\'s year is the year of its deadline, 15 May: the second year of the school year', () => {
    for (const text of ['2026/27', '2026-2027', '2026–2027', '2026/2027 уч. год', '26/27']) {
      expect(parseCell(reportYear, text), text).toEqual({
        ok: false, message: `Учебный год «${text.replace('–', '-').replace(' уч. год', '')}» вместо года: укажите один год — для 2026/27 это 2027 (отчёт сдают до 15 мая, в конце учебного года)`,
      });
    }
  });

  it('a competition\'s year is the first: it is held in the autumn', () => {
    expect(parseCell(competitionYear, '2026/27')).toEqual({
      ok: false, message: 'Учебный год «2026/27» вместо года: укажите один год — для 2026/27 это 2026 (конкурс проходит осенью, в начале учебного года)',
    });
  });

  it('a year of two digits is asked for in full, naming it; «за 2024 год» is 2024; a count keeps its two digits', () => {
    expect(parseCell(reportYear, '24')).toEqual({ ok: false, message: 'Год из двух цифр («24»): укажите год полностью: 2024' });
    expect(parseCell(competitionYear, '25')).toEqual({ ok: false, message: 'Год из двух цифр («25»): укажите год полностью: 2025' });
    expect(parseCell(competitionYear, '25 г.')).toEqual({ ok: false, message: 'Год из двух цифр («25 г.»): укажите год полностью: 2025' });
    expect(parseCell(reportYear, '99')).toEqual({ ok: false, message: 'Год из двух цифр («99»): укажите год полностью, четырьмя цифрами' });
    for (const text of ['за 2024 год', 'за 2024 г.', 'За 2024', '2024 год']) expect(parseCell(reportYear, text), text).toEqual({ ok: true, value: 2024 });
    expect(parseCell(reportYear, 'за 24 год')).toEqual({ ok: false, message: 'Год из двух цифр («за 24 год»): укажите год полностью: 2024' });
    expect(count('24')).toEqual({ ok: true, value: 24 });
    expect(count('за 2024 год')).toEqual({ ok: false, message: 'Ожидается целое число' });
  });

  it('two years apart are no school year; where the meaning is not clear one year is asked for; a year is a year', () => {
    expect(parseCell(reportYear, '2026-2028')).toEqual({ ok: false, message: 'Два года «2026-2028» вместо одного: укажите один год' });
    expect(parseCell({ ...reportYear, schoolYear: 'ask' }, '2026/27')).toEqual({ ok: false, message: 'Учебный год «2026/27» вместо года: укажите один год' });
    for (const text of ['2027', '2027 г.']) expect(parseCell(reportYear, text), text).toEqual({ ok: true, value: 2027 });
    // A count is no year: a range stays a range.
    expect(count('20-25')).toEqual({ ok: false, message: 'Диапазон «20-25» вместо числа: запишите одно число — сколько было на самом деле' });
  });
});

describe('counts', () => {
  it('a space of any kind separates thousands only before groups of three digits', () => {
    for (const [text, value] of [['1 200', 1200], ['1\u00a0200', 1200], ['1\u202f200', 1200], ['12 000', 12_000], ['100 000', 100_000], ['12,0', 12], ['+10', 10], [' 10 ', 10]] as const) {
      expect(count(text), text).toEqual({ ok: true, value });
    }
    expect(parseNumber('12 000 000')).toBe(12_000_000);
    expect(parseNumber('1 200,5')).toBe(1200.5);
    for (const text of ['25 30', '1 20', '12 0000', '1 2 3', '1200 000']) expect(parseNumber(text), text).toBeNull();
  });

  it('two numbers side by side are one unclear number, never glued together', () => {
    for (const text of ['25 30', '1 20', '12 0000']) {
      expect(count(text), text).toEqual({ ok: false, message: expect.stringMatching(new RegExp(`^Неясное число «${text}»`)) });
    }
  });

  it('a remark in brackets is dropped only when it holds no figure', () => {
    expect(count('12 (чел.)')).toEqual({ ok: true, value: 12 });
    expect(count('1 200 (по списку)')).toEqual({ ok: true, value: 1200 });
    expect(parseCell(rating, '5 (отлично)')).toEqual({ ok: true, value: 5 });
    // A grade that names another figure is refused, in brackets as after a dash: which one did she mean?
    expect(parseCell(rating, '5 (плохо)')).toEqual({ ok: false, message: 'Оценка «5 (плохо)»: число и слово не совпадают — запишите оценку одним числом от 1 до 5' });
    expect(parseCell(rating, '1 — очень плохо')).toEqual({ ok: true, value: 1 });
    expect(parseCell(rating, '3 – удовл.')).toEqual({ ok: true, value: 3 });
    for (const text of ['12 (+3 онлайн)', '10 (+2)', '10 (-1)', '20 (из них 5 онлайн)']) {
      expect(count(text), text).toEqual({ ok: false, message: expect.stringMatching(/^В ячейке число с пояснением .*запишите одно число/) });
    }
  });

  it('the forms read before are read as before', () => {
    expect(count('20 чел.')).toEqual({ ok: true, value: 20 });
    for (const [text, value] of [['22 человека', 22], ['2 человека', 2], ['24 педагога', 24], ['15 участников', 15], ['1 слушатель', 1]] as const) {
      expect(count(text), text).toEqual({ ok: true, value });
    }
    expect(count('1.000')).toMatchObject({ ok: false, message: expect.stringMatching(/^Неоднозначное число/) });
    const column = ['25,000', '1 025,000'];
    expect(column.map((t) => parseCell(planned, t, readingOf(planned, column)))).toEqual([{ ok: true, value: 25 }, { ok: true, value: 1025 }]);
    expect(column.map((t) => parseCell(planned, t, readingOf(planned, column, ';')))).toEqual([{ ok: true, value: 25 }, { ok: true, value: 1025 }]);
    // A file that commas separate is written where a comma parts thousands (Google Sheets, English Excel): «1,000» is as unclear as alone.
    const unclear = { ok: false, message: 'Неоднозначное число «1,000»: это 1000 или 1? Запишите число без разделителя тысяч' };
    expect(parseCell(planned, '1,000', readingOf(planned, ['1,000', '2,000'], ','))).toEqual(unclear);
    // Elsewhere too, unless a number of four digits before the comma proves three decimals: a tab-separated or «;» file, a workbook's text cells.
    for (const delimiter of ['\t', ';', undefined]) expect(parseCell(planned, '1,000', readingOf(planned, ['1,000', '2,000', '25,000'], delimiter)), delimiter).toEqual(unclear);
    expect(parseCell(planned, '1,000', readingOf(planned, ['1,000', '1025,000'], ';'))).toEqual({ ok: true, value: 1 });
  });

  it('«15 пед.» is 15, as «15 педагогов» is', () => {
    for (const [text, value] of [['15 пед.', 15], ['15 пед', 15], ['15пед.', 15]] as const) expect(count(text), text).toEqual({ ok: true, value });
  });

  it('a guess, a range, a number in words or a fraction is refused saying which it is', () => {
    for (const text of ['≈20', '~20', '~ 20', 'около 20', 'более 20', 'не менее 20', '>20', '20+', '20 и более']) {
      expect(count(text), text).toEqual({ ok: false, message: `Приблизительное число «${text}»: запишите точное число цифрами, без знаков и слов «около», «более»` });
    }
    for (const text of ['20-25', '20–25', '20 — 25', 'от 20 до 25', '20...25']) {
      expect(count(text), text).toEqual({ ok: false, message: `Диапазон «${text}» вместо числа: запишите одно число — сколько было на самом деле` });
    }
    for (const text of ['двадцать', 'Пять человек']) {
      expect(count(text), text).toEqual({ ok: false, message: `Число записано словами («${text}»): запишите его цифрами` });
    }
    expect(count('12,5')).toEqual({ ok: false, message: 'Дробное число «12,5»: здесь нужно целое' });
    expect(count('18*')).toEqual({ ok: false, message: 'Число со сноской («18*»): если оно окончательное, запишите его без звёздочки, иначе загрузите, когда данные будут уточнены' });
    // Words that are no number keep the plain message; a negative number is a number.
    expect(count('много')).toEqual({ ok: false, message: 'Ожидается целое число' });
    expect(count('-5')).toEqual({ ok: false, message: 'Число меньше допустимого (0)' });
  });

  it('a percentage is no count: said so, not «Ожидается целое число» nor a fraction', () => {
    for (const text of ['75%', '75 %', '75\u00a0%', '12,5%', '100%']) {
      expect(count(text), text).toEqual({ ok: false, message: `Процент («${text.replace('\u00a0', ' ')}») вместо числа: здесь нужно целое число — само количество, а не доля в процентах` });
    }
    expect(parseCell(rating, '80%')).toEqual({ ok: false, message: 'Процент («80%») вместо числа: здесь нужно целое число — само количество, а не доля в процентах' });
  });

  it('a date with a time after a comma (Moodle) is the date', () => {
    const held = DATASETS.events.fields.find((f) => f.key === 'held_on')!;
    expect(parseCell(held, '10.11.22, 14:23')).toEqual({ ok: true, value: '2022-11-10' });
    expect(parseCell(held, '10.11.2022, 14:23:05')).toEqual({ ok: true, value: '2022-11-10' });
  });

  it('a date as Excel shows a cell formatted «ДД.МММ.ГГ» (and saves it into a CSV) is the date', () => {
    const held = DATASETS.events.fields.find((f) => f.key === 'held_on')!;
    const dates: [string, string][] = [
      ['12.окт.23', '2023-10-12'], ['12-окт-23', '2023-10-12'], ['12 окт 2023', '2023-10-12'], ['12.окт.2023', '2023-10-12'],
      ['12 окт. 2023 г.', '2023-10-12'], ['12.мая.23', '2023-05-12'], ['1.май.24', '2024-05-01'], ['12.сент.23', '2023-09-12'],
      ['05-Дек-23', '2023-12-05'], ['10 октября 2022', '2022-10-10'],
    ];
    for (const [text, value] of dates) expect(parseCell(held, text), text).toEqual({ ok: true, value });
    expect(parseCell(held, '12.окт.45')).toEqual({ ok: false, message: 'Год из двух цифр («45»): укажите год полностью — ДД.ММ.ГГГГ' });
    expect(parseCell(held, '31.фев.23')).toEqual({ ok: false, message: 'Такой даты не существует' });
    // A word that only starts as a month does («декада», «маршрут») is none.
    for (const text of ['5 декада 2023', '5-декада-23', 'маршрут 23']) {
      expect(parseCell(held, text), text).toEqual({ ok: false, message: 'Ожидается дата в виде ДД.ММ.ГГГГ или ГГГГ-ММ-ДД' });
    }
  });

  it('where a month is enough, it is read as Excel abbreviates it and with a two-digit year; elsewhere a month is too little', () => {
    const published = DATASETS.resources.fields.find((f) => f.key === 'published_on')!;
    const held = DATASETS.events.fields.find((f) => f.key === 'held_on')!;
    for (const text of ['сен.23', 'сент. 2023', 'Сен-23', 'сентябрь 23', 'сентябрь 2023', '09.23', '9.23', '09.2023']) {
      expect(parseCell(published, text), text).toEqual({ ok: true, value: '2023-09-01' });
      expect(parseCell(held, text), text).toEqual({ ok: false, message: 'Нужна дата: число, месяц и год (ДД.ММ.ГГГГ) — здесь одного месяца мало' });
    }
    expect(parseCell(published, 'май 24')).toEqual({ ok: true, value: '2024-05-01' });
    expect(parseCell(published, 'сентябрь 45')).toEqual({ ok: false, message: 'Год из двух цифр («45»): укажите год полностью — ДД.ММ.ГГГГ' });
    // «10.12» may be 10 December as well as December 2012; «13.23» is no month. A month-only
    // field's message says a month is enough there.
    for (const text of ['10.12', '13.23', 'осень 2023']) {
      expect(parseCell(published, text), text).toEqual({ ok: false, message: 'Ожидается дата в виде ДД.ММ.ГГГГ или ГГГГ-ММ-ДД, или месяц и год: «сентябрь 2023», 09.2023' });
      expect(parseCell(held, text), text).toEqual({ ok: false, message: 'Ожидается дата в виде ДД.ММ.ГГГГ или ГГГГ-ММ-ДД' });
    }
  });

  it('a plan or a guess in brackets is no count; a US locale\'s number is named as such', () => {
    for (const text of ['20 (план)', '20 (ориентировочно)', '20 (по факту 18)']) {
      expect(count(text), text).toEqual({ ok: false, message: expect.stringMatching(/^В ячейке число с пояснением .*запишите одно число/) });
    }
    expect(count('1,200.00')).toEqual({ ok: false, message: 'Число записано по-американски («1,200.00»): запишите его без разделителя тысяч — 1200' });
    expect(count('1,200.50')).toEqual({ ok: false, message: 'Число записано по-американски («1,200.50»): запишите его без разделителя тысяч — 1200,50' });
  });

  it('full-width digits are the digits they show', () => {
    expect(count('２０')).toEqual({ ok: true, value: 20 });
    expect(count('１ ２００')).toEqual({ ok: true, value: 1200 });
  });
});

const EVENT_HEADER = ['Код мероприятия', 'Код площадки', 'Название', 'Дата проведения', 'Форма', 'Способ проведения', 'Участников по плану', 'Участников фактически'];
const fieldsOf = (headers: string[]) => Object.values(detectMapping(DATASETS.events, headers));

describe('headers', () => {
  it('an explanation in brackets, a unit or a longer spelling of a header does not matter', () => {
    const spellings: [number, string][] = [
      [0, 'Код мероприятия (уникальный)'], [2, 'Название мероприятия (тема)'], [3, 'Дата проведения (ДД.ММ.ГГГГ)'],
      [4, 'Форма (семинар, практикум и т.п.)'], [4, 'Форма проведения мероприятия'], [5, 'Способ проведения (очно/дистанционно)'],
      [5, 'Способ проведения мероприятия'], [6, 'Участников по плану (чел.)'], [1, 'Код площадки [SP1]'],
    ];
    for (const [column, header] of spellings) {
      const headers = EVENT_HEADER.with(column, header);
      expect(fieldsOf(headers), header).toEqual(['code', 'site', 'title', 'held_on', 'format', 'mode', 'planned', 'actual']);
      expect(locateHeader([headers], 'events')?.headers[column], header).toBe(header);
    }
  });

  it('«Участников (план)» and «(факт)», «План участников», «Участников, факт» are the planned and actual counts, in either order', () => {
    const spellings: [string, string][] = [
      ['Участников (план)', 'Участников (факт)'], ['План участников', 'Факт участников'], ['Участников, план', 'Участников, факт'],
      ['Участники (план)', 'Участники (факт)'],
    ];
    const base = EVENT_HEADER.slice(0, 6);
    for (const [plan, fact] of spellings) {
      const planFirst = locateHeader([[...base, plan, fact]], 'events');
      expect(planFirst?.mapping, plan).toMatchObject({ 6: 'planned', 7: 'actual' });
      const factFirst = locateHeader([[...base, fact, plan]], 'events');
      expect(factFirst?.mapping, fact).toMatchObject({ 6: 'actual', 7: 'planned' });
      // The planned count alone is enough; the actual alone is not the plan.
      expect(locateHeader([[...base, plan]], 'events')?.mapping, plan).toMatchObject({ 6: 'planned' });
      expect(locateHeader([[...base, fact]], 'events'), fact).toBeNull();
    }
  });

  it('a school\'s teachers headed as ОО-1 and district forms head them', () => {
    const headers = ['Код ОО', 'Полное наименование', 'Тип', 'Район', 'Учебный год'];
    for (const header of ['Численность педагогических работников', 'Всего педагогических работников', 'Педагогических работников (ОО-1), чел.', 'Кол-во педагогов', 'Количество педагогов, чел.']) {
      expect(detectMapping(DATASETS.organizations, [...headers, header])[5], header).toBe('teachers');
    }
  });

  it('«всего» | «в т.ч. …» under one merged ОО-1 header: the total is the headcount, the part is not', () => {
    const group = 'Численность педагогических работников, чел.';
    const rows = [
      ['Код ОО', 'Полное наименование', 'Тип ОО', 'Район', 'Учебный год', group, group],
      ['Код ОО', 'Полное наименование', 'Тип ОО', 'Район', 'Учебный год', 'всего', 'в т.ч. внешних совместителей'],
      ['TQ01', 'МБОУ СОШ № 101', 'Школа', 'Северный район', '2026/27', '44', '5'],
    ];
    expect(locateHeader(rows, 'organizations')).toMatchObject({
      index: 1, rows: 2, doubts: [], mapping: { 0: 'code', 1: 'name', 2: 'org_type', 3: 'district', 4: 'school_year', 5: 'teachers' },
    });
    // «из них» is a part as well, whichever comes first.
    const [upper, lower] = [rows[0], ['', '', '', '', '', 'из них молодых специалистов', 'всего']];
    expect(locateHeader([upper, lower, rows[2]], 'organizations')).toMatchObject({ index: 1, rows: 2, doubts: [], mapping: { 6: 'teachers' } });
  });

  it('a district\'s plan as typed in Word: «№ п/п», «Наименование мероприятия», «Ожидаемый результат», «Отметка о выполнении»', () => {
    const rows = [
      ['План мероприятий («дорожная карта») по развитию сети стажировочных площадок на 2024–2027 гг.', '', '', '', ''],
      ['№ п/п', 'Наименование мероприятия', 'Сроки выполнения', 'Ожидаемый результат', 'Отметка о выполнении'],
      ['1.1', 'Разработка положения о стажировочных площадках района', '2 п/г 2024', 'Положение, утверждённое приказом', 'Выполнено'],
    ];
    expect(locateHeader(rows, null)).toMatchObject({ dataset: 'plan_items', index: 1, doubts: [], mapping: { 0: 'code', 1: 'title', 2: 'half_years', 3: 'expected_product', 4: 'status' } });
    expect(parseCell(DATASETS.plan_items.fields.find((f) => f.key === 'status')!, 'Выполнено')).toEqual({ ok: true, value: 'done' });
  });

  it('with no dataset chosen, the one that reads the most of the file\'s columns is taken, not the smallest that fits', () => {
    // «Код района» and «Наименование» are every column of the districts' list as well.
    const organizations = ['Код ОО', 'Наименование', 'Тип ОО', 'Код района', 'Учебный год', 'Численность педагогов'];
    expect(locateHeader([organizations, ['0501', 'МБОУ СОШ № 5', 'Школа', 'D01', '2023/24', '50']], null)).toMatchObject({
      dataset: 'organizations', mapping: { 0: 'code', 1: 'name', 2: 'org_type', 3: 'district', 4: 'school_year', 5: 'teachers' },
    });
    // A resources' «Код» and «Название» are a district's too.
    expect(locateHeader([['Код', 'Код площадки', 'Название', 'Вид', 'Дата публикации']], null)).toMatchObject({ dataset: 'resources' });
    expect(locateHeader([['Код района', 'Наименование']], null)).toMatchObject({ dataset: 'districts', mapping: { 0: 'code', 1: 'name' } });
  });

  it('names headed as official registers head them: «Наименование ОО», «… района», «… площадки», «… мероприятия», «… ресурса»', () => {
    const districts = [['Справочник муниципальных образований', '', '', ''], ['', '', '', ''], ['№ п/п', 'Код района', 'Наименование муниципального района', 'Примечание']];
    expect(locateHeader(districts, null)).toMatchObject({ dataset: 'districts', index: 2, doubts: [], mapping: { 1: 'code', 2: 'name' } });
    expect(locateHeader([['№ п/п', 'Код района', 'Наименование района']], null)).toMatchObject({ dataset: 'districts', doubts: [], mapping: { 1: 'code', 2: 'name' } });
    const organizations = ['№ п/п', 'Код ОО', 'Наименование ОО', 'Краткое наименование', 'Тип ОО', 'Муниципалитет', 'Учебный год', 'Численность педагогических работников'];
    expect(locateHeader([organizations], null)).toMatchObject({
      dataset: 'organizations', doubts: [], mapping: { 1: 'code', 2: 'name', 3: 'short_name', 4: 'org_type', 5: 'district', 6: 'school_year', 7: 'teachers' },
    });
    const sites = ['№ п/п', 'Наименование площадки', 'Код площадки', 'Организация-база', 'Направление', 'Уровень площадки', 'Дата присвоения статуса', 'Действует до'];
    expect(locateHeader([sites], null)).toMatchObject({
      dataset: 'sites', doubts: [], mapping: { 1: 'name', 2: 'code', 3: 'organization', 4: 'direction', 5: 'level', 6: 'granted_on', 7: 'valid_until' },
    });
    expect(locateHeader([EVENT_HEADER.with(2, 'Наименование мероприятия')], null)).toMatchObject({ dataset: 'events', doubts: [], mapping: { 2: 'title' } });
    const resources = ['Код ресурса', 'Код площадки', 'Наименование ресурса', 'Вид ресурса', 'Дата публикации', 'ID автора', 'Код ОО автора'];
    expect(locateHeader([resources], null)).toMatchObject({ dataset: 'resources', doubts: [], mapping: { 2: 'title' } });
    // A name beside a code names no code: «Наименование ОО», «… площадки», «… мероприятия» in a
    // trainees' list are not loaded, and their codes are not in doubt.
    const participations = ['ID педагога', 'Код ОО', 'Наименование ОО', 'Код площадки', 'Наименование площадки', 'Код мероприятия', 'Наименование мероприятия', 'Роль', 'Дата начала'];
    expect(locateHeader([participations], 'participations')).toMatchObject({
      doubts: [], mapping: { 0: 'teacher', 1: 'organization', 3: 'site', 5: 'event', 7: 'role', 8: 'started_on' },
    });
    expect(Object.keys(detectMapping(DATASETS.participations, participations))).toEqual(['0', '1', '3', '5', '7', '8']);
    // An organization's district named in a column of its own is no second name of the organization.
    expect(detectMapping(DATASETS.organizations, ['Код ОО', 'Наименование ОО', 'Тип ОО', 'Код района', 'Наименование района']))
      .toEqual({ 0: 'code', 1: 'name', 2: 'org_type', 3: 'district' });
  });

  it('a registry\'s «ИНН организации», «КПП организации», «ОГРН организации» are the identifiers', () => {
    expect(detectMapping(DATASETS.organizations, ['Код ОО', 'Полное наименование', 'ИНН организации', 'КПП организации', 'ОГРН организации']))
      .toMatchObject({ 2: 'inn', 3: 'kpp', 4: 'ogrn' });
  });

  it('a longer spelling is read only when it names one field; one word is no spelling of a longer header', () => {
    // «Дата рождения» is no «Дата»: the date of an event is not a teacher's birthday.
    expect(detectMapping(DATASETS.participations, ['Дата рождения'])).toEqual({});
    // «Код площадки мероприятия» starts with the site's header and with no other field's.
    expect(detectMapping(DATASETS.participations, ['Код площадки мероприятия'])).toEqual({ 0: 'site' });
    // A field named exactly keeps its column; a longer spelling of it elsewhere is not loaded.
    expect(detectMapping(DATASETS.events, ['Форма', 'Форма проведения мероприятия'])).toEqual({ 0: 'format' });
  });

  it('a longer spelling of a field\'s name beats a one-word alias: «Дата» beside «Дата проведения мероприятия» is another date', () => {
    // As the upload page maps the columns too (the same function): the form's day is not the event's.
    const events = [...EVENT_HEADER.with(3, 'Дата проведения мероприятия'), 'Дата'];
    for (const dataset of ['events', null] as const) {
      expect(locateHeader([events], dataset), String(dataset)).toMatchObject({ dataset: 'events', doubts: [], mapping: { 3: 'held_on' } });
      expect(locateHeader([events], dataset)?.mapping[8], String(dataset)).toBeUndefined();
    }
    const trainees = ['Дата', 'ID педагога', 'Код ОО педагога', 'Код площадки', 'Код мероприятия', 'Роль', 'Дата начала стажировки'];
    expect(locateHeader([trainees], 'participations')).toMatchObject({ doubts: [], mapping: { 1: 'teacher', 6: 'started_on' } });
    expect(locateHeader([trainees], 'participations')?.mapping[0]).toBeUndefined();
    // The template's header still beats both; two longer spellings, as two bare «Дата», are in doubt.
    expect(detectMapping(DATASETS.events, ['Дата', 'Дата проведения мероприятия', 'Дата проведения'])).toEqual({ 2: 'held_on' });
    expect(locateHeader([[...EVENT_HEADER.with(3, 'Дата проведения мероприятия'), 'Дата проведения семинара']], 'events')?.doubts)
      .toEqual([{ key: 'held_on', columns: [3, 8] }]);
  });

  it('a row of values is never taken as a header row, alone or under the header', () => {
    // «Тема» in the data is an alias of the title: read under the header it completed a two-row header.
    const rows = [['Шифр', 'Код площадки', 'Наименование', 'Когда', 'Вид', 'Способ', 'План', 'Факт'], ['A1', 'SP1', 'Тема', '12.10.2022', 'Семинар', 'Очно', '10', '9']];
    expect(closestHeader(rows, 'events')).toMatchObject({ index: 0 });
    // Nor does it complete a header that lacks the title: that would read the row as headers and lose it.
    expect(locateHeader([EVENT_HEADER.with(2, 'Наименование'), ['E1', 'SP1', 'Тема', '12.10.2022', 'Семинар', 'Очно', '10', '9']], 'events')).toBeNull();
  });
});

describe('contacts, optional codes and choices as people fill them in (a tester\'s round)', () => {
  const field = (dataset: keyof typeof DATASETS, key: string) => DATASETS[dataset].fields.find((f) => f.key === key)!;
  const email = field('organizations', 'email');
  const website = field('organizations', 'website');
  const event = field('participations', 'event');
  const report = field('participations', 'report_type');

  it('an e-mail copied from a link loses its «mailto:»; one ending in a dot is refused', () => {
    expect(parseCell(email, 'mailto:School211@mail.ru')).toEqual({ ok: true, value: 'school211@mail.ru' });
    expect(parseCell(email, 'директор@школа212.рф')).toEqual({ ok: true, value: 'директор@школа212.рф' });
    for (const text of ['school213@mail.ru.', 'school@mail..ru', 'school@mail', 'school mail.ru']) {
      expect(parseCell(email, text), text).toEqual({ ok: false, message: 'Ожидается адрес электронной почты: name@school.ru' });
    }
  });

  it('a Cyrillic web address is kept in its letters, not as «xn--»', () => {
    expect(parseCell(website, 'школа212.рф')).toEqual({ ok: true, value: 'https://школа212.рф/' });
    expect(parseCell(website, 'http://Школа212.РФ/o-shkole?x=1')).toEqual({ ok: true, value: 'http://школа212.рф/o-shkole?x=1' });
    expect(parseCell(website, 'school2.ru:8080/')).toEqual({ ok: true, value: 'https://school2.ru:8080/' });
    for (const text of ['school2.ru.', 'javascript:alert(1)', 'ftp://school2.ru', 'mailto:school@mail.ru']) {
      expect(parseCell(website, text), text).toEqual({ ok: false, message: 'Ожидается адрес сайта: https://school.ru' });
    }
  });

  it('«-» or «нет» in an optional address or choice is no value, as in a number or a date; so is an export\'s empty cell («NULL», «NaN», «None»)', () => {
    const actual = field('events', 'actual');
    for (const text of ['-', '—', 'нет', 'н/д', 'NULL', 'null', 'NaN', 'nan', 'None', 'NaT']) {
      expect(parseCell(email, text), text).toEqual({ ok: true, value: null });
      expect(parseCell(website, text), text).toEqual({ ok: true, value: null });
      // «Нет» is the report's own choice: no report.
      expect(parseCell(report, text), text).toEqual({ ok: true, value: text === 'нет' ? 'none' : null });
      if (text !== 'нет') expect(parseCell(actual, text), text).toEqual({ ok: true, value: null });
    }
    // «Участников фактически: нет» may say nobody came: 0 or not known is asked, never guessed.
    for (const text of ['нет', 'Нет.']) {
      expect(parseCell(actual, text), text).toEqual({ ok: false, message: '«нет» вместо числа: если не было никого, напишите 0; если число неизвестно, оставьте ячейку пустой' });
    }
    // A statistical form's «х» (not applicable) in an optional count is none too.
    for (const text of ['х', 'Х', 'x']) expect(parseCell(actual, text), text).toEqual({ ok: true, value: null });
    // In a required code, choice or date an export's empty cell is not filled in.
    const notFilled = (text: string) => ({ ok: false, message: `Не заполнено: «${text}» — это отметка, что значения нет, а не значение; заполните ячейку или удалите строку` });
    expect(parseCell(field('events', 'site'), 'NULL')).toEqual(notFilled('NULL'));
    expect(parseCell(field('events', 'format'), 'None')).toEqual(notFilled('None'));
    expect(parseCell(field('events', 'held_on'), 'NaT')).toEqual(notFilled('NaT'));
  });

  it('an optional code marked unknown is refused: empty means something (the site\'s programme)', () => {
    for (const text of ['?', '??', 'н/д', 'не известно', 'неизвестно', 'не указан']) {
      expect(parseCell(event, text), text).toEqual({ ok: false, message: `Код неизвестен («${text}»): укажите код, а если его нет — оставьте ячейку пустой` });
    }
    for (const text of ['-', '—', 'нет', 'отсутствует']) expect(parseCell(event, text), text).toEqual({ ok: true, value: null });
  });
});

describe('an organization\'s registry numbers left out as people mark it (a tester\'s round)', () => {
  const field = (key: string) => DATASETS.organizations.fields.find((f) => f.key === key)!;
  it('«нет», «-», «—», «н/д», «нет данных» in ИНН, КПП or ОГРН are no value, as in its e-mail; a wrong number is still refused', () => {
    for (const key of ['inn', 'kpp', 'ogrn']) {
      for (const text of ['нет', 'Нет', '-', '—', 'н/д', 'нет данных']) expect(parseCell(field(key), text), `${key} ${text}`).toEqual({ ok: true, value: null });
    }
    expect(parseCell(field('inn'), '12345')).toMatchObject({ ok: false });
    expect(parseCell(field('inn'), '6901000014')).toEqual({ ok: true, value: '6901000014' });
  });
});

describe('a teacher\'s id with a space in it (a tester\'s round)', () => {
  const teacher = DATASETS.participations.fields.find((f) => f.key === 'teacher')!;
  it('is told of the space, not taken for a name; a phone number is named; a name is still a name', () => {
    for (const text of ['PED 0001', '1 001', 'T 15-A', 'ПЕД 0001']) {
      expect(parseCell(teacher, text), text).toEqual({ ok: false, message: 'В ID педагога пробел: напишите ID без пробелов, как в системе учёта' });
    }
    for (const text of ['+7 912 345-67-89', '+7 (912) 345-67-89', '8 (912) 345-67-89', '8 912 345 67 89', '+79123456789']) {
      expect(parseCell(teacher, text), text).toEqual({ ok: false, message: 'Это номер телефона, а не ID педагога: нужен СНИЛС (в столбце «СНИЛС») или ID педагога из системы учёта' });
    }
    for (const text of ['Иванова А. П.', 'Петров Иван', 'Иванова А.П.', 'Иванова']) {
      expect(parseCell(teacher, text), text).toEqual({ ok: false, message: 'Похоже на ФИО, а не на идентификатор: нужен СНИЛС (в столбце «СНИЛС») или ID педагога из системы учёта' });
    }
    // Eleven digits, whether a СНИЛС: checked as one (not taken for a phone).
    expect(parseCell(teacher, '112-233-445 95')).toEqual({ ok: true, value: 'snils:11223344595' });
  });
});

describe('dates that say what is wrong with them (a tester\'s round)', () => {
  const held = DATASETS.events.fields.find((f) => f.key === 'held_on')!;
  it('a month past 12, a year with zeros in front, a period, a time alone', () => {
    expect(parseCell(held, '03.15.2023')).toEqual({ ok: false, message: 'Месяца 15 не бывает: месяц и день перепутаны? Запишите дату как ДД.ММ.ГГГГ' });
    expect(parseCell(held, '2023-15-03')).toEqual({ ok: false, message: 'Месяца 15 не бывает: месяц и день перепутаны? Запишите дату как ДД.ММ.ГГГГ' });
    expect(parseCell(held, '20.15.2023')).toEqual({ ok: false, message: 'Месяца 15 не бывает: запишите дату как ДД.ММ.ГГГГ' });
    expect(parseCell(held, '15.03.0023')).toEqual({ ok: false, message: 'Год 0023? Укажите год четырьмя цифрами: ДД.ММ.ГГГГ' });
    for (const text of ['15–16.03.2023', '15-16.03.2023', '15.03.2023-16.03.2023', '15.03.2023 — 16.03.2023', '15.03-16.03.2023', 'с 15.03.2023 по 16.03.2023', '2023-03-15 — 2023-03-16']) {
      expect(parseCell(held, text), text).toEqual({ ok: false, message: `Две даты («${text}»): укажите одну дату — день начала` });
    }
    for (const text of ['10:00', '9:30:15']) expect(parseCell(held, text), text).toEqual({ ok: false, message: 'В ячейке время, а не дата: укажите дату ДД.ММ.ГГГГ' });
    // What was read stays read.
    for (const text of ['15.03.2023', '15-03-2023', '2023-03-15', '15.03.2023 10:00']) expect(parseCell(held, text), text).toEqual({ ok: true, value: '2023-03-15' });
  });

  it('a workbook\'s time cell (day 0 to the reader) is shown as the time; a logical cell as Excel shows it, and a count asks for a number', () => {
    expect(cellAsText(new Date(Date.UTC(1899, 11, 30, 10, 0)), 'date')).toBe('10:00');
    expect(cellAsText(new Date(Date.UTC(1904, 0, 1, 9, 30)), 'date', true)).toBe('09:30');
    expect(cellAsText(new Date(Date.UTC(2023, 2, 15)), 'date')).toBe('2023-03-15');
    expect(cellAsText(true, 'integer')).toBe('ИСТИНА');
    expect(cellAsText(false, 'integer')).toBe('ЛОЖЬ');
    expect(count('ИСТИНА')).toEqual({ ok: false, message: 'Логическое значение «ИСТИНА» вместо числа: здесь нужно количество — запишите число' });
    // A yes/no column reads a logical cell as before.
    expect(parseCell(DATASETS.sites.fields.find((f) => f.key === 'is_pilot')!, cellAsText(true, 'boolean'))).toEqual({ ok: true, value: true });
    expect(parseCell(DATASETS.sites.fields.find((f) => f.key === 'is_pilot')!, cellAsText(false, 'boolean'))).toEqual({ ok: true, value: false });
  });
});
