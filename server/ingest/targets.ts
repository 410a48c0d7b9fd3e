/**
 * Where a dataset's checked rows go, and the checks across fields of a row.
 *
 * Written as SQL over the checked values of a file (ingest_values: one column v_<field key> per
 * field of the dataset, typed, NULL where empty); these are constants of the code base, never
 * user input.
 */
import type { DatasetCode } from '../../web/src/lib/shared/datasets.js';
import type { DataTable, TableRow } from '../db/tables.js';
import { DISTRICT_WORDS, lookalikeLettersSql, looseSql } from './references.js';

/**
 * A row may feed several tables (an organization and its headcount; a resource and its author).
 * A `shared` target repeats over rows (a resource listed once per author): its rows must agree
 * wherever they repeat, and are stored once.
 */
export interface Target<T extends DataTable = DataTable> {
  table: T;
  /** Each column of the table, as SQL over the v_<field> columns. */
  columns: Record<keyof TableRow<T>, string>;
  /** Which rows have something for this table (SQL); every row when absent. */
  when?: string;
  /** Which rows ask for their stored record to be deleted (SQL): they are no rows of the table (see `when`). */
  removed?: string;
  shared?: boolean;
  /**
   * Upload replaces the table's rows within this column: rows of the same parent that the file
   * no longer lists are deleted (a plan item's half-years, a resource's authors: a corrected list
   * would otherwise keep the author it corrected, counted for good).
   */
  replaceWithin?: string;
  /**
   * How the result names each stored record a replaced list dropped (`shown`, SQL over its
   * before-image `b`; see droppedFromLists), and the note (`{}`: those records). A file sent as an
   * addition — a resource's new co-author only — would otherwise remove the others without a word.
   */
  dropped?: { shown: string; note: string };
  /**
   * This table's natural key is the dataset's row key: a file row repeating it is a duplicate.
   * The first target is, unless another one says so.
   */
  keyed?: boolean;
  /** Optional fields and the column each fills: when a file lacks the field, updates keep the column. */
  optional?: Record<string, string>;
  /**
   * Columns a stored record keeps where the file's cell is empty (column → the file's value, SQL:
   * NULL for an empty cell); a new record takes the column's expression (its default). A file sent
   * again with an actual count or a certificate left blank would otherwise erase what an earlier
   * upload said; the result names those rows (see Stage.keptRows).
   */
  emptyKeeps?: Record<string, string>;
  /**
   * The day the kept columns are facts of (SQL): a record the file dates after today keeps none —
   * an event to come has no actual count, whatever was stored when it was dated earlier.
   */
  keptWhenDone?: string;
  /**
   * Columns that name one fact apart from its key, and what a file row not stored by its key but
   * matching a stored row on them means: an upload deletes no such row unless a row asks for it
   * (`removed`), so a corrected date, role or site would stand beside the wrong one without a
   * word. The result notes those rows; `{}` in the note is the stored rows' `shown` column.
   */
  sameFact?: { columns: string[]; note: string; shown?: string }[];
  /**
   * A list of each `parent`'s records a file may give again, corrected (Stage.storedNotListed):
   * stored records of an earlier version the file does not list stay (an upload deletes none), and
   * the result names them (`{}` in the note, by `date`) — a corrected report without a cancelled event.
   */
  listed?: { parent: string; date: string; note: string };
}

const target = <T extends DataTable>(t: Target<T>): Target => t as unknown as Target;
/** A dataset whose rows may ask, with «да» in «Удалить», to delete the stored record of their key. */
const REMOVABLE = { when: 'NOT coalesce(v_remove, false)', removed: 'coalesce(v_remove, false)' } as const;

export const TARGETS: Record<DatasetCode, Target[]> = {
  districts: [target({ table: 'districts', columns: { code: 'v_code', name: 'v_name' } })],
  directions: [target({ table: 'directions', columns: { code: 'v_code', name: 'v_name' } })],
  organizations: [
    target({
      table: 'organizations',
      shared: true,
      optional: {
        short_name: 'short_name', inn: 'inn', kpp: 'kpp', ogrn: 'ogrn', address: 'address', head: 'head', email: 'email',
        website: 'website', is_branch: 'is_branch', closed_on: 'closed_on',
      },
      // Registry numbers do not go away: an export that left them empty did not fill them in.
      emptyKeeps: { inn: 'v_inn', kpp: 'v_kpp', ogrn: 'v_ogrn' },
      columns: {
        code: 'v_code', name: 'v_name', short_name: 'coalesce(v_short_name, v_name)', org_type: 'v_org_type', district_code: 'v_district',
        inn: 'v_inn', kpp: 'v_kpp', ogrn: 'v_ogrn', address: 'v_address', head: 'v_head', email: 'v_email', website: 'v_website',
        is_branch: 'coalesce(v_is_branch, false)', closed_on: 'v_closed_on',
      },
    }),
    target({
      table: 'organization_headcounts',
      keyed: true,
      when: 'v_teachers IS NOT NULL',
      columns: { organization_code: 'v_code', school_year: 'v_school_year', teachers: 'v_teachers' },
    }),
  ],
  sites: [target({
    table: 'sites',
    optional: { is_pilot: 'is_pilot', is_testing: 'is_testing' },
    emptyKeeps: { is_pilot: 'v_is_pilot', is_testing: 'v_is_testing' },
    columns: {
      code: 'v_code', name: 'v_name', host_organization_code: 'v_organization', direction_code: 'v_direction', level: 'v_level',
      status_granted_on: 'v_granted_on', status_valid_until: 'v_valid_until',
      is_pilot: 'coalesce(v_is_pilot, false)', is_testing: 'coalesce(v_is_testing, false)',
    },
  })],
  competition_applications: [target({
    table: 'competition_applications',
    ...REMOVABLE,
    columns: { year: 'v_year', organization_code: 'v_organization', direction_code: 'v_direction', submitted_on: 'v_submitted_on', outcome: 'v_outcome' },
  })],
  events: [target({
    table: 'events',
    optional: { actual: 'actual_participants' },
    emptyKeeps: { actual_participants: 'v_actual' },
    keptWhenDone: 'v_held_on',
    ...REMOVABLE,
    listed: {
      parent: 'site_code', date: 'held_on',
      note: 'Файл повторяет мероприятия прежней загрузки, но не все: в базе остались мероприятия тех же площадок из неё, которых в файле нет: {}. Загрузка их не удаляет — проверьте, не пропущены ли они в файле; лишнее мероприятие удаляет его строка с «да» в столбце «Удалить»',
    },
    columns: {
      code: 'v_code', site_code: 'v_site', title: 'v_title', held_on: 'v_held_on', format: 'v_format', mode: 'v_mode',
      planned_participants: 'v_planned', actual_participants: 'v_actual',
    },
  })],
  feedback: [target({
    table: 'feedback',
    ...REMOVABLE,
    optional: { comment: 'comment' },
    columns: { event_code: 'v_event', response_code: 'v_response', rating: 'v_rating', comment: 'v_comment' },
  })],
  participations: [target({
    table: 'participations',
    ...REMOVABLE,
    sameFact: [
      {
        columns: ['teacher_id', 'site_code', 'event_code'],
        note: 'педагог уже записан на то же мероприятие с другой ролью или датой начала. Эти строки записаны как новые участия, прежние остались. '
          + 'Если это исправление, удалите прежнее участие: загрузите его строку (с прежними ролью и датой начала) с «да» в столбце «Удалить»',
      },
      // A site's code corrected: the same enrolment (the same event, or both in a site's
      // programme, the same role and day) stored at another site.
      {
        columns: ['teacher_id', 'event_code', 'role', 'started_on'], shown: 'site_code',
        note: 'педагог уже записан на то же мероприятие (или программу) в той же роли с той же датой начала, но на другой площадке ({}). '
          + 'Эти строки записаны как новые участия, прежние остались. Если код площадки исправлен, удалите прежнее участие: '
          + 'загрузите его строку с кодом прежней площадки и «да» в столбце «Удалить»',
      },
    ],
    optional: { attended: 'attended', report_type: 'report_type', certificate: 'certificate_issued' },
    emptyKeeps: { attended: 'v_attended', report_type: 'v_report_type', certificate_issued: 'v_certificate' },
    keptWhenDone: 'v_started_on',
    columns: {
      teacher_id: 'v_teacher', organization_code: 'v_organization', site_code: 'v_site', event_code: 'v_event', role: 'v_role',
      started_on: 'v_started_on', attended: 'coalesce(v_attended, false)', report_type: "coalesce(v_report_type, 'none')",
      certificate_issued: 'coalesce(v_certificate, false)',
    },
  })],
  resources: [
    target({
      table: 'resources',
      shared: true,
      columns: { code: 'v_code', site_code: 'v_site', title: 'v_title', kind: 'v_kind', published_on: 'v_published_on' },
    }),
    target({
      table: 'resource_authors',
      keyed: true,
      when: 'v_author IS NOT NULL',
      replaceWithin: 'resource_code',
      // A removed author's id is stored hashed: shown masked where the file names the teacher
      // (ingest_people), else by the organization and the upload that brought the author.
      dropped: {
        shown: `concat(b.resource_code, ' — автор', coalesce(' «' || (SELECT min(shown) FROM ingest_people p WHERE p.value = b.teacher_id) || '»', ''),
                       coalesce(' из «' || (SELECT short_name FROM organizations o WHERE o.code = b.organization_code) || '»', ''),
                       coalesce(' (загрузка № ' || b.row_upload_id || ')', ''))`,
        note: 'Файл заменил списки авторов ресурсов, и прежние авторы, которых в нём нет, удалены: {}. Список авторов ресурса файл заменяет целиком: '
          + 'если файл только дополняет списки, перечислите в нём всех авторов каждого ресурса — и прежних, и новых — и загрузите его снова',
      },
      columns: { resource_code: 'v_code', teacher_id: 'v_author', organization_code: 'v_author_organization' },
    }),
  ],
  resource_uses: [target({
    table: 'resource_uses',
    ...REMOVABLE,
    columns: { resource_code: 'v_resource', teacher_id: 'v_teacher', organization_code: 'v_organization', used_on: 'v_used_on' },
  })],
  site_reports: [target({
    table: 'site_reports',
    ...REMOVABLE,
    optional: { submitted_on: 'submitted_on' },
    columns: { site_code: 'v_site', year: 'v_year', submitted_on: 'v_submitted_on' },
  })],
  plan_items: [
    target({ table: 'plan_items', columns: { code: 'v_code', title: 'v_title', expected_product: 'v_expected_product', status: 'v_status' } }),
    target({ table: 'plan_item_schedule', replaceWithin: 'plan_code', columns: { plan_code: 'v_code', half_year: 'unnest(v_half_years)' } }),
  ],
};

