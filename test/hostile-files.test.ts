/**
 * Files made to hurt the server: it refuses them with a Russian message and stays up.
 */
import { execFile, fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildApp } from '../server/app.js';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Session } from '../server/db/database.js';
import { Queries } from '../server/db/queries.js';
import { importFile } from '../server/ingest/import.js';
import { zip } from '../server/export/zip.js';
import { unpackedSizeProblem } from '../server/ingest/xlsx-layout.js';
import { readWorkbookApart, XLSX_PARSER_HEAP_MB } from '../server/ingest/xlsx-parser.js';
import { isOutOfMemory } from '../server/ingest/uploads.js';
import { MAX_COLUMNS } from '../web/src/lib/shared/datasets.js';
import { smallRegion } from './fixtures/small-region.js';
import { allTables, databaseWith, TEST_PSEUDONYMS } from './helpers/db.js';
import { writeParticipationsCsv } from './helpers/big-files.js';
import { FIXTURES, importFixture, importScratchFile, uploadServiceFor } from './helpers/uploads.js';
import { until } from './helpers/poll.js';

const run = promisify(execFile);

/** The big files these tests write, removed at the end. */
const scratch = mkdtempSync(join(tmpdir(), 'ploshchadki-hostile-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('a workbook that unpacks to far more than it weighs (a «zip bomb»)', () => {
  it('is measured part by part with caps before any reader unpacks it', () => {
    const workbook = readFileSync(`${FIXTURES}events-serial-dates.xlsx`);
    expect(unpackedSizeProblem(workbook)).toBeNull();
    expect(unpackedSizeProblem(workbook, { part: 100, total: 1_000_000 })).toMatch(/^Книга Excel слишком велика в распакованном виде \(больше 0 МБ на один лист\)/);
    expect(unpackedSizeProblem(workbook, { part: 1_000_000, total: 1_000 })).toMatch(/\(больше 0 МБ\): разделите/);
  });

  it('is refused through the real import, and the database takes the next file', async () => {
    // 300 MB of spaces deflate to a few hundred kilobytes.
    const bomb = zip([
      { name: '[Content_Types].xml', data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
      { name: 'xl/workbook.xml', data: '<workbook><sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>' },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(300 * 1024 * 1024, 0x20) },
    ]);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const db = await databaseWith(smallRegion());
    const uploads = await uploadServiceFor(db);
    const result = await importScratchFile(uploads, 'отчёт.xlsx', (path) => writeFileSync(path, bomb), { dataset: 'events' });
    expect(result).toMatchObject({ status: 'rejected', message: expect.stringMatching(/^Книга Excel слишком велика в распакованном виде \(больше 200 МБ на один лист\)/) });
    expect((await importFixture(uploads, 'feedback.csv', { mode: 'valid_only' })).status).toBe('applied');
    db.close();
  }, 60_000);
});

