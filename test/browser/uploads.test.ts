import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ARTIFACTS, browserSuite, describeInBrowser } from '../helpers/browser.js';
import { FIXTURES } from '../helpers/uploads.js';

/** The upload page in Chromium: preview and mapping, errors, a KPI that moves, rollback. */
describeInBrowser('upload page in Chromium', () => {
  const s = browserSuite({ viewport: { width: 1300, height: 1000 }, signInAs: 'admin' });

  const usersCard = () => s.page.locator('[data-kpi="users_share"] .value');
  const result = () => s.page.locator('[data-testid="upload-result"]');

  it('previews a cp1251 file, recognises the dataset and maps the columns', async () => {
    await s.page.goto(`${s.server.url}/uploads`);
    await s.page.setInputFiles('[data-testid="file-input"]', join(FIXTURES, 'organizations-cp1251.csv'));
    await expect.poll(() => s.page.getByText('кодировка Windows-1251, разделитель — точка с запятой').count()).toBe(1);
    await expect.poll(() => s.page.getByText('Определён набор «Образовательные организации».').count()).toBe(1);
    await expect.poll(() => s.page.locator('[data-testid="mapping"] tbody tr').first().textContent()).toContain('Детский сад № 5 «Ромашка»');
    expect(await s.page.locator('[data-testid="mapping"] thead select').first().inputValue()).toBe('code');
  }, 30_000);

  it('shows row errors and writes nothing', async () => {
    await s.page.setInputFiles('[data-testid="file-input"]', join(FIXTURES, 'unknown-value.csv'));
    await s.page.getByRole('button', { name: 'Загрузить' }).click();
    await expect.poll(() => result().textContent(), { timeout: 15_000 }).toContain('Отклонено');
    expect(await s.page.locator('[data-testid="upload-errors"] tbody tr').count()).toBe(3);
    expect(await s.page.locator('[data-testid="upload-errors"] tbody tr').first().textContent()).toContain('Пикник');
    // The message counts the errors; the line over the table only names the download.
    expect(await result().textContent()).toContain('Строк в файле: 2, с ошибками: 2.');
    expect(await result().locator('a[download]').evaluate((a) => a.parentElement!.textContent!.trim())).toBe('Скачать все ошибки (CSV)');
    await s.page.screenshot({ path: `${ARTIFACTS}/upload-errors.png`, fullPage: true });
    // On a phone each error is a card of labelled lines, its explanation in sight, not a table scrolled sideways.
    await s.page.setViewportSize({ width: 390, height: 844 });
    try {
      const phone = await s.page.locator('[data-testid="upload-errors"]').evaluate((table) => {
        const box = table.closest('.scroll-box')!;
        const cells = Array.from(table.querySelector('tbody tr')!.querySelectorAll('td'));
        const message = cells.at(-1)!.getBoundingClientRect();
        return {
          scrolls: box.scrollWidth > box.clientWidth,
          labels: cells.map((td) => getComputedStyle(td, '::before').content),
          messageInSight: message.left >= 0 && message.right <= document.documentElement.clientWidth,
        };
      });
      expect(phone).toEqual({ scrolls: false, labels: ['"Строка"', '"Столбец"', '"Значение"', '"Ошибка"'], messageInSight: true });
      await s.page.screenshot({ path: `${ARTIFACTS}/upload-errors-phone.png`, fullPage: true });
    } finally {
      await s.page.setViewportSize({ width: 1300, height: 1000 });
    }
  }, 30_000);

  it('a file refused on more rows than are listed says each kind of error with its rows, again when reopened from the history', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kinds-'));
    const file = join(dir, 'мероприятия.csv');
    const rows = Array.from({ length: 250 }, (_, i) => `EK${i};SPX;Семинар;${i < 10 ? '31.02.2023' : '01.03.2023'};Семинар;Очно;10`);
    writeFileSync(file, `Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\n${rows.join('\n')}\n`);
    try {
      await s.page.setInputFiles('[data-testid="file-input"]', file);
      await s.page.getByRole('button', { name: 'Загрузить' }).click();
      await expect.poll(() => result().textContent(), { timeout: 15_000 }).toContain('Отклонено');
      const kinds = () => s.page.locator('[data-testid="upload-error-kinds"] tbody tr').evaluateAll((trs) => trs.map((tr) => {
        const cells = Array.from(tr.querySelectorAll('td'), (td) => td.textContent!.trim());
        return [cells[0], cells[2], cells[3]];
      }));
      expect(await kinds()).toEqual([['Код площадки', '250', '2'], ['Дата проведения', '10', '2']]);
      expect(await result().textContent()).toContain('Ошибок всего: 260, здесь показаны первые 200.');
      const id = Number(/Загрузка № (\d+)/.exec((await result().textContent()) ?? '')?.[1]);
      await s.page.goto(`${s.server.url}/uploads`);
      await s.page.getByRole('button', { name: `Показать итог загрузки № ${id}` }).click();
      await expect.poll(kinds).toEqual([['Код площадки', '250', '2'], ['Дата проведения', '10', '2']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 45_000);

  it('a book with the table on two sheets is refused whole unless she picks a sheet, and the preview says so first', async () => {
    await s.page.goto(`${s.server.url}/uploads`);
    await s.page.setInputFiles('[data-testid="file-input"]', join(FIXTURES, 'corpus', '46-events-two-data-sheets.xlsx'));
    await expect.poll(() => s.page.getByTestId('other-tables').textContent()).toContain('Такая же таблица есть и на листе «II квартал»');
    await s.page.getByRole('button', { name: 'Загрузить' }).click();
    await expect.poll(() => result().textContent(), { timeout: 15_000 }).toContain('Данные набора «Мероприятия» есть на нескольких листах книги: «I квартал», «II квартал»');
    // Picked, the sheet alone is sent, and the page says the other is not.
    await s.page.locator('label:has-text("Лист") select').selectOption('II квартал');
    await expect.poll(() => s.page.getByTestId('other-tables').textContent()).toContain('Загрузится только лист «II квартал»: такая же таблица есть и на листе «I квартал»');
    await s.page.getByRole('button', { name: 'Загрузить' }).click();
    await expect.poll(() => result().textContent(), { timeout: 15_000 }).toMatch(/Загружено/);
    // The data as before, for the tests after this one.
    await s.page.getByRole('button', { name: 'Откатить' }).click();
    await expect.poll(() => s.page.locator('[data-testid="history"] tbody tr').first().textContent()).toContain('Откачено');
    // A school's sheet short of a column, none picked: the server's own refusal naming it, not a mapping of the first sheet.
    await s.page.setInputFiles('[data-testid="file-input"]', join(FIXTURES, 'corpus', '140-events-sheet-per-school-one-short.xlsx'));
    await s.page.getByRole('button', { name: 'Загрузить' }).click();
    await expect.poll(() => result().textContent(), { timeout: 15_000 }).toContain('Таблица набора «Мероприятия» — на нескольких листах книги, но со всеми обязательными столбцами только на листе «СОШ 1»');
  }, 60_000);

  it('a header short of one required column: the page maps the others and names only the one missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'short-'));
    const file = join(dir, 'мероприятия.csv');
    writeFileSync(file, 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Участников по плану\nE80;SP1;Семинар;01.03.2023;Семинар;10\n');
    try {
      await s.page.goto(`${s.server.url}/uploads`);
      await s.page.setInputFiles('[data-testid="file-input"]', file);
      await expect.poll(() => s.page.getByText('Похоже на набор «Мероприятия», но не хватает столбцов (ниже).').count()).toBe(1);
      await expect.poll(() => s.page.getByText('Не сопоставлены обязательные поля: «Способ проведения».').count()).toBe(1);
      expect(await s.page.locator('[data-testid="mapping"] thead select').first().inputValue()).toBe('code');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('a file refused as a whole says why, with no rows counted', async () => {
    await s.page.setInputFiles('[data-testid="file-input"]', join(FIXTURES, 'broken-quotes.csv'));
    await s.page.getByRole('button', { name: 'Загрузить' }).click();
    await expect.poll(() => result().textContent(), { timeout: 15_000 }).toContain('кавычка перед «Без закрывающей кавычки» не закрыта');
    expect(await result().textContent()).not.toContain('Строк в файле');
  }, 30_000);

  it('uploads a valid file, the dashboard changes, and a rollback restores it', async () => {
    await s.page.goto(s.server.url);
    await expect.poll(() => usersCard().textContent()).toBe('2,0\u202f%');

    await s.page.goto(`${s.server.url}/uploads`);
    await s.page.getByLabel('По чьим данным (необязательно)').fill('Петрова А. В.');
    await s.page.setInputFiles('[data-testid="file-input"]', join(FIXTURES, 'resource-uses.csv'));
    await s.page.getByRole('button', { name: 'Загрузить' }).click();
    await expect.poll(() => result().textContent(), { timeout: 15_000 }).toContain('Загружено');
    // The account that uploaded, and whose data it is as a note beside it (once the history has
    // reloaded: until then its first row is the previous upload).
    await expect.poll(() => s.page.locator('[data-testid="history"] tbody tr').first().locator('td').nth(4).textContent())
      .toMatch(/^.+по данным: Петрова А\. В\.$/);

    await s.page.getByRole('link', { name: 'Обзор', exact: true }).click();
    await expect.poll(() => usersCard().textContent()).toBe('3,3\u202f%');

    await s.page.getByRole('link', { name: 'Загрузка данных' }).click();
    await s.page.getByRole('button', { name: 'Откатить' }).click();
    await expect.poll(() => s.page.getByRole('status').textContent()).toMatch(/откачена/);
    await expect.poll(() => s.page.locator('[data-testid="history"] tbody tr').first().textContent()).toContain('Откачено');
    await s.page.screenshot({ path: `${ARTIFACTS}/uploads.png`, fullPage: true });
    // On a phone each upload is a card of labelled lines, not a table scrolled sideways.
    await s.page.setViewportSize({ width: 390, height: 844 });
    try {
      const phone = await s.page.locator('[data-testid="history"]').evaluate((table) => {
        const box = table.closest('.scroll-box')!;
        const row = table.querySelector('tbody tr')!;
        const cells = Array.from(row.querySelectorAll('td')).filter((td) => getComputedStyle(td).display !== 'none');
        return {
          scrolls: box.scrollWidth > box.clientWidth,
          fullWidth: cells.every((td) => td.getBoundingClientRect().width >= row.getBoundingClientRect().width - 1),
          labels: cells.slice(0, 3).map((td) => getComputedStyle(td, '::before').content),
        };
      });
      expect(phone).toEqual({ scrolls: false, fullWidth: true, labels: ['"№"', '"Когда"', '"Набор"'] });
      await s.page.screenshot({ path: `${ARTIFACTS}/uploads-phone.png`, fullPage: true });
    } finally {
      await s.page.setViewportSize({ width: 1300, height: 1000 });
    }

    await s.page.getByRole('link', { name: 'Обзор', exact: true }).click();
    await expect.poll(() => usersCard().textContent()).toBe('2,0\u202f%');
  }, 45_000);

  it('reads a report form: two-row header, left-out rows listed in the result', async () => {
    await s.page.goto(`${s.server.url}/uploads`);
    await s.page.setInputFiles('[data-testid="file-input"]', join(FIXTURES, 'corpus/15-events-two-row-header.xlsx'));
    await expect.poll(() => s.page.getByText('Определён набор «Мероприятия».').count()).toBe(1);
    // The header's lower row is taken, its columns named by both rows.
    expect(await s.page.getByLabel('Строка заголовков').inputValue()).toBe('8');
    await expect.poll(() => s.page.locator('[data-testid="mapping"] .file-header').allTextContents())
      .toEqual(expect.arrayContaining(['Код мероприятия', 'Участники по плану', 'Участники фактически']));
    await s.page.getByRole('button', { name: 'Загрузить' }).click();
    await expect.poll(() => result().textContent(), { timeout: 15_000 }).toContain('Загружено');
    expect(await s.page.getByTestId('upload-notes').locator('li').allTextContents()).toEqual([
      'Не загружены столбцы, которых нет в наборе «Мероприятия»: «№ п/п».',
      'Строка 10 с номерами столбцов (1, 2, 3 …) пропущена.',
      'Пропущены строки итогов: строка 13.',
      'Пропущены строки под таблицей (подписи, примечания): строки 15, 16.',
    ]);
  }, 45_000);

  it('previews a workbook with a value typed far off (XFD1048576) as its table, without reading the empty area', async () => {
    await s.page.goto(`${s.server.url}/uploads`);
    await s.page.setInputFiles('[data-testid="file-input"]', join(FIXTURES, 'corpus/93-events-stray-value-XFD1048576.xlsx'));
    await expect.poll(() => s.page.getByText('Определён набор «Мероприятия».').count()).toBe(1);
    await expect.poll(() => s.page.locator('[data-testid="mapping"] .file-header').allTextContents()).toEqual([
      'Код мероприятия', 'Код площадки', 'Название', 'Дата проведения', 'Форма', 'Способ проведения', 'Участников по плану', 'Участников фактически',
    ]);
    expect(await s.page.locator('[data-testid="mapping"] tbody tr').allTextContents()).toEqual([expect.stringContaining('E100')]);
  }, 45_000);

  it('leaves a field two columns fit for the user to pick', async () => {
    await s.page.goto(`${s.server.url}/uploads`);
    await s.page.setInputFiles('[data-testid="file-input"]', join(FIXTURES, 'corpus/33-events-two-date-columns.csv'));
    await expect.poll(() => s.page.getByRole('alert').first().textContent())
      .toBe('К полю «Дата проведения» подходят несколько столбцов: «Дата» (столбец 4) и «Дата» (столбец 5). Выберите нужный в таблице.');
    expect(await s.page.getByRole('button', { name: 'Загрузить' }).isDisabled()).toBe(true);
    await s.page.getByLabel('Поле для столбца «Дата»').nth(1).selectOption('held_on');
    await s.page.getByRole('button', { name: 'Загрузить' }).click();
    await expect.poll(() => result().textContent(), { timeout: 15_000 }).toContain('Загружено');
    expect(await s.server.db.all("SELECT code, held_on FROM events WHERE code = 'V41'")).toEqual([{ code: 'V41', held_on: '2022-10-20' }]);
  }, 45_000);

  it('a field chosen for a second column is not taken from the first: both are said, and the upload waits for one to change', async () => {
    await s.page.goto(`${s.server.url}/uploads`);
    await s.page.setInputFiles('[data-testid="file-input"]', join(FIXTURES, 'corpus/33-events-two-date-columns.csv'));
    const dates = s.page.getByLabel('Поле для столбца «Дата»');
    await expect.poll(() => dates.count()).toBe(2);
    // By keyboard, arrow keys on a closed list choose each field they pass: here, both columns the same one.
    await dates.nth(0).selectOption('held_on');
    await dates.nth(1).selectOption('held_on');
    expect([await dates.nth(0).inputValue(), await dates.nth(1).inputValue()]).toEqual(['held_on', 'held_on']);
    await expect.poll(() => s.page.getByRole('alert').allTextContents())
      .toContain('Поле «Дата проведения» выбрано для столбцов 4 и 5: оставьте его у одного столбца.');
    expect(await s.page.getByRole('button', { name: 'Загрузить' }).isDisabled()).toBe(true);
    await dates.nth(0).selectOption('');
    await expect.poll(() => s.page.getByRole('button', { name: 'Загрузить' }).isDisabled()).toBe(false);
  }, 45_000);

  it('a dataset chosen that the file\'s columns do not fit: the page names the one they fit', async () => {
    await s.page.goto(`${s.server.url}/uploads`);
    await s.page.selectOption('select[name="dataset"]', 'participations');
    await s.page.setInputFiles('[data-testid="file-input"]', join(FIXTURES, 'corpus/95-events-key-twice-differing.csv'));
    await expect.poll(() => s.page.getByTestId('likelier').textContent())
      .toBe('Столбцы файла похожи на набор «Мероприятия», а выбран «Участие педагогов»: выберите в списке наборов «Мероприятия».');
    await s.page.selectOption('select[name="dataset"]', 'events');
    await expect.poll(() => s.page.getByTestId('likelier').count()).toBe(0);
  }, 45_000);

  it('an earlier upload\'s result opens again from the history, its notes and errors as after it was sent', async () => {
    await s.page.goto(`${s.server.url}/uploads`);
    await s.page.setInputFiles('[data-testid="file-input"]', join(FIXTURES, 'unknown-value.csv'));
    await s.page.getByRole('button', { name: 'Загрузить' }).click();
    await expect.poll(() => result().textContent(), { timeout: 15_000 }).toContain('Отклонено');
    const shown = await result().textContent();
    const id = Number(/Загрузка № (\d+)/.exec(shown ?? '')?.[1]);
    // Another page and back: the form is empty, the history lists it.
    await s.page.goto(`${s.server.url}/`);
    await s.page.goto(`${s.server.url}/uploads`);
    expect(await result().count()).toBe(0);
    await s.page.getByRole('button', { name: `Показать итог загрузки № ${id}` }).click();
    await expect.poll(() => result().textContent()).toBe(shown);
  }, 45_000);

  it('logged no console errors', () => {
    expect(s.errors).toEqual([]);
  });
});