/**
 * How many days a participation in an event may start away from the event's day: a course of a
 * school year (September to May) takes trainees until its last months; a year typed wrong is
 * 365 days off.
 */
const EVENT_DAYS_APART = 300;

/**
 * A check across fields of one row whose cells are all valid: `failing` (SQL) says the row is
 * wrong; the error points at `field`. `{}` in the message is replaced by `detail` (SQL). `join`
 * brings in stored data the check compares with (rows without a match are not checked).
 * `$today` in its SQL is the server's local day (localDay), as the parsers' «not after today»
 * checks take it: DuckDB's clock may be set to another zone.
 */
export interface RowCheck {
  field: string;
  failing: string;
  message: string;
  detail?: string;
  join?: string;
}

/** A record's own code as sameCodeChecks compares it, and how messages name it. */
interface OwnCode {
  /** The field of the code and its stored column. */
  field: string;
  column: string;
  /** Where the code is unique: stored columns and their fields (a questionnaire's number within its event). */
  within?: { column: string; field: string }[];
  /** The code in messages, as in «Такой код …» and «напишите код так же»; its plural; what a twin would be. */
  one: string;
  many: string;
  record: string;
}

const SPELLED = 'регистром, похожими русскими/латинскими буквами, буквой O вместо нуля, ведущими нулями, кавычками, дефисами, пробелами или точкой в конце';

/**
 * A record's own code written otherwise than a stored one («e1» for «E1», a Cyrillic «Е1», «001»
 * for «1», autocorrect's «KB–02» or “KB-01” for «KB-02», «KB-01», «EV00001» or «EV 00001» for
 * «EV-00001») or than another row of the file: it would become a second record that looks like the
 * first. Codes are compared as references are matched (looseSql); a row whose code is stored as
 * written is that record, whatever twins older data may hold.
 */
function sameCodeChecks(
  table: 'districts' | 'directions' | 'organizations' | 'sites' | 'events' | 'resources' | 'plan_items' | 'feedback',
  own: OwnCode = { field: 'code', column: 'code', one: 'код', many: 'Коды', record: 'запись' },
): RowCheck[] {
  const within = own.within ?? [];
  const v = `v_${own.field}`;
  const stored = [...within.map((w) => w.column), `${looseSql(own.column)} AS twin_key`];
  // Only the stored parents the file names are grouped: a questionnaire's number is another event's too.
  const ofFile = within.length === 0 ? '' : ` WHERE (${within.map((w) => w.column).join(', ')}) IN (SELECT (${within.map((w) => `v_${w.field}`).join(', ')}) FROM ingest_values)`;
  return [
    {
      field: own.field,
      join: `JOIN (SELECT ${stored.join(', ')}, list(${own.column}) AS codes, string_agg(DISTINCT ${own.column}, '», «' ORDER BY ${own.column}) AS spellings
                   FROM ${table}${ofFile} GROUP BY ALL) stored_twin
              ON stored_twin.twin_key = ${looseSql(v)}${within.map((w) => ` AND stored_twin.${w.column} = v_${w.field}`).join('')}`,
      failing: `NOT list_contains(stored_twin.codes, ${v})`,
      // Letters of the other alphabet are named where one spelling is stored: on the screen they look the same.
      detail: `concat('«', stored_twin.spellings, '» (', coalesce(nullif(CASE WHEN len(list_distinct(stored_twin.codes)) = 1
                 THEN ${lookalikeLettersSql(v, 'stored_twin.codes[1]')} END, ''), 'отличается ${SPELLED}'), ')')`,
      message: `Такой ${own.one} уже есть в написании {}: напишите ${own.one} так же, иначе это будет вторая ${own.record}`,
    },
    {
      field: own.field,
      join: `JOIN (SELECT ${[...within.map((w) => `v_${w.field} AS parent_${w.field}`), `${looseSql(v)} AS twin_key`].join(', ')},
                          string_agg(DISTINCT ${v}, '», «' ORDER BY ${v}) AS spellings
                   FROM ingest_values GROUP BY ALL HAVING count(DISTINCT ${v}) > 1) file_twin
              ON file_twin.twin_key = ${looseSql(v)}${within.map((w) => ` AND file_twin.parent_${w.field} = v_${w.field}`).join('')}`,
      failing: 'true', detail: 'file_twin.spellings',
      message: `${own.many} «{}» отличаются только ${SPELLED}: это одна ${own.record}? Напишите ${own.one} одинаково`,
    },
  ];
}

/** A name as files name it (SQL): case, «ё», spaces and punctuation aside, «р-н» for «район». */
const nameWords = (name: string) => `string_split(trim(regexp_replace(replace(replace(lower(${name}), 'ё', 'е'), 'р-н', 'район'), '[^\\p{L}\\p{N}]+', ' ', 'g')), ' ')`;
const nameKey = (name: string) => `array_to_string(${nameWords(name)}, ' ')`;
/**
 * An event's title as a copy sent again is compared by: without the words that mark the copy as a
 * correction («… (исправлено)», «испр.», «уточнённая», «скорректировано»), which a form's resubmission adds.
 */
const copyTitleKey = (title: string) => `array_to_string(list_filter(${nameWords(title)}, w -> NOT regexp_full_match(w, '(испр|уточн|скорректир|корректир)\\p{L}*')), ' ')`;
/** A district's name also without the words of its kind, as a file's district is matched (bareName in references.ts). */
const bareDistrictName = (name: string) => `array_to_string(list_filter(${nameWords(name)}, w -> w NOT IN (${[...DISTRICT_WORDS].map((w) => `'${w}'`).join(', ')})), ' ')`;

/**
 * A district's or direction's name that another code already has: files and filters name them,
 * and two of one name could not be told apart (a list re-sent under new codes would double them).
 */
function sameNameChecks(table: 'districts' | 'directions', what: string): RowCheck[] {
  return [
    {
      // Unless the same file renames that code: its name is given up for the row's.
      field: 'name', join: `JOIN ${table} same_name ON ${nameKey('same_name.name')} = ${nameKey('v_name')} AND same_name.code <> v_code
        AND NOT EXISTS (SELECT 1 FROM ingest_values renamed WHERE renamed.v_code = same_name.code AND ${nameKey('renamed.v_name')} <> ${nameKey('same_name.name')})`,
      failing: 'true', detail: "concat('«', same_name.name, '» (код ', same_name.code, ')')",
      message: `${what} с таким названием уже есть: {}. Двух с одним названием не различить в фильтрах и файлах: оставьте прежний код или назовите иначе`,
    },
    {
      field: 'name',
      join: `JOIN (SELECT ${nameKey('v_name')} AS name_key, string_agg(DISTINCT v_code, '», «' ORDER BY v_code) AS codes
                   FROM ingest_values GROUP BY name_key HAVING count(DISTINCT v_code) > 1) file_twin ON file_twin.name_key = ${nameKey('v_name')}`,
      failing: 'true', detail: 'file_twin.codes',
      message: `Одно название у кодов «{}»: двух с одним названием не различить в фильтрах и файлах. Назовите их по-разному`,
    },
  ];
}

/**
 * A fact about something whose day is still to come — an event's actual count before it is held,
 * a trainee's completed internship or certificate before she starts —: a plan written as a fact,
 * as a report handed in tomorrow is (FieldSpec.done). `day` is the row's date field; `fact` (SQL)
 * says the row states the fact; `message` is said after what has not come yet.
 */
function factAhead(field: string, day: string, fact: string, what: string, message: string): RowCheck {
  return {
    field, failing: `(${fact}) AND v_${day} > $today::DATE`,
    message: `${what} ещё не наступила ({}): ${message}`,
    detail: `concat(strftime(v_${day}, '%d.%m.%Y'), ', сегодня ', strftime($today::DATE, '%d.%m.%Y'))`,
  };
}