describe('a workbook with a row past Excel\'s last', () => {
  it('two kilobytes with a row 99 999 999: refused at once, not read as that many empty rows', async () => {
    const sheet = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
      + '<row r="1"><c r="A1" t="inlineStr"><is><t>Код района</t></is></c><c r="B1" t="inlineStr"><is><t>Район</t></is></c></row>'
      + '<row r="99999999"><c r="A99999999" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>';
    const workbook = zip([
      { name: '[Content_Types].xml', data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>' },
      { name: 'xl/workbook.xml', data: '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>' },
      { name: 'xl/_rels/workbook.xml.rels', data: '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>' },
      { name: 'xl/worksheets/sheet1.xml', data: sheet },
    ]);
    const path = join(mkdtempSync(join(scratch, 'far-row-')), 'far.xlsx');
    writeFileSync(path, workbook);
    await expect(readWorkbookApart(path, undefined, 64)).rejects.toThrow('На листе «Лист1» есть строка № 99\u00a0999\u00a0999, а в Excel их не больше 1\u00a0048\u00a0576: книга повреждена или записана не Excel. Откройте её в Excel, сохраните заново и загрузите снова.');
  }, 60_000);
});

describe('a workbook too big to parse in memory', () => {
  /** A valid workbook of `rows` rows of five text cells (inline strings), zipped. */
  function workbookOf(rows: number): Buffer {
    const row = (i: number) => `<row r="${i}">${['A', 'B', 'C', 'D', 'E'].map((c) => `<c r="${c}${i}" t="inlineStr"><is><t>Текст ячейки ${c}${i}</t></is></c>`).join('')}</row>`;
    const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${Array.from({ length: rows }, (_, i) => row(i + 1)).join('')}</sheetData></worksheet>`;
    return zip([
      { name: '[Content_Types].xml', data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>' },
      { name: 'xl/workbook.xml', data: '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>' },
      { name: 'xl/_rels/workbook.xml.rels', data: '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>' },
      { name: 'xl/worksheets/sheet1.xml', data: sheet },
    ]);
  }

  // About three times the rows that exhaust a 64 MB heap.
  const ROWS = 100_000;
  it('is parsed in a process of its own whose heap runs out, not the server\'s: a Russian refusal, and the next workbook reads', async () => {
    const dir = mkdtempSync(join(scratch, 'big-xlsx-'));
    const big = join(dir, 'big.xlsx');
    writeFileSync(big, workbookOf(ROWS));
    const small = join(dir, 'small.xlsx');
    writeFileSync(small, workbookOf(3));
    await expect(readWorkbookApart(big, undefined, 64)).rejects.toThrow(/^Книга Excel слишком велика, чтобы разобрать её целиком/);
    const { sheets } = await readWorkbookApart(small, undefined, 64);
    expect(sheets).toEqual([{ sheet: 'Лист1', rows: [1, 2, 3].map((i) => ['A', 'B', 'C', 'D', 'E'].map((c) => `Текст ячейки ${c}${i}`)) }]);
  }, 60_000);

  /**
   * The parser process stays for the next workbook. A process that has parsed a workbook (a
   * server, a test run) must still end on its own, and the waiting parser with it.
   */
  it('the parser process kept waiting for the next workbook lets its server end, and ends with it', async () => {
    const dir = mkdtempSync(join(scratch, 'spare-'));
    const small = join(dir, 'small.xlsx');
    writeFileSync(small, workbookOf(3));
    const script = `
      import { readdirSync, readFileSync } from 'node:fs';
      const { readWorkbookApart } = await import(${JSON.stringify(new URL('../server/ingest/xlsx-parser.ts', import.meta.url).href)});
      await readWorkbookApart(process.argv[1]);
      const children = readdirSync('/proc').filter((pid) => /^\\d+$/.test(pid)).filter((pid) => {
        try { return readFileSync('/proc/' + pid + '/stat', 'utf8').split(') ')[1].split(' ')[1] === String(process.pid); } catch { return false; }
      });
      console.log(JSON.stringify(children));`;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, small], { timeout: 30_000 });
    const children = JSON.parse(stdout) as string[];
    expect(children.length).toBeGreaterThanOrEqual(1);
    await until(() => children.every((pid) => !existsSync(`/proc/${pid}`)), 'the parser processes to end', 20_000);
  }, 60_000);

  it('one parser process reads workbook after workbook, not a process started for each', async () => {
    const dir = mkdtempSync(join(scratch, 'kept-'));
    const small = join(dir, 'small.xlsx');
    writeFileSync(small, workbookOf(3));
    const parsers = () => readdirSync('/proc').filter((pid) => /^\d+$/.test(pid)).filter((pid) => {
      try {
        const parent = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1];
        const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return parent === String(process.pid) && command.includes('xlsx-worker') && command.includes(`--max-old-space-size=${XLSX_PARSER_HEAP_MB}`);
      } catch {
        return false;
      }
    });
    await readWorkbookApart(small, undefined);
    const first = parsers();
    expect(first).toHaveLength(1);
    for (let i = 0; i < 3; i++) expect((await readWorkbookApart(small, undefined)).sheets[0].rows).toHaveLength(3);
    expect(parsers()).toEqual(first);
  }, 60_000);

  it('a parser left bigger than its limit by a workbook answers, then ends (the next workbook gets a fresh one)', async () => {
    const dir = mkdtempSync(join(scratch, 'recycled-'));
    const small = join(dir, 'small.xlsx');
    writeFileSync(small, workbookOf(3));
    // A limit of 1 MB: any process is past it after a workbook.
    const child = fork(fileURLToPath(new URL('../server/ingest/xlsx-worker.ts', import.meta.url)), ['1'], {
      execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    const ended = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const answer = new Promise<{ workbook?: { sheets: unknown[] }; retiring?: boolean }>((resolve) => child.once('message', resolve));
    child.send({ path: small });
    // It says so with its answer: the server then gives the next workbook to a new process.
    expect(await answer).toMatchObject({ workbook: { sheets: [expect.anything()] }, retiring: true });
    expect(await ended).toBe(0);
  }, 60_000);

  it('a parser busy with a workbook when its server is killed (-9) ends within seconds, not when its workbook is done', async () => {
    // The parent starts a child that watches it and then keeps its main thread busy for a minute, as a big workbook does.
    const child = `
      const { exitWithParent } = await import(${JSON.stringify(new URL('../server/ingest/exit-with-parent.ts', import.meta.url).href)});
      await exitWithParent();
      console.log(process.pid);
      const end = Date.now() + 60_000;
      while (Date.now() < end) {}`;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `
      import { spawn } from 'node:child_process';
      spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', process.argv[1]], { stdio: ['ignore', 'inherit', 'inherit'] });
      setInterval(() => {}, 1000);`, child], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [line] = (await once(parent.stdout!, 'data')) as [Buffer];
    const pid = Number(line.toString().trim());
    parent.kill('SIGKILL');
    // Gone, or dead and waiting to be reaped (state Z).
    const ended = () => {
      try {
        return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].startsWith('Z');
      } catch {
        return true;
      }
    };
    try {
      await until(ended, 'the busy parser to end with its server', 10_000);
    } finally {
      if (!ended()) process.kill(pid, 'SIGKILL');
    }
  }, 30_000);
});

describe('a CSV of absurd width', () => {
  const header = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану';
  const row = 'E20;SP1;Семинар;01.03.2023;Семинар;Очно;10';

  it('a row padded to a million empty columns is read as the columns it has', async () => {
    const db = await databaseWith(smallRegion());
    try {
      const uploads = await uploadServiceFor(db);
      const pad = ';'.repeat(1_000_000);
      const result = await importScratchFile(uploads, 'million.csv', (path) => writeFileSync(path, `${header}${pad}\r\n${row}${pad}\r\n`), { dataset: 'events' });
      expect(result).toMatchObject({ status: 'applied', rowsTotal: 1, inserted: 1 });
    } finally {
      db.close();
    }
  }, 60_000);

  it(`values in more than ${MAX_COLUMNS} columns: refused before any reading, and the database takes the next file`, async () => {
    const db = await databaseWith(smallRegion());
    try {
      const uploads = await uploadServiceFor(db);
      const before = await allTables(db);
      const wide = (n: number) => Array.from({ length: n }, (_, i) => `x${i}`).join(';');
      const text = `${header}\r\n${row}\r\n${row};${wide(MAX_COLUMNS - 6)}\r\n`;
      const result = await importScratchFile(uploads, 'wide.csv', (path) => writeFileSync(path, text), { dataset: 'events' });
      expect(result).toMatchObject({
        status: 'rejected', inserted: 0,
        message: `В строке 3 файла значение стоит в столбце ${MAX_COLUMNS + 1}: столько столбцов в таблице не бывает (читается не больше ${MAX_COLUMNS}). Проверьте, что загружаете нужную таблицу и что столбцы разделены «;» или «,»; лишние столбцы справа удалите и загрузите файл снова.`,
      });
      expect(await allTables(db)).toEqual(before);
      expect((await importFixture(uploads, 'feedback.csv', { mode: 'valid_only' })).status).toBe('applied');
    } finally {
      db.close();
    }
  }, 60_000);

  it('UTF-16 is measured by characters: «л» (U+043B, a «;» byte in it) is no delimiter', async () => {
    const db = await databaseWith(smallRegion());
    try {
      const uploads = await uploadServiceFor(db);
      const text = `${header}\r\n${row.replace('Семинар;01', `${'л'.repeat(MAX_COLUMNS + 1)};01`)}\r\n`;
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      const result = await importScratchFile(uploads, 'utf16.csv', (path) => writeFileSync(path, utf16), { dataset: 'events' });
      expect(result).toMatchObject({ status: 'applied', rowsTotal: 1, inserted: 1 });
    } finally {
      db.close();
    }
  }, 60_000);

  it(`values in ${MAX_COLUMNS} columns are read`, async () => {
    const db = await databaseWith(smallRegion());
    try {
      const uploads = await uploadServiceFor(db);
      const columns = (prefix: string) => Array.from({ length: MAX_COLUMNS - 7 }, (_, i) => `${prefix}${i + 1}`).join(';');
      const text = `${header};${columns('Столбец ')}\r\n${row};${columns('x')}\r\n`;
      const result = await importScratchFile(uploads, 'wide.csv', (path) => writeFileSync(path, text), { dataset: 'events' });
      expect(result).toMatchObject({ status: 'applied', rowsTotal: 1, inserted: 1 });
      expect(result.notes).toEqual([`Не загружены столбцы, которых нет в наборе «Мероприятия»: ${Array.from({ length: 8 }, (_, i) => `«Столбец ${i + 1}»`).join(', ')} и ещё ${MAX_COLUMNS - 15}.`]);
    } finally {
      db.close();
    }
  }, 60_000);
});

/**
 * Imports the file, counting the rows each statement brings into JavaScript (all of them, and
 * those of the statements that bring rows' cells, as one text a row) and sampling the heap: the
 * blank rows had all been fetched as candidates for a totals row without its label (1.5 million
 * rows, hundreds of megabytes of heap; 45 million ran the server out of memory).
 */
async function importCounting(path: string, javascriptOnly: boolean, dataset: 'participations' | 'events' = 'participations') {
  const db = await databaseWith(smallRegion());
  const all = Session.prototype.all;
  let mostRows = 0;
  let mostWithCells = 0;
  const spy = vi.spyOn(Session.prototype, 'all').mockImplementation(async function (this: Session, ...args: Parameters<Session['all']>) {
    const rows = await all.apply(this, args);
    mostRows = Math.max(mostRows, rows.length);
    if (String(args[0]).includes('concat_ws(')) mostWithCells = Math.max(mostWithCells, rows.length);
    return rows;
  });
  const start = process.memoryUsage().heapUsed;
  let peak = start;
  const sampling = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
  try {
    const outcome = await importFile(db, await Queries.load(db), {
      uploadId: 1, pseudonyms: TEST_PSEUDONYMS, path, dataset, mapping: null, mode: 'strict', javascriptOnly,
    });
    const stored = (await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${dataset} WHERE upload_id = 1`))!.n;
    return { outcome, stored, mostRows, mostWithCells, heapGrowthMb: (peak - start) / 2 ** 20 };
  } finally {
    clearInterval(sampling);
    spy.mockRestore();
    db.close();
  }
}

