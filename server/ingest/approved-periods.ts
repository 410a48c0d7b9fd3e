/**
 * Which approved periods an upload (or its rollback) changes rows of: published results are
 * fixed, and data under them change only by an admin's explicit confirmation.
 *
 * The SQL is put together from the constants below and NATURAL_KEYS — never user input.
 */
import type { Session, SqlParams } from '../db/database.js';
import { columnsOf, DATA_TABLES, NATURAL_KEYS, UPLOAD_COLUMN, type DataTable } from '../db/tables.js';
import { parsePeriod } from '../domain/periods.js';
import { ORG_TYPES } from '../../web/src/lib/shared/vocabulary.js';
import { ROW, stageName, updatable } from './merge.js';

/**
 * The days a table's row is a fact of, as SQL over its columns: [first, last]. A headcount
 * counts for its whole school year, a site for the time its status is in force, a feedback
 * questionnaire and a resource's author by their event's and resource's day. A fact that a KPI
 * counts from the beginning up to a period's end — an application (the competition's share), a
 * resource, its authors and its uses (authors, users, reuse) — is a fact of every period from its
 * day on: a use of 2025 changes an approved 2026 share. The reference lists (districts,
 * directions, organizations) and the plan's items are of no period.
 */
const SPANS: Partial<Record<DataTable, [string, string]>> = {
  organization_headcounts: ['make_date(school_year, 9, 1)', 'make_date(school_year + 1, 8, 31)'],
  sites: ["coalesce(status_granted_on, DATE '0001-01-01')", "coalesce(status_valid_until, DATE '9999-12-31')"],
  // The competition of year Y is held in autumn Y: its school year is Y/Y+1.
  competition_applications: ['make_date(year, 9, 1)', "DATE '9999-12-31'"],
  events: ['held_on', 'held_on'],
  feedback: ['(SELECT e.held_on FROM events e WHERE e.code = event_code)', '(SELECT e.held_on FROM events e WHERE e.code = event_code)'],
  participations: ['started_on', 'started_on'],
  resources: ['published_on', "DATE '9999-12-31'"],
  resource_authors: ['(SELECT r.published_on FROM resources r WHERE r.code = resource_code)', "DATE '9999-12-31'"],
  resource_uses: ['used_on', "DATE '9999-12-31'"],
  // The report of year Y is for the school year Y-1/Y, and counts only where its site owes it:
  // its status in force on the report's deadline (the macro reports_due, the one query that reads
  // reports for a period's figures). Another site's report is of no period: no figure counts it.
  site_reports: [
    `CASE WHEN EXISTS (SELECT 1 FROM sites s WHERE s.code = site_code
       AND s.status_granted_on <= report_deadline(year) AND s.status_valid_until >= report_deadline(year)) THEN make_date(year - 1, 9, 1) END`,
    'make_date(year, 8, 31)',
  ],
  plan_item_schedule: [
    "make_date(left(half_year, 4)::INTEGER, CASE WHEN right(half_year, 1) = '1' THEN 1 ELSE 7 END, 1)",
    "make_date(left(half_year, 4)::INTEGER, CASE WHEN right(half_year, 1) = '1' THEN 6 ELSE 12 END, CASE WHEN right(half_year, 1) = '1' THEN 30 ELSE 31 END)",
  ],
};

/** The tables whose facts count up to every later period's end (SPANS to 9999): a refusal says why a row of 2025 is one of 2026. */
const CUMULATIVE = new Set<DataTable>(['competition_applications', 'resources', 'resource_authors', 'resource_uses']);

/**
 * The column that places a new row in its period: named with a row refused for it.
 */
const DATED_BY: Partial<Record<DataTable, string>> = {
  organization_headcounts: 'school_year',
  sites: 'status_granted_on',
  competition_applications: 'year',
  events: 'held_on',
  feedback: 'event_code',
  participations: 'started_on',
  resources: 'published_on',
  resource_authors: 'resource_code',
  resource_uses: 'used_on',
  site_reports: 'year',
  plan_item_schedule: 'half_year',
};