/**
 * A row deleting the record that another row of the file writes (`key`: the dataset's key
 * fields): which of them is meant cannot be told, and the merge would write it only to delete it.
 */
function removedAndWritten(key: string[]): RowCheck {
  const same = (a: string, b: string) => key.map((k) => `${a}${k} IS NOT DISTINCT FROM ${b}v_${k}`).join(' AND ');
  return {
    field: 'remove',
    join: `JOIN (SELECT ${key.map((k) => `w.v_${k} AS written_${k}`).join(', ')}, min(w.__row) AS written_row FROM ingest_values w
                 SEMI JOIN (SELECT * FROM ingest_values WHERE v_remove) d ON ${same('d.v_', 'w.')}
                 WHERE NOT coalesce(w.v_remove, false) GROUP BY ALL) written
            ON ${same('written.written_', '')}`,
    failing: 'v_remove', detail: 'written.written_row',
    message: 'Та же запись есть в строке {} без «да» в столбце «Удалить»: записать и удалить её одной загрузкой нельзя — оставьте одну из строк',
  };
}

/**
 * A row deleting a record by its whole key: the stored record is there (`stored`: SQL of it over
 * the row's values; `none` says it is not), and no other row of the file writes it.
 */
function removalChecks(stored: string, none: string, key: string[]): RowCheck[] {
  return [{ field: 'remove', failing: `v_remove AND NOT EXISTS (${stored})`, message: `${none}: удалять нечего` }, removedAndWritten(key)];
}

/** A school year as forms write it (SQL over its first year): 2024 → «2024/25». */
const schoolYearSql = (start: string) => `concat(${start}, '/', right((${start} + 1)::VARCHAR, 2))`;

/** A Russian noun after a number (SQL), as plural() in format.ts: 1 день, 2 дня, 5 дней. */
const pluralSql = (n: string, [one, few, many]: [string, string, string]) =>
  `CASE WHEN ${n} % 10 = 1 AND ${n} % 100 <> 11 THEN '${one}' WHEN ${n} % 10 BETWEEN 2 AND 4 AND ${n} % 100 NOT BETWEEN 12 AND 14 THEN '${few}' ELSE '${many}' END`;

/**
 * A site report handed in after its school year ended (SQL over a row's values; `row`: their
 * table's alias and a dot). A report year is the year of its deadline, 15 May (or the admin's
 * date, report_deadline): the report of 2024/25 is year 2025, its school year ends on 31 August
 * 2025. One handed in by a deadline the admin set later than that is on time all the same.
 */
const afterReportYear = (row = '') =>
  `${row}v_submitted_on >= make_date(${row}v_year, 9, 1) AND ${row}v_submitted_on > report_deadline(${row}v_year)`;

/**
 * «Отчёт за 2024/25 уч. г. сдан 12.05.2026 — в следующем учебном году, через 362 дня после срока
 * 15.05.2025» (SQL, from its first word `report`): a report of `year` handed in on `day`, after its school year.
 */
function lateReport(report: string, year: string, day: string): string {
  const late = `date_diff('day', report_deadline(${year}), ${day})`;
  return `concat('${report} за ', ${schoolYearSql(`${year} - 1`)}, ' уч. г. сдан ', strftime(${day}, '%d.%m.%Y'), ' — ',
    CASE WHEN school_year_of(${day}) = ${year} THEN 'в следующем учебном году' ELSE concat('в ', ${schoolYearSql(`school_year_of(${day})`)}, ' уч. г.') END,
    ', через ', ${late}, ' ', ${pluralSql(late, ['день', 'дня', 'дней'])}, ' после срока ', strftime(report_deadline(${year}), '%d.%m.%Y'))`;
}

/** «отчёт за 2025/26 уч. г., укажите год 2026» (SQL): the report a day of handing in belongs to. */
const meantReport = (day: string) =>
  `concat('отчёт за ', ${schoolYearSql(`school_year_of(${day})`)}, ' уч. г., укажите год ', school_year_of(${day}) + 1)`;

/** «Такие ИНН и КПП …», or «Такой ИНН (без КПП) …» for a row without a КПП (SQL over v_kpp). */
const sameInn = (withoutKpp: string, withKpp: string) => `CASE WHEN v_kpp IS NULL THEN '${withoutKpp}' ELSE '${withKpp}' END`;

const NOT_STARTED = (fact: string) => `${fact} — оставьте ячейку пустой или «нет»; если участие уже было, проверьте дату начала`;

