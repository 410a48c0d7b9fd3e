/**
 * Which approved periods an upload (or its rollback) changes rows of: published results are
 * fixed, and data under them change only by an admin's explicit confirmation.
 *
 * The SQL is put together from the constants below and NATURAL_KEYS — never user input.
 */
import type { Session } from '../db/database.js';
import { columnsOf, NATURAL_KEYS, UPLOAD_COLUMN, type DataTable } from '../db/tables.js';

/**
 * The days a table's row is a fact of, as SQL over its columns: [first, last]. A headcount
 * counts for its whole school year, a site for the time its status is in force, a feedback
 * questionnaire and a resource's author by their event's and resource's day. The reference lists
 * (districts, directions, organizations) and the plan's items are of no period.
 */
const SPANS: Partial<Record<DataTable, [string, string]>> = {
  organization_headcounts: ['make_date(school_year, 9, 1)', 'make_date(school_year + 1, 8, 31)'],
  sites: ["coalesce(status_granted_on, DATE '0001-01-01')", "coalesce(status_valid_until, DATE '9999-12-31')"],
  // The competition of year Y is held in autumn Y: its school year is Y/Y+1.
  competition_applications: ['make_date(year, 9, 1)', 'make_date(year + 1, 8, 31)'],
  events: ['held_on', 'held_on'],
  feedback: ['(SELECT e.held_on FROM events e WHERE e.code = event_code)', '(SELECT e.held_on FROM events e WHERE e.code = event_code)'],
  participations: ['started_on', 'started_on'],
  resources: ['published_on', 'published_on'],
  resource_authors: ['(SELECT r.published_on FROM resources r WHERE r.code = resource_code)', '(SELECT r.published_on FROM resources r WHERE r.code = resource_code)'],
  resource_uses: ['used_on', 'used_on'],
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
