/**
 * Acceptance corpus: files as district offices really make them, each imported by a methodologist
 * of the north (restrict: districts ['north']) into a fresh small region, with its exact outcome.
 * Every expected value is worked out by hand from the file's content (test/fixtures/uploads/corpus/;
 * make.ts there shows how each file was written, byte for byte, and can remake them).
 *
 * Small region (test/fixtures/small-region.ts): districts north «Северный район», south «Южный
 * район»; organizations N1 N2 N3 (north), S1 S2 (south); sites SP1 (host N1), SP2 (host S1, south),
 * SP3 (host N3); events E1 E2 E4 (SP1), E3 (SP2); resources R1 R2 (SP1), R3 (SP2).
 *
 * CSV from Excel «CSV (разделители — запятые)» is Windows-1251, `;`, CRLF, no BOM; Excel
 * «CSV UTF-8» the same with a BOM; Google Sheets/Forms UTF-8, `,`, LF; LibreOffice as noted.
 *
 *  01-events-excel-1251.csv              Excel 1251: «10.10.2022 г.», «3.10.22», «01.09.2022 0:00», «Очная», «дистант»,
 *                                        «онлайн», «вебинар (онлайн)», «1 200» (nbsp), «12,0», a quoted «;» and quotes → applied
 *  02-events-excel-utf8-totals.csv       Excel CSV UTF-8: title, blank row, «Итого», signatures → applied, notes
 *  03-participations-google-forms.csv    Google Forms: timestamp column, «СНИЛС участника», «Да»/«+»/«✓», a south
 *                                        teacher at SP1 → applied
 *  04-participations-libreoffice-month.csv LibreOffice (text quoted): «снилс педагога», «сентябрь 2022» start date,
 *                                        «-»/«нет»/empty → applied
 *  05-events-month-date.csv              «сентябрь 2022» as an event's date → refused (row error)
 *  06-participations-snils-damaged.csv   «№ п/п» + «СНИЛС участника»: 1,12233E+10, 10 digits, nbsp groups (valid),
 *                                        «,0», wrong control number → refused; valid_only keeps the valid row
 *  07-participations-row-numbers.csv     «ID педагога» = 1..N → refused («номера строк по порядку»)
 *  08-participations-only-number.csv     only «№», no teacher column → refused («Не найдены обязательные столбцы»)
 *  09-organizations-foreign-S1.csv       the south's S1 renamed and put in the north → refused whole, nothing written
 *  10-organizations-move-N2.csv          N2 moved to the south → refused («администратор»)
 *  11-sites-move-host.xlsx               SP1 given host N3 → refused («администратор»)
 *  12-events-foreign-E3.csv              E3 (SP2, south) reused by a north file → refused whole, nothing written
 *  13-resource-uses-south-teacher.csv    R1 (SP1) used by a south teacher; «сентябрь 2022», «03.10.22» → applied
 *  14-resources-two-sheets.xlsx          «Пояснения» sheet first, data on the second; «ID автора» → applied
 *  15-events-two-row-header.xlsx         УТВЕРЖДАЮ, merged two-row header, column numbers row, «Итого», signatures → applied
 *  16-events-header-row-14.xlsx          УТВЕРЖДАЮ block, header at row 14 → applied
 *  17-events-missing-column.xlsx         the same without «Способ проведения» → refused, only that column named, row 14
 *  18-participations-lookalike-codes.csv «SР1» (Cyrillic Р), «Е1» (Cyrillic Е) → applied as SP1/E1, notes «похож»
 *  19-events-unknown-site.csv            «SP11» → refused, «Возможно … SP1»
 *  20-events-site-name-column.csv        «Площадка» (names) left of «Код площадки» → applied by the codes
 *  21-organizations-registry-branch.csv  registry copy: N1 renamed officially + its branch (КПП, no ИНН/ОГРН) → applied
 *  22-organizations-kpp-no-inn.csv       not a branch, КПП without ИНН → refused («ИНН»)
 *  23-events-identical-twice.csv         uploaded twice → second «уже загружен … ничего не изменилось», not rollbackable
 *  24-site-reports-libreoffice.csv       LibreOffice 1251 `;` LF: a «Всего» subtotal between rows → applied, notes
 *  25-participations-south-site.csv      a north file enrolling at the south's SP2 → refused whole
 *  26-participations-snils-and-number.xlsx «№ п/п» + «Страховой номер (СНИЛС)», a СНИЛС number cell, «✓», TRUE → applied
 *  27-events-merged-site.xlsx            a site code merged down over three rows → applied, each row at SP1 (see NOTE)
 *  28-events-google-sheets.csv           Google Sheets: «2022-10-10 10:15:00» in a date column, quoted comma → applied
 *
 * A review round added files 29–42, written the same way (its generator is not kept; each file is
 * small enough to read):
 *  29-events-header-units.csv            «Участников по плану, чел.» → read by its name without the unit
 *  30-events-date-spellings.csv          2022.10.10, 10-10-2022, 10.10.2022г, 10/10/2022, «10 окт. 2022 г.» read;
 *                                        44844 (a day number as text) and 31.12.99 refused with what to do
 *  31-events-thousands-dot.csv           «1.000» in a count: a thousand or one? → refused
 *  32-events-google-us-dates.csv         Google Sheets in a US locale: 3/10/2022, 10/13/2022 → refused («по-американски»)
 *  33-events-two-date-columns.csv        «Дата» twice → refused: which one is meant?
 *  34-participations-id-names.csv        names in «ID педагога» → refused («ФИО»)
 *  35-participations-id-email.csv        e-mails as ids, one in capitals with a space → one teacher
 *  36-participations-snils-spellings.csv one СНИЛС written five ways in «ID педагога» → one teacher
 *  37-participations-two-snils.csv       «СНИЛС наставника» and «СНИЛС стажёра» → refused: which one is meant?
 *  38-events-unfinished-last-row.csv     a last row with only the code and site → its empty cells are errors, not a signature
 *  39-events-1c-export.csv               1С: title and filter rows, «25,000» and «1 025,000» → 25 and 1025, «Номер» noted
 *  40-site-reports-year-text.csv         «2024 г.», «2023г», «не сдан» → read
 *  41-bom-only.csv                       a BOM alone → «Файл пуст»
 *  42-events-hidden-row.xlsx             a hidden draft row → refused until shown or deleted
 * A second review round added XLSX as workbooks really are, and corrections of stored data:
 *  43-events-formula-without-value.xlsx  a formula never computed and a #N/A in an optional count → refused, not emptied
 *  44-site-reports-vlookup-na.xlsx       a VLOOKUP showing #N/A as a report's date → refused (it would read «not sent»)
 *  45-events-hidden-old-sheet.xlsx       last year's sheet hidden in front of this year's → the visible one read, noted
 *  46-events-two-data-sheets.xlsx        quarters on two sheets → refused: which one, or both separately
 *  47-organizations-code-zeros-format.xlsx  code 1234 shown as 001234 (format 000000) → 001234
 *  48-participations-snils-number-format.xlsx  a СНИЛС number shown as 012-345-678 xx → read whole
 *  49-events-code-became-date.xlsx       a code «1.10» Excel turned into 01.10.2025 → refused, saying so
 *  50-events-repeated-header.xlsx        two tables pasted one under the other → the second header left out, noted
 *  51-events-section-rows.xlsx           «Площадка … (SP1)» merged across the table above its rows → left out, noted
 *  52-events-filtered-row.xlsx           a row hidden by a filter → refused, «снимите фильтр»
 *  53-events-move-with-trainees.csv      an event moved to another of her sites while it has trainees → refused
 *  54-resources-described-twice.csv      valid rows only: a resource described two ways → neither row kept
 * A third review round added text as other tools and hands leave it:
 *  55-events-mixed-line-ends.csv         CR LF and lone LF line ends in one file → three rows, none merged
 *  56-events-code-case-of-stored.csv     «e1» for the stored «E1» → refused: it would be a second event
 *  57-events-code-two-spellings.csv      «e21» and «E21» in one file → both refused: one record or two?
 *  58-events-iso-utc.csv                 «2022-10-09T21:00:00Z» → refused: another day where the region is
 *  59-events-values-past-header.csv      nine values under eight headers → refused: shifted values
 *  60-events-header-repeated-lowercase.csv  the header again in lower case under it → left out
 * A fourth review round added text read with the wrong encoding or delimiter (make.ts writes these):
 *  61-organizations-guillemets-1251.csv  Excel 1251: «ЦДТ «ВЕКТОР»», «ДЮЦ «ПАРУС»», «ЦЕНТР» and a no-break space → applied,
 *                                        not refused as broken text («РЎРћРЁ»)
 *  62-organizations-registry-capitals-1251.csv  Excel 1251: a registry copy in capitals → applied, not «кодировка»
 *  63-resource-uses-nbsp-snils-1251.csv  Excel 1251: letters in the header only, СНИЛС grouped by no-break spaces → applied
 *  64-site-reports-title-commas.csv      Excel 1251: a title row with three commas over `;` rows → read with `;`, applied
 * The same round added hand edits and Excel's padding (70–74; files hand-written like 29–60):
 *  70-events-unclosed-quote.csv          Excel 1251 edited in Notepad: a quote typed before a title on row 4 and
 *                                        never closed → refused in either mode, row 4 named (the 7 rows under it
 *                                        would have been one cell)
 *  71-events-unclosed-quote-last-row.csv the same slip on the last row: it swallows only its own line → that row refused
 *  72-events-stray-quote-closed-below.csv a quote left open on row 3 «closed» by the quotes in a title on row 6 → refused,
 *                                        row 3 named (three lines would have been one cell)
 *  73-events-excel-used-range-998.csv    Excel 1251 from a sheet once touched in column 998: every row padded with «;»
 *                                        to it → read as the eight columns it has
 * and one too big to keep, written by the test: Excel's full width (16,384 columns) × 50 rows → read as eight columns.
 * A tester's round added files 75–79, written the same way:
 *  75-events-counts-with-remarks.csv     Excel 1251 (valid rows only): «1 200» (nbsp) and «12 (чел.)» read; «25 30»,
 *                                        «12 (+3 онлайн)», «10 (+2)» refused, never glued or cut to a number
 *  76-events-header-explanations.csv     Excel CSV UTF-8, a form of the office's own: «Дата проведения (ДД.ММ.ГГГГ)»,
 *                                        «Форма проведения мероприятия», «Способ проведения (очно/дистанционно)» → applied
 *  77-events-no-cell-references.xlsx     a report generator's workbook: no r= on rows and cells (optional in OOXML),
 *                                        inline strings, an empty <c/> inside a row, a trailing cell left out → applied
 *  78-participations-chosen-as-events.csv  Excel 1251, trainees uploaded with «Мероприятия» chosen → refused, naming
 *                                        the missing columns and the dataset the file is
 *  79-events-site-code-with-name.csv     Excel 1251: «SP1 (Площадка один)», «SP3, Площадка три» as site codes → refused,
 *                                        each suggesting the code it starts with
 * The same round (make.ts writes 65–69) added rows under and beside the table that are not what they seem:
 *  65-events-signature-three-cells.csv   «Директор …» | «____» | «Иванова И.И.» over three cells, «М.П.» and a date
 *                                        line under the table → left out; a title «… для руководителей» stays data
 *  66-events-title-signature.xlsx        «Директор» | | «____» | «Иванова И.И.», «(подпись)», a date line → left out
 *  67-events-totals-title-first.csv      «Название» first: «Итог-2023: …», «Всего понемногу: …» are events, «Итого» sums
 *  68-feedback-comment-past-blank-header.csv  «Отлично; спасибо …» split by Excel into a column without a header
 *                                        → refused at the row; valid rows only keeps the others
 *  69-events-unnamed-column.xlsx         a note typed into a column without a header → refused at the row
 * A tester's round on teacher ids added files 80–86 (make.ts writes them):
 *  80-resource-uses-id-placeholders.csv  Excel 1251 (valid rows only): «-», «—», «нет», «н/д», «0», «?», «x», «б/н»,
 *                                        «отсутствует», «не указан», «нет СНИЛС» as ids, «н/д» as a school → not filled in
 *  81-resource-uses-id-formula-errors.csv  Excel 1251 (valid rows only): «#Н/Д» twice, «#N/A» as ids, «#ЗНАЧ!» as a school
 *                                        → «Ошибка формулы в Excel», as in a workbook
 *  82-feedback-formula-errors.csv        Excel 1251 (valid rows only): «#Н/Д» number, «#ДЕЛ/0!» rating, «#ИМЯ?» comment → refused
 *  83-resource-uses-id-snils-lost-zero.csv  Excel 1251 (valid rows only): 1234567819 under «ID педагога» → «ведущие нули»;
 *                                        45017 stays a source id
 *  84-resource-uses-id-number-cells.xlsx  (valid rows only) number cells: 1234567920 → «ведущие нули», 45017 → «записан
 *                                        числом», a whole valid СНИЛС as a number and an id as text → read
 *  85-resource-uses-id-invisible-dashes.csv  Excel CSV UTF-8: one СНИЛС with zero-width characters, soft hyphens, a BOM,
 *                                        an apostrophe in front, en/em/figure dashes, a minus; an e-mail after a
 *                                        zero-width space → one teacher each
 *  86-resource-uses-id-case-twins.csv    Excel 1251 (valid rows only): «T0015»/«Т0015», «ab12cd»/«AB12CD» → refused naming
 *                                        both rows; an e-mail in two cases is one teacher
 * A tester's round added workbooks with sheets that hold no cells and one locked with a password (make.ts writes 87–89):
 *  87-events-chart-sheet-first.xlsx      a chart moved to a sheet of its own, in front of the data sheet → the data
 *                                        sheet read, applied; the chart sheet chosen by name → refused, saying it is a chart
 *  88-events-macro-dialog-sheets.xlsm    an Excel 4.0 macro sheet and an Excel 5 dialog sheet after the data → applied
 *  89-events-password.xlsx               a workbook encrypted with a password (an OLE2 file, its header and directory
 *                                        only) → refused, saying how to remove the password, not «старый формат .xls»
 *  90-events-excel-ms-dos.txt            Excel «Текст (MS-DOS)»: CP866, tab-separated, a quoted title with quotes → applied,
 *                                        every letter as typed
 * A tester's round added workbooks of the .NET OpenXML SDK, every element prefixed «x:» (make.ts writes 91–92):
 *  91-events-openxml-sdk-1904-merged.xlsx  dates as day numbers of the 1904 system in general cells, a site code
 *                                        merged down over both rows, shared strings → applied, dates as from 1904
 *  92-events-openxml-sdk-hidden-formula-error.xlsx  a hidden draft row, a formula without a computed value, a
 *                                        #DIV/0! → refused at each row, as without the prefix
 *  93-events-stray-value-XFD1048576.xlsx  «x» typed into the sheet's last cell under a one-row table → refused at
 *                                        row 1048576 as a value without a header (the empty area around it not read)
 *  94-events-stray-space-XFD1048576.xlsx  a space there → applied
 *  104-events-stray-value-XFD2.xlsx      «x» at XFD2, the event's row's far end → refused at row 2 as a value
 *                                        without a header (the empty columns not read: no 16,384-column table)
 *  105-events-header-XFD1.xlsx           «Примечание» at XFD1, the header row's far end → refused: no table has
 *                                        that many columns
 *  106-events-formula-empty-value.xlsx   formulas saved with an empty cached value («<v></v>», no type, as openpyxl
 *                                        writes them) in an optional count and a required site code → refused as
 *                                        formulas never computed, not as empty cells; an empty text a formula
 *                                        computed (t="str") is empty; an «Итого» row of such sums left out
 * A tester's round on how rows are read added files 95–97 (make.ts writes them):
 *  95-events-key-twice-differing.csv     Excel 1251: E95 twice with 12 and 21 participants, E96 twice as it is → both
 *                                        E95 rows refused, each naming the other and «Участников фактически»; E96's
 *                                        repeat refused as «Повтор строки 3»; valid rows only writes E96 alone
 *  96-events-site-subtotals.csv          Excel 1251: «;SP1;Итого по площадке;…;40;36» under each site's events, «Всего»
 *                                        at the end → all three left out as totals, applied
 *  97-events-remarks-under-table.csv     Excel 1251: a blank row, then «* данные уточняются», «Справочно: …», «Дата
 *                                        составления отчёта: …», «Составил: …» in column A → left out as notes, applied
 * 100-events-excel-mac.csv              Excel for Mac «CSV (Macintosh)»: Mac Cyrillic, CR line ends, capitalised words → applied,
 *                                        every capital as typed
 * 101-events-question-marks.csv         Excel on Windows without Russian for non-Unicode programs: «?» for each letter,
 *                                        English headers → refused, saying the letters were lost and how to save
 * 102-feedback-1251-word-typography.csv Excel 1251: Word's quotes and dashes right before lowercase words, English
 *                                        headers → applied as Windows-1251, every comment as typed (not Mac Cyrillic)
 * 103-events-stray-quote-closed-cleanly.csv Excel 1251 edited in Notepad: a quote before a title on row 3 «closed» by
 *                                        one ending a title on row 6 right before its «;» (no broken quote) → refused,
 *                                        row 3 named (rows 3–6 would have been one cell)
 * A tester's round on questionnaires, authors and years added files 110–113 (make.ts writes them):
 * 110-feedback-leading-zeros.csv        Excel 1251: a survey's «001», «0002» where E1's 1 and 2 are stored → refused
 *                                        (they would be second questionnaires); valid rows only writes E4's «8» and
 *                                        notes more questionnaires than E4's participants (0)
 * 111-resources-two-authors.csv         Excel 1251 (valid rows only): two ids in one «ID автора» cell after «,», «;»,
 *                                        a space, on two lines → refused asking for a row per author; one id read
 * 112-resources-two-snils.csv           Excel 1251: two СНИЛС in one «СНИЛС автора» cell, after «,» and on two lines
 *                                        → refused, saying so (not «буквы или другие знаки», not «перенос строки»)
 * 113-site-reports-school-year.csv      Excel 1251 (valid rows only): «2026/27», «2026-2027» as a report's year →
 *                                        refused naming 2027, the year of its deadline; «2024» read
 * A tester's round on rows «deleted» without deleting them added files 120–124 (make.ts writes them):
 * 120-events-struck-rows.xlsx           a cancelled event struck through, and one whose count alone is struck through
 *                                        → both refused (the row; the column of the struck value); valid rows only
 *                                        writes the other two
 * 121-events-coloured-rows.xlsx         one row filled red, one typed in red, a legend «Красным — отменённые, не
 *                                        считать» right of the header → applied, the two rows named in a note
 * 122-events-banded-rows.xlsx           every other row grey, the column of actual counts shaded → applied, no note
 * 123-events-reference-under-total.xlsx «ИТОГО», a blank row, «Справочно: мероприятия прошлого года» and last year's
 *                                        event under it → that event refused as a row under the table's total
 * 124-events-row-under-total.csv        Excel 1251: «Итого», a blank row, an event typed under it → refused the same way
 * A tester's round on files other programs write added files 130–137 (make.ts writes them):
 * 130-events-libreoffice-1904-true.xlsx  LibreOffice: date1904="true" → applied, dates as from 1904
 * 131-events-go-sheet-name-quotes.xlsx   excelize: sheet «Мероприятия "2024"» written with «&#34;», a hidden row, a
 *                                        #DIV/0! → refused at both rows
 * 132-events-single-quoted-hidden-row.xlsx  attributes in single quotes, a hidden row → refused at it
 * 133-events-dotnet-zoned-dates.xlsx     .NET: t="d" dates with «+03:00», «Z», none, «+0300» → applied, the days written
 * 134-events-no-styles-style-0.xlsx      no styles part, every cell s="0" → applied
 * 135-events-row-height-zero.xlsx        1С: a row of height 0 → refused as hidden
 * 136-events-two-exports-joined.csv      two Excel CSV UTF-8 files joined with «copy /b» → applied, the second header
 *                                        (after its byte order mark) left out as a repeat
 * 137-events-libreoffice-formula-errors.csv  LibreOffice: «Err:502», «Err:504», «Ошибка:510» → refused as formula errors
 * A tester's files of a district methodologist added 138 (make.ts writes it):
 * 138-organizations-svod-formula-zero.xlsx  a «Свод» sheet of headcounts summed from the schools' sheets, one school's
 *                                        sheet empty: its computed 0 → refused, the cell to be left empty if unknown
 * A tester's round on a district's files assembled from the schools' submissions added files 140– (make.ts writes them):
 * 140-events-sheet-per-school-one-short.xlsx  a sheet per school, one whole, «Лицей 3» without «Способ проведения», «СОШ 2»
 *                                        without «Код мероприятия», a «Свод» in front → refused naming each sheet and
 *                                        what it lacks; «СОШ 1» chosen → applied
 * 141-events-data-sheet-among-others.xlsx  the data sheet, a «Свод» of counts, trainees on a sheet of their own, the
 *                                        template's «Пример» → applied from the data sheet
 * 142-events-totals-row-crosses.csv     Excel 1251: «х;х;х;Итого;х;х;х;45;40» → left out as totals, applied
 * 143-events-totals-row-dashes.csv      Excel 1251: «-;-;-;ИТОГО;-;-;-;45;40», an event typed under it → that event refused
 *                                        as a row under the total, not the total as a row
 * 144-events-code-zero-cross.csv        Excel 1251 (valid rows only): «0», «х» as an event's code, «х» as a site's → «Не
 *                                        заполнено», never stored as a code; the event beside them written
 * 145-events-schools-stacked-signatures-between.xlsx  three schools' tables pasted one under another: «Исполнитель: …» and
 *                                        «Директор … | ____ | Кузнецов П.П.» under one's «Итого», «Исполнитель: …» under
 *                                        another's → left out as signatures between tables, applied
 * 146-events-schools-stacked-plan-fact-swapped.xlsx  two schools' tables pasted one under another, the second's plan and
 *                                        fact swapped → refused in either mode, naming the row and the columns moved
 * 147-events-header-respelled-same-order.csv  Excel 1251: the header typed again under the first table in other words, in
 *                                        the same order → left out as a repeat, applied
 * 148-events-svod-formula-copies-zero-rows.xlsx  a «Свод» of formula copies down past the schools' rows (0 in every cell,
 *                                        the date's too), an event of 0 and 0 participants among them; the schools'
 *                                        sheets after it → «Свод» chosen: the rows of zeros left out and named, applied
 * 149-events-quarters-two-whole-one-short.xlsx  quarters on sheets, two whole, the third without «Способ проведения» →
 *                                        refused naming the whole sheets, and the third with what it lacks
 * 150-organizations-oo1-merged-total-last.xlsx  ОО-1: «Численность …» merged over «Учителя | Прочие | Всего», the
 *                                        other headers merged down → applied, «Всего» the headcount
 * 151-organizations-oo1-merged-no-total.xlsx  the same over «Штатные | Внешние совместители» → refused naming both
 *                                        columns by their sub-headers
 *
 * In every outcome the districts are named, never coded: no «north»/«south» in any message.
 */
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Database } from '../server/db/database.js';
import type { NewUpload, UploadService } from '../server/ingest/uploads.js';
import type { UploadDetail } from '../web/src/lib/shared/api.js';
import { snilsControl } from '../server/persons/identifiers.js';
import { allTables, storedId } from './helpers/db.js';
import { importFixture, importScratchFile, freshRegionEachTest } from './helpers/uploads.js';
const T = 30_000;

