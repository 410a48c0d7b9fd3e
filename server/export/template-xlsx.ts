/**
 * The XLSX template of an upload dataset, written from its spec as OOXML by hand (write-excel-file
 * cannot write data validation): «Данные» — the header row, required columns highlighted, a note
 * on every column with its format, dropdowns for enumerated and reference columns; «Справочники» —
 * the codes and names the uploader may use; «Пример» — one valid row.
 */
import type { Queries } from '../db/queries.js';
import { completeInn, completeOgrn, snilsControl } from '../persons/identifiers.js';
import type { DatasetCode, DatasetSpec, FieldSpec, RefTable } from '../../web/src/lib/shared/datasets.js';
import { neutralise } from './table-files.js';
import { ROW_OWNER } from '../ingest/targets.js';
import { zip } from './zip.js';
import { columnName } from '../../web/src/lib/shared/sheet-xml.js';

export const SHEETS = { data: 'Данные', references: 'Справочники', example: 'Пример' } as const;

/** One line of a reference list, as queries/template_references.sql gives it. */
export interface ReferenceRow {
  ref: RefTable;
  code: string;
  name: string;
  /** An event's or resource's site. */
  site_code: string | null;
  /** An event's day (ISO). */
  held_on?: string | null;
}

/** Each reference list's columns on «Справочники» and its name in the notes. */
const REFERENCES: Record<RefTable, { code: string; name: string; title: string; placeholder: string }> = {
  districts: { code: 'Код района', name: 'Район', title: 'Районы', placeholder: 'D01' },
  directions: { code: 'Код направления', name: 'Направление', title: 'Направления', placeholder: 'DIR01' },
  organizations: { code: 'Код ОО', name: 'Организация', title: 'Образовательные организации', placeholder: 'OO-001' },
  sites: { code: 'Код площадки', name: 'Площадка', title: 'Площадки', placeholder: 'SP-001' },
  events: { code: 'Код мероприятия', name: 'Мероприятие', title: 'Мероприятия', placeholder: 'EV-001' },
  resources: { code: 'Код ресурса', name: 'Ресурс', title: 'Ресурсы', placeholder: 'R-001' },
};

/** The row below the last one of a sheet: validation and formats reach every data row. */
const LAST_ROW = 1_048_576;
/** Excel's limits: an input message's title and text, and a list written into the validation. */
const TITLE_MAX = 32;
const TEXT_MAX = 255;

/** Columns kept as text, so Excel keeps leading zeros and never writes a СНИЛС as 1,12E+10. */
const TEXT_TYPES = new Set<FieldSpec['type']>(['code', 'person', 'inn', 'kpp', 'ogrn', 'school_year', 'half_years']);

// Cell formats of xl/styles.xml, by index.
const STYLE = { plain: 0, header: 1, requiredHeader: 2, text: 3, date: 4, listHeader: 5 } as const;

/**
 * The lists a dataset's template offers, and which are cut to the uploader's districts: those of
 * the fields that place a row in a district. Other references (a trainee's organization, a
 * direction) may be of any district.
 */
export function templateReferences(spec: DatasetSpec): { refs: RefTable[]; scoped: RefTable[] } {
  const refsOf = (fields: FieldSpec[]) => [...new Set(fields.flatMap((f) => (f.ref ? [f.ref] : [])))];
  // The field that places a row in a district (as the import checks a methodologist's rows), and
  // a trainee's event, which must be her site's.
  const owner = (ROW_OWNER as Partial<Record<DatasetCode, { field: string }>>)[spec.code]?.field;
  const scopedKeys = [owner, ...(spec.code === 'participations' ? ['event'] : [])];
  return { refs: refsOf(spec.fields), scoped: refsOf(spec.fields.filter((f) => scopedKeys.includes(f.key))) };
}

/**
 * The template of a dataset for a user: `districts` are the methodologist's (null: an admin's
 * template, every district).
 */