export const ROW_CHECKS: Partial<Record<DatasetCode, RowCheck[]>> = {
  districts: [...sameCodeChecks('districts'), ...sameNameChecks('districts', 'Район')],
  directions: [...sameCodeChecks('directions'), ...sameNameChecks('directions', 'Направление')],
  organizations: [
    ...sameCodeChecks('organizations'),
    { field: 'school_year', failing: 'v_teachers IS NOT NULL AND v_school_year IS NULL', message: 'Укажите учебный год для численности педагогов' },
    // A closed organization has no teachers in a school year that starts after it closed: its
    // headcount would go into every teacher share of the year.
    {
      field: 'teachers', join: 'LEFT JOIN organizations closed_org ON closed_org.code = v_code',
      failing: 'v_teachers IS NOT NULL AND coalesce(v_closed_on, closed_org.closed_on) <= make_date(v_school_year, 9, 1)',
      message: 'Организация закрыта с {}: численности педагогов за учебный год, начавшийся после закрытия, быть не может — проверьте учебный год и дату закрытия',
      detail: "strftime(coalesce(v_closed_on, closed_org.closed_on), '%d.%m.%Y')",
    },
    { field: 'kpp', failing: 'v_is_branch AND v_kpp IS NULL', message: 'У филиала свой КПП: укажите его' },
    // A branch in the federal registry has its own КПП and its parent's ИНН and ОГРН, often left out.
    {
      field: 'kpp', failing: 'v_kpp IS NOT NULL AND v_inn IS NULL AND NOT coalesce(v_is_branch, false)',
      message: 'КПП без ИНН: укажите ИНН организации, а если это филиал — отметьте «да» в столбце «Филиал» (у филиала ИНН головной организации можно не указывать)',
    },
    {
      field: 'inn', join: 'JOIN organizations same_inn ON same_inn.inn = v_inn AND same_inn.kpp IS NOT DISTINCT FROM v_kpp',
      failing: 'same_inn.code <> v_code', message: '{}: у филиала укажите его КПП',
      detail: `concat(${sameInn('Такой ИНН (без КПП) уже', 'Такие ИНН и КПП уже')}, ' у организации ', same_inn.code)`,
    },
    // The same within the file: one school under two codes would be counted twice (its teachers too).
    {
      field: 'inn',
      join: `JOIN (SELECT v_inn AS twin_inn, v_kpp AS twin_kpp, list({'code': v_code, 'row': __row} ORDER BY __row) AS rows
                   FROM ingest_values WHERE v_inn IS NOT NULL GROUP BY ALL HAVING count(DISTINCT v_code) > 1) inn_twin
              ON inn_twin.twin_inn = v_inn AND inn_twin.twin_kpp IS NOT DISTINCT FROM v_kpp`,
      failing: 'true', message: '{} в этом файле: у одной организации один код; у филиала укажите его КПП',
      detail: `concat(${sameInn('Такой же ИНН (без КПП)', 'Такие же ИНН и КПП')}, ' у организации ',
        array_to_string(list_transform(list_filter(inn_twin.rows, r -> r.code <> v_code), r -> concat(r.code, ' (строка ', r.row, ')')), ', '))`,
    },
  ],
  sites: [
    ...sameCodeChecks('sites'),
    { field: 'valid_until', failing: 'v_valid_until < v_granted_on', message: 'Статус не может закончиться раньше, чем присвоен' },
    // A status is granted for three years, five at most: 2016 typed for 2026 would count the site
    // in every period since 2016.
    {
      field: 'valid_until', failing: "v_valid_until > v_granted_on + INTERVAL 6 YEAR",
      message: 'Статус действует с {} — больше шести лет, а статус присваивают на несколько лет (обычно на три): проверьте годы обеих дат',
      detail: "concat(strftime(v_granted_on, '%d.%m.%Y'), ' по ', strftime(v_valid_until, '%d.%m.%Y'))",
    },
  ],
  // A date with a wrong year: an application years before its competition, a report before its
  // school year began (it would count as handed in on time).
  competition_applications: [
    {
      field: 'submitted_on', failing: 'year(v_submitted_on) NOT BETWEEN v_year - 1 AND v_year',
      message: 'Дата подачи не в год конкурса ({}) и не в год перед ним: проверьте дату, особенно год', detail: 'v_year',
    },
    ...removalChecks('SELECT 1 FROM competition_applications a WHERE a.year = v_year AND a.organization_code = v_organization AND a.direction_code = v_direction',
      'Такой заявки в базе нет', ['year', 'organization', 'direction']),
  ],
  site_reports: [
    ...removalChecks('SELECT 1 FROM site_reports r WHERE r.site_code = v_site AND r.year = v_year', 'Отчёта этой площадки за этот год в базе нет', ['site', 'year']),
    {
      field: 'submitted_on', failing: 'v_submitted_on < make_date(v_year - 1, 9, 1)',
      message: 'Дата сдачи раньше начала учебного года отчёта ({}): проверьте дату, особенно год',
      detail: "strftime(make_date(v_year - 1, 9, 1), '%d.%m.%Y')",
    },
    // A report dated after its school year ended, over a stored submission: «2025» written for
    // 2025/26 would turn last year's report, handed in on time, into one a year late (and leave
    // this year's missing). A stored date is not replaced by such a row; a new report so late is
    // written and noted (FILE_NOTES).
    {
      field: 'submitted_on', join: 'JOIN site_reports stored_report ON stored_report.site_code = v_site AND stored_report.year = v_year',
      failing: `${afterReportYear()} AND stored_report.submitted_on <> v_submitted_on`,
      message: '{}',
      detail: `concat(${lateReport('Отчёт', 'v_year', 'v_submitted_on')}, ', а в базе он записан сданным ',
        CASE WHEN stored_report.submitted_on <= report_deadline(v_year) THEN 'в срок, ' ELSE '' END, strftime(stored_report.submitted_on, '%d.%m.%Y'),
        ': эту дату такая строка не заменит. Если это ', ${meantReport('v_submitted_on')},
        '; если же неверна записанная дата, откатите загрузку, которой она пришла, и загрузите отчёт с верной')`,
    },
  ],
  // Trainees and questionnaires of an event are recorded at its site: moving the event would leave them at the old one.
  events: [
    ...sameCodeChecks('events'),
    // Deleting: the stored event is the row's, and nothing refers to it.
    { field: 'remove', failing: 'v_remove AND NOT EXISTS (SELECT 1 FROM events e WHERE e.code = v_code)', message: 'Мероприятия с этим кодом в базе нет: удалять нечего' },
    {
      field: 'remove',
      failing: 'v_remove AND (EXISTS (SELECT 1 FROM participations p WHERE p.event_code = v_code) OR EXISTS (SELECT 1 FROM feedback q WHERE q.event_code = v_code))',
      message: 'У мероприятия есть участники или анкеты: удалить его нельзя, пока они есть в базе',
    },
    removedAndWritten(['code']),
    {
      field: 'site', join: 'JOIN events stored ON stored.code = v_code JOIN sites stored_site ON stored_site.code = stored.site_code',
      failing: 'stored.site_code <> v_site AND EXISTS (SELECT 1 FROM participations p WHERE p.event_code = v_code)',
      message: 'Мероприятие проводит площадка {}, и у него уже есть участники: перенести его на другую площадку нельзя — исправьте код площадки или заведите новое мероприятие',
      detail: "concat('«', stored_site.name, '» (', stored_site.code, ')')",
    },
    factAhead('actual', 'held_on', 'v_actual IS NOT NULL', 'Дата проведения',
      'сколько участников было фактически, станет известно после мероприятия — оставьте ячейку пустой; если мероприятие уже прошло, проверьте дату проведения'),
  ],
  feedback: [
    ...sameCodeChecks('feedback', {
      field: 'response', column: 'response_code', within: [{ column: 'event_code', field: 'event' }],
      one: 'номер анкеты', many: 'Номера анкет одного мероприятия', record: 'анкета',
    }),
    ...removalChecks('SELECT 1 FROM feedback q WHERE q.event_code = v_event AND q.response_code = v_response', 'Такой анкеты в базе нет', ['event', 'response']),
    // A questionnaire answers an event held: one before its day is another event's, or a typo in the code.
    {
      field: 'event', join: 'JOIN events stored_event ON stored_event.code = v_event', failing: 'stored_event.held_on > $today',
      message: 'Мероприятие ещё не прошло ({}): анкеты заполняют после него — проверьте код мероприятия',
      detail: "concat('оно ', strftime(stored_event.held_on, '%d.%m.%Y'), ', сегодня ', strftime($today::DATE, '%d.%m.%Y'))",
    },
  ],
  participations: [
    // Deleting: the stored participation is the row's (by the whole key). Only stored rows of the
    // teachers to delete are looked at: the table may hold millions.
    ...removalChecks(`SELECT 1 FROM (SELECT * FROM participations WHERE teacher_id IN (SELECT v_teacher FROM ingest_values WHERE v_remove)) p
                      WHERE p.teacher_id = v_teacher AND p.site_code = v_site AND p.event_code IS NOT DISTINCT FROM v_event AND p.role = v_role AND p.started_on = v_started_on`,
    'Такого участия в базе нет', ['teacher', 'site', 'event', 'role', 'started_on']),
    factAhead('attended', 'started_on', 'v_attended', 'Дата начала', NOT_STARTED('пройти стажировку до её начала нельзя')),
    factAhead('certificate', 'started_on', 'v_certificate', 'Дата начала', NOT_STARTED('сертификат до начала стажировки не выдают')),
    {
      field: 'event', join: 'JOIN events stored_event ON stored_event.code = v_event JOIN sites event_site ON event_site.code = stored_event.site_code',
      failing: 'stored_event.site_code <> v_site',
      message: 'Мероприятие проводит другая площадка: {}', detail: "concat('«', event_site.name, '» (', event_site.code, ')')",
    },
    // One teacher in one role at one event is one participation: the same told with two start
    // days (a form sent twice, on two days) would count her twice as enrolled.
    {
      field: 'started_on',
      // Grouped by a hash with two cheap aggregates over a big file's rows; the days are listed
      // for the few rows found.
      // A row deleting the old day beside the corrected one is no second day.
      join: `JOIN (SELECT hash(v_teacher, v_site, v_event, v_role) AS twin_key FROM ingest_values WHERE v_event IS NOT NULL AND NOT coalesce(v_remove, false)
                   GROUP BY twin_key HAVING min(v_started_on) <> max(v_started_on)) twin
              ON twin.twin_key = hash(v_teacher, v_site, v_event, v_role)`,
      failing: 'v_event IS NOT NULL AND NOT coalesce(v_remove, false)',
      message: 'Педагог записан на это мероприятие в той же роли несколько раз с разными датами начала ({}): у участия в мероприятии одна дата — оставьте одну строку',
      detail: `(SELECT array_to_string(list_transform(list_sort(list(DISTINCT o.v_started_on)), d -> strftime(d, '%d.%m.%Y')), ', ')
                FROM ingest_values o WHERE hash(o.v_teacher, o.v_site, o.v_event, o.v_role) = twin.twin_key AND NOT coalesce(o.v_remove, false))`,
    },
    // Taking part in an event starts within its school year: 300 days or more from its day is a
    // typo in the year, which would count the trainee in another year's figures.
    {
      field: 'started_on', join: 'JOIN events stored_event ON stored_event.code = v_event',
      failing: `abs(date_diff('day', stored_event.held_on, v_started_on)) > ${EVENT_DAYS_APART}`,
      message: 'Дата начала далеко от даты мероприятия ({}): участие в мероприятии начинается в его учебный год — проверьте дату, особенно год',
      detail: "strftime(stored_event.held_on, '%d.%m.%Y')",
    },
  ],
  resources: [
    ...sameCodeChecks('resources'),
    { field: 'author_organization', failing: 'v_author IS NOT NULL AND v_author_organization IS NULL', message: 'Укажите ОО автора' },
    // Compared by month: either date may be a month alone (its first day).
    {
      field: 'published_on', join: 'JOIN (SELECT resource_code, min(used_on) AS first_use FROM resource_uses GROUP BY ALL) uses ON uses.resource_code = v_code',
      failing: "date_trunc('month', uses.first_use) < date_trunc('month', v_published_on)",
      message: 'Ресурс уже использовали {}, раньше этой даты публикации: проверьте дату, особенно год', detail: "strftime(uses.first_use, '%d.%m.%Y')",
    },
  ],
  // A use before the resource existed is a typo in a year: it would count a user in a half-year the resource was not in.
  resource_uses: [
    {
      field: 'used_on', join: 'JOIN resources stored_resource ON stored_resource.code = v_resource',
      failing: "date_trunc('month', v_used_on) < date_trunc('month', stored_resource.published_on)",
      message: 'Дата использования раньше публикации ресурса ({}): проверьте дату, особенно год', detail: "strftime(stored_resource.published_on, '%d.%m.%Y')",
    },
    // Only stored uses of the teachers to delete are looked at: the table may hold millions.
    ...removalChecks(`SELECT 1 FROM (SELECT * FROM resource_uses WHERE teacher_id IN (SELECT v_teacher FROM ingest_values WHERE v_remove)) u
                      WHERE u.resource_code = v_resource AND u.teacher_id = v_teacher AND u.used_on = v_used_on`,
    'Такого использования ресурса в базе нет', ['resource', 'teacher', 'used_on']),
  ],
  plan_items: [
    ...sameCodeChecks('plan_items'),
    { field: 'code', failing: "NOT regexp_full_match(v_code, '\\d+(\\.\\d+)*')", message: 'Пункт плана пишется числами через точку: 2.1' },
  ],
};