let db: Database;
let uploads: UploadService;
freshRegionEachTest((fresh, service) => {
  db = fresh;
  uploads = service;
});

const NORTH = { datasets: null, districts: ['north'] } as const;

/** The note that matches `about` (the skipped rows' numbers are then checked in it); '' when none does. */
const noteAbout = (result: UploadDetail, about: RegExp): string => result.notes.find((note) => about.test(note)) ?? '';

/**
 * Imports a corpus file as a north methodologist would and checks that no text of the outcome
 * names a district by its code.
 */
async function load(file: string, options: Partial<NewUpload> = {}): Promise<UploadDetail> {
  const result = await importFixture(uploads, `corpus/${file}`, { uploadedBy: 'Методист Северного района', restrict: NORTH, ...options });
  for (const text of [result.message ?? '', ...result.errors.map((e) => e.message), ...result.notes]) {
    expect(text, `district code in «${text}»`).not.toMatch(/\b(north|south)\b/i);
  }
  return result;
}

/** Every data table, in full. */
const allData = () => allTables(db);

/** The rows an upload inserted into a table (without the upload_id column), in the given order. */
const inserted = (table: string, id: number, orderBy: string) =>
  db.all(`SELECT * EXCLUDE (upload_id) FROM ${table} WHERE upload_id = $id ORDER BY ${orderBy}`, { id });

const applied = (dataset: string, rowsTotal: number, changes: { inserted: number; updated?: number; unchanged?: number }) => ({
  status: 'applied', dataset, rowsTotal, rowsRejected: 0, errorCount: 0,
  inserted: changes.inserted, updated: changes.updated ?? 0, deleted: 0, unchanged: changes.unchanged ?? 0,
});

type ExpectedError = [row: number, column: string, ...fragments: RegExp[]];

/**
 * A refused file: the status, counts, the exact (row, column) pairs of its errors with a
 * fragment of each message, and every data table exactly as before.
 */
async function expectRefused(file: string, options: Partial<NewUpload>, expected: {
  dataset: string | null; rowsTotal: number; rowsRejected: number; errors: ExpectedError[]; message?: RegExp[];
}): Promise<UploadDetail> {
  const before = await allData();
  const result = await load(file, options);
  expect(result).toMatchObject({
    status: 'rejected', dataset: expected.dataset, rowsTotal: expected.rowsTotal, rowsRejected: expected.rowsRejected,
    errorCount: expected.errors.length, inserted: 0, updated: 0, deleted: 0,
  });
  expect(result.errors.map((e) => [e.row, e.column])).toEqual(expected.errors.map(([row, column]) => [row, column]));
  expected.errors.forEach(([row, column, ...fragments], i) => {
    for (const fragment of fragments) expect(result.errors[i]?.message, `row ${row}, «${column}»`).toMatch(fragment);
  });
  for (const fragment of expected.message ?? []) expect(result.message).toMatch(fragment);
  expect(await allData()).toEqual(before);
  return result;
}

const EVENT_COLUMNS = 'code, site_code, title, held_on, format, mode, planned_participants, actual_participants';
const event = (code: string, title: string, held_on: string, format: string, mode: string, planned: number, actual: number | null) =>
  ({ code, site_code: 'SP1', title, held_on, format, mode, planned_participants: planned, actual_participants: actual });
const participation = (teacher: string, organization_code: string, site_code: string, event_code: string | null, role: string,
  started_on: string, attended: boolean, report_type: string, certificate_issued: boolean) =>
  ({ teacher_id: storedId(teacher), organization_code, site_code, event_code, role, started_on, attended, report_type, certificate_issued });