/**
 * Columns whose change alone changes no figure: names and titles, an organization's contacts and
 * registry numbers. A site's name mended under an approved half-year changes none of its results.
 */
const WORDING: Partial<Record<DataTable, string[]>> = {
  sites: ['name'],
  events: ['title'],
  resources: ['title'],
  feedback: ['comment'],
};

/**
 * Columns of a reference list whose change moves its facts from one breakdown to another in every
 * period: an organization's district and type. Such a change touches every approved period.
 */
const EVERY_PERIOD: Partial<Record<DataTable, string[]>> = {
  organizations: ['district_code', 'org_type'],
};

/**
 * The approved periods (codes) whose days the upload's rows fall on: rows it inserted, rows as
 * they were before it deleted them or changed more than their wording, and such changed rows as
 * they are now; and every approved period where it moved an organization to another district or type.
 */
export async function approvedPeriodsTouched(tx: Session, uploadId: number, tables: readonly DataTable[]): Promise<string[]> {
  // Most uploads come while no period is approved: the tables are not read then.
  const inForce = await tx.one<{ n: number }>('SELECT count(*) AS n FROM publications WHERE withdrawn_at IS NULL');
  if (inForce!.n === 0) return [];
  const touched = new Set<string>();
  for (const table of tables) {
    const changedKey = NATURAL_KEYS[table].map((k) => `b.${k} IS NOT DISTINCT FROM ${table}.${k}`).join(' AND ');
    const moved = EVERY_PERIOD[table];
    if (moved) {
      const [any] = await tx.all<{ n: number }>(
        `SELECT count(*) AS n FROM upload_before_${table} b JOIN ${table} ON ${changedKey}
         WHERE b.upload_id = $upload_id AND b.op = 'update' AND (${moved.map((c) => `b.${c} IS DISTINCT FROM ${table}.${c}`).join(' OR ')})`,
        { upload_id: uploadId },
      );
      if (any.n > 0) (await tx.all<{ period: string }>('SELECT period FROM publications WHERE withdrawn_at IS NULL')).forEach((p) => touched.add(p.period));
    }
    const span = SPANS[table];
    if (!span) continue;
    const [first, last] = span;
    // An update of the wording alone changes no figure: neither its row before nor after counts.
    const wording = new Set([...NATURAL_KEYS[table], ...(WORDING[table] ?? [])]);
    const figures = columnsOf(table).filter((c) => !wording.has(c));
    const changedFigures = `${changedKey} AND (${figures.map((c) => `b.${c} IS DISTINCT FROM ${table}.${c}`).join(' OR ') || 'false'})`;
    const rows = await tx.all<{ period: string }>(
      `WITH facts AS (
         SELECT ${first} AS first_day, ${last} AS last_day FROM ${table} WHERE ${UPLOAD_COLUMN.name} = $upload_id
         UNION ALL
         SELECT ${first}, ${last} FROM upload_before_${table} b
         WHERE upload_id = $upload_id AND (op <> 'update' OR EXISTS (SELECT 1 FROM ${table} WHERE ${changedFigures}))
         UNION ALL
         SELECT ${first}, ${last} FROM ${table}
         WHERE EXISTS (SELECT 1 FROM upload_before_${table} b WHERE b.upload_id = $upload_id AND b.op = 'update' AND ${changedFigures})
       )
       SELECT DISTINCT p.period FROM facts
       JOIN publications p ON p.withdrawn_at IS NULL AND facts.first_day <= p.ends_on AND facts.last_day >= p.starts_on`,
      { upload_id: uploadId },
    );
    for (const row of rows) touched.add(row.period);
  }
  return [...touched].sort();
}