/**
 * What the result points out about a file's rows though nothing in them is refused: `select` (SQL
 * over `file_rows`, the valid rows of ingest_values, and stored data, before the merge) gives one
 * text a thing as `shown`; `{}` in the note is their list.
 */
export interface FileNote {
  select: string;
  note: string;
  /** How the things are listed (SQL over the select's columns; by `shown` when absent): file rows by number. */
  order?: string;
}

/**
 * Rows dated (`date`, a file column) before their site's status was granted: a year typed wrong
 * (2016 for 2026) looks just so, and its day would stretch every list of periods and every trend
 * back to it. Noted, not refused: the sites table keeps a site's latest grant only, and a site
 * granted again has rows of its earlier status.
 */
const beforeStatus = (date: string): FileNote => ({
  select: `SELECT concat('площадка ', s.code, ' — статус с ', strftime(s.status_granted_on, '%d.%m.%Y'), ', а в файле даты с ', strftime(min(f.${date}), '%d.%m.%Y'), ' (строк: ', count(*), ')') AS shown
           FROM file_rows f JOIN sites s ON s.code = f.v_site WHERE f.${date} < s.status_granted_on GROUP BY s.code, s.status_granted_on`,
  note: 'Даты раньше присвоения площадке статуса: {}. Строки записаны; если год набран с ошибкой (например, 2016 вместо 2026), исправьте его и загрузите файл снова — '
    + 'такая дата продлевает списки периодов и тренды всего региона назад. Строки прежнего срока статуса площадки верны',
});

/**
 * An organizations file's headcount below its organization's stored teachers of one kind
 * (`people`: SQL over `given` — the file's headcounts — of org, school_year, a teacher's hash):
 * that share of its teachers would pass 100 % (the other datasets' own notes, seen from the
 * other side). The number reads «(педагогов 40, `counted` `of` 2024/25 уч. г. 45)».
 */
function headcountBelow(people: string, counted: string, of: string, note: string): FileNote {
  return {
    select: `WITH given AS (SELECT __row, v_code, v_school_year, v_teachers FROM file_rows WHERE v_teachers IS NOT NULL AND v_school_year IS NOT NULL),
                  ${traineesNearHeadcount(people, 'SELECT v_code AS org, v_school_year AS school_year, v_teachers AS teachers FROM given')}
             SELECT concat('строка ', g.__row, ' — ', g.v_code, ' (педагогов ', g.v_teachers, ', ${counted} ${of} ', ${schoolYearSql('g.v_school_year')}, ' уч. г. ', c.n, ')') AS shown, g.__row AS row
             FROM given g JOIN counted c ON c.org = g.v_code AND c.school_year = g.v_school_year WHERE c.n > g.v_teachers`,
    order: 'row',
    note,
  };
}

/** headcountBelow of stored authors or users (`people`: SQL of org, day, teacher), counted up to the end of the headcount's school year. */
const headcountBelowCumulative = (people: string, counted: string, share: string) => headcountBelow(
  `SELECT p.org, g.v_school_year AS school_year, hash(p.teacher) AS teacher FROM (${people}) p
   JOIN given g ON g.v_code = p.org AND p.day <= make_date(g.v_school_year + 1, 6, 30)`,
  counted, 'к концу',
  `Педагогов по ОО-1 меньше, чем ${counted} из организации к концу того же учебного года: {}. Численность записана, но доля ${share} выйдет больше 100 %: `
    + 'проверьте численность и коды ОО в наборах ресурсов и их использования',
);

/** Stored events or resources a file gives another site (an admin's file: a methodologist's rows are refused, see movedToSite). */
const movedNote = (table: 'events' | 'resources', note: string): FileNote => ({
  select: `SELECT DISTINCT concat(f.v_code, ' (', stored.site_code, ' → ', f.v_site, ')') AS shown
           FROM file_rows f JOIN ${table} stored ON stored.code = f.v_code WHERE stored.site_code <> f.v_site`,
  note,
});

/** Stored districts or directions a file gives another name (as names are compared: case, «ё» and spacing aside): every filter and file names them anew. */
const renamedNote = (table: 'districts' | 'directions', note: string): FileNote => ({
  // The old name given to another code of the file is said with it: a file naming it from now on means that code.
  select: `SELECT DISTINCT concat(f.v_code, ' («', stored.name, '» → «', f.v_name, '»',
                  coalesce('; прежнее название теперь у кода ' || (SELECT min(o.v_code) FROM file_rows o WHERE o.v_code <> f.v_code AND ${nameKey('o.v_name')} = ${nameKey('stored.name')}), ''), ')') AS shown
           FROM file_rows f JOIN ${table} stored ON stored.code = f.v_code WHERE ${nameKey('stored.name')} <> ${nameKey('f.v_name')}`,
  note,
});

/**
 * The CTEs `counted` (org, school_year, n: its distinct trainees) of the organizations whose
 * `trainees` (SQL of org, school_year and a teacher's hash) may outnumber their `headcounts` (SQL
 * of org, school_year, teachers): estimated first (HyperLogLog: little memory over a region's
 * millions of rows), counted exactly only where the estimate comes near the headcount.
 */
const traineesNearHeadcount = (trainees: string, headcounts: string) => `trainees AS (${trainees}),
  headcounts AS (${headcounts}),
  near AS (SELECT t.org, t.school_year FROM trainees t JOIN headcounts h USING (org, school_year)
           GROUP BY t.org, t.school_year, h.teachers HAVING approx_count_distinct(t.teacher) > 0.8 * h.teachers),
  counted AS (SELECT org, school_year, count(DISTINCT teacher) AS n FROM trainees WHERE (org, school_year) IN (SELECT (org, school_year) FROM near) GROUP BY ALL)`;

/**
 * The note's select of organizations whose teachers of one kind (`people`: SQL of org, school_year,
 * a teacher's hash) outnumber their stored headcount of the school year: the shares of teachers
 * trained, authoring or using would pass 100 %. The number reads «`counted` 90 `of` 2024/25 уч. г.».
 */
const aboveHeadcount = (people: string, counted: string, of: string) => `WITH ${traineesNearHeadcount(people, 'SELECT organization_code AS org, school_year, teachers FROM organization_headcounts')}
  SELECT concat(c.org, ' «', o.short_name, '» (${counted} ', c.n, ' ${of} ', ${schoolYearSql('c.school_year')}, ' уч. г., педагогов по ОО-1 ', h.teachers, ')') AS shown
  FROM counted c JOIN organization_headcounts h ON h.organization_code = c.org AND h.school_year = c.school_year
  JOIN organizations o ON o.code = c.org
  WHERE c.n > h.teachers`;

/**
 * Authors and users count from the beginning up to a period's end: each (SQL of org, day, a
 * teacher's hash) counts in every school year of its organization's headcounts that it reaches
 * by the year's last period's end, 30 June.
 */
const cumulativeAboveHeadcount = (people: string, counted: string) => aboveHeadcount(
  `SELECT p.org, h.school_year, p.teacher FROM (${people}) p
   JOIN organization_headcounts h ON h.organization_code = p.org AND p.day <= make_date(h.school_year + 1, 6, 30)`,
  counted, 'к концу',
);

/** A whole number as Russian text writes it (SQL): 1052 → «1 052», a no-break space between thousands. */
const countSql = (n: string) => `replace(format('{:,}', ${n}), ',', '\u00a0')`;

/**
 * How many times a figure may differ from the one it is checked against before the result points
 * at it: an organization's headcount from its school year before, an event's actual count from its
 * plan. Year to year a school gains or loses a few teachers; merging two or three schools into one
 * at most triples the count. Five times and more is what a digit typed extra or lost (52 → 1 052,
 * 520 → 52), another organization's or event's figure or a district's total in a school's row
 * look like — and a note costs the uploader nothing when the difference is real.
 */
const TYPO_RATIO = 5;

/**
 * An events file's actual count below what is stored of the event — `counted` (SQL: event_code,
 * n of the events `events`, a subquery of codes) —: the other side of the questionnaires' note of
 * a feedback file (FILE_NOTES.feedback), noted the same way, naming the row and both numbers.
 * Only rows that set a stored event's count anew are looked at: a new event has no trainees or
 * questionnaires yet, and a list sent again with its counts as stored reads nothing of the
 * participations (millions of rows, no index: with no event to look for DuckDB skips the scan).
 */
function belowStored(counted: (events: string) => string, what: string, note: string): FileNote {
  const changed = `SELECT f.v_code FROM file_rows f JOIN events e ON e.code = f.v_code
                   WHERE f.v_actual IS DISTINCT FROM e.actual_participants AND f.v_actual IS NOT NULL`;
  return {
    select: `SELECT concat('строка ', f.__row, ' — ', f.v_code, ' (участников ', f.v_actual, ', ${what} ', stored.n, ')') AS shown, f.__row AS row
             FROM file_rows f JOIN (${counted(changed)}) stored ON stored.event_code = f.v_code
             WHERE stored.n > f.v_actual`,
    order: 'row',
    note,
  };
}