describe('CSV as Excel, Google and LibreOffice write it', () => {
  it('01 Excel 1251: dates with «г.», two-digit years and midnight, enum spellings, nbsp thousands, «12,0»', async () => {
    const result = await load('01-events-excel-1251.csv');
    expect(result).toMatchObject(applied('events', 3, { inserted: 3 }));
    expect(await inserted('events', result.id, 'code')).toEqual([
      event('E21', 'Семинар «Формирующее оценивание»', '2022-10-10', 'seminar', 'in_person', 1200, 12),
      event('E22', 'Практикум "Цифровая лаборатория"; группа 2', '2022-10-03', 'workshop', 'remote', 25, null),
      event('E23', 'Вебинар для молодых педагогов', '2022-09-01', 'webinar', 'remote', 30, 28),
    ]);
  }, T);

  it('02 Excel CSV UTF-8: a title and a blank row above the header, «Итого» and signatures below the table', async () => {
    const result = await load('02-events-excel-utf8-totals.csv');
    // NOTE: rowsTotal counts data rows only: the «Итого» row and the signature lines are skipped, not rows.
    expect(result).toMatchObject(applied('events', 2, { inserted: 2 }));
    expect(await inserted('events', result.id, 'code')).toEqual([
      event('E24', 'Круглый стол «Наставник и стажёр»', '2023-02-15', 'seminar', 'in_person', 20, 18),
      event('E25', 'Мастер-класс «Технология полного усвоения»', '2023-03-16', 'master_class', 'remote', 15, 15),
    ]);
    // NOTE: the notes are expected to name the skipped rows by number, the signatures' as «подпис…».
    expect(noteAbout(result, /итог/i)).toMatch(/\b6\b/);
    expect(noteAbout(result, /подпис/i)).toMatch(/\b8\b.*\b9\b/);
  }, T);

  it('03 Google Forms: «СНИЛС участника», a timestamp column left alone, «Да»/«+»/«✓», a south teacher at a north site', async () => {
    const result = await load('03-participations-google-forms.csv');
    expect(result).toMatchObject(applied('participations', 3, { inserted: 3 }));
    expect(await inserted('participations', result.id, 'organization_code')).toEqual([
      participation('123-456-789 64', 'N2', 'SP1', 'E4', 'trainee', '2022-10-10', true, 'none', false),
      participation('112-233-445 95', 'N3', 'SP1', 'E4', 'trainee', '2022-10-10', true, 'none', false),
      participation('234-567-890 99', 'S1', 'SP1', null, 'tutor', '2022-10-11', true, 'none', true),
    ]);
  }, T);

  it('04 LibreOffice: «снилс педагога», «сентябрь 2022» as a start date, «-»/«нет»/empty as no', async () => {
    const result = await load('04-participations-libreoffice-month.csv');
    expect(result).toMatchObject(applied('participations', 2, { inserted: 2 }));
    expect(await inserted('participations', result.id, 'organization_code')).toEqual([
      participation('456-789-012 38', 'N1', 'SP1', null, 'trainee', '2022-10-01', false, 'analytic', false),
      participation('345-678-901 23', 'N2', 'SP1', null, 'trainee', '2022-09-01', false, 'mini', false),
    ]);
  }, T);

  it('05 a month without a day is no event date', async () => {
    await expectRefused('05-events-month-date.csv', {}, {
      dataset: 'events', rowsTotal: 2, rowsRejected: 1,
      errors: [[2, 'Дата проведения', /дат|день/i]],
    });
  }, T);

  it('28 Google Sheets: a date-time in a date column, a title quoted for its comma and quotes', async () => {
    const result = await load('28-events-google-sheets.csv');
    expect(result).toMatchObject(applied('events', 2, { inserted: 2 }));
    expect(await inserted('events', result.id, 'code')).toEqual([
      event('E44', 'Семинар "Читательская грамотность", 5–9 классы', '2022-10-10', 'seminar', 'in_person', 25, 24),
      event('E45', 'Вебинар для наставников', '2022-10-10', 'webinar', 'remote', 40, null),
    ]);
  }, T);

  it('24 LibreOffice 1251: a «Всего» subtotal between the data rows is skipped', async () => {
    const result = await load('24-site-reports-libreoffice.csv');
    expect(result).toMatchObject(applied('site_reports', 2, { inserted: 2 }));
    expect(await inserted('site_reports', result.id, 'site_code')).toEqual([
      { site_code: 'SP1', year: 2024, submitted_on: null },
      { site_code: 'SP3', year: 2022, submitted_on: '2022-05-16' },
    ]);
    expect(noteAbout(result, /итог|всего/i)).toMatch(/\b3\b/);
  }, T);
});

describe('teacher columns', () => {
  it('06 damaged СНИЛС: each said why; «№ п/п» is no teacher column; nbsp groups are a valid СНИЛС', async () => {
    const errors: ExpectedError[] = [
      [2, 'СНИЛС участника', /экспоненциальн/],
      [3, 'СНИЛС участника', /ведущ/],
      [5, 'СНИЛС участника', /числом/],
      [6, 'СНИЛС участника', /СНИЛС набран с ошибкой/],
    ];
    await expectRefused('06-participations-snils-damaged.csv', {}, { dataset: 'participations', rowsTotal: 5, rowsRejected: 4, errors });
    const lenient = await load('06-participations-snils-damaged.csv', { mode: 'valid_only' });
    expect(lenient).toMatchObject({
      status: 'applied', dataset: 'participations', rowsTotal: 5, rowsRejected: 4, errorCount: 4, inserted: 1, updated: 0, deleted: 0, unchanged: 0,
    });
    expect(lenient.errors.map((e) => [e.row, e.column])).toEqual(errors.map(([row, column]) => [row, column]));
    expect(await inserted('participations', lenient.id, 'organization_code')).toEqual([
      participation('123-456-789 64', 'N3', 'SP1', 'E1', 'trainee', '2022-02-10', false, 'none', false),
    ]);
  }, T);

  it('07 a teacher column of row numbers 1..N refuses the file', async () => {
    // A file-level refusal before any row is checked: no row errors, no rows counted as read.
    await expectRefused('07-participations-row-numbers.csv', {}, {
      dataset: 'participations', rowsTotal: 0, rowsRejected: 0, errors: [], message: [/номера строк по порядку/],
    });
  }, T);

  it('08 «№» alone is no teacher column: the required column is missing', async () => {
    // NOTE: the dataset is chosen (as on the upload page); without it the file fits no dataset at all.
    const result = await expectRefused('08-participations-only-number.csv', { dataset: 'participations' }, {
      dataset: 'participations', rowsTotal: 0, rowsRejected: 0, errors: [], message: [/^Не найдены обязательные столбцы/, /ID педагога/],
    });
    for (const present of ['Код ОО педагога', 'Код площадки', 'Роль', 'Дата начала']) expect(result.message).not.toContain(present);
    expect(result.message).toMatch(/строк[^0-9]{0,40}\b1\b/);
  }, T);

  it('26 XLSX export with «№ п/п» and «Страховой номер (СНИЛС)»: a СНИЛС number cell, «✓» and TRUE', async () => {
    const result = await load('26-participations-snils-and-number.xlsx');
    expect(result).toMatchObject(applied('participations', 2, { inserted: 2 }));
    expect(await inserted('participations', result.id, 'organization_code')).toEqual([
      participation('222-333-444 16', 'N1', 'SP1', 'E2', 'trainee', '2022-03-15', true, 'none', true),
      participation('111-222-333 72', 'N2', 'SP1', 'E2', 'trainee', '2022-03-15', true, 'none', false),
    ]);
  }, T);
});

describe('whose rows: a north methodologist', () => {
  it('09 the south\'s S1 renamed into the north: refused whole, nothing written', async () => {
    // NOTE: the row also moves S1 to another district; one error is expected, at the key, saying whose it is.
    await expectRefused('09-organizations-foreign-S1.csv', {}, {
      dataset: 'organizations', rowsTotal: 2, rowsRejected: 1,
      errors: [[3, 'Код ОО', /уже принадлежит/, /Южный район/]],
    });
  }, T);

  it('10 moving the north\'s N2 to the south is for the administrator', async () => {
    // Two things are wrong with the row, both said at «Район»: the new district is not hers, and a move is the admin's.
    await expectRefused('10-organizations-move-N2.csv', {}, {
      dataset: 'organizations', rowsTotal: 1, rowsRejected: 1,
      errors: [[2, 'Район', /относится к району «Южный район»/], [2, 'Район', /администратор/]],
    });
  }, T);

  it('11 a site given another host organization is for the administrator', async () => {
    await expectRefused('11-sites-move-host.xlsx', {}, {
      dataset: 'sites', rowsTotal: 1, rowsRejected: 1, errors: [[4, 'Код ОО-базы', /администратор/]],
    });
  }, T);

  it('12 a north events file reusing E3 (the south\'s SP2): refused whole, nothing written', async () => {
    await expectRefused('12-events-foreign-E3.csv', {}, {
      dataset: 'events', rowsTotal: 2, rowsRejected: 1,
      errors: [[3, 'Код мероприятия', /уже принадлежит/, /Южный район/]],
    });
  }, T);

  it('13 uses of SP1\'s resources belong to SP1, whoever the teacher: accepted', async () => {
    const result = await load('13-resource-uses-south-teacher.csv');
    expect(result).toMatchObject(applied('resource_uses', 2, { inserted: 2 }));
    expect(await inserted('resource_uses', result.id, 'resource_code')).toEqual([
      { resource_code: 'R1', teacher_id: storedId('555-666-777 50'), organization_code: 'S2', used_on: '2022-09-01' },
      { resource_code: 'R2', teacher_id: storedId('444-555-666 05'), organization_code: 'N1', used_on: '2022-10-03' },
    ]);
  }, T);

  it('25 enrolling at the south\'s SP2 from a north file: refused whole', async () => {
    // NOTE: the error is expected at «Код площадки» (participations belong to the site); the key column
    // (the teacher's) would do too. «уже принадлежит» is not required: the row itself is new.
    await expectRefused('25-participations-south-site.csv', {}, {
      dataset: 'participations', rowsTotal: 2, rowsRejected: 1, errors: [[3, 'Код площадки', /Южный район/]],
    });
  }, T);
});

describe('workbooks as report forms', () => {
  it('14 a «Пояснения» sheet first, the data on the second sheet; «ID автора» takes source ids', async () => {
    const result = await load('14-resources-two-sheets.xlsx');
    // One resource and its two authors.
    expect(result).toMatchObject(applied('resources', 2, { inserted: 3 }));
    expect(await inserted('resources', result.id, 'code')).toEqual([
      { code: 'R21', site_code: 'SP1', title: 'Технологическая карта урока физики «Закон Ома»', kind: 'lesson_plan', published_on: '2022-09-01' },
    ]);
    expect(await inserted('resource_authors', result.id, 'organization_code')).toEqual([
      { resource_code: 'R21', teacher_id: storedId('N1-7'), organization_code: 'N1' },
      { resource_code: 'R21', teacher_id: storedId('N3-2'), organization_code: 'N3' },
    ]);
  }, T);

  it('15 УТВЕРЖДАЮ, a two-row merged header, column numbers, «Итого», signatures', async () => {
    // NOTE: «Участники» over «по плану» | «фактически» must be read as «Участников по плану» and
    // «Участников фактически» (the combined «Участники по плану» differs from the template by an ending).
    const result = await load('15-events-two-row-header.xlsx');
    expect(result).toMatchObject(applied('events', 2, { inserted: 2 }));
    expect(await inserted('events', result.id, 'code')).toEqual([
      event('E31', 'Семинар «Наставничество в школе»', '2023-02-15', 'seminar', 'in_person', 20, 18),
      event('E32', 'Вебинар «Цифровые инструменты учителя»', '2023-03-22', 'webinar', 'remote', 40, 37),
    ]);
    expect(noteAbout(result, /итог/i)).toMatch(/\b13\b/);
    expect(noteAbout(result, /подпис/i)).toMatch(/\b15\b.*\b16\b/);
  }, T);

  it('16 the header row at row 14 under an «УТВЕРЖДАЮ» block', async () => {
    const result = await load('16-events-header-row-14.xlsx');
    expect(result).toMatchObject(applied('events', 2, { inserted: 2 }));
    expect(await inserted('events', result.id, 'code')).toEqual([
      event('E33', 'Практикум «Смысловое чтение»', '2023-04-12', 'workshop', 'in_person', 25, 22),
      event('E34', 'Конференция «Итоги стажировки»', '2023-05-25', 'conference', 'in_person', 60, 58),
    ]);
  }, T);

  it('17 one required column missing: only it is named, with the header row', async () => {
    // NOTE: the dataset is chosen, as on the upload page.
    const result = await expectRefused('17-events-missing-column.xlsx', { dataset: 'events' }, {
      dataset: 'events', rowsTotal: 0, rowsRejected: 0, errors: [], message: [/^Не найдены обязательные столбцы/, /«Способ проведения»/],
    });
    for (const present of ['Код мероприятия', 'Код площадки', '«Название»', 'Дата проведения', '«Форма»', 'Участников по плану']) {
      expect(result.message).not.toContain(present);
    }
    expect(result.message).toMatch(/строк[^0-9]{0,40}\b14\b/);
  }, T);

  it('27 a site code merged down over three rows is each row\'s site', async () => {
    // NOTE: the rules say nothing of merged data cells. What the uploader sees is asserted: the merged
    // cell's value stands for every row it covers. The minimal safe alternative would be a refusal with
    // «Код площадки» empty in rows 3 and 4 (the cells under a merge read empty).
    const result = await load('27-events-merged-site.xlsx');
    expect(result).toMatchObject(applied('events', 3, { inserted: 3 }));
    expect(await inserted('events', result.id, 'code')).toEqual([
      event('E41', 'Семинар «Функциональная грамотность»', '2023-02-02', 'seminar', 'in_person', 20, 20),
      event('E42', 'Практикум «Естественнонаучная грамотность»', '2023-02-09', 'workshop', 'in_person', 15, 14),
      event('E43', 'Вебинар «Финансовая грамотность»', '2023-02-16', 'webinar', 'remote', 40, 35),
    ]);
  }, T);
});

describe('codes and values', () => {
  it('18 look-alike Cyrillic letters in reference codes are matched to the stored codes', async () => {
    const result = await load('18-participations-lookalike-codes.csv');
    expect(result).toMatchObject(applied('participations', 2, { inserted: 2 }));
    expect(await inserted('participations', result.id, 'organization_code')).toEqual([
      participation('567-890-123 43', 'N2', 'SP1', 'E1', 'trainee', '2022-02-10', true, 'none', false),
      participation('678-901-234 38', 'N3', 'SP1', 'E1', 'trainee', '2022-02-10', true, 'none', false),
    ]);
    expect(result.notes.join('\n')).toMatch(/похож/);
  }, T);

  it('19 an unknown site code suggests the close one the uploader may use', async () => {
    const result = await expectRefused('19-events-unknown-site.csv', {}, {
      dataset: 'events', rowsTotal: 2, rowsRejected: 1, errors: [[2, 'Код площадки', /Возможно/, /\bSP1\b/]],
    });
    // NOTE: SP2 (the south's) is as close to «SP11» as SP3 but not the north's to use: not suggested.
    expect(result.errors[0]?.message).not.toMatch(/\bSP2\b/);
  }, T);

  it('20 the template header «Код площадки» beats the alias «Площадка» (a column of names)', async () => {
    const result = await load('20-events-site-name-column.csv');
    expect(result).toMatchObject(applied('events', 2, { inserted: 2 }));
    expect(await db.all(`SELECT ${EVENT_COLUMNS} FROM events WHERE upload_id = $id ORDER BY code`, { id: result.id })).toEqual([
      event('E37', 'Семинар «Современный урок»', '2022-12-07', 'seminar', 'in_person', 30, 27),
      event('E38', 'Мастер-класс «Игровые технологии»', '2022-12-14', 'master_class', 'in_person', 12, 12),
    ]);
  }, T);

  it('21 a registry copy: N1 under its official names, its branch with its own КПП and no ИНН', async () => {
    const result = await load('21-organizations-registry-branch.csv');
    expect(result).toMatchObject(applied('organizations', 2, { inserted: 1, updated: 1 }));
    expect(await inserted('organizations', result.id, 'code')).toEqual([{
      code: 'N1F', name: 'Филиал МБОУ "Северная СОШ" в д. Заречье', short_name: 'Филиал МБОУ "Северная СОШ"', org_type: 'school',
      district_code: 'north', inn: null, kpp: '690102001', ogrn: null, address: 'д. Заречье, ул. Лесная, д. 3',
      head: 'Сидорова Анна Ивановна', email: 'zarechye@edu.example', website: null, is_branch: true, closed_on: null,
    }]);
    expect(await db.one("SELECT * EXCLUDE (upload_id) FROM organizations WHERE code = 'N1'")).toEqual({
      code: 'N1', name: 'Муниципальное бюджетное общеобразовательное учреждение "Северная средняя общеобразовательная школа"',
      short_name: 'МБОУ "Северная СОШ"', org_type: 'school', district_code: 'north', inn: '6901000014', kpp: '690101001',
      ogrn: '1026901000015', address: 'с. Северное, ул. Школьная, д. 1', head: 'Иванова Ольга Петровна',
      email: 'n1@edu.example', website: 'https://n1.edu.example/', is_branch: false, closed_on: null,
    });
  }, T);

  it('22 a КПП without an ИНН on an organization that is not a branch', async () => {
    // NOTE: the error is expected at «КПП» (as the current check has it); at «ИНН» would do as well.
    await expectRefused('22-organizations-kpp-no-inn.csv', {}, {
      dataset: 'organizations', rowsTotal: 1, rowsRejected: 1, errors: [[2, 'КПП', /ИНН/]],
    });
  }, T);
});