describe('a table followed by millions of lines of delimiters only («;;;;;;;;»)', () => {
  /** A participations CSV of 20 trainees and then `blank` lines of empty cells, `end` ending each. */
  async function writeWithBlankLines(path: string, blank: number, end = '\n'): Promise<void> {
    await writeParticipationsCsv(path, 20);
    const out = createWriteStream(path, { flags: 'a' });
    const block = `;;;;;;;;${end}`.repeat(10_000);
    for (let i = 0; i < blank; i += 10_000) if (!out.write(block)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
  }

  it('are blank rows, left out in DuckDB: the 20 rows are written, and no statement brings the blank ones into JavaScript', async () => {
    const path = join(scratch, 'blank-lines.csv');
    await writeWithBlankLines(path, 1_500_000);
    const { outcome, stored, mostRows, heapGrowthMb } = await importCounting(path, false);
    expect(outcome).toMatchObject({ status: 'applied', reader: 'duckdb', rowsTotal: 20, rowsRejected: 0, errorCount: 0, notes: [] });
    expect(stored).toBe(20);
    expect(mostRows).toBeLessThan(100);
    expect(heapGrowthMb).toBeLessThan(150);
  }, 120_000);

  it('streamed by the JavaScript reader too (line ends of both kinds): no statement brings them back', async () => {
    const path = join(scratch, 'blank-lines-crlf.csv');
    await writeWithBlankLines(path, 300_000, '\r\n');
    const { outcome, stored, mostRows } = await importCounting(path, false);
    expect(outcome).toMatchObject({ status: 'applied', reader: 'javascript', rowsTotal: 20, rowsRejected: 0, errorCount: 0, notes: [] });
    expect(stored).toBe(20);
    expect(mostRows).toBeLessThan(100);
  }, 120_000);
});

describe('a header pasted hundreds of thousands of times (tables one under another, gone wrong)', () => {
  const header = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\n';
  const reordered = 'Код площадки;Код мероприятия;Название;Дата проведения;Форма;Способ проведения;Участников по плану\n';
  const writeWith = (path: string, again: string) => writeFileSync(path, `${header}E90;SP1;Практикум;12.02.2022;Практикум;Очно;20\n${again.repeat(200_000)}`);

  it('in another column order: refused naming the rows, each text matched with the fields once, not fetched row by row', async () => {
    const path = join(scratch, 'headers-reordered.csv');
    writeWith(path, reordered);
    const { outcome, stored, mostWithCells } = await importCounting(path, false, 'events');
    expect(outcome.status).toBe('rejected');
    expect(outcome.message).toMatch(/^Строки 3–200002 — тоже строки заголовков \(таблицы вставлены одна под другой\), но столбцы в них в другом порядке, чем в строке 1: в строке 3 «Код площадки» — в столбце 1, а не 2, «Код мероприятия» — в столбце 2, а не 1; и так далее\. /);
    expect(stored).toBe(0);
    expect(mostWithCells).toBeLessThan(100);
  }, 120_000);

  it('as it is: left out as repeats, and the rows around them are not fetched as signature candidates', async () => {
    const path = join(scratch, 'headers-same.csv');
    writeWith(path, header);
    const { outcome, stored, mostWithCells } = await importCounting(path, false, 'events');
    expect(outcome).toMatchObject({ status: 'applied', rowsTotal: 1, notes: ['Пропущены повторы строки заголовков: строки 3–200002.'] });
    expect(stored).toBe(1);
    // Their numbers are read, to be named; no statement brings their cells.
    expect(mostWithCells).toBeLessThan(100);
  }, 120_000);
});

describe('a file bigger than the memory DuckDB may take', () => {
  it('is refused saying so, with nothing changed, and the database takes the file once it may take more', async () => {
    const dir = mkdtempSync(join(scratch, 'memory-'));
    const csv = join(dir, 'participations.csv');
    await writeParticipationsCsv(csv, 30_000);
    // In memory, DuckDB has nowhere to spill: 32 MB is short of what 30 000 rows need.
    const db = await databaseWith(smallRegion());
    try {
      await db.run("SET memory_limit = '32MB'");
      const uploads = await uploadServiceFor(db);
      const before = await allTables(db);
      const upload = () => importScratchFile(uploads, 'participations.csv', (path) => copyFileSync(csv, path), { dataset: 'participations' });
      expect(await upload()).toMatchObject({
        status: 'failed', inserted: 0,
        message: 'Серверу не хватило памяти для этой загрузки: она не применена, данные не изменены. Разделите файл на части (например, по районам или полугодиям) и загрузите их по очереди или сообщите администратору сервера.',
      });
      expect(await allTables(db)).toEqual(before);
      await db.run("SET memory_limit = '1GB'");
      expect(await upload()).toMatchObject({ status: 'applied', inserted: 30_000 });
    } finally {
      db.close();
    }
  }, 60_000);
});

describe('DuckDB short of memory', () => {
  it('is told apart in each way DuckDB says it: a statement\'s error and a commit\'s, as DuckDB 1.5 words them', () => {
    const said = [
      'Out of Memory Error: could not allocate block of size 256.0 KiB (30.3 MiB/30.5 MiB used)',
      'TransactionContext Error: Failed to commit: failed to pin block of size 256.0 KiB (732.1 MiB/732.4 MiB used)',
    ];
    expect(said.map((message) => isOutOfMemory(new Error(message)))).toEqual([true, true]);
    expect(isOutOfMemory(new Error('Constraint Error: Duplicate key "code: E1" violates primary key constraint'))).toBe(false);
  });
});

describe('files a stopped server left in the upload folder', () => {
  it('are removed at start-up (they may hold raw СНИЛС); other files stay', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ploshchadki-leftovers-'));
    for (const name of ['a1b2.upload', 'a1b2.upload.utf8', 'readme.txt']) writeFileSync(join(dir, name), '112-233-445 95');
    const db = await databaseWith(smallRegion());
    const app = await buildApp({ db, pseudonyms: TEST_PSEUDONYMS, uploadDir: dir });
    expect(readdirSync(dir)).toEqual(['readme.txt']);
    await app.close();
    db.close();
  });
});