export const FILE_NOTES: Partial<Record<DatasetCode, FileNote[]>> = {
  // Each headcount of the file against the organization's of the school year before (the file's or
  // the stored one), else of the year after (stored: one the file gives is compared from its own
  // row, so a jump within the file is named once). The table is small: a row an organization a year.
  organizations: [{
    select: `WITH given AS (SELECT __row, v_code, v_school_year, v_teachers, coalesce(v_short_name, v_name) AS org_name FROM file_rows
                            WHERE v_teachers IS NOT NULL AND v_school_year IS NOT NULL),
                  counts AS (SELECT v_code AS code, v_school_year AS school_year, v_teachers AS teachers, true AS in_file FROM given
                             UNION ALL
                             SELECT organization_code, school_year, teachers, false FROM organization_headcounts
                             WHERE organization_code IN (SELECT v_code FROM given)
                               AND (organization_code, school_year) NOT IN (SELECT (v_code, v_school_year) FROM given))
             SELECT concat('строка ', g.__row, ' — «', g.org_name, '» (', ${countSql('g.v_teachers')}, ' в ', ${schoolYearSql('g.v_school_year')}, ' уч. г., ',
                           ${countSql('n.teachers')}, ' в ', ${schoolYearSql('n.school_year')}, ' уч. г.)') AS shown, g.__row AS row
             FROM given g JOIN counts n ON n.code = g.v_code
               AND (n.school_year = g.v_school_year - 1 OR (n.school_year = g.v_school_year + 1 AND NOT n.in_file))
             WHERE greatest(g.v_teachers, n.teachers) >= ${TYPO_RATIO} * least(g.v_teachers, n.teachers)
             QUALIFY row_number() OVER (PARTITION BY g.__row ORDER BY n.school_year) = 1`,
    order: 'row',
    note: `Численность педагогов отличается от соседнего учебного года в ${TYPO_RATIO} раз и больше: {}. Численность записана; `
      + 'если число набрано с ошибкой (лишняя или пропущенная цифра, число другой организации или итог по району), исправьте его и загрузите файл снова',
  },
  // Below the organization's stored trainees of the year.
  headcountBelow(
    `SELECT p.organization_code AS org, school_year_of(p.started_on) AS school_year, hash(p.teacher_id) AS teacher FROM participations p
     WHERE p.role = 'trainee' AND p.organization_code IN (SELECT v_code FROM given)`,
    'стажёров', 'в',
    'Педагогов по ОО-1 меньше, чем стажёров организации за тот же учебный год: {}. Численность записана, но доля прошедших стажировку выйдет больше 100 %: '
      + 'проверьте численность и коды ОО стажёров в наборе «Участие педагогов»',
  ),
  headcountBelowCumulative(
    `SELECT ra.organization_code AS org, r.published_on AS day, ra.teacher_id AS teacher FROM resource_authors ra JOIN resources r ON r.code = ra.resource_code`,
    'авторов ресурсов', 'педагогов — авторов ресурсов'),
  headcountBelowCumulative(
    'SELECT u.organization_code AS org, u.used_on AS day, u.teacher_id AS teacher FROM resource_uses u',
    'использовавших ресурсы', 'педагогов, использующих ресурсы,'),
  ],
  events: [
    beforeStatus('v_held_on'),
    // An actual count five times the plan or more: a digit typed extra (190 for 19), or another
    // event's figure — the attendance KPIs would follow it. (Fewer than planned is common: not said.)
    {
      select: `SELECT concat('строка ', __row, ' — ', v_code, ' (по плану ', v_planned, ', фактически ', v_actual, ')') AS shown, __row AS row
               FROM file_rows WHERE v_planned > 0 AND v_actual >= ${TYPO_RATIO} * v_planned`,
      order: 'row',
      note: `Участников по факту в ${TYPO_RATIO} раз и больше, чем по плану: {}. Записано; если число набрано с ошибкой (лишняя цифра, число другого мероприятия), исправьте его и загрузите файл снова`,
    },
    movedNote('events', 'Мероприятия перенесены на другую площадку: {}. Если это другие мероприятия с теми же кодами, откатите загрузку и дайте им свои коды'),
    // A stored event's day changed into another half-year: both half-years' figures change, and
    // a year typed wrong in a correction looks just so.
    {
      select: `SELECT concat(f.v_code, ' (', strftime(e.held_on, '%d.%m.%Y'), ' → ', strftime(f.v_held_on, '%d.%m.%Y'), ')') AS shown
               FROM file_rows f JOIN events e ON e.code = f.v_code
               WHERE year(f.v_held_on) * 2 + (month(f.v_held_on) > 6)::INTEGER <> year(e.held_on) * 2 + (month(e.held_on) > 6)::INTEGER`,
      note: 'Мероприятия перенесены в другое полугодие: {}. Показатели обоих полугодий пересчитаны; если дата набрана с ошибкой (особенно год), исправьте её и загрузите файл снова',
    },
    // A stored event moved to a day ahead keeps no actual count (a fact of a day to come): the
    // figure that goes is named.
    {
      select: `SELECT concat(f.v_code, ' (было ', e.actual_participants, ')') AS shown
               FROM file_rows f JOIN events e ON e.code = f.v_code
               WHERE f.v_held_on > $today::DATE AND e.actual_participants IS NOT NULL`,
      note: 'Мероприятия перенесены на день, который ещё не наступил, и записанное число участников по факту снято: {}. '
        + 'Оно станет известно после мероприятия; если дата указана неверно, исправьте её и загрузите файл снова',
    },
    // A stored event given a day 300 days or more from its stored trainees' start: a year typed
    // wrong — in the file, or in the stored event and its trainees alike (then this file puts it
    // right, and the trainees follow: refusing either would lock both). Only events whose day
    // changes are looked up in the participations.
    {
      select: `SELECT concat(f.v_code, ' (', strftime(f.v_held_on, '%d.%m.%Y'), '; участники с ', strftime(starts.first_start, '%d.%m.%Y'), ')') AS shown
               FROM file_rows f JOIN (SELECT p.event_code, min(p.started_on) AS first_start, max(p.started_on) AS last_start FROM participations p
                                      WHERE p.event_code IN (SELECT f2.v_code FROM file_rows f2 JOIN events e ON e.code = f2.v_code WHERE f2.v_held_on <> e.held_on)
                                      GROUP BY ALL) starts ON starts.event_code = f.v_code
               WHERE greatest(abs(date_diff('day', starts.first_start, f.v_held_on)), abs(date_diff('day', starts.last_start, f.v_held_on))) > ${EVENT_DAYS_APART}`,
      note: 'Новая дата проведения дальше чем на 300 дней от начала стажировки записанных участников: {}. Участие начинается в учебный год мероприятия: '
        + 'если год набран с ошибкой в этом файле, исправьте дату и загрузите его снова; если верна новая дата, исправьте даты начала участников в наборе «Участие педагогов»',
    },
    // A row copied under a new code (or the event typed again by another hand, or a form's answer
    // sent again «исправлено»): one event counted twice. Each group of a site, a day and a title
    // (as names are compared, correction marks aside) with a code new in
    // the file; the file's version of a stored event stands for it.
    {
      select: `WITH kept AS (SELECT v_code AS code, v_site AS site, v_held_on AS day, ${copyTitleKey('v_title')} AS title, v_code NOT IN (SELECT code FROM events) AS new
                            FROM file_rows),
                    together AS (SELECT code, site, day, title, new FROM kept
                                 UNION ALL
                                 SELECT code, site_code, held_on, ${copyTitleKey('title')}, false FROM events
                                 WHERE (site_code, held_on) IN (SELECT (site, day) FROM kept) AND code NOT IN (SELECT code FROM kept))
               SELECT concat('(', string_agg(code, ', ' ORDER BY code), ')') AS shown FROM together
               GROUP BY site, day, title HAVING count(*) > 1 AND bool_or(new)`,
      note: 'Мероприятия одной площадки с одной датой и одним названием (пометки «исправлено» не в счёт) под разными кодами: {}. Если это одно мероприятие, оно посчитано дважды — удалите лишнее строкой с «да» в столбце «Удалить»',
    },
    // Trainees marked as having attended are participants of the event: more of them than its
    // actual count says the count is wrong (0 typed for «not known», a formula) or the marks are.
    belowStored(
      (events) => `SELECT event_code, count(DISTINCT teacher_id) AS n FROM participations
                   WHERE role = 'trainee' AND attended AND event_code IN (${events}) GROUP BY ALL`,
      'прошли стажировку',
      'Участников фактически меньше, чем стажёров мероприятия с отметкой «прошёл стажировку»: {}. Мероприятия записаны; '
        + 'проверьте число участников, а если оно верно — отметки «Прошёл стажировку» в наборе «Участие педагогов»',
    ),
    belowStored(
      (events) => `SELECT event_code, count(*) AS n FROM feedback WHERE event_code IN (${events}) GROUP BY ALL`,
      'анкет',
      'Участников фактически меньше, чем анкет мероприятия: {}. Мероприятия записаны; '
        + 'проверьте число участников, а если оно верно — нет ли лишних анкет (другого мероприятия, повторов) в наборе «Отзывы участников»',
    ),
  ],
  // A new report handed in after its school year ended (over a stored date it is refused: ROW_CHECKS).
  // Not refused: reports overdue are chased into the autumn and handed in then, and written so a
  // report changes no on-time share of its year — late and missing alike are not on time. If the
  // year is one too small (2025 written for 2025/26), the next year's report would show as
  // missing: the note says which year the day stands for.
  site_reports: [{
    select: `SELECT concat('строка ', f.__row, ' — «', s.name, '» (', ${lateReport('отчёт', 'f.v_year', 'f.v_submitted_on')},
                           '; если это ', ${meantReport('f.v_submitted_on')}, ')') AS shown, f.__row AS row
             FROM file_rows f JOIN sites s ON s.code = f.v_site
             LEFT JOIN site_reports stored_report ON stored_report.site_code = f.v_site AND stored_report.year = f.v_year
             WHERE ${afterReportYear('f.')} AND stored_report.submitted_on IS NULL`,
    order: 'row',
    note: 'Отчёты сданы уже после окончания своего учебного года: {}. Они записаны как сданные с опозданием; '
      + 'если год отчёта указан неверно, откатите загрузку, исправьте год и загрузите файл снова',
  }, {
    // A site owes a year's report only if it held its status by the deadline: one of a year before
    // counts nowhere, and is most likely the next year's. Not refused: the sites table keeps only
    // the latest grant, and a site granted again may have owed the year under its earlier status.
    select: `SELECT concat('строка ', f.__row, ' — «', s.name, '» (статус с ', strftime(s.status_granted_on, '%d.%m.%Y'), ', срок отчёта за ',
                           f.v_year - 1, '/', right(f.v_year::VARCHAR, 2), ' уч. г. — ', strftime(report_deadline(f.v_year), '%d.%m.%Y'), ')') AS shown, f.__row AS row
             FROM file_rows f JOIN sites s ON s.code = f.v_site WHERE s.status_granted_on > report_deadline(f.v_year)`,
    order: 'row',
    note: 'Отчёты площадок за год, срок отчёта которого прошёл до присвоения им статуса: {}. Такой отчёт не учитывается ни в одном периоде; '
      + 'если это отчёт за следующий учебный год, откатите загрузку, укажите год на один больше и загрузите файл снова',
  }],
  resources: [
    beforeStatus('v_published_on'),
    movedNote('resources', 'Ресурсы перенесены на другую площадку вместе с их использованием: {}. Если это другие ресурсы с теми же кодами, откатите загрузку и дайте им свои коды'),
    // More authors of an organization than it has teachers: authors listed under the site's host,
    // or a headcount typed wrong. The file's authors replace the stored ones of its resources.
    {
      select: cumulativeAboveHeadcount(
        `SELECT v_author_organization AS org, v_published_on AS day, hash(v_author) AS teacher FROM file_rows WHERE v_author IS NOT NULL
         UNION ALL
         SELECT ra.organization_code, r.published_on, hash(ra.teacher_id) FROM resource_authors ra JOIN resources r ON r.code = ra.resource_code
         WHERE ra.resource_code NOT IN (SELECT v_code FROM file_rows) AND ra.organization_code IN (SELECT v_author_organization FROM file_rows)`,
        'авторов',
      ),
      note: 'Авторов ресурсов из организации больше, чем в ней педагогов по ОО-1: {}. Ресурсы записаны, но доля педагогов — авторов ресурсов выйдет больше 100 %: '
        + 'проверьте коды ОО авторов и численность педагогов в наборе «Образовательные организации»',
    },
  ],
  // The same of a resource's users, stored and the file's (millions: estimated first).
  resource_uses: [{
    select: cumulativeAboveHeadcount(
      `SELECT v_organization AS org, v_used_on AS day, hash(v_teacher) AS teacher FROM file_rows
       UNION ALL
       SELECT u.organization_code, u.used_on, hash(u.teacher_id) FROM resource_uses u WHERE u.organization_code IN (SELECT v_organization FROM file_rows)`,
      'использовавших ресурсы',
    ),
    note: 'Педагогов организации, использовавших ресурсы, больше, чем в ней педагогов по ОО-1: {}. Использование записано, но доля педагогов, использующих ресурсы, выйдет больше 100 %: '
      + 'проверьте коды ОО педагогов (не записаны ли они под кодом организации-базы площадки?) и численность педагогов в наборе «Образовательные организации»',
  }],
  // A site goes with its events, trainees and resources: the figures of both districts change.
  sites: [{
    select: `SELECT DISTINCT concat(f.v_code, ' (', stored.host_organization_code, ' → ', f.v_organization, ')') AS shown
             FROM file_rows f JOIN sites stored ON stored.code = f.v_code WHERE stored.host_organization_code <> f.v_organization`,
    note: 'Площадки переданы другой организации-базе: {}. С площадкой переходят её мероприятия, участники и ресурсы (и в район новой базы); если код площадки указан по ошибке, откатите загрузку',
  }],
  // «Красносельский муниципальный округ» beside a stored «Красносельский район»: the same district
  // renamed (districts became municipal okrugs), or two real ones (a city okrug and a district of
  // one name). Files name either by its full name; a bare «Красносельский» then fits neither.
  districts: [
    {
      select: `SELECT DISTINCT concat('«', f.v_name, '» (', f.v_code, ') и «', d.name, '» (', d.code, ')') AS shown
               FROM file_rows f JOIN districts d ON ${bareDistrictName('d.name')} = ${bareDistrictName('f.v_name')}
                 AND d.code <> f.v_code AND ${nameKey('d.name')} <> ${nameKey('f.v_name')}`,
      note: 'Районы с одним названием, разные по виду: {}. Если это один район (район стал округом), второй не нужен — откатите загрузку и загрузите прежний код с новым названием; районы с одним названием файлы должны называть полностью',
    },
    renamedNote('districts', 'Районы переименованы: {}. Новые названия — во всех фильтрах, отчётах и выгрузках; если код указан не тот, откатите загрузку'),
  ],
  directions: [
    renamedNote('directions', 'Направления переименованы: {}. Новые названия — во всех фильтрах, отчётах и выгрузках; если код указан не тот, откатите загрузку'),
  ],
  // A corrected list of an event's participants leaves a stored one out: an upload deletes nothing,
  // so she stays counted. An event's list is a version of an earlier upload's where the file names
  // again two or more of that upload's participants of the event, and at least half; its records
  // no row of the file names (refused and deleting rows included) are the ones left out. Only the
  // stored participations of the file's events are read.
  participations: [beforeStatus('v_started_on'), {
    // Millions of rows in a region's file: records are compared by their hash (8 bytes, not five
    // columns), and only at events that have stored participants.
    select: `WITH events AS (SELECT DISTINCT p.event_code FROM participations p WHERE p.event_code IN (SELECT v_event FROM file_rows)),
                  named AS (SELECT DISTINCT hash(v_teacher, v_site, v_event, v_role, v_started_on) AS h FROM ingest_values
                            WHERE v_event IN (SELECT event_code FROM events)),
                  stored AS (SELECT p.event_code, p.upload_id, hash(p.teacher_id, p.site_code, p.event_code, p.role, p.started_on) IN (SELECT h FROM named) AS again
                             FROM participations p WHERE p.event_code IN (SELECT event_code FROM events))
             SELECT concat(event_code, ' — нет в файле ', count(*) FILTER (NOT again), ' из ', count(*), coalesce(' (загрузка № ' || upload_id || ')', '')) AS shown
             FROM stored GROUP BY event_code, upload_id
             HAVING count(*) FILTER (again) >= 2 AND 2 * count(*) FILTER (again) >= count(*) AND count(*) FILTER (NOT again) > 0`,
    note: 'Файл повторяет списки участников мероприятий из прежней загрузки, но не полностью: в базе остались участники, которых в файле нет: {}. '
      + 'Загрузка их не удаляет и они учитываются в показателях; если их не было, удалите их строками с «да» в столбце «Удалить»',
  }, {
    // More trainees of an organization in a school year than it has teachers: trainees of a
    // conference listed under its host's code, or a headcount typed wrong — either way a share of
    // its teachers trained above 100 %, and its district's inflated. Stored trainees of the file's
    // organizations are read with the file's.
    select: aboveHeadcount(
      `SELECT v_organization AS org, school_year_of(v_started_on) AS school_year, hash(v_teacher) AS teacher FROM file_rows WHERE v_role = 'trainee'
       UNION ALL
       SELECT p.organization_code, school_year_of(p.started_on), hash(p.teacher_id) FROM participations p
       WHERE p.role = 'trainee' AND p.organization_code IN (SELECT v_organization FROM file_rows WHERE v_role = 'trainee')`,
      'стажёров', 'в',
    ),
    note: 'Стажёров организации за учебный год больше, чем в ней педагогов по ОО-1: {}. Участия записаны, но доля прошедших стажировку выйдет больше 100 %: '
      + 'проверьте код ОО педагогов (участники конференции не записаны ли под кодом организации-базы?) и численность педагогов в наборе «Образовательные организации»',
  }],
  // More questionnaires than people at the event: other events' ones or repeats, or a count set
  // too low — either way a satisfaction share the region could not trust. Not refused: the
  // count of participants may be the one incomplete.
  feedback: [
    {
      select: `SELECT concat(e.code, ' (анкет ', n.responses, ', участников ', e.actual_participants, ')') AS shown
               FROM (SELECT event_code, count(*) AS responses
                     FROM (SELECT v_event AS event_code, v_response AS response_code FROM file_rows
                           UNION SELECT event_code, response_code FROM feedback WHERE event_code IN (SELECT v_event FROM file_rows))
                     GROUP BY ALL) n
               JOIN events e ON e.code = n.event_code
               WHERE n.responses > e.actual_participants`,
      note: 'Анкет больше, чем участников мероприятия по факту: {}. Анкеты записаны; проверьте, нет ли среди них лишних (другого мероприятия, повторов) и верно ли число участников в наборе «Мероприятия»',
    },
    // A second batch of a form's answers numbered 1, 2, 3 again replaces the first batch's
    // questionnaires of those numbers: fewer counted than were filled in. Said per event, with
    // the first free number.
    {
      select: `SELECT concat(f.v_event, ' (№ ', array_to_string(list_slice(list(f.v_response ORDER BY f.__row), 1, 5), ', '),
                             CASE WHEN count(*) > 5 THEN concat(' и ещё ', count(*) - 5) ELSE '' END,
                             coalesce('; свободные номера — с ' || (greatest((SELECT max(TRY_CAST(o.response_code AS BIGINT)) FROM feedback o WHERE o.event_code = f.v_event),
                                                                             (SELECT max(TRY_CAST(r.v_response AS BIGINT)) FROM file_rows r WHERE r.v_event = f.v_event)) + 1), ''), ')') AS shown
               FROM file_rows f JOIN feedback q ON q.event_code = f.v_event AND q.response_code = f.v_response
               WHERE f.v_rating IS DISTINCT FROM q.rating OR f.v_comment IS DISTINCT FROM q.comment
               GROUP BY f.v_event`,
      note: 'Анкеты с такими номерами уже были загружены, с другими ответами, и заменены ответами файла: {}. Если это исправление, всё верно; '
        + 'если это новые анкеты, откатите загрузку, пронумеруйте их, продолжая номера загруженных, и загрузите файл снова',
    },
    {
      select: 'SELECT DISTINCT e.code AS shown FROM file_rows JOIN events e ON e.code = file_rows.v_event WHERE e.actual_participants IS NULL',
      note: 'У мероприятий не указано, сколько было участников по факту: {}. Анкеты записаны, но сверить их число не с чем — укажите «Участников фактически» в наборе «Мероприятия»',
    },
  ],
};