describe('the same file again', () => {
  it('23 an identical file changes nothing, says so, and is not the upload to roll back', async () => {
    const first = await load('23-events-identical-twice.csv');
    expect(first).toMatchObject(applied('events', 2, { inserted: 2 }));
    expect(await inserted('events', first.id, 'code')).toEqual([
      event('E39', 'Семинар «Оценивание без отметок»', '2023-01-18', 'seminar', 'in_person', 25, 23),
      event('E40', 'Вебинар «Инклюзия в основной школе»', '2023-01-25', 'webinar', 'remote', 50, 41),
    ]);
    const after = await allData();
    const second = await load('23-events-identical-twice.csv');
    // NOTE: rowsTotal and unchanged of the repeat are not asserted: a pipeline that recognises the
    // file by its checksum may not read its rows at all.
    expect(second).toMatchObject({ status: 'applied', dataset: 'events', inserted: 0, updated: 0, deleted: 0, errorCount: 0 });
    expect(second.message).toMatch(/уже загружен/);
    expect(second.message).toMatch(/ничего не изменилось/);
    expect(await allData()).toEqual(after);
    expect((await uploads.get(second.id))!.canRollback).toBe(false);
    expect((await uploads.get(first.id))!.canRollback).toBe(true);
  }, T);
});

describe('more files people make (review round)', () => {
  it('29 a unit after a header: «Участников по плану, чел.»', async () => {
    const result = await load('29-events-header-units.csv');
    expect(result).toMatchObject(applied('events', 1, { inserted: 1 }));
    expect(await inserted('events', result.id, 'code')).toEqual([event('V04', 'Семинар', '2022-10-15', 'seminar', 'in_person', 20, 17)]);
  }, T);

  it('30 date spellings: five read, a day number and a two-digit 99 refused with what to do', async () => {
    await expectRefused('30-events-date-spellings.csv', {}, {
      dataset: 'events', rowsTotal: 8, rowsRejected: 2,
      errors: [[6, 'Дата проведения', /числом Excel/, /10\.10\.2022/], [8, 'Дата проведения', /Год из двух цифр/]],
    });
    const lenient = await load('30-events-date-spellings.csv', { mode: 'valid_only' });
    expect(lenient).toMatchObject({ status: 'applied', inserted: 6, rowsRejected: 2 });
    expect(await db.all('SELECT code, held_on FROM events WHERE upload_id = $id ORDER BY code', { id: lenient.id })).toEqual(
      ['V14', 'V15', 'V16', 'V17', 'V19', 'V21'].map((code) => ({ code, held_on: '2022-10-10' })),
    );
  }, T);

  it('31 «1.000» in a count is a thousand or one: refused', async () => {
    await expectRefused('31-events-thousands-dot.csv', {}, {
      dataset: 'events', rowsTotal: 1, rowsRejected: 1,
      errors: [[2, 'Участников по плану', /Неоднозначное число «1\.000»/], [2, 'Участников фактически', /Неоднозначное число «2\.000»/]],
    });
  }, T);

  it('32 month/day/year dates of a US locale: refused, never swapped', async () => {
    const american = /по-американски/;
    await expectRefused('32-events-google-us-dates.csv', {}, {
      dataset: 'events', rowsTotal: 3, rowsRejected: 3,
      errors: [[2, 'Дата проведения', american], [3, 'Дата проведения', american], [4, 'Дата проведения', american]],
    });
  }, T);

  it('33 two «Дата» columns: the uploader says which', async () => {
    await expectRefused('33-events-two-date-columns.csv', {}, {
      dataset: 'events', rowsTotal: 0, rowsRejected: 0, errors: [],
      message: [/^Неясно, какой столбец загружать: к полю «Дата проведения» подходят «Дата» \(столбец 4\) и «Дата» \(столбец 5\)/],
    });
  }, T);

  it('34 names are no teacher ids', async () => {
    const name = /Похоже на ФИО/;
    await expectRefused('34-participations-id-names.csv', {}, {
      dataset: 'participations', rowsTotal: 2, rowsRejected: 2, errors: [[2, 'ID педагога', name], [3, 'ID педагога', name]],
    });
  }, T);

  it('35 an e-mail in capitals and with a space is the same teacher', async () => {
    const result = await load('35-participations-id-email.csv');
    expect(result).toMatchObject(applied('participations', 2, { inserted: 2 }));
    expect(await db.all('SELECT DISTINCT teacher_id FROM participations WHERE upload_id = $id', { id: result.id }))
      .toEqual([{ teacher_id: storedId('ivanova@school1.ru') }]);
    expect(result.notes).toEqual(['Не загружены столбцы, которых нет в наборе «Участие педагогов»: «Отметка времени».']);
  }, T);

  it('36 one СНИЛС written five ways is one teacher', async () => {
    const result = await load('36-participations-snils-spellings.csv');
    expect(result).toMatchObject(applied('participations', 5, { inserted: 5 }));
    expect(await db.all('SELECT DISTINCT teacher_id FROM participations WHERE upload_id = $id', { id: result.id }))
      .toEqual([{ teacher_id: storedId('123-456-789 64') }]);
  }, T);

  it('37 two СНИЛС columns: the uploader says which one is the teacher', async () => {
    await expectRefused('37-participations-two-snils.csv', {}, {
      dataset: 'participations', rowsTotal: 0, rowsRejected: 0, errors: [],
      message: [/к полю «ID педагога» подходят «СНИЛС наставника» \(столбец 1\) и «СНИЛС стажёра» \(столбец 2\)/],
    });
  }, T);

  it('38 an unfinished last row is data with empty cells, not a signature', async () => {
    const empty = /Обязательное поле не заполнено/;
    await expectRefused('38-events-unfinished-last-row.csv', {}, {
      dataset: 'events', rowsTotal: 2, rowsRejected: 1,
      errors: [[3, 'Название', empty], [3, 'Дата проведения', empty], [3, 'Форма', empty], [3, 'Способ проведения', empty], [3, 'Участников по плану', empty]],
    });
  }, T);

  it('39 a 1С export: title rows, three decimals, a number column noted as not loaded', async () => {
    const result = await load('39-events-1c-export.csv');
    expect(result).toMatchObject(applied('events', 2, { inserted: 2 }));
    expect(await inserted('events', result.id, 'code')).toEqual([
      event('V42', 'Семинар', '2022-10-11', 'seminar', 'in_person', 25, 24),
      event('V43', 'Вебинар', '2022-10-12', 'webinar', 'remote', 1025, null),
    ]);
    expect(result.notes).toEqual(['Не загружены столбцы, которых нет в наборе «Мероприятия»: «Номер».']);
  }, T);

  it('40 «2024 г.» as a year and «не сдан» for a report not sent', async () => {
    const result = await load('40-site-reports-year-text.csv');
    expect(result).toMatchObject(applied('site_reports', 2, { inserted: 2 }));
    expect(await inserted('site_reports', result.id, 'site_code')).toEqual([
      { site_code: 'SP1', year: 2024, submitted_on: '2024-05-14' },
      { site_code: 'SP3', year: 2023, submitted_on: null },
    ]);
  }, T);

  it('41 a BOM alone is an empty file', async () => {
    await expectRefused('41-bom-only.csv', {}, { dataset: null, rowsTotal: 0, rowsRejected: 0, errors: [], message: [/^Файл пуст/] });
  }, T);

  it('42 a hidden row is never stored unseen', async () => {
    await expectRefused('42-events-hidden-row.xlsx', {}, {
      dataset: 'events', rowsTotal: 2, rowsRejected: 1, errors: [[3, '', /Строка скрыта в Excel/]],
    });
  }, T);
});

