import type { ColumnSpec, Database } from './database.js';

/**
 * Column lists of the data tables in load order (a referenced table comes before the tables
 * that reference it). The demo loader appends rows by these lists; the schema itself is in
 * migrations/.
 */
const c = <N extends string, T extends ColumnSpec['type']>(name: N, type: T) => ({ name, type });

export const DATA_TABLES = {
  districts: [c('code', 'varchar'), c('name', 'varchar')],
  directions: [c('code', 'varchar'), c('name', 'varchar')],
  organizations: [
    c('code', 'varchar'), c('name', 'varchar'), c('short_name', 'varchar'),
    c('org_type', 'varchar'), c('district_code', 'varchar'),
  ],
  organization_headcounts: [c('organization_code', 'varchar'), c('school_year', 'integer'), c('teachers', 'integer')],
  sites: [
    c('code', 'varchar'), c('name', 'varchar'), c('host_organization_code', 'varchar'),
    c('direction_code', 'varchar'), c('level', 'varchar'), c('status_granted_on', 'date'),
    c('status_valid_until', 'date'), c('is_pilot', 'boolean'), c('is_testing', 'boolean'),
  ],
  competition_applications: [
    c('year', 'integer'), c('organization_code', 'varchar'), c('direction_code', 'varchar'),
    c('submitted_on', 'date'), c('outcome', 'varchar'),
  ],
  events: [
    c('code', 'varchar'), c('site_code', 'varchar'), c('title', 'varchar'), c('held_on', 'date'),
    c('format', 'varchar'), c('mode', 'varchar'), c('planned_participants', 'integer'),
    c('actual_participants', 'integer'),
  ],
  participations: [
    c('teacher_id', 'varchar'), c('organization_code', 'varchar'), c('site_code', 'varchar'),
    c('event_code', 'varchar'), c('role', 'varchar'), c('started_on', 'date'), c('attended', 'boolean'),
    c('report_type', 'varchar'), c('certificate_issued', 'boolean'),
  ],
  resources: [
    c('code', 'varchar'), c('site_code', 'varchar'), c('title', 'varchar'), c('kind', 'varchar'),
    c('published_on', 'date'),
  ],
  resource_authors: [c('resource_code', 'varchar'), c('teacher_id', 'varchar'), c('organization_code', 'varchar')],
  resource_uses: [
    c('resource_code', 'varchar'), c('teacher_id', 'varchar'), c('organization_code', 'varchar'),
    c('used_on', 'date'),
  ],
  site_reports: [c('site_code', 'varchar'), c('year', 'integer'), c('submitted_on', 'date')],
  plan_items: [c('code', 'varchar'), c('title', 'varchar'), c('expected_product', 'varchar'), c('status', 'varchar')],
  plan_item_schedule: [c('plan_code', 'varchar'), c('half_year', 'varchar')],
} as const satisfies Record<string, readonly ColumnSpec[]>;

export type DataTable = keyof typeof DATA_TABLES;
type SqlValue<T extends ColumnSpec['type']> = T extends 'integer' | 'double' ? number : T extends 'boolean' ? boolean : string;
/** A row of a data table as plain JS values (dates as 'YYYY-MM-DD', NULL as null). */
export type TableRow<T extends DataTable> = {
  [C in (typeof DATA_TABLES)[T][number] as C['name']]: SqlValue<C['type']> | null;
};
export type Dataset = { [T in DataTable]: TableRow<T>[] };

/** Replaces the contents of every data table with the dataset, in one transaction. */
export async function replaceAllData(db: Database, dataset: Dataset): Promise<void> {
  await db.transaction(async (tx) => {
    for (const table of Object.keys(DATA_TABLES).reverse()) await tx.run(`DELETE FROM ${table}`);
    for (const [table, columns] of Object.entries(DATA_TABLES)) {
      await tx.append(table, columns, dataset[table as DataTable]);
    }
  });
}