/** A table an upload is about to merge from its stage view (see Stage.open and mergeTable). */
export interface StagedTarget {
  table: DataTable;
  /** Columns the file has no field for: an update keeps their stored values. */
  preserve: readonly string[];
  /** Its record repeats over file rows and is merged once (see Target.shared). */
  shared?: boolean;
  /** Stored rows of a parent the file lists and not these are deleted (see Target.replaceWithin). */
  replaceWithin?: string;
  /** SQL: the parents of refused rows, whose stored rows stay (mergeTable's keepWithin). */
  keepWithin?: string | false;
  /** SQL: the natural keys (and __row) of the file rows asking for their stored record to be deleted (Target.removed). */
  removal?: string;
}

/** How rows refused for approved periods are written into an import's errors. */
export interface ApprovedRowsRefusal {
  errors: string;
  seq: number;
  /** The file's header of a table's column. */
  headerOf: (table: DataTable, column: string) => string;
  /** Said after each row's message: who may change such data, and how. */
  advice: string;
}

/** What a refused row does to an approved period; `{p}`: «периода «…», итоги которого уже утверждены». */
const ROW_MESSAGES = {
  insert: 'Строка добавляет данные {p}.',
  update: 'Строка меняет данные {p}.',
  moved: 'Строка переносит организацию в другой район или меняет её тип: это меняет данные {p}.',
  deleted: 'Из-за этой строки из базы удалится запись, которой нет в файле и которая учтена в данных {p}.',
  removed: 'Строка удаляет запись, учтённую в данных {p}.',
};

/**
 * Refuses, as row errors, the staged rows whose merge would change data of approved periods, and
 * returns those periods (none: nothing refused). A row is judged as mergeTable would write it: a
 * new record by the days it is of; a changed one by its days before and after, unless only its
 * wording changes; an organization moved to another district or type in every approved period; a
 * record the file's list of its parent leaves out (replaceWithin) by its days, on every file row
 * of that parent; a record a row asks to delete («Удалить») by its days, on that row. Refusing rows can change what the others do (a shared record then merges fewer
 * rows; a parent with a refused row keeps its stored list), so rows are judged again until none is left.
 */
export async function refuseRowsTouchingApproved(
  tx: Session, targets: readonly StagedTarget[], refusal: ApprovedRowsRefusal, snapshot: () => Promise<void>,
): Promise<string[]> {
  const approved = await tx.all<{ period: string }>('SELECT period FROM publications WHERE withdrawn_at IS NULL ORDER BY starts_on, period');
  if (approved.length === 0) return [];
  // Period labels as the messages quote them, in order (bound: never spliced into the SQL).
  const params: SqlParams = {
    advice: refusal.advice, one: 'периода {l}, итоги которого уже утверждены', many: 'периодов {l}, итоги которых уже утверждены',
    cumulative: 'Показатель считается нарастающим итогом: строка учитывается во всех периодах с её даты.',
  };
  const labels = approved.map((p, i) => {
    Object.assign(params, { [`period_${i}`]: p.period, [`label_${i}`]: `«${parsePeriod(p.period)?.label ?? p.period}»` });
    return `($period_${i}, $label_${i}, ${i})`;
  });
  for (const [kind, message] of Object.entries(ROW_MESSAGES)) params[`message_${kind}`] = message;
  const header = (table: DataTable, column: string) => {
    const name = `header_${table}_${column}`;
    params[name] = refusal.headerOf(table, column);
    return `$${name}`;
  };
  const touched = new Set<string>();
  for (;;) {
    let refused = 0;
    for (const target of targets) {
      for (const facts of factsOf(target, header)) {
        // DuckDB has no INSERT in a WITH: the rows are kept, written as errors, then their periods read.
        await tx.run(
          `CREATE OR REPLACE TEMP TABLE approved_refused AS
           WITH facts AS (${facts.sql}),
           labels(period, label, ord) AS (VALUES ${labels.join(', ')}),
           periods AS (
             SELECT DISTINCT ${facts.link.map((c) => `f.${c}`).join(', ')}, f.kind, f.header, f.value, f.was, p.period, l.label, l.ord
             FROM facts f JOIN publications p ON p.withdrawn_at IS NULL AND f.first_day <= p.ends_on AND f.last_day >= p.starts_on
             JOIN labels l ON l.period = p.period
           ),
           grouped AS (
             SELECT ${facts.link.join(', ')}, kind, header, value, was, count(*) AS n, string_agg(label, ', ' ORDER BY ord) AS quoted, list(period) AS periods
             FROM periods GROUP BY ALL
           )
           SELECT s.${ROW} AS row, g.header, left(g.value, 200) AS value, g.periods,
                  replace(CASE g.kind ${Object.keys(ROW_MESSAGES).map((k) => `WHEN '${k}' THEN $message_${k}`).join(' ')} END, '{p}',
                    replace(CASE WHEN g.n = 1 THEN $one ELSE $many END, '{l}', g.quoted))
                  || CASE WHEN g.was IS NOT NULL THEN ' В базе: ' || left(g.was, 200) || '.' ELSE '' END
                  || ${CUMULATIVE.has(target.table) ? "' ' || $cumulative" : "''"} || ' ' || $advice AS message
           FROM ${facts.rows ?? stageName(target.table)} s JOIN grouped g ON ${facts.link.map((c) => `s.${c} IS NOT DISTINCT FROM g.${c}`).join(' AND ')}`,
          params,
        );
        await tx.run(`INSERT INTO ${refusal.errors} SELECT row, $seq, header, value, message FROM approved_refused`, { seq: refusal.seq });
        const found = await tx.all<{ period: string; rows: number }>(
          'SELECT DISTINCT unnest(periods) AS period, (SELECT count(*) FROM approved_refused) AS rows FROM approved_refused',
        );
        await tx.run('DROP TABLE approved_refused');
        for (const f of found) touched.add(f.period);
        refused += found[0]?.rows ?? 0;
      }
    }
    if (refused === 0) break;
    await snapshot();
  }
  return [...touched].sort();
}

