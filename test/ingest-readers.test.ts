import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Queries } from '../server/db/queries.js';
import { importFile, type ImportOutcome } from '../server/ingest/import.js';
import { smallRegion } from './fixtures/small-region.js';
import { databaseWith, TEST_PSEUDONYMS } from './helpers/db.js';
import { FIXTURES } from './helpers/uploads.js';

/**
 * Well-formed CSV is read by DuckDB's reader, the rest by papaparse: both must give the same
 * outcome, row numbers and errors included, and leave the same data.
 */
const scratch = mkdtempSync(join(tmpdir(), 'ploshchadki-readers-'));
let copies = 0;

async function importWith(file: string, javascriptOnly: boolean): Promise<{ outcome: ImportOutcome; events: unknown[]; participations: unknown[] }> {
  const db = await databaseWith(smallRegion());
  const path = join(scratch, `${++copies}-${file.split('/').pop()}`);
  copyFileSync(file, path);
  const outcome = await importFile(db, await Queries.load(db), {
    uploadId: 1, pseudonyms: TEST_PSEUDONYMS, path, dataset: file.includes('missing-column') ? 'events' : null, mapping: null, mode: 'valid_only', javascriptOnly,
  });
  const events = await db.all('SELECT * FROM events ORDER BY code');
  const participations = await db.all('SELECT * FROM participations ORDER BY ALL');
  db.close();
  return { outcome, events, participations };
}

const csvFixtures = readdirSync(FIXTURES).filter((f) => /\.(csv|tsv)$/.test(f));

describe('the DuckDB reader and the JavaScript reader', () => {
  it.each(csvFixtures)('agree on %s', async (file) => {
    const duck = await importWith(join(FIXTURES, file), false);
    const js = await importWith(join(FIXTURES, file), true);
    expect(js.outcome.reader ?? 'javascript').toBe('javascript');
    const { reader: _a, ...duckOutcome } = duck.outcome;
    const { reader: _b, ...jsOutcome } = js.outcome;
    expect(duckOutcome).toEqual(jsOutcome);
    expect(duck.events).toEqual(js.events);
    expect(duck.participations).toEqual(js.participations);
  });

  it('agree on a value under a blank header cell: the row refused by either, Excel\'s empty padding harmless', async () => {
    const file = join(FIXTURES, 'corpus/68-feedback-comment-past-blank-header.csv');
    const duck = await importWith(file, false);
    const js = await importWith(file, true);
    expect([duck.outcome.reader, js.outcome.reader]).toEqual(['duckdb', 'javascript']);
    const { reader: _a, ...duckOutcome } = duck.outcome;
    const { reader: _b, ...jsOutcome } = js.outcome;
    expect(duckOutcome).toEqual(jsOutcome);
    expect(duckOutcome).toMatchObject({ status: 'applied', rowsTotal: 3, rowsRejected: 1, changes: { inserted: 2 } });
    expect(duckOutcome.errors.map((e) => [e.row, e.column, e.value])).toEqual([[2, 'столбец 5', 'спасибо организаторам']]);
  });

  it('DuckDB reads well-formed files, Windows-1251, tabs and BOMs included; papaparse the rest', async () => {
    const readerOf = async (file: string) => (await importWith(join(FIXTURES, file), false)).outcome.reader;
    expect(await readerOf('events-mixed.csv')).toBe('duckdb');
    expect(await readerOf('organizations-cp1251.csv')).toBe('duckdb');
    expect(await readerOf('participations-tab.tsv')).toBe('duckdb');
    expect(await readerOf('events-bom.csv')).toBe('duckdb'); // a BOM and a line break inside quotes
    // UTF-16 is copied as UTF-8 for DuckDB, BOM or none, either byte order.
    expect(await readerOf('events-utf16le.tsv')).toBe('duckdb');
    expect(await readerOf('events-utf16be-bom.csv')).toBe('duckdb');
    expect(await readerOf('events-utf16be.csv')).toBe('duckdb');
    // Broken quotes: DuckDB refuses the file, papaparse reports the row.
    expect(await readerOf('broken-quotes.csv')).toBe('javascript');
  });

  it('an empty line inside the file keeps the row numbers Excel shows', async () => {
    const file = join(scratch, 'empty-line.csv');
    writeFileSync(file, [
      'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану',
      'E20;SP1;Первое;01.03.2023;семинар;очно;10',
      '',
      'E21;SP1;Второе;31.02.2023;семинар;очно;10',
      '',
      '',
    ].join('\r\n'));
    const { outcome } = await importWith(file, false);
    expect(outcome.reader).toBe('javascript');
    expect(outcome).toMatchObject({ rowsTotal: 2, rowsRejected: 1 });
    expect(outcome.errors).toEqual([{ row: 4, column: 'Дата проведения', value: '31.02.2023', message: 'Такой даты не существует' }]);
  });

  it('a line longer than any table row refuses the file: DuckDB would drop it past its buffer', async () => {
    const file = join(scratch, 'long-last-line.csv');
    writeFileSync(file, [
      'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану',
      'E20;SP1;Первое;01.03.2023;семинар;очно;10',
      `E21;SP1;${'x'.repeat(33 << 20)};02.03.2023;семинар;очно;10`,
    ].join('\r\n'));
    const { outcome, events } = await importWith(file, false);
    expect(outcome).toMatchObject({ status: 'rejected', message: expect.stringMatching(/^Строка 3 файла длиннее 8 МБ/) });
    expect(events).not.toContainEqual(expect.objectContaining({ code: 'E20' }));
  });

  it('a long value short of that is read and reported on its row', async () => {
    const file = join(scratch, 'long-value.csv');
    writeFileSync(file, [
      'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану',
      `E21;SP1;${'Длинное название '.repeat(200_000)};02.03.2023;семинар;очно;10`,
      'E20;SP1;Первое;01.03.2023;семинар;очно;10',
    ].join('\n'));
    const { outcome, events } = await importWith(file, false);
    expect(outcome).toMatchObject({ status: 'applied', rowsTotal: 2, rowsRejected: 1 });
    expect(outcome.errors).toEqual([{ row: 2, column: 'Название', value: 'Длинное название '.repeat(20).slice(0, 200), message: 'Слишком длинное значение (больше 2000 символов)' }]);
    expect(events).toContainEqual(expect.objectContaining({ code: 'E20' }));
  });
});