export async function datasetTemplate(queries: Queries, spec: DatasetSpec, districts: readonly string[] | null): Promise<Buffer> {
  const { refs, scoped } = templateReferences(spec);
  const rows = refs.length === 0 ? [] : await queries.run<ReferenceRow & Record<string, unknown>>('template_references', {
    refs: refs.join(','), scoped: scoped.join(','), districts: districts === null ? null : districts.join(','),
  });
  return templateXlsx(spec, rows);
}

// ---- values ----

// XML 1.0 forbids these control characters: they are dropped, the rest escaped.
const esc = (text: string) =>
  // eslint-disable-next-line no-control-regex
  text.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
/** 100 000 with a space between thousands; a year as it is. */
const number = (n: number) => (Math.abs(n) < 10_000 ? String(n) : n.toLocaleString('ru-RU').replace(/\s/g, ' '));

const excelSerial = (iso: string) => (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;

/** The labels a dropdown offers for an enumerated or yes/no column. */
function choices(field: FieldSpec): string[] | null {
  if (field.type === 'boolean') return ['да', 'нет'];
  if (field.type === 'enum') return Object.values(field.values ?? {});
  return null;
}

/** What a column takes, in Russian: the note shown on its header and cells. */
export function formatNote(field: FieldSpec): string {
  const hint = field.hint;
  let format: string;
  if (field.ref) {
    const ref = REFERENCES[field.ref];
    format = field.ref === 'districts' || field.ref === 'directions'
      ? `Код или название из справочника «${ref.title}»`
      : `Код из справочника «${ref.title}»`;
    format += `: выберите из списка (лист «${SHEETS.references}»)`;
    // The districts' and directions' hints say the same.
    if (hint && !/^код или название/i.test(hint)) format += `; ${hint}`;
    return format;
  }
  switch (field.type) {
    case 'text': format = 'Текст'; break;
    case 'code': format = 'Код: текст в одну строку'; break;
    case 'inn': format = 'ИНН: 10 цифр (организация) или 12 цифр'; break;
    case 'kpp': format = 'КПП: 9 знаков, например 771301001'; break;
    case 'ogrn': format = 'ОГРН: 13 цифр'; break;
    case 'email': format = 'Адрес электронной почты: name@school.ru'; break;
    case 'url': format = 'Адрес сайта: https://school.ru'; break;
    case 'person': format = hint ? '' : 'СНИЛС (123-456-789 01) или ID педагога из системы учёта'; break;
    case 'integer': {
      const { min, max } = field;
      format = 'Целое число'
        + (min !== undefined && max !== undefined ? ` от ${number(min)} до ${number(max)}` : min !== undefined ? ` не меньше ${number(min)}` : max !== undefined ? ` не больше ${number(max)}` : '');
      break;
    }
    case 'date': format = 'Дата в виде ДД.ММ.ГГГГ'; break;
    case 'boolean': format = 'Да или нет: выберите из списка'; break;
    case 'enum': format = `Значение из списка: ${(choices(field) ?? []).join(', ')}`; break;
    // Their hints are the examples.
    case 'school_year': return hint ? `Учебный год, ${hint}` : 'Учебный год, например, 2022/23';
    case 'half_years': return hint ? `Полугодия ${hint}` : 'Полугодия через запятую: 2021-H1, 2021-H2';
  }
  return [format, hint].filter(Boolean).map((part, i) => (i === 0 ? capitalise(part!) : part)).join('; ');
}

/** A column's input message: whether it is required, and its format. */
export function columnPrompt(field: FieldSpec): string {
  return clip(`${field.required ? 'Обязательный столбец' : 'Необязательный столбец'}. ${formatNote(field)}.`, TEXT_MAX);
}

const SNILS_NINE = '112233445';
const EXAMPLE_SNILS = `112-233-445 ${String(snilsControl(SNILS_NINE)).padStart(2, '0')}`;

/** Example values of fields whose type alone says too little. */
const EXAMPLE_TEXTS: Partial<Record<`${DatasetCode}.${string}`, string>> = {
  'districts.name': 'Новоозёрный район',
  'directions.name': 'Цифровая образовательная среда',
  'organizations.name': 'Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 1»',
  'organizations.short_name': 'МБОУ СШ № 1',
  'organizations.address': 'с. Северное, ул. Школьная, д. 1',
  'organizations.head': 'Иванова Ольга Петровна',
  'sites.name': 'Площадка «Цифровая школа»',
  'events.title': 'Семинар «Формирующее оценивание»',
  'feedback.response': '1',
  'feedback.comment': 'Полезно, хотелось бы больше практики',
  'resources.title': 'Методические рекомендации по наставничеству',
  'plan_items.code': '1.1',
  'plan_items.title': 'Разработка положения о стажировочных площадках',
  'plan_items.expected_product': 'Приказ',
};
const EXAMPLE_NUMBERS: Record<string, number> = { planned: 25, actual: 22, teachers: 48, rating: 5, year: 2024 };
const EXAMPLE_DATES: Record<string, string> = { granted_on: '2023-09-01', valid_until: '2026-08-31' };
const OWN_CODES: Partial<Record<DatasetCode, RefTable>> = {
  districts: 'districts', directions: 'directions', organizations: 'organizations', sites: 'sites', events: 'events', resources: 'resources',
};

type Cell = { text: string } | { date: string } | { number: number } | null;

/**
 * The values of a template's example row that a real row would not have: its texts and its own
 * code's placeholder (its references are the uploader's real codes). A row holding all of them
 * is the example copied into the data (see FileCheck.checkRows). A plan's example item is a
 * real item people plan: it has none.
 */
export function exampleMarks(spec: DatasetSpec): Record<string, string> {
  if (spec.code === 'plan_items') return {};
  const own = OWN_CODES[spec.code];
  return Object.fromEntries(spec.fields.flatMap((field) => {
    const text = EXAMPLE_TEXTS[`${spec.code}.${field.key}`] ?? (own && field.key === 'code' ? REFERENCES[own].placeholder : undefined);
    return text === undefined ? [] : [[field.key, text]];
  }));
}

/** One valid row: codes from the reference lists where there are any, else placeholders. */
function exampleRow(spec: DatasetSpec, lists: Map<RefTable, ReferenceRow[]>): Cell[] {
  const chosen = new Map<string, string>();
  let eventDay: string | null = null;
  return spec.fields.map((field): Cell => {
    // A trainee starts at her event on its day.
    if (field.key === 'started_on' && eventDay) return { date: eventDay };
    if (field.ref) {
      let rows = lists.get(field.ref) ?? [];
      // A trainee's event must be one of the row's site.
      if (field.ref === 'events' && chosen.has('site')) {
        rows = rows.filter((r) => r.site_code === chosen.get('site'));
        if (rows.length === 0 && !field.required) return null;
      }
      const code = rows[0]?.code ?? REFERENCES[field.ref].placeholder;
      if (field.ref === 'events') eventDay = rows[0]?.held_on ?? null;
      chosen.set(field.key, code);
      return { text: code };
    }
    const text = EXAMPLE_TEXTS[`${spec.code}.${field.key}`];
    if (text !== undefined) return { text };
    switch (field.type) {
      case 'code': {
        const own = OWN_CODES[spec.code];
        return { text: own && field.key === 'code' ? REFERENCES[own].placeholder : 'A-1' };
      }
      case 'text': return { text: 'Текст' };
      case 'inn': return { text: completeInn('330123456') };
      case 'kpp': return { text: '330101001' };
      case 'ogrn': return { text: completeOgrn('102330012345') };
      case 'email': return { text: 'school1@edu.example.ru' };
      case 'url': return { text: 'https://school1.example.ru' };
      case 'person': return { text: EXAMPLE_SNILS };
      case 'integer': return { number: Math.min(Math.max(EXAMPLE_NUMBERS[field.key] ?? 10, field.min ?? -Infinity), field.max ?? Infinity) };
      // A school that works: no day it closed.
      case 'date': return field.key === 'closed_on' ? null : { date: EXAMPLE_DATES[field.key] ?? '2024-02-15' };
      // A branch and a row to delete are the exceptions: the example is a school and a row to load.
      case 'boolean': return { text: field.key === 'is_branch' || field.key === 'remove' ? 'нет' : 'да' };
      case 'enum': return { text: choices(field)![0] };
      case 'school_year': return { text: '2023/24' };
      case 'half_years': return { text: '2024-H1, 2024-H2' };
    }
  });
}

// ---- sheets ----

const columnStyle = (field: FieldSpec) => (TEXT_TYPES.has(field.type) ? STYLE.text : field.type === 'date' ? STYLE.date : STYLE.plain);

function cellXml(ref: string, cell: Cell, style: number): string {
  if (cell === null) return '';
  if ('number' in cell) return `<c r="${ref}" s="${style}"><v>${cell.number}</v></c>`;
  if ('date' in cell) return `<c r="${ref}" s="${STYLE.date}"><v>${excelSerial(cell.date)}</v></c>`;
  return `<c r="${ref}" s="${style}" t="inlineStr"><is><t xml:space="preserve">${esc(cell.text)}</t></is></c>`;
}

function rowXml(index: number, cells: Cell[], styles: number[], extra = ''): string {
  return `<row r="${index}"${extra}>${cells.map((cell, i) => cellXml(`${columnName(i)}${index}`, cell, styles[i])).join('')}</row>`;
}

const frozenHeader =
  '<sheetViews><sheetView workbookViewId="0"%SELECTED%><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
  + '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>';

function worksheet(parts: { selected?: boolean; widths: number[]; styles?: number[]; rows: string[]; validations?: string[] }): string {
  const cols = parts.widths.map((width, i) =>
    `<col min="${i + 1}" max="${i + 1}" width="${width}" customWidth="1"${parts.styles?.[i] ? ` style="${parts.styles[i]}"` : ''}/>`).join('');
  const validations = parts.validations?.length ? `<dataValidations count="${parts.validations.length}">${parts.validations.join('')}</dataValidations>` : '';
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    + frozenHeader.replace('%SELECTED%', parts.selected ? ' tabSelected="1"' : '')
    + '<sheetFormatPr defaultRowHeight="15"/>'
    + (cols ? `<cols>${cols}</cols>` : '')
    + `<sheetData>${parts.rows.join('')}</sheetData>`
    + validations
    + '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    + '</worksheet>';
}

interface Validation {
  sqref: string;
  title: string;
  prompt: string;
  type?: 'list' | 'whole' | 'date';
  formula1?: string;
  formula2?: string;
  /** stop: nothing else may be typed; warning: Excel asks whether to keep it. */
  errorStyle?: 'stop' | 'warning';
  error?: string;
}

function validationXml(v: Validation): string {
  const attrs = [
    v.type ? `type="${v.type}"` : '',
    v.type && v.type !== 'list' ? 'operator="between"' : '',
    v.type ? `errorStyle="${v.errorStyle ?? 'stop'}"` : '',
    'allowBlank="1"',
    'showInputMessage="1"',
    v.type ? 'showErrorMessage="1"' : '',
    v.type ? `errorTitle="${esc(clip(v.type === 'list' ? 'Значение не из списка' : 'Проверьте значение', TITLE_MAX))}"` : '',
    v.error ? `error="${esc(clip(v.error, TEXT_MAX))}"` : '',
    `promptTitle="${esc(clip(v.title, TITLE_MAX))}"`,
    `prompt="${esc(clip(v.prompt, TEXT_MAX))}"`,
    `sqref="${v.sqref}"`,
  ].filter(Boolean).join(' ');
  const formulas = (v.formula1 !== undefined ? `<formula1>${esc(v.formula1)}</formula1>` : '')
    + (v.formula2 !== undefined ? `<formula2>${esc(v.formula2)}</formula2>` : '');
  return formulas ? `<dataValidation ${attrs}>${formulas}</dataValidation>` : `<dataValidation ${attrs}/>`;
}

const quotedSheet = (name: string) => `'${name.replace(/'/g, "''")}'`;
/** The length of the longest text (a reference list may be long: no spreading into Math.max). */
const longest = (texts: string[]) => texts.reduce((n, text) => Math.max(n, text.length), 0);

/** The workbook as XLSX bytes, from the dataset's spec and its reference lists. */
export function templateXlsx(spec: DatasetSpec, references: readonly ReferenceRow[]): Buffer {
  const lists = new Map<RefTable, ReferenceRow[]>();
  for (const row of references) {
    if (!lists.has(row.ref)) lists.set(row.ref, []);
    lists.get(row.ref)!.push(row);
  }
  const { refs } = templateReferences(spec);

  // «Справочники»: two columns (code, name) per reference list, a narrow blank column between;
  // enum lists too long to write into a validation get one column each.
  const listColumns: { header: string; values: string[]; width: number }[] = [];
  const definedNames: { name: string; column: number; count: number }[] = [];
  const addList = (name: string, header: string, values: string[], labels?: { header: string; values: string[] }) => {
    if (listColumns.length > 0) listColumns.push({ header: '', values: [], width: 3 });
    const column = listColumns.length;
    listColumns.push({ header, values, width: Math.min(longest([header, ...values]) + 3, 30) });
    if (labels) listColumns.push({ header: labels.header, values: labels.values, width: Math.min(longest([labels.header, ...labels.values]) + 3, 60) });
    if (values.length > 0) definedNames.push({ name, column, count: values.length });
  };
  for (const ref of refs) {
    const rows = lists.get(ref) ?? [];
    addList(`ref_${ref}`, REFERENCES[ref].code, rows.map((r) => neutralise(r.code)), { header: REFERENCES[ref].name, values: rows.map((r) => neutralise(r.name)) });
  }
  const inlineList = (labels: string[]) => `"${labels.join(',')}"`;
  for (const field of spec.fields) {
    const labels = choices(field);
    if (labels && (inlineList(labels).length > TEXT_MAX || labels.some((l) => /[,"]/.test(l)))) addList(`list_${field.key}`, field.header, labels);
  }
  const rangeOf = (name: string) => {
    const d = definedNames.find((n) => n.name === name);
    if (!d) return null;
    const col = columnName(d.column);
    return `${quotedSheet(SHEETS.references)}!$${col}$2:$${col}$${d.count + 1}`;
  };

  // «Данные»: the header, a note on every header and column, dropdowns and checks of the cells.
  const example = exampleRow(spec, lists);
  const styles = spec.fields.map(columnStyle);
  const headerStyles = spec.fields.map((f) => (f.required ? STYLE.requiredHeader : STYLE.header));
  const headerCells: Cell[] = spec.fields.map((f) => ({ text: f.header }));
  const widths = spec.fields.map((f, i) => {
    const sample = example[i];
    const sampleLength = sample === null ? 0 : 'text' in sample ? sample.text.length : 10;
    return Math.min(Math.max(f.header.length + 3, sampleLength + 2, 12), 45);
  });
  const validations: Validation[] = [];
  spec.fields.forEach((field, i) => {
    const col = columnName(i);
    const title = field.header;
    const prompt = columnPrompt(field);
    validations.push({ sqref: `${col}1`, title, prompt });
    const cells = `${col}2:${col}${LAST_ROW}`;
    const labels = choices(field);
    if (labels) {
      const range = rangeOf(`list_${field.key}`);
      validations.push({ sqref: cells, title, prompt, type: 'list', formula1: range ? `list_${field.key}` : inlineList(labels), error: 'Выберите значение из списка.' });
    } else if (field.ref && rangeOf(`ref_${field.ref}`)) {
      validations.push({
        sqref: cells, title, prompt, type: 'list', formula1: `ref_${field.ref}`, errorStyle: 'warning',
        error: `Такого кода нет в справочнике на листе «${SHEETS.references}». Оставить значение?`,
      });
    } else if (field.type === 'integer') {
      const min = field.min ?? -1_000_000_000;
      const max = field.max ?? 1_000_000_000;
      validations.push({ sqref: cells, title, prompt, type: 'whole', formula1: String(min), formula2: String(max), errorStyle: 'warning', error: `${formatNote(field)}. Оставить значение?` });
    } else if (field.type === 'date') {
      validations.push({
        sqref: cells, title, prompt, type: 'date', formula1: String(excelSerial('1990-01-01')), formula2: String(excelSerial('2100-12-31')),
        errorStyle: 'warning', error: 'Ожидается дата с 1990 по 2100 год в виде ДД.ММ.ГГГГ. Оставить значение?',
      });
    } else {
      validations.push({ sqref: cells, title, prompt });
    }
  });
  const headerRow = (index: number) => rowXml(index, headerCells, headerStyles, ' ht="32" customHeight="1"');
  const dataSheet = worksheet({ selected: true, widths, styles, rows: [headerRow(1)], validations: validations.map(validationXml) });
  const exampleSheet = worksheet({ widths, styles, rows: [headerRow(1), rowXml(2, example, styles)] });

  const sheets: { name: string; xml: string }[] = [{ name: SHEETS.data, xml: dataSheet }];
  if (listColumns.length > 0) {
    const height = Math.max(0, ...listColumns.map((c) => c.values.length));
    const rows = [rowXml(1, listColumns.map((c) => (c.header ? { text: c.header } : null)), listColumns.map(() => STYLE.listHeader))];
    for (let r = 0; r < height; r++) {
      rows.push(rowXml(r + 2, listColumns.map((c) => (r < c.values.length ? { text: c.values[r] } : null)), listColumns.map(() => STYLE.text)));
    }
    sheets.push({ name: SHEETS.references, xml: worksheet({ widths: listColumns.map((c) => c.width), rows }) });
  }
  sheets.push({ name: SHEETS.example, xml: exampleSheet });

  const definedNamesXml = definedNames.length === 0 ? '' : `<definedNames>${definedNames.map((d) =>
    `<definedName name="${d.name}">${esc(rangeOf(d.name)!)}</definedName>`).join('')}</definedNames>`;
  const workbook = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    + '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    + '<bookViews><workbookView activeTab="0"/></bookViews>'
    + `<sheets>${sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets>`
    + definedNamesXml
    + '</workbook>';
  const relationships = (items: { id: string; type: string; target: string }[]) =>
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    + items.map((r) => `<Relationship Id="${r.id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${r.type}" Target="${r.target}"/>`).join('')
    + '</Relationships>';
  const contentTypes = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    + '<Default Extension="xml" ContentType="application/xml"/>'
    + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    + sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')
    + '</Types>';
  return zip([
    { name: '[Content_Types].xml', data: contentTypes },
    { name: '_rels/.rels', data: relationships([{ id: 'rId1', type: 'officeDocument', target: 'xl/workbook.xml' }]) },
    { name: 'xl/workbook.xml', data: workbook },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: relationships([
        ...sheets.map((_, i) => ({ id: `rId${i + 1}`, type: 'worksheet', target: `worksheets/sheet${i + 1}.xml` })),
        { id: `rId${sheets.length + 1}`, type: 'styles', target: 'styles.xml' },
      ]),
    },
    { name: 'xl/styles.xml', data: STYLES },
    ...sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: s.xml })),
  ]);
}

/**
 * Formats by STYLE index: plain; an optional column's header (grey); a required one's (bold on
 * amber); text (@); a date (ДД.ММ.ГГГГ); a reference list's header.
 */
const STYLES = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
  + '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
  + '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd.mm.yyyy"/></numFmts>'
  + '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
  + '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
  + '<fills count="4"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
  + '<fill><patternFill patternType="solid"><fgColor rgb="FFFFD966"/><bgColor indexed="64"/></patternFill></fill>'
  + '<fill><patternFill patternType="solid"><fgColor rgb="FFEDEDED"/><bgColor indexed="64"/></patternFill></fill></fills>'
  + '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
  + '<border><left/><right/><top/><bottom style="thin"><color rgb="FF7F7F7F"/></bottom><diagonal/></border></borders>'
  + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
  + '<cellXfs count="6">'
  + '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
  + '<xf numFmtId="49" fontId="0" fillId="3" borderId="1" xfId="0" applyNumberFormat="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>'
  + '<xf numFmtId="49" fontId="1" fillId="2" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>'
  + '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
  + '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
  + '<xf numFmtId="49" fontId="1" fillId="3" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1"/>'
  + '</cellXfs>'
  + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
  + '</styleSheet>';