/** A row's district through what it refers to, joined as `alias` (code, district) for the check's SQL. */
const DISTRICT_OF = {
  organizations: 'SELECT code, district_code AS district FROM organizations',
  sites: 'SELECT s.code, o.district_code AS district FROM sites s JOIN organizations o ON o.code = s.host_organization_code',
  events: `SELECT e.code, o.district_code AS district FROM events e JOIN sites s ON s.code = e.site_code
           JOIN organizations o ON o.code = s.host_organization_code`,
  resources: `SELECT r.code, o.district_code AS district FROM resources r JOIN sites s ON s.code = r.site_code
              JOIN organizations o ON o.code = s.host_organization_code`,
} as const;

const NOT_ALLOWED = (district: string) => `${district} NOT IN (SELECT code FROM ingest_allowed)`;
const IS_ALLOWED = (district: string) => `${district} IN (SELECT code FROM ingest_allowed)`;

/**
 * The row as sent belongs to a district the uploader may change. A row goes with the record
 * that owns it: an organization with its district, a site with its host organization's; events,
 * trainees, resources and reports with their site, feedback with its event, applications with
 * the organization, and a resource's uses with the resource's site — whichever school the
 * teacher who used it works at (that log is the site's own data).
 */
function sentIn(field: string, of: keyof typeof DISTRICT_OF | 'districts'): RowCheck {
  const join = of === 'districts'
    ? `LEFT JOIN districts sent_d ON sent_d.code = v_${field}`
    : `LEFT JOIN (${DISTRICT_OF[of]}) sent ON sent.code = v_${field} LEFT JOIN districts sent_d ON sent_d.code = sent.district`;
  return {
    field, join, failing: NOT_ALLOWED(of === 'districts' ? `v_${field}` : 'sent.district'), detail: 'sent_d.name',
    message: 'Строка относится к району «{}», а вам доступны только: {allowed}',
  };
}