describe('workbooks as they really are, and corrections (second review round)', () => {
  it('43 a formula never computed and a #N/A are refused, not stored as empty', async () => {
    await expectRefused('43-events-formula-without-value.xlsx', {}, {
      dataset: 'events', rowsTotal: 2, rowsRejected: 2,
      errors: [[2, 'Участников фактически', /Формула без вычисленного значения/], [3, 'Участников фактически', /Ошибка формулы в Excel \(#N\/A\)/]],
    });
  }, T);

  it('44 a #N/A as a report\'s date would read «not sent»: refused', async () => {
    await expectRefused('44-site-reports-vlookup-na.xlsx', {}, {
      dataset: 'site_reports', rowsTotal: 2, rowsRejected: 1, errors: [[2, 'Дата сдачи', /#N\/A/]],
    });
  }, T);

  it('45 a hidden sheet of last year is not read; the visible one is', async () => {
    const result = await load('45-events-hidden-old-sheet.xlsx');
    expect(result).toMatchObject(applied('events', 1, { inserted: 1 }));
    expect(await inserted('events', result.id, 'code')).toEqual([event('E34', 'Новый 2023', '2023-03-10', 'seminar', 'in_person', 5, 4)]);
    expect(result.notes).toEqual(['Данные взяты с листа «2023».', 'Скрытые листы книги не читались: «2022».']);
  }, T);

  it('46 the dataset on two sheets: refused rather than one left out', async () => {
    await expectRefused('46-events-two-data-sheets.xlsx', {}, {
      dataset: null, rowsTotal: 0, rowsRejected: 0, errors: [],
      message: [/^Данные набора «Мероприятия» есть на нескольких листах книги: «I квартал», «II квартал»/],
    });
  }, T);

  it('47 a code shown with leading zeros by its number format keeps them', async () => {
    const result = await load('47-organizations-code-zeros-format.xlsx');
    expect(result).toMatchObject(applied('organizations', 1, { inserted: 2 }));
    expect(await db.all('SELECT code, name, district_code FROM organizations WHERE upload_id = $id', { id: result.id }))
      .toEqual([{ code: '001234', name: 'МБОУ СОШ № 5', district_code: 'north' }]);
    expect(await inserted('organization_headcounts', result.id, 'school_year')).toEqual([{ organization_code: '001234', school_year: 2022, teachers: 25 }]);
  }, T);

  it('48 a СНИЛС kept as a number with a СНИЛС format is read as Excel shows it', async () => {
    const result = await load('48-participations-snils-number-format.xlsx');
    expect(result).toMatchObject(applied('participations', 1, { inserted: 1 }));
    const snils = `012345678${String(snilsControl('012345678')).padStart(2, '0')}`;
    expect(await db.all('SELECT teacher_id FROM participations WHERE upload_id = $id', { id: result.id })).toEqual([{ teacher_id: storedId(snils) }]);
  }, T);

  it('49 a code Excel turned into a date is refused, saying so', async () => {
    await expectRefused('49-events-code-became-date.xlsx', {}, {
      dataset: 'events', rowsTotal: 1, rowsRejected: 1, errors: [[2, 'Код мероприятия', /Excel превратил значение в дату \(01\.10\.2025\)/]],
    });
  }, T);

  it('50 the header again under the first table is left out', async () => {
    const result = await load('50-events-repeated-header.xlsx');
    expect(result).toMatchObject(applied('events', 2, { inserted: 2 }));
    expect((await inserted('events', result.id, 'code')).map((e) => (e as { code: string }).code)).toEqual(['E28', 'E29']);
    expect(result.notes).toEqual(['Пропущены повторы строки заголовков: строка 3.']);
  }, T);

  it('51 section titles merged across the table are left out', async () => {
    const result = await load('51-events-section-rows.xlsx');
    expect(result).toMatchObject(applied('events', 2, { inserted: 2 }));
    expect(await db.all('SELECT code, site_code FROM events WHERE upload_id = $id ORDER BY code', { id: result.id }))
      .toEqual([{ code: 'E31', site_code: 'SP1' }, { code: 'E32', site_code: 'SP3' }]);
    expect(result.notes).toEqual(['Пропущены строки-заголовки разделов: строки 2, 4.']);
  }, T);

  it('52 a row hidden by a filter: «снимите фильтр»', async () => {
    await expectRefused('52-events-filtered-row.xlsx', {}, {
      dataset: 'events', rowsTotal: 3, rowsRejected: 1, errors: [[3, '', /Строка скрыта фильтром Excel: снимите фильтр/]],
    });
  }, T);

  it('53 an event with trainees is not moved to another site', async () => {
    await expectRefused('53-events-move-with-trainees.csv', {}, {
      dataset: 'events', rowsTotal: 1, rowsRejected: 1,
      errors: [[2, 'Код площадки', /площадка «Площадка один» \(SP1\), и у него уже есть участники/]],
    });
  }, T);

  it('54 valid rows only: a resource described two ways keeps neither description', async () => {
    const result = await load('54-resources-described-twice.csv', { mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'applied', rowsTotal: 4, rowsRejected: 2, inserted: 3 });
    expect(result.errors.map((e) => [e.row, e.message])).toEqual([
      [4, 'Та же запись в строке 5 описана иначе («Название ресурса»): значения должны совпадать'],
      [5, 'Та же запись в строке 4 описана иначе («Название ресурса»): значения должны совпадать'],
    ]);
    expect(await db.all('SELECT code, title FROM resources WHERE upload_id = $id', { id: result.id })).toEqual([{ code: 'R10', title: 'Сборник кейсов' }]);
  }, T);
});

describe('text as other tools and hands leave it (third review round)', () => {
  it('55 line ends of both kinds: every line a row', async () => {
    const result = await load('55-events-mixed-line-ends.csv');
    expect(result).toMatchObject(applied('events', 3, { inserted: 3 }));
    expect(await inserted('events', result.id, 'code')).toEqual([
      event('E21', 'Семинар', '2022-10-10', 'seminar', 'in_person', 20, 18),
      event('E22', 'Практикум', '2022-10-11', 'workshop', 'remote', 30, 25),
      event('E23', 'Вебинар', '2022-10-12', 'webinar', 'remote', 40, 35),
    ]);
  }, T);

  it('56 a code written otherwise than the stored one is refused', async () => {
    await expectRefused('56-events-code-case-of-stored.csv', {}, {
      dataset: 'events', rowsTotal: 1, rowsRejected: 1, errors: [[2, 'Код мероприятия', /Такой код уже есть в написании «E1»/]],
    });
  }, T);

  it('57 two spellings of one code in a file: both rows refused', async () => {
    const twins = /Коды «E21», «e21» отличаются только регистром/;
    await expectRefused('57-events-code-two-spellings.csv', {}, {
      dataset: 'events', rowsTotal: 2, rowsRejected: 2, errors: [[2, 'Код мероприятия', twins], [3, 'Код мероприятия', twins]],
    });
  }, T);

  it('58 a UTC time after midnight is not cut to the day before', async () => {
    const utc = /Время указано по Гринвичу/;
    await expectRefused('58-events-iso-utc.csv', {}, {
      dataset: 'events', rowsTotal: 2, rowsRejected: 2, errors: [[2, 'Дата проведения', utc], [3, 'Дата проведения', utc]],
    });
  }, T);

  it('59 values past the last header: refused as shifted', async () => {
    const shifted = /В строке больше значений, чем столбцов в заголовке \(8\)/;
    await expectRefused('59-events-values-past-header.csv', {}, {
      dataset: 'events', rowsTotal: 2, rowsRejected: 2, errors: [[2, '', shifted], [3, '', shifted]],
    });
  }, T);

  it('60 the header repeated in lower case is left out', async () => {
    const result = await load('60-events-header-repeated-lowercase.csv');
    expect(result).toMatchObject(applied('events', 1, { inserted: 1 }));
    expect(result.notes).toEqual(['Пропущены повторы строки заголовков: строка 2.']);
  }, T);
});

describe('hand edits and Excel\'s padding (fourth review round)', () => {
  it('70 a quote never closed: refused in either mode, naming the row where it opens', async () => {
    const unclosed = [/^Строка 4: кавычка перед «Весна - семинар» не закрыта/, /всё после неё до конца файла \(ещё 7 строк\) прочитано как одна ячейка/, /Закройте кавычку или удалите её/];
    for (const mode of ['valid_only', 'strict'] as const) {
      await expectRefused('70-events-unclosed-quote.csv', { mode }, { dataset: 'events', rowsTotal: 0, rowsRejected: 0, errors: [], message: unclosed });
    }
  }, T);

  it('71 a quote left open on the last row takes only that row', async () => {
    const result = await load('71-events-unclosed-quote-last-row.csv', { mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'applied', dataset: 'events', rowsTotal: 3, rowsRejected: 1, errorCount: 1, inserted: 2 });
    expect(result.errors).toEqual([{ row: 4, column: '', value: '', message: 'Незакрытая кавычка: проверьте кавычки в этой строке' }]);
    expect((await inserted('events', result.id, 'code')).map((e) => (e as { code: string }).code)).toEqual(['E61', 'E62']);
  }, T);

  it('72 a quote left open and «closed» by a title\'s quotes rows below: refused, naming the row where it opens', async () => {
    await expectRefused('72-events-stray-quote-closed-below.csv', {}, {
      dataset: 'events', rowsTotal: 0, rowsRejected: 0, errors: [],
      message: [/^Строка 3: кавычка перед «Весна - семинар» не закрыта, и всё после неё до следующей кавычки \(ещё 3 строки\) прочитано как одна ячейка/],
    });
  }, T);

  it('103 a stray quote closed cleanly by another rows below, no broken quote to see: refused, row 3 named', async () => {
    await expectRefused('103-events-stray-quote-closed-cleanly.csv', {}, {
      dataset: 'events', rowsTotal: 0, rowsRejected: 0, errors: [],
      message: [/^Строка 3: кавычка перед «Весна - семинар» не закрыта, и всё после неё до следующей кавычки \(ещё 3 строки\) прочитано как одна ячейка/],
    });
  }, T);

  it('73 rows padded with «;» to Excel\'s used range: the empty columns are not read', async () => {
    const result = await load('73-events-excel-used-range-998.csv');
    expect(result).toMatchObject(applied('events', 3, { inserted: 3 }));
    expect(result.notes).toEqual([]);
    expect(await inserted('events', result.id, 'code'))
      .toEqual(['Семинар 1', 'Практикум', 'Вебинар'].map((title, i) => event(`E6${i + 1}`, title, `2022-10-0${i + 1}`, 'seminar', 'in_person', 20, 18)));
  }, T);

  it('Excel\'s full width: 50 rows padded to 16,384 columns load as the eight columns they have', async () => {
    const header = 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану;Участников фактически';
    const rows = [header, ...Array.from({ length: 50 }, (_, i) => `E${100 + i};SP1;Семинар ${i + 1};01.10.2022;Семинар;Очно;20;18`)];
    const text = rows.map((row) => row + ';'.repeat(16_384 - 8) + '\r\n').join('');
    const result = await importScratchFile(uploads, 'xfd.csv', (path) => writeFileSync(path, text), { uploadedBy: 'Методист', restrict: NORTH });
    expect(result).toMatchObject(applied('events', 50, { inserted: 50 }));
    expect(await db.all('SELECT count(*)::INTEGER AS n FROM events WHERE upload_id = $id', { id: result.id })).toEqual([{ n: 50 }]);
  }, T);
});

describe('text read with the wrong encoding or delimiter (fourth review round)', () => {
  const organization = (code: string, name: string, short_name: string, org_type: string, registry: Record<string, string | null> = {}) => ({
    code, name, short_name, org_type, district_code: 'north', inn: null, kpp: null, ogrn: null, address: null, head: null,
    email: null, website: null, is_branch: false, closed_on: null, ...registry,
  });

  it('61 capitals in guillemets and after a no-break space are no broken text', async () => {
    const result = await load('61-organizations-guillemets-1251.csv');
    expect(result).toMatchObject(applied('organizations', 3, { inserted: 3 }));
    const additional = (code: string, name: string, short: string) => organization(code, name, short, 'additional');
    expect(await inserted('organizations', result.id, 'code')).toEqual([
      additional('N21', 'Муниципальное бюджетное учреждение дополнительного образования Центр детского творчества «ВЕКТОР»', 'ЦДТ «ВЕКТОР»'),
      additional('N22', 'Муниципальное автономное учреждение дополнительного образования Детско-юношеский центр «ПАРУС»', 'ДЮЦ «ПАРУС»'),
      additional('N23', 'Муниципальное учреждение дополнительного образования «ЦЕНТР\u00a0ДОСУГА»', 'МУ ДО «ЦЕНТР\u00a0ДОСУГА»'),
    ]);
  }, T);

  it('62 a registry copy in capitals is Windows-1251', async () => {
    const result = await load('62-organizations-registry-capitals-1251.csv');
    expect(result).toMatchObject(applied('organizations', 3, { inserted: 3 }));
    const registry = (inn: string, ogrn: string, address: string, head: string) => ({ inn, kpp: '690101001', ogrn, address, head });
    expect(await inserted('organizations', result.id, 'code')).toEqual([
      organization('N31', 'МУНИЦИПАЛЬНОЕ БЮДЖЕТНОЕ ОБЩЕОБРАЗОВАТЕЛЬНОЕ УЧРЕЖДЕНИЕ "ОЗЁРНАЯ СРЕДНЯЯ ОБЩЕОБРАЗОВАТЕЛЬНАЯ ШКОЛА"', 'МБОУ "ОЗЁРНАЯ СОШ"', 'school',
        registry('6901000039', '1026901000037', 'СЕВЕРНЫЙ РАЙОН, С. ОЗЁРНОЕ, УЛ. ЦЕНТРАЛЬНАЯ, Д. 5', 'ПЕТРОВА МАРИНА СЕРГЕЕВНА')),
      organization('N32', 'МУНИЦИПАЛЬНОЕ АВТОНОМНОЕ ОБЩЕОБРАЗОВАТЕЛЬНОЕ УЧРЕЖДЕНИЕ "ГИМНАЗИЯ № 2 ИМЕНИ А.С. ПУШКИНА"', 'МАОУ "ГИМНАЗИЯ № 2"', 'gymnasium',
        registry('6901000046', '1026901000048', 'СЕВЕРНЫЙ РАЙОН, П. ЛЕСНОЙ, УЛ. ШКОЛЬНАЯ, Д. 12', 'КУЗНЕЦОВ ДМИТРИЙ ИВАНОВИЧ')),
      organization('N33', 'МУНИЦИПАЛЬНОЕ БЮДЖЕТНОЕ ДОШКОЛЬНОЕ ОБРАЗОВАТЕЛЬНОЕ УЧРЕЖДЕНИЕ "ДЕТСКИЙ САД "СОЛНЫШКО"', 'МБДОУ "ДЕТСКИЙ САД "СОЛНЫШКО"', 'kindergarten',
        registry('6901000053', '1026901000059', 'СЕВЕРНЫЙ РАЙОН, Д. ЗАРЕЧЬЕ, УЛ. САДОВАЯ, Д. 3', 'СМИРНОВА ЕЛЕНА ПАВЛОВНА')),
    ]);
  }, T);

  it('63 few letters and СНИЛС grouped by no-break spaces: Windows-1251, each СНИЛС read whole', async () => {
    const result = await load('63-resource-uses-nbsp-snils-1251.csv');
    expect(result).toMatchObject(applied('resource_uses', 6, { inserted: 6 }));
    const use = (resource_code: string, snils: string, organization_code: string, used_on: string) =>
      ({ resource_code, teacher_id: storedId(snils), organization_code, used_on });
    expect(await inserted('resource_uses', result.id, 'used_on')).toEqual([
      use('R1', '201-345-678 22', 'N1', '2023-10-01'),
      use('R1', '202-456-789 50', 'N2', '2023-10-02'),
      use('R1', '203-567-890 68', 'N3', '2023-10-03'),
      use('R2', '204-678-901 76', 'N1', '2023-10-04'),
      use('R2', '205-789-012 74', 'N2', '2023-10-05'),
      use('R2', '206-890-123 62', 'S2', '2023-10-06'),
    ]);
  }, T);

  it('64 a title whose text has more commas than the row has `;` does not decide the delimiter', async () => {
    const result = await load('64-site-reports-title-commas.csv');
    expect(result).toMatchObject(applied('site_reports', 2, { inserted: 2 }));
    // Split by `;`: the three headers are the dataset's own, no column left unread, no row left out.
    expect(result.notes).toEqual([]);
    expect(await inserted('site_reports', result.id, 'site_code')).toEqual([
      { site_code: 'SP1', year: 2024, submitted_on: '2024-05-14' },
      { site_code: 'SP3', year: 2024, submitted_on: null },
    ]);
  }, T);
});

describe('a tester\'s files (numbers, headers, workbooks, wrong choices)', () => {
  it('75 counts: thousands only in groups of three, a remark with a figure in it asks for one number', async () => {
    const result = await load('75-events-counts-with-remarks.csv', { mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'applied', dataset: 'events', rowsTotal: 4, rowsRejected: 3, inserted: 1 });
    expect(result.errors.map((e) => [e.row, e.column, e.value, e.message])).toEqual([
      [3, 'Участников по плану', '25 30', 'Неясное число «25 30»: пробел внутри числа — это одно число или два? Запишите одно число (пробелом отделяются только тысячи: 1 200)'],
      [4, 'Участников фактически', '12 (+3 онлайн)', 'В ячейке число с пояснением «12 (+3 онлайн)»: запишите одно число — то, которое нужно учесть, без пояснений в скобках'],
      [5, 'Участников по плану', '10 (+2)', 'В ячейке число с пояснением «10 (+2)»: запишите одно число — то, которое нужно учесть, без пояснений в скобках'],
    ]);
    expect(await inserted('events', result.id, 'code')).toEqual([event('E21', 'Семинар', '2022-10-10', 'seminar', 'in_person', 1200, 12)]);
  }, T);

  it('76 headers with explanations in brackets and longer spellings are the template\'s columns', async () => {
    const result = await load('76-events-header-explanations.csv');
    expect(result).toMatchObject(applied('events', 2, { inserted: 2 }));
    expect(await inserted('events', result.id, 'code')).toEqual([
      event('E21', 'Тема', '2022-10-12', 'seminar', 'in_person', 10, 9),
      event('E22', 'Цифровая лаборатория', '2022-10-13', 'workshop', 'remote', 25, 24),
    ]);
    expect(result.notes).toEqual([]);
  }, T);

  it('77 a workbook without cell references: each cell in the next column, each row on the next line', async () => {
    const result = await load('77-events-no-cell-references.xlsx');
    expect(result).toMatchObject(applied('events', 2, { inserted: 2 }));
    expect(await inserted('events', result.id, 'code')).toEqual([
      event('E21', 'Семинар', '2022-10-10', 'seminar', 'in_person', 20, 18),
      event('E22', 'Практикум', '2022-10-11', 'workshop', 'remote', 30, null),
    ]);
    expect(result.notes).toEqual(['Не загружены столбцы, которых нет в наборе «Мероприятия»: «Ответственный».']);
  }, T);

  it('78 a file of another dataset than the one chosen: the message names the dataset it is', async () => {
    await expectRefused('78-participations-chosen-as-events.csv', { dataset: 'events' }, {
      dataset: 'events', rowsTotal: 0, rowsRejected: 0, errors: [],
      message: [/^Не найдены обязательные столбцы набора «Мероприятия»: «Название», «Дата проведения», «Форма», «Способ проведения», «Участников по плану»\. Строкой заголовков взята строка 1\. Похоже на набор «Участие педагогов»: выберите его и загрузите файл снова\.$/],
    });
  }, T);

  it('79 a site code written with its name: refused, suggesting the code it starts with', async () => {
    await expectRefused('79-events-site-code-with-name.csv', {}, {
      dataset: 'events', rowsTotal: 2, rowsRejected: 2, errors: [
        [2, 'Код площадки', /^Нет такой площадки: загрузите её в наборе «Стажировочные площадки»\. Возможно, имелось в виду «SP1» \(Площадка один\)$/],
        [3, 'Код площадки', /^Нет такой площадки: загрузите её в наборе «Стажировочные площадки»\. Возможно, имелось в виду «SP3» \(Площадка три \(истёк статус\)\)$/],
      ],
    });
  }, T);
});

describe('rows under and beside the table that are not what they seem (fourth review round)', () => {
  it('65 a signature over three cells, «М.П.» and a date line are left out; a title with a position word stays data', async () => {
    const result = await load('65-events-signature-three-cells.csv');
    expect(result).toMatchObject(applied('events', 2, { inserted: 2 }));
    expect(await inserted('events', result.id, 'code')).toEqual([
      event('E61', 'Семинар «Оценка без отметок»', '2023-10-12', 'seminar', 'in_person', 20, 18),
      event('E62', 'Мастер-класс для руководителей', '2023-10-19', 'master_class', 'remote', 15, 15),
    ]);
    expect(result.notes).toEqual(['Пропущены строки под таблицей (подписи, примечания): строки 5, 6.']);
  }, T);

  it('66 «Директор» | | «____» | «Иванова И.И.» under a workbook\'s table, «(подпись)» and a date line are left out', async () => {
    const result = await load('66-events-title-signature.xlsx');
    expect(result).toMatchObject(applied('events', 2, { inserted: 2 }));
    expect(await inserted('events', result.id, 'code')).toEqual([
      event('E63', 'Семинар «Проектная задача»', '2023-10-05', 'seminar', 'in_person', 25, 21),
      event('E64', 'Практикум «Учебный диалог»', '2023-10-26', 'workshop', 'in_person', 18, 17),
    ]);
    expect(result.notes).toEqual(['Пропущены строки под таблицей (подписи, примечания): строки 6–8.']);
  }, T);

  it('67 titles beginning with «Итог-» and «Всего» are events; only «Итого» is a totals row', async () => {
    const result = await load('67-events-totals-title-first.csv');
    expect(result).toMatchObject(applied('events', 2, { inserted: 2 }));
    expect(await inserted('events', result.id, 'code')).toEqual([
      event('E65', 'Итог-2023: конференция площадки', '2023-10-05', 'conference', 'in_person', 40, 38),
      event('E66', 'Всего понемногу: мастер-класс', '2023-10-06', 'master_class', 'in_person', 12, 12),
    ]);
    expect(result.notes).toEqual(['Пропущены строки итогов: строка 4.']);
  }, T);

  it('68 text in a column without a header is no silent loss: the row is refused, the others kept in valid rows only', async () => {
    const unnamed = /^Значение в столбце 5 без заголовка: проверьте, не сдвинуты ли значения — текст с «;» возьмите в кавычки/;
    const refused = await expectRefused('68-feedback-comment-past-blank-header.csv', {}, {
      dataset: 'feedback', rowsTotal: 3, rowsRejected: 1, errors: [[2, 'столбец 5', unnamed]],
    });
    expect(refused.errors[0]?.value).toBe('спасибо организаторам');
    const lenient = await load('68-feedback-comment-past-blank-header.csv', { mode: 'valid_only' });
    expect(lenient).toMatchObject({ status: 'applied', rowsTotal: 3, rowsRejected: 1, inserted: 2 });
    expect(await inserted('feedback', lenient.id, 'response_code')).toEqual([
      { event_code: 'E1', response_code: '9002', rating: 4, comment: 'Хорошо' },
      { event_code: 'E1', response_code: '9003', rating: 5, comment: 'Всё понравилось' },
    ]);
  }, T);

  it('69 a note typed into a workbook\'s column without a header refuses its row', async () => {
    const refused = await expectRefused('69-events-unnamed-column.xlsx', {}, {
      dataset: 'events', rowsTotal: 2, rowsRejected: 1,
      errors: [[3, 'столбец 9', /^Значение в столбце 9 без заголовка: проверьте, не сдвинуты ли значения, у столбца без заголовка добавьте заголовок/]],
    });
    expect(refused.errors[0]?.value).toBe('перенесено на ноябрь');
  }, T);
});

describe('sheets without cells and a password (a tester\'s round)', () => {
  it('87 a chart on a sheet of its own in front of the data: the data sheet is read', async () => {
    const result = await load('87-events-chart-sheet-first.xlsx');
    expect(result).toMatchObject(applied('events', 2, { inserted: 2 }));
    expect(await inserted('events', result.id, 'code')).toEqual([
      event('E81', 'Семинар «Функциональная грамотность»', '2024-02-08', 'seminar', 'in_person', 24, 22),
      event('E82', 'Практикум «Смысловое чтение»', '2024-02-22', 'workshop', 'remote', 18, 15),
    ]);
    expect(result.notes).toEqual([]);
  }, T);

  it('87 the chart sheet chosen by name: refused, saying it is a chart and what to choose', async () => {
    await expectRefused('87-events-chart-sheet-first.xlsx', { dataset: 'events', sheet: 'Диаграмма1' }, {
      dataset: 'events', rowsTotal: 0, rowsRejected: 0, errors: [],
      message: [/^Лист «Диаграмма1» — диаграмма, а не таблица с данными\. Выберите лист с таблицей \(или не выбирайте лист: он найдётся сам\) и загрузите файл снова\.$/],
    });
  }, T);

  it('88 a macro sheet and a dialog sheet beside the data are passed over', async () => {
    const result = await load('88-events-macro-dialog-sheets.xlsm');
    expect(result).toMatchObject(applied('events', 1, { inserted: 1 }));
    expect(await inserted('events', result.id, 'code')).toEqual([
      event('E83', 'Вебинар «Цифровые образовательные ресурсы»', '2024-03-14', 'webinar', 'remote', 40, 36),
    ]);
    expect(result.notes).toEqual([]);
  }, T);

  it('89 a workbook encrypted with a password: refused, saying how to remove the password', async () => {
    await expectRefused('89-events-password.xlsx', {}, {
      dataset: null, rowsTotal: 0, rowsRejected: 0, errors: [],
      message: [/^Книга Excel защищена паролем, и прочитать её нельзя\. Откройте её в Excel, снимите пароль \(«Файл → Сведения → Защита книги → Зашифровать с использованием пароля», сотрите пароль и нажмите «ОК»\), сохраните книгу и загрузите её снова\.$/],
    });
  }, T);
});

describe('code pages', () => {
  it('90 Excel «Текст (MS-DOS)»: CP866 and tabs are read, every letter as typed', async () => {
    const result = await load('90-events-excel-ms-dos.txt');
    expect(result).toMatchObject(applied('events', 3, { inserted: 3 }));
    expect(await inserted('events', result.id, 'code')).toEqual([
      event('E91', 'Семинар "Смысловое чтение на уроках истории"', '2023-10-12', 'seminar', 'in_person', 25, 24),
      event('E92', 'Вебинар: цифровая лаборатория в 5-6 классах', '2023-10-19', 'webinar', 'remote', 40, null),
      event('E93', 'Мастер-класс "Эффективный урок" (№ 2)', '2023-10-26', 'master_class', 'in_person', 12, 12),
    ]);
  }, T);

  it('100 Excel for Mac: Mac Cyrillic is read, every capital as typed', async () => {
    const result = await load('100-events-excel-mac.csv');
    expect(result).toMatchObject(applied('events', 2, { inserted: 2 }));
    expect(await inserted('events', result.id, 'code')).toEqual([
      event('E94', 'Семинар «Оценивание» Для Учителей Красносельского Района', '2024-03-15', 'seminar', 'in_person', 1200, 22),
      event('E95', 'Мастер-класс Для Учителей: Цифровая Лаборатория', '2024-04-03', 'master_class', 'remote', 30, null),
    ]);
  }, T);

  it('102 Word\'s quotes and dashes before lowercase words: Windows-1251, every comment as typed', async () => {
    const result = await load('102-feedback-1251-word-typography.csv');
    expect(result).toMatchObject(applied('feedback', 3, { inserted: 3 }));
    expect(await inserted('feedback', result.id, 'response_code')).toEqual([
      { event_code: 'E2', response_code: '21', rating: 5, comment: 'всё понравилось—спасибо!' },
      { event_code: 'E2', response_code: '22', rating: 4, comment: '“живой” формат, ‘реальные’ кейсы' },
      { event_code: 'E2', response_code: '23', rating: 4, comment: 'хотелось бы “больше” практики—меньше теории' },
    ]);
  }, T);

  it('101 «?» for every Russian letter: refused, saying the letters were lost, nothing stored', async () => {
    await expectRefused('101-events-question-marks.csv', {}, {
      dataset: null, rowsTotal: 0, rowsRejected: 0, errors: [],
      message: [/^Русские буквы в файле потеряны при сохранении: вместо них знаки «\?» \(Excel сохранил CSV в кодировке без русских букв\)\. Откройте исходную таблицу и сохраните её как «CSV UTF-8 \(разделитель — запятая\)» или «Книга Excel \(\.xlsx\)»\.$/],
    });
  }, T);
});

describe('teacher ids as people and Excel leave them (a tester\'s round)', () => {
  const distinctTeachers = async (id: number) =>
    (await db.all<{ teacher_id: string }>('SELECT DISTINCT teacher_id FROM resource_uses WHERE upload_id = $id ORDER BY teacher_id', { id })).map((r) => r.teacher_id);
  const errorsOf = (result: UploadDetail) => result.errors.map((e) => [e.row, e.column, e.value, e.message]);
  const formulaError = (error: string) => `Ошибка формулы в Excel (${error}): исправьте формулу или замените формулы значениями и сохраните файл снова`;
  const notFilled = (text: string) => `Не заполнено: «${text}» — это отметка, что значения нет, а не значение; заполните ячейку или удалите строку`;
  const lostZeros = 'В СНИЛС 10 цифр вместо 11: Excel убрал ведущие нули — сделайте столбец текстовым (Формат ячеек → Текстовый), введите номера заново и сохраните файл снова';

  it('80 «нет», «н/д», «0», «б/н» and the like in a required id or code are not filled in, never a teacher', async () => {
    const result = await load('80-resource-uses-id-placeholders.csv', { mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'applied', dataset: 'resource_uses', rowsTotal: 13, rowsRejected: 12, inserted: 1 });
    const placeholders = ['-', '—', 'нет', 'н/д', '0', '?', 'x', 'б/н', 'отсутствует', 'не указан', 'нет СНИЛС'];
    expect(errorsOf(result)).toEqual([
      ...placeholders.map((text, i) => [i + 2, 'ID педагога', text, notFilled(text)]),
      [13, 'Код ОО педагога', 'н/д', notFilled('н/д')],
    ]);
    expect(await inserted('resource_uses', result.id, 'used_on')).toEqual([
      { resource_code: 'R1', teacher_id: storedId('123-456-789 64'), organization_code: 'N1', used_on: '2023-10-13' },
    ]);
  }, T);

  it('81 Excel\'s «#Н/Д» saved into a CSV is a formula\'s error in an id and a code, as in a workbook', async () => {
    const result = await load('81-resource-uses-id-formula-errors.csv', { mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'applied', dataset: 'resource_uses', rowsTotal: 5, rowsRejected: 4, inserted: 1 });
    expect(errorsOf(result)).toEqual([
      [2, 'ID педагога', '#Н/Д', formulaError('#Н/Д')],
      [3, 'ID педагога', '#Н/Д', formulaError('#Н/Д')],
      [4, 'ID педагога', '#N/A', formulaError('#N/A')],
      [5, 'Код ОО педагога', '#ЗНАЧ!', formulaError('#ЗНАЧ!')],
    ]);
    expect(await distinctTeachers(result.id)).toEqual([storedId('123-456-789 64')]);
  }, T);

  it('82 formula errors as a questionnaire\'s number, a rating and a comment are refused', async () => {
    const result = await load('82-feedback-formula-errors.csv', { mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'applied', dataset: 'feedback', rowsTotal: 4, rowsRejected: 3, inserted: 1 });
    expect(errorsOf(result)).toEqual([
      [2, 'Номер анкеты', '#Н/Д', formulaError('#Н/Д')],
      [3, 'Оценка', '#ДЕЛ/0!', formulaError('#ДЕЛ/0!')],
      [4, 'Комментарий', '#ИМЯ?', formulaError('#ИМЯ?')],
    ]);
    expect(await inserted('feedback', result.id, 'response_code')).toEqual([
      expect.objectContaining({ event_code: 'E1', response_code: '9104', rating: 5, comment: 'Всё понравилось' }),
    ]);
  }, T);

  it('83 a СНИЛС whose leading zero Excel dropped is refused under «ID педагога» too', async () => {
    const result = await load('83-resource-uses-id-snils-lost-zero.csv', { mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'applied', dataset: 'resource_uses', rowsTotal: 2, rowsRejected: 1, inserted: 1 });
    expect(errorsOf(result)).toEqual([[2, 'ID педагога', '********19', lostZeros]]);
    expect(await distinctTeachers(result.id)).toEqual([storedId('45017')]);
  }, T);

  it('84 a number cell is a teacher only as a whole valid СНИЛС', async () => {
    const result = await load('84-resource-uses-id-number-cells.xlsx', { mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'applied', dataset: 'resource_uses', rowsTotal: 4, rowsRejected: 2, inserted: 2 });
    expect(errorsOf(result)).toEqual([
      [2, 'ID педагога', '********20', lostZeros],
      [3, 'ID педагога', '***17', 'ID педагога записан числом (***17): Excel хранит числа без ведущих нулей и может изменить их вид — сделайте столбец текстовым (Формат ячеек → Текстовый), введите номера заново и сохраните файл снова'],
    ]);
    expect(await distinctTeachers(result.id)).toEqual([storedId('123-456-789 64'), storedId('T-45018')].sort());
  }, T);

  it('85 invisible characters, an apostrophe in front and Word\'s dashes do not make another teacher', async () => {
    const result = await load('85-resource-uses-id-invisible-dashes.csv');
    expect(result).toMatchObject(applied('resource_uses', 14, { inserted: 14 }));
    expect(await distinctTeachers(result.id)).toEqual([storedId('123-456-789 64'), storedId('petrova@school2.ru')].sort());
  }, T);

  it('86 one id in two cases or alphabets in a file: every row of it refused, naming both rows', async () => {
    const result = await load('86-resource-uses-id-case-twins.csv', { mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'applied', dataset: 'resource_uses', rowsTotal: 7, rowsRejected: 4, inserted: 3 });
    const twins = (first: string, second: string, rows: [number, number]) =>
      `ID «${first}» (строка ${rows[0]}) и «${second}» (строка ${rows[1]}) отличаются только регистром, похожими русскими/латинскими буквами, дефисами или нулями в начале: это один педагог? Напишите ID одинаково`;
    expect(errorsOf(result)).toEqual([
      [2, 'ID педагога', 'T**15', twins('T**15', 'Т**15', [2, 4])],
      [3, 'ID педагога', 'ab**cd', twins('ab**cd', 'AB**CD', [3, 5])],
      [4, 'ID педагога', 'Т**15', twins('T**15', 'Т**15', [2, 4])],
      [5, 'ID педагога', 'AB**CD', twins('ab**cd', 'AB**CD', [3, 5])],
    ]);
    expect(await distinctTeachers(result.id)).toEqual([storedId('petrova@school2.ru'), storedId('K-7')].sort());
  }, T);
});

describe('workbooks of the .NET OpenXML SDK: every element prefixed «x:» (a tester\'s round)', () => {
  it('91 dates of the 1904 system and a site code merged down are read as from an unprefixed workbook', async () => {
    const result = await load('91-events-openxml-sdk-1904-merged.xlsx');
    expect(result).toMatchObject(applied('events', 2, { inserted: 2 }));
    // From 1900, 43904 and 43911 would be 2020-03-14 and 2020-03-21; unmerged, E95 would have no site.
    expect(await inserted('events', result.id, 'code')).toEqual([
      event('E94', 'Семинар «Проектная деятельность»', '2024-03-15', 'seminar', 'in_person', 20, 18),
      event('E95', 'Вебинар «Читательская грамотность»', '2024-03-22', 'webinar', 'remote', 30, 27),
    ]);
  }, T);

  it('92 a hidden row, a formula never computed and a #DIV/0! are refused, not read as rows and empty cells', async () => {
    await expectRefused('92-events-openxml-sdk-hidden-formula-error.xlsx', {}, {
      dataset: 'events', rowsTotal: 4, rowsRejected: 3,
      errors: [
        [3, '', /^Строка скрыта в Excel/],
        [4, 'Участников фактически', /^Формула без вычисленного значения/],
        [5, 'Участников фактически', /^Ошибка формулы в Excel \(#DIV\/0!\)/],
      ],
    });
  }, T);

  it('93 a value in the sheet\'s last cell, XFD1048576, is a value without a header at its row; the empty area is not read', async () => {
    await expectRefused('93-events-stray-value-XFD1048576.xlsx', {}, {
      dataset: 'events', rowsTotal: 2, rowsRejected: 1,
      errors: [[1048576, 'столбец 16384', /^Значение в столбце 16384 без заголовка: проверьте, не сдвинуты ли значения/]],
    });
  }, T);

  it('104 a value at XFD2, right of a row of the table, is a value without a header at its row; the empty columns are not read', async () => {
    await expectRefused('104-events-stray-value-XFD2.xlsx', {}, {
      dataset: 'events', rowsTotal: 1, rowsRejected: 1,
      errors: [[2, 'столбец 16384', /^Значение в столбце 16384 без заголовка: проверьте, не сдвинуты ли значения/]],
    });
  }, T);

  it('105 a header at XFD1 makes a table no table is: refused, naming the row and the column', async () => {
    await expectRefused('105-events-header-XFD1.xlsx', {}, {
      dataset: 'events', rowsTotal: 0, rowsRejected: 0, errors: [],
      message: [/^В строке 1 файла значение стоит в столбце 16384: столько столбцов в таблице не бывает \(читается не больше 1000\)\./],
    });
  }, T);

  it('106 a formula with an empty cached value is one never computed, a required code too; an empty text computed is empty; sums in «Итого» are left out', async () => {
    const result = await expectRefused('106-events-formula-empty-value.xlsx', {}, {
      dataset: 'events', rowsTotal: 3, rowsRejected: 2,
      errors: [
        [2, 'Участников фактически', /^Формула без вычисленного значения: откройте файл в Excel/],
        [3, 'Код площадки', /^Формула без вычисленного значения: откройте файл в Excel/],
      ],
    });
    expect(result.notes).toContain('Пропущены строки итогов: строка 5.');
    const lenient = await load('106-events-formula-empty-value.xlsx', { mode: 'valid_only' });
    expect(lenient).toMatchObject({ status: 'applied', rowsTotal: 3, rowsRejected: 2, inserted: 1 });
    expect(await inserted('events', lenient.id, 'code')).toEqual([
      event('E103', 'Вебинар «Пустая строка»', '2024-10-03', 'webinar', 'remote', 30, null),
    ]);
  }, T);

  it('94 a space in XFD1048576 is nothing: the table is applied', async () => {
    const result = await load('94-events-stray-space-XFD1048576.xlsx');
    expect(result).toMatchObject(applied('events', 1, { inserted: 1 }));
    expect(await inserted('events', result.id, 'code')).toEqual([
      event('E100', 'Семинар «Наставничество»', '2020-03-14', 'seminar', 'in_person', 20, 18),
    ]);
  }, T);
});

describe('rows of one key, subtotals and remarks (a tester\'s round on rows)', () => {
  const versions = (other: number) =>
    `Та же запись (то же значение в столбце «Код мероприятия») в строке ${other} описана иначе («Участников фактически»): какая из строк верна, неизвестно — оставьте одну`;
  const repeat = 'Повтор строки 3: то же значение в столбце «Код мероприятия» — одна запись не может быть в файле дважды';

  it('95 an event twice with two counts: neither is written; one twice as it is: the first is', async () => {
    const strict = await expectRefused('95-events-key-twice-differing.csv', {}, {
      dataset: 'events', rowsTotal: 4, rowsRejected: 3,
      errors: [[2, 'Код мероприятия'], [4, 'Код мероприятия'], [5, 'Код мероприятия']],
    });
    expect(strict.errors.map((e) => [e.row, e.value, e.message])).toEqual([[2, 'E95', versions(4)], [4, 'E95', versions(2)], [5, 'E96', repeat]]);
    const lenient = await load('95-events-key-twice-differing.csv', { mode: 'valid_only' });
    expect(lenient).toMatchObject({ status: 'applied', dataset: 'events', rowsTotal: 4, rowsRejected: 3, errorCount: 3, inserted: 1 });
    expect(lenient.errors.map((e) => [e.row, e.value, e.message])).toEqual([[2, 'E95', versions(4)], [4, 'E95', versions(2)], [5, 'E96', repeat]]);
    expect(await inserted('events', lenient.id, 'code')).toEqual([event('E96', 'Практикум «Опыты на уроке»', '2023-11-15', 'workshop', 'in_person', 20, 12)]);
  }, T);

  it('96 a subtotal after the site\'s code, without an event\'s, is left out as the final «Всего» is', async () => {
    const result = await load('96-events-site-subtotals.csv');
    expect(result).toMatchObject(applied('events', 3, { inserted: 3 }));
    expect(await inserted('events', result.id, 'code')).toEqual([
      event('E97', 'Семинар «Оценивание»', '2023-11-01', 'seminar', 'in_person', 20, 18),
      event('E98', 'Семинар «Проекты»', '2023-11-02', 'seminar', 'in_person', 20, 18),
      { ...event('E99', 'Мастер-класс «Урок-игра»', '2023-11-03', 'master_class', 'in_person', 10, 9), site_code: 'SP3' },
    ]);
    expect(result.notes).toEqual(['Пропущены строки итогов: строки 4, 6, 7.']);
  }, T);

  it('97 remarks typed under the table past a blank row are left out as notes', async () => {
    const result = await load('97-events-remarks-under-table.csv');
    expect(result).toMatchObject(applied('events', 2, { inserted: 2 }));
    expect(await inserted('events', result.id, 'code')).toEqual([
      event('E101', 'Семинар «Функциональная грамотность»', '2023-11-01', 'seminar', 'in_person', 20, 18),
      event('E102', 'Вебинар «Цифровые сервисы»', '2023-11-02', 'webinar', 'remote', 40, 35),
    ]);
    expect(result.notes).toEqual(['Пропущены строки под таблицей (подписи, примечания): строки 5–8.']);
  }, T);
});

describe('questionnaires, authors and years (a tester\'s round)', () => {
  const errorsOf = (result: UploadDetail) => result.errors.map((e) => [e.row, e.column, e.value, e.message]);

  it('110 questionnaires «001» and «0002» where 1 and 2 are stored are refused: they would be counted twice', async () => {
    const twin = (code: string) =>
      `Такой номер анкеты уже есть в написании «${code}» (отличается регистром, похожими русскими/латинскими буквами, буквой O вместо нуля, ведущими нулями, кавычками, дефисами, пробелами или точкой в конце): напишите номер анкеты так же, иначе это будет вторая анкета`;
    const strict = await expectRefused('110-feedback-leading-zeros.csv', {}, {
      dataset: 'feedback', rowsTotal: 3, rowsRejected: 2, errors: [[2, 'Номер анкеты'], [3, 'Номер анкеты']],
    });
    expect(errorsOf(strict)).toEqual([[2, 'Номер анкеты', '001', twin('1')], [3, 'Номер анкеты', '0002', twin('2')]]);
    const lenient = await load('110-feedback-leading-zeros.csv', { mode: 'valid_only' });
    expect(lenient).toMatchObject({ status: 'applied', rowsTotal: 3, rowsRejected: 2, inserted: 1 });
    expect(await inserted('feedback', lenient.id, 'response_code')).toEqual([{ event_code: 'E4', response_code: '8', rating: 4, comment: 'Полезно' }]);
    // E4's participants were counted as none: its questionnaire is written, and noted.
    expect(lenient.notes).toEqual([
      'Анкет больше, чем участников мероприятия по факту: E4 (анкет 1, участников 0). Анкеты записаны; проверьте, нет ли среди них лишних (другого мероприятия, повторов) и верно ли число участников в наборе «Мероприятия».',
    ]);
  }, T);

  it('111 two authors\' ids in one cell, however separated, are refused asking for a row per author', async () => {
    const two = 'В ячейке два ID, а нужен один: на каждого автора — своя строка с тем же ресурсом';
    const result = await load('111-resources-two-authors.csv', { mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'applied', dataset: 'resources', rowsTotal: 5, rowsRejected: 4, inserted: 2 });
    expect(errorsOf(result)).toEqual([
      [2, 'ID автора', 'AUTH-***, AUTH-*05', two],
      [3, 'ID автора', 'AUTH-***; AUTH-*10', two],
      [4, 'ID автора', 'AUTH-*** AUTH-*12', two],
      [5, 'ID автора', 'AUTH-***\nAUTH-*14', two],
    ]);
    expect(await inserted('resource_authors', result.id, 'resource_code')).toEqual([
      { resource_code: 'R15', teacher_id: storedId('AUTH-006'), organization_code: 'N1' },
    ]);
  }, T);

  it('112 two СНИЛС in one cell, after a comma or on two lines, are two authors, not «letters or other signs»', async () => {
    const two = 'В ячейке два СНИЛС, а нужен один: на каждого автора — своя строка с тем же ресурсом';
    const result = await expectRefused('112-resources-two-snils.csv', {}, {
      dataset: 'resources', rowsTotal: 2, rowsRejected: 2, errors: [[2, 'СНИЛС автора'], [3, 'СНИЛС автора']],
    });
    expect(errorsOf(result)).toEqual([
      [2, 'СНИЛС автора', '***-***-*** **, ***-***-*** 39', two],
      [3, 'СНИЛС автора', '***-***-*** **\n***-***-*** 39', two],
    ]);
  }, T);

  it('113 a school year as a report\'s year is refused naming the year of its deadline', async () => {
    const schoolYear = (text: string) => `Учебный год «${text}» вместо года: укажите один год — для 2026/27 это 2027 (отчёт сдают до 15 мая, в конце учебного года)`;
    const result = await load('113-site-reports-school-year.csv', { mode: 'valid_only' });
    expect(result).toMatchObject({ status: 'applied', dataset: 'site_reports', rowsTotal: 3, rowsRejected: 2, inserted: 1 });
    expect(errorsOf(result)).toEqual([[2, 'Год отчёта', '2026/27', schoolYear('2026/27')], [3, 'Год отчёта', '2026-2027', schoolYear('2026-2027')]]);
    expect(await inserted('site_reports', result.id, 'site_code')).toEqual([{ site_code: 'SP3', year: 2024, submitted_on: '2024-05-14' }]);
  }, T);
});

describe('rows «deleted» without deleting them (a tester\'s round)', () => {
  const errorsOf = (result: UploadDetail) => result.errors.map((e) => [e.row, e.column, e.message]);
  const underTotal = (total: number) => `Строка стоит под строкой итогов таблицы (строка ${total}), а строки под итогом в таблицу не входят: `
    + 'если строка не нужна, удалите её; если нужна — перенесите её выше строки итогов и загрузите файл снова';

  it('120 a row struck through, or a value in it, is refused; valid rows only writes the others', async () => {
    const strict = await expectRefused('120-events-struck-rows.xlsx', {}, {
      dataset: 'events', rowsTotal: 4, rowsRejected: 2, errors: [[3, ''], [4, 'Участников фактически']],
    });
    expect(errorsOf(strict)).toEqual([
      [3, '', 'Строка зачёркнута: если она не нужна, удалите её из файла; если нужна — снимите зачёркивание и загрузите файл снова'],
      [4, 'Участников фактически', 'Зачёркнуто значение в столбце «Участников фактически»: если строка не нужна, удалите её из файла; '
        + 'если нужна — исправьте зачёркнутое, снимите зачёркивание и загрузите файл снова'],
    ]);
    const lenient = await load('120-events-struck-rows.xlsx', { mode: 'valid_only' });
    expect(lenient).toMatchObject({ status: 'applied', rowsTotal: 4, rowsRejected: 2, inserted: 2 });
    expect(await inserted('events', lenient.id, 'code')).toEqual([
      event('E120', 'Семинар «Проектная неделя»', '2023-11-06', 'seminar', 'in_person', 20, 18),
      event('E123', 'Мастер-класс «Опыты»', '2023-11-09', 'master_class', 'in_person', 10, 9),
    ]);
  }, T);

  it('121 rows coloured unlike the others are loaded and named: the colour is not read', async () => {
    const result = await load('121-events-coloured-rows.xlsx');
    expect(result).toMatchObject(applied('events', 6, { inserted: 6 }));
    expect(result.notes).toEqual([
      'Не загружены столбцы, которых нет в наборе «Мероприятия»: «Красным — отменённые, не считать».',
      'Строки 3, 5 выделены цветом, а цвет не читается: если это отменённые или лишние строки, удалите их '
        + '(или отметьте «да» в столбце «Удалить», если мероприятие уже в базе) и загрузите файл снова.',
    ]);
  }, T);

  it('122 every other row grey, a column shaded: bands for reading, nothing said', async () => {
    const result = await load('122-events-banded-rows.xlsx');
    expect(result).toMatchObject(applied('events', 5, { inserted: 5 }));
    expect(result.notes).toEqual([]);
  }, T);

  it('123 last year\'s event under «ИТОГО» and a remark is refused as no row of the table', async () => {
    const strict = await expectRefused('123-events-reference-under-total.xlsx', {}, {
      dataset: 'events', rowsTotal: 4, rowsRejected: 1, errors: [[8, '']],
    });
    expect(errorsOf(strict)).toEqual([[8, '', underTotal(5)]]);
    expect(strict.notes).toEqual(['Пропущены строки-заголовки разделов: строка 7.', 'Пропущены строки итогов: строка 5.']);
    const lenient = await load('123-events-reference-under-total.xlsx', { mode: 'valid_only' });
    expect(lenient).toMatchObject({ status: 'applied', rowsTotal: 4, rowsRejected: 1, inserted: 3 });
    expect((await inserted('events', lenient.id, 'code')).map((e) => (e as { code: string }).code)).toEqual(['E135', 'E136', 'E137']);
  }, T);

  it('124 an event typed under «Итого» in a CSV is refused the same way', async () => {
    const strict = await expectRefused('124-events-row-under-total.csv', {}, {
      dataset: 'events', rowsTotal: 3, rowsRejected: 1, errors: [[6, '']],
    });
    expect(errorsOf(strict)).toEqual([[6, '', underTotal(4)]]);
  }, T);
});

describe('workbooks and CSV files other programs write', () => {
  it('130 LibreOffice saying the 1904 date system «true»: dates as from 1904', async () => {
    const result = await load('130-events-libreoffice-1904-true.xlsx');
    expect(result).toMatchObject(applied('events', 2, { inserted: 2 }));
    // From 1900, 43904 and 43911 would be 2020-03-14 and 2020-03-21.
    expect(await inserted('events', result.id, 'code')).toEqual([
      event('E150', 'Семинар «Календарь 1904»', '2024-03-15', 'seminar', 'in_person', 20, 18),
      event('E151', 'Вебинар «Календарь 1904»', '2024-03-22', 'webinar', 'remote', 30, 27),
    ]);
  }, T);

  const hiddenRow = [3, '', /^Строка скрыта в Excel/] as ExpectedError;

  it('131 a sheet named with «&#34;» for its quotes: its hidden row and #DIV/0! are seen as on any sheet', async () => {
    await expectRefused('131-events-go-sheet-name-quotes.xlsx', {}, {
      dataset: 'events', rowsTotal: 3, rowsRejected: 2,
      errors: [hiddenRow, [4, 'Участников фактически', /^Ошибка формулы в Excel \(#DIV\/0!\)/]],
    });
  }, T);

  it('132 attributes in single quotes: the hidden row is seen', async () => {
    await expectRefused('132-events-single-quoted-hidden-row.xlsx', {}, { dataset: 'events', rowsTotal: 2, rowsRejected: 1, errors: [hiddenRow] });
  }, T);

  it('133 dates typed as text with a time zone are the days written', async () => {
    const result = await load('133-events-dotnet-zoned-dates.xlsx');
    expect(result).toMatchObject(applied('events', 4, { inserted: 4 }));
    expect((await inserted('events', result.id, 'code')).map((e) => (e as { held_on: string }).held_on))
      .toEqual(['2024-03-15', '2024-03-16', '2024-03-17', '2024-03-18']);
  }, T);

  it('134 cells naming style 0 of a workbook without styles are read in the default style', async () => {
    const result = await load('134-events-no-styles-style-0.xlsx');
    expect(result).toMatchObject(applied('events', 1, { inserted: 1 }));
    expect(await inserted('events', result.id, 'code')).toEqual([event('E161', 'Семинар «Без стилей»', '2024-03-15', 'seminar', 'in_person', 20, 18)]);
  }, T);

  it('135 a row of no height is as hidden as a hidden one', async () => {
    await expectRefused('135-events-row-height-zero.xlsx', {}, { dataset: 'events', rowsTotal: 2, rowsRejected: 1, errors: [hiddenRow] });
  }, T);

  it('136 two exports joined, a byte order mark before the second header: the header repeated is left out', async () => {
    const result = await load('136-events-two-exports-joined.csv');
    expect(result).toMatchObject(applied('events', 2, { inserted: 2 }));
    expect(result.notes).toEqual(['Пропущены повторы строки заголовков: строка 3.']);
    expect((await inserted('events', result.id, 'code')).map((e) => (e as { code: string }).code)).toEqual(['E164', 'E165']);
  }, T);

  it('137 LibreOffice\'s «Err:502» and «Ошибка:510» are its formula errors, in a title as in a count', async () => {
    await expectRefused('137-events-libreoffice-formula-errors.csv', {}, {
      dataset: 'events', rowsTotal: 4, rowsRejected: 3,
      errors: [
        [2, 'Название', /^Ошибка формулы в LibreOffice \(Err:502\)/],
        [3, 'Участников фактически', /^Ошибка формулы в LibreOffice \(Err:504\)/],
        [4, 'Участников фактически', /^Ошибка формулы в LibreOffice \(Ошибка:510\)/],
      ],
    });
  }, T);

  it('138 a summary sheet\'s headcount summed from a school\'s empty sheet is 0: refused, the stored headcount kept', async () => {
    await expectRefused('138-organizations-svod-formula-zero.xlsx', {}, {
      dataset: 'organizations', rowsTotal: 2, rowsRejected: 1,
      errors: [[3, 'Численность педагогов', /^Численность педагогов не может быть 0: в образовательной организации всегда есть педагоги \(0 обычно даёт формула по незаполненному листу\)\. Если численность неизвестна, оставьте ячейку пустой/]],
    });
  }, T);
});

describe('a district\'s files assembled from the schools\' submissions (a tester\'s round)', () => {
  /** A file of events applied: how many rows it has, its notes exactly, the events it inserted by code. */
  async function expectEventsApplied(file: string, expected: { rows: number; notes: string[]; codes: string[] }): Promise<void> {
    const result = await load(file);
    expect(result).toMatchObject(applied('events', expected.rows, { inserted: expected.codes.length }));
    expect(result.notes).toEqual(expected.notes);
    expect((await inserted('events', result.id, 'code')).map((e) => (e as { code: string }).code)).toEqual(expected.codes);
  }

  it('140 a sheet per school, two of them short of a column: refused naming each and what it lacks, not loaded from the whole sheet alone', async () => {
    const refused = await expectRefused('140-events-sheet-per-school-one-short.xlsx', {}, { dataset: null, rowsTotal: 0, rowsRejected: 0, errors: [] });
    expect(refused.message).toBe('Таблица набора «Мероприятия» — на нескольких листах книги, но со всеми обязательными столбцами только на листе «СОШ 1»: '
      + 'на листе «Лицей 3» нет столбца «Способ проведения», на листе «СОШ 2» нет столбца «Код мероприятия». '
      + 'Ничего не записано, чтобы строки этих листов не пропали незаметно. Допишите недостающие столбцы и загрузите каждый лист отдельно '
      + '(лист выбирается на странице загрузки) или, если нужен только лист «СОШ 1», выберите его.');
    // The sheet chosen is read alone, as the message says.
    const result = await load('140-events-sheet-per-school-one-short.xlsx', { sheet: 'СОШ 1' });
    expect(result).toMatchObject(applied('events', 1, { inserted: 1 }));
    expect(await inserted('events', result.id, 'code')).toEqual([event('E141', 'Семинар «Логопедическая поддержка»', '2023-11-13', 'seminar', 'in_person', 20, 19)]);
  }, T);

  it('149 two sheets of the table whole and a third short of a column: the refusal names the third with what it lacks too', async () => {
    const refused = await expectRefused('149-events-quarters-two-whole-one-short.xlsx', {}, { dataset: null, rowsTotal: 0, rowsRejected: 0, errors: [] });
    expect(refused.message).toBe('Данные набора «Мероприятия» есть на нескольких листах книги: «I квартал», «II квартал». Загрузите каждый лист отдельно '
      + '(выберите лист на странице загрузки) или сведите данные на один лист. Кроме того, на листе «III квартал» нет столбца «Способ проведения»: '
      + 'допишите недостающие столбцы, чтобы загрузить и этот лист.');
  }, T);

  it('150 ОО-1\'s headcount merged over «Учителя | Прочие | Всего» in a workbook: «Всего» is the headcount', async () => {
    const result = await load('150-organizations-oo1-merged-total-last.xlsx');
    // The organization as stored (unchanged), its headcount of 2023/24 new.
    expect(result).toMatchObject(applied('organizations', 1, { inserted: 1, unchanged: 1 }));
    expect(await inserted('organization_headcounts', result.id, 'school_year')).toEqual([{ organization_code: 'N1', school_year: 2023, teachers: 37 }]);
  }, T);

  it('151 ОО-1\'s headcount merged over «Штатные | Внешние совместители»: neither is the total, both named by their sub-headers', async () => {
    const refused = await expectRefused('151-organizations-oo1-merged-no-total.xlsx', {}, { dataset: 'organizations', rowsTotal: 0, rowsRejected: 0, errors: [] });
    expect(refused.message).toBe('Неясно, какой столбец загружать: к полю «Численность педагогов» подходят '
      + '«Численность педагогических работников, чел. Штатные» (столбец 6) и «Численность педагогических работников, чел. Внешние совместители» (столбец 7). '
      + 'Переименуйте или удалите лишний столбец либо выберите столбцы на странице загрузки.');
  }, T);

  it('141 a «Свод» of counts, a sheet of another dataset and the template\'s «Пример» beside the data sheet are no table of it', async () => {
    await expectEventsApplied('141-events-data-sheet-among-others.xlsx', { rows: 2, notes: ['Данные взяты с листа «Мероприятия».'], codes: ['E144', 'E145'] });
  }, T);

  it('142 «Итого» of a statistical form, «х» in every cell with nothing to sum, the codes\' too, is a totals row', async () => {
    await expectEventsApplied('142-events-totals-row-crosses.csv', {
      rows: 2, notes: ['Не загружены столбцы, которых нет в наборе «Мероприятия»: «№ п/п».', 'Пропущены строки итогов: строка 4.'], codes: ['E146', 'E147'],
    });
  }, T);

  it('143 «ИТОГО» with «-» in the other cells is the table\'s total: an event typed under it is refused, the total is no row', async () => {
    const result = await expectRefused('143-events-totals-row-dashes.csv', {}, {
      dataset: 'events', rowsTotal: 3, rowsRejected: 1, errors: [[5, '', /^Строка стоит под строкой итогов таблицы \(строка 4\)/]],
    });
    expect(result.notes).toEqual(['Не загружены столбцы, которых нет в наборе «Мероприятия»: «№ п/п».', 'Пропущены строки итогов: строка 4.']);
  }, T);

  it('144 «0» and «х» are no code: not filled in, never stored as an event\'s or a site\'s code', async () => {
    const result = await load('144-events-code-zero-cross.csv', { mode: 'valid_only' });
    const notFilled = (mark: string) => `Не заполнено: «${mark}» — это отметка, что значения нет, а не значение; заполните ячейку или удалите строку`;
    expect(result).toMatchObject({ status: 'applied', rowsTotal: 4, rowsRejected: 3, errorCount: 3, inserted: 1 });
    expect(result.errors).toEqual([
      { row: 2, column: 'Код мероприятия', value: '0', message: notFilled('0') },
      { row: 3, column: 'Код мероприятия', value: 'х', message: notFilled('х') },
      { row: 4, column: 'Код площадки', value: 'х', message: notFilled('х') },
    ]);
    expect(await inserted('events', result.id, 'code')).toEqual([event('E150', 'Мастер-класс «Код есть»', '2023-11-16', 'master_class', 'in_person', 12, 12)]);
  }, T);

  it('145 signatures and notes under one school\'s «Итого», over the next school\'s title, are left out as such, not read as rows or titles', async () => {
    await expectEventsApplied('145-events-schools-stacked-signatures-between.xlsx', {
      rows: 5,
      notes: [
        'Не загружены столбцы, которых нет в наборе «Мероприятия»: «№ п/п».',
        'Пропущены строки-заголовки разделов: строки 11, 18.',
        'Пропущены повторы строки заголовков: строки 12, 19.',
        'Пропущены строки итогов: строки 7, 15, 21, 23.',
        'Пропущены подписи и примечания между таблицами: строки 8, 9, 16.',
      ],
      codes: ['E151', 'E152', 'E153', 'E154', 'E155'],
    });
  }, T);

  it('146 a second table whose header has the plan and the fact swapped is refused naming the row and the columns, in either mode', async () => {
    const message = 'Строка 10 — тоже строка заголовков (таблицы вставлены одна под другой), но столбцы в ней в другом порядке, чем в строке 4: '
      + '«Участников фактически» — в столбце 8, а не 9, «Участников по плану» — в столбце 9, а не 8. Строки под ней были бы прочитаны не в те столбцы. '
      + 'Приведите столбцы всех таблиц к одному порядку (как в строке 4) или загрузите таблицы отдельно. Ничего не записано.';
    for (const mode of ['strict', 'valid_only'] as const) {
      const result = await expectRefused('146-events-schools-stacked-plan-fact-swapped.xlsx', { mode }, { dataset: 'events', rowsTotal: 0, rowsRejected: 0, errors: [] });
      expect(result.message).toBe(message);
    }
  }, T);

  it('147 the header typed again in other words, in the same order, is a repeat of it: the rows under it are read', async () => {
    const result = await load('147-events-header-respelled-same-order.csv');
    expect(result).toMatchObject(applied('events', 2, { inserted: 2 }));
    expect(result.notes).toEqual(['Пропущены повторы строки заголовков: строка 4.']);
    expect(await inserted('events', result.id, 'code')).toEqual([
      event('E160', 'Семинар «Оценивание»', '2023-11-01', 'seminar', 'in_person', 20, 18),
      { ...event('E161', 'Практикум «Опыты»', '2023-11-02', 'workshop', 'in_person', 15, 15), site_code: 'SP3' },
    ]);
  }, T);

  it('148 rows of zeros alone in a «Свод» of formula copies are left out and named; an event of 0 participants is an event', async () => {
    const result = await load('148-events-svod-formula-copies-zero-rows.xlsx', { sheet: 'Свод' });
    expect(result).toMatchObject(applied('events', 4, { inserted: 4 }));
    expect(result.notes).toEqual(['Пропущены строки из одних нулей — формулы, ссылающиеся на пустые строки: строки 5, 7, 8.']);
    expect(await inserted('events', result.id, 'code')).toEqual([
      event('E162', 'Семинар «Доступная среда»', '2023-11-03', 'seminar', 'in_person', 20, 17),
      event('E163', 'Практикум «Коррекционная педагогика»', '2023-11-17', 'workshop', 'in_person', 15, 15),
      event('E164', 'Вебинар «Без записавшихся»', '2023-11-24', 'webinar', 'remote', 0, 0),
      { ...event('E165', 'Семинар «Наставничество в воспитании»', '2023-11-10', 'seminar', 'in_person', 25, 21), site_code: 'SP3' },
    ]);
  }, T);
});