/** A value as a message shows it: dates as the files write them. */
const shown = (table: DataTable, column: string, alias: string) => {
  if (column === 'school_year') return `${alias}.${column} || '/' || right((${alias}.${column} + 1)::VARCHAR, 2)`;
  // Users read names, never codes: a district by its name, a type of organization by its label.
  if (column === 'district_code') return `coalesce((SELECT d.name FROM districts d WHERE d.code = ${alias}.${column}), ${alias}.${column})`;
  // A half-year of the plan as halfYearLabel names it («2026, 1 п/г»), not as stored («2026-H1»).
  if (column === 'half_year') return `regexp_replace(${alias}.${column}, '^(\\d{4})-H([12])$', '\\1, \\2 п/г')`;
  if (column === 'org_type') return `CASE ${alias}.${column} ${Object.entries(ORG_TYPES).map(([code, label]) => `WHEN '${code}' THEN '${label}'`).join(' ')} ELSE ${alias}.${column} END`;
  return DATA_TABLES[table].find((c) => c.name === column)?.type === 'date' ? `strftime(${alias}.${column}, '%d.%m.%Y')` : `${alias}.${column}::VARCHAR`;
};

/**
 * What merging a staged target would do to dated facts, as SQL queries of rows (link columns,
 * kind, first_day, last_day, header, value, was), each with the columns that link it to the
 * file rows that cause it (the staged rows, unless `rows` names others: those asking to delete):
 * the natural key, or a replaced list's parent.
 */