/** The stored record the row would change belongs to the uploader's districts. */
function storedIn(record: string, name: string, district: string): RowCheck {
  return {
    field: 'code', join: `${record} JOIN districts stored_d ON stored_d.code = ${district}`, failing: NOT_ALLOWED(district),
    detail: `concat(v_code, ' уже принадлежит «', ${name}, '» (', stored_d.name, ')')`,
    message: 'Код {}: изменить запись другого района может только администратор или методист того района',
  };
}

/** A stored event or resource (title, its site) belongs to the uploader's districts. */
const storedAtSite = (table: 'events' | 'resources') => storedIn(
  `JOIN ${table} stored ON stored.code = v_code JOIN sites stored_site ON stored_site.code = stored.site_code
   JOIN organizations host ON host.code = stored_site.host_organization_code`,
  "concat(stored.title, '», площадка «', stored_site.name)", 'host.district_code',
);

/** The field that places a dataset's row in a district, and what it refers to (see sentIn). */
export const ROW_OWNER = {
  organizations: { field: 'district', of: 'districts' },
  sites: { field: 'organization', of: 'organizations' },
  competition_applications: { field: 'organization', of: 'organizations' },
  events: { field: 'site', of: 'sites' },
  feedback: { field: 'event', of: 'events' },
  participations: { field: 'site', of: 'sites' },
  resources: { field: 'site', of: 'sites' },
  resource_uses: { field: 'resource', of: 'resources' },
  site_reports: { field: 'site', of: 'sites' },
} as const satisfies Partial<Record<DatasetCode, { field: string; of: keyof typeof DISTRICT_OF | 'districts' }>>;

const sentInOwn = (dataset: keyof typeof ROW_OWNER) => sentIn(ROW_OWNER[dataset].field, ROW_OWNER[dataset].of);

/** Checks for an uploader limited to some districts ({allowed}: the names of hers). */
export const OWNERSHIP_CHECKS: Partial<Record<DatasetCode, RowCheck[]>> = {
  organizations: [
    sentInOwn('organizations'),
    storedIn('JOIN organizations stored ON stored.code = v_code', 'stored.name', 'stored.district_code'),
    {
      field: 'district', join: 'JOIN organizations stored ON stored.code = v_code JOIN districts stored_d ON stored_d.code = stored.district_code',
      failing: `${IS_ALLOWED('stored.district_code')} AND stored.district_code <> v_district`, detail: 'stored_d.name',
      message: 'Организация относится к району «{}»: перенести её в другой район может только администратор',
    },
  ],
  sites: [
    sentInOwn('sites'),
    storedIn('JOIN sites stored ON stored.code = v_code JOIN organizations host ON host.code = stored.host_organization_code', 'stored.name', 'host.district_code'),
    {
      field: 'organization', join: 'JOIN sites stored ON stored.code = v_code JOIN organizations host ON host.code = stored.host_organization_code',
      failing: `${IS_ALLOWED('host.district_code')} AND stored.host_organization_code <> v_organization`, detail: 'host.name',
      message: 'Организация-база площадки — «{}»: сменить её может только администратор',
    },
  ],
  competition_applications: [sentInOwn('competition_applications')],
  events: [sentInOwn('events'), storedAtSite('events')],
  feedback: [sentInOwn('feedback')],
  participations: [sentInOwn('participations')],
  resources: [sentInOwn('resources'), storedAtSite('resources')],
  resource_uses: [sentInOwn('resource_uses')],
  site_reports: [sentInOwn('site_reports')],
};

/** The target whose rows stand one-to-one for the file's rows by the dataset key. */
export function keyedTarget(dataset: DatasetCode): Target {
  return TARGETS[dataset].find((t) => t.keyed) ?? TARGETS[dataset][0];
}

/**
 * Rows an uploader limited to some districts may not send, refused by row: a stored event or
 * resource of her districts sent with another site. Two sites numbering theirs alike (E1, E2 …)
 * would overwrite each other's; only an admin moves one (the result then notes it, see
 * FILE_NOTES). An event with trainees no one moves (ROW_CHECKS).
 */
export const RESTRICTED_ROW_CHECKS: Partial<Record<DatasetCode, RowCheck[]>> = {
  events: [movedToSite('events', 'Мероприятие с этим кодом уже записано за площадкой {}: если это другое мероприятие, дайте ему свой код; перенести мероприятие на другую площадку может только администратор')],
  resources: [movedToSite('resources', 'Ресурс с этим кодом уже записан за площадкой {}: если это другой ресурс, дайте ему свой код; перенести ресурс на другую площадку может только администратор')],
};

function movedToSite(table: 'events' | 'resources', message: string): RowCheck {
  const held = table === 'events' ? ' AND NOT EXISTS (SELECT 1 FROM participations p WHERE p.event_code = v_code)' : '';
  return {
    field: 'site', join: `JOIN ${table} stored ON stored.code = v_code JOIN sites stored_site ON stored_site.code = stored.site_code`,
    failing: `stored.site_code <> v_site${held}`, detail: "concat('«', stored_site.name, '» (', stored_site.code, ')')", message,
  };
}