function factsOf(target: StagedTarget, header: (table: DataTable, column: string) => string): { sql: string; link: string[]; rows?: string }[] {
  const { table } = target;
  const keys = [...NATURAL_KEYS[table]];
  const keyMatch = (a: string, b: string) => keys.map((k) => `${a}.${k} IS NOT DISTINCT FROM ${b}.${k}`).join(' AND ');
  const others = columnsOf(table).filter((c) => !keys.includes(c));
  // The record as the merge writes it: a shared one once, from the rows that repeat it.
  const record = target.shared
    ? `(SELECT ${keys.join(', ')}${others.map((c) => `, any_value(${c}) AS ${c}`).join('')} FROM ${stageName(table)} GROUP BY ALL)`
    : `(SELECT ${columnsOf(table).join(', ')} FROM ${stageName(table)})`;
  const changing = updatable(table, target.preserve);
  const wording = new Set(WORDING[table] ?? []);
  const figures = changing.filter((c) => !wording.has(c));
  const moved = (EVERY_PERIOD[table] ?? []).filter((c) => (changing as string[]).includes(c));
  const differ = (c: string) => `r.${c} IS DISTINCT FROM t.${c}`;
  // The changed columns by their headers, the first one's new value and its stored one.
  const change = (columns: string[]) => `concat_ws(', ', ${columns.map((c) => `CASE WHEN ${differ(c)} THEN ${header(table, c)} END`).join(', ')}) AS __header,
    coalesce(${columns.map((c) => `CASE WHEN ${differ(c)} THEN coalesce(${shown(table, c, 'r')}, '') END`).join(', ')}) AS __value,
    coalesce(${columns.map((c) => `CASE WHEN ${differ(c)} THEN coalesce(${shown(table, c, 't')}, 'пусто') END`).join(', ')}) AS __was`;
  const link = keys.map((k) => `${k}`).join(', ');
  const facts: { sql: string; link: string[]; rows?: string }[] = [];
  const span = SPANS[table];
  if (span) {
    const [first, last] = span;
    const dated = DATED_BY[table]!;
    const parts = [
      `SELECT ${link}, 'insert' AS kind, ${first} AS first_day, ${last} AS last_day, ${header(table, dated)} AS header,
         ${shown(table, dated, 'x')} AS value, NULL::VARCHAR AS was
       FROM (SELECT r.* FROM ${record} r ANTI JOIN ${table} t ON ${keyMatch('r', 't')}) x`,
    ];
    if (figures.length > 0) {
      const updated = (side: 'r' | 't') => `SELECT ${link}, 'update' AS kind, ${first} AS first_day, ${last} AS last_day, __header AS header, __value AS value, __was AS was
        FROM (SELECT ${side}.*, ${change(figures)} FROM ${record} r JOIN ${table} t ON ${keyMatch('r', 't')} WHERE ${figures.map(differ).join(' OR ')}) x`;
      parts.push(updated('r'), updated('t'));
    }
    facts.push({ sql: parts.join('\nUNION ALL\n'), link: keys });
    if (target.removal) {
      facts.push({
        sql: `SELECT ${link}, 'removed' AS kind, ${first} AS first_day, ${last} AS last_day, ${header(table, dated)} AS header,
            ${shown(table, dated, 'x')} AS value, NULL::VARCHAR AS was
          FROM (SELECT t.* FROM ${table} t SEMI JOIN (${target.removal}) d ON ${keyMatch('d', 't')}) x`,
        link: keys,
        rows: `(${target.removal})`,
      });
    }
    if (target.replaceWithin) {
      const parent = target.replaceWithin;
      const kept = target.keepWithin ? `AND t.${parent} NOT IN (SELECT parent FROM (${target.keepWithin}) WHERE parent IS NOT NULL)` : '';
      facts.push({
        sql: `SELECT ${parent}, 'deleted' AS kind, ${first} AS first_day, ${last} AS last_day, ${header(table, dated)} AS header,
            ${shown(table, dated, 'x')} AS value, NULL::VARCHAR AS was
          FROM (SELECT t.* FROM ${table} t WHERE t.${parent} IN (SELECT ${parent} FROM ${stageName(table)}) ${kept}
            AND NOT EXISTS (SELECT 1 FROM ${record} r WHERE ${keyMatch('r', 't')})) x`,
        link: [parent],
      });
    }
  }
  if (moved.length > 0) {
    facts.push({
      sql: `SELECT ${link}, 'moved' AS kind, DATE '0001-01-01' AS first_day, DATE '9999-12-31' AS last_day, __header AS header, __value AS value, __was AS was
        FROM (SELECT r.*, ${change(moved)} FROM ${record} r JOIN ${table} t ON ${keyMatch('r', 't')} WHERE ${moved.map(differ).join(' OR ')}) x`,
      link: keys,
    });
  }
  return facts;
}
