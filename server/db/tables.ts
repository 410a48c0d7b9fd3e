import type { ColumnSpec, Database } from './database.js';

/**
 * Column lists of the data tables in load order (a referenced table comes before the tables
 * that reference it). The demo loader appends rows by these lists; the schema itself is in
 * migrations/. Every data table also has UPLOAD_COLUMN after these.
 */
const c = <N extends string, T extends ColumnSpec['type']>(name: N, type: T) => ({ name, type });

export const DATA_TABLES = {
  districts: [c('code', 'varchar'), c('name', 'varchar')],
  directions: [c('code', 'varchar'), c('name', 'varchar')],
  organizations: [
    c('code', 'varchar'), c('name', 'varchar'), c('short_name', 'varchar'),
    c('org_type', 'varchar'), c('district_code', 'varchar'), c('inn', 'varchar'), c('kpp', 'varchar'),
    c('ogrn', 'varchar'), c('address', 'varchar'), c('head', 'varchar'), c('email', 'varchar'),
    c('website', 'varchar'), c('is_branch', 'boolean'), c('closed_on', 'date'),
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
  feedback: [c('event_code', 'varchar'), c('response_code', 'varchar'), c('rating', 'integer'), c('comment', 'varchar')],
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

/** The upload that inserted a row (NULL: loaded otherwise, e.g. the demo region): a rollback deletes by it. */
export const UPLOAD_COLUMN = { name: 'upload_id', type: 'integer' } as const satisfies ColumnSpec;

/**
 * The natural key of each table: uploads upsert by it, and rollbacks restore by it.
 * participations.event_code may be NULL, so keys are compared NULL-safely.
 */
/** A data table's column names (without the upload's own column). */
export const columnsOf = (table: DataTable) => DATA_TABLES[table].map((c) => c.name);

export const NATURAL_KEYS: Record<DataTable, readonly string[]> = {
  districts: ['code'],
  directions: ['code'],
  organizations: ['code'],
  organization_headcounts: ['organization_code', 'school_year'],
  sites: ['code'],
  competition_applications: ['year', 'organization_code', 'direction_code'],
  events: ['code'],
  feedback: ['event_code', 'response_code'],
  participations: ['teacher_id', 'site_code', 'event_code', 'role', 'started_on'],
  resources: ['code'],
  resource_authors: ['resource_code', 'teacher_id'],
  resource_uses: ['resource_code', 'teacher_id', 'used_on'],
  site_reports: ['site_code', 'year'],
  plan_items: ['code'],
  plan_item_schedule: ['plan_code', 'half_year'],
};

/** Columns that refer to another table's key: what must not be left dangling by a rollback. */
export const REFERENCES: readonly { table: DataTable; column: string; target: DataTable }[] = [
  { table: 'organizations', column: 'district_code', target: 'districts' },
  { table: 'organization_headcounts', column: 'organization_code', target: 'organizations' },
  { table: 'sites', column: 'host_organization_code', target: 'organizations' },
  { table: 'sites', column: 'direction_code', target: 'directions' },
  { table: 'competition_applications', column: 'organization_code', target: 'organizations' },
  { table: 'competition_applications', column: 'direction_code', target: 'directions' },
  { table: 'events', column: 'site_code', target: 'sites' },
  { table: 'feedback', column: 'event_code', target: 'events' },
  { table: 'participations', column: 'organization_code', target: 'organizations' },
  { table: 'participations', column: 'site_code', target: 'sites' },
  { table: 'participations', column: 'event_code', target: 'events' },
  { table: 'resources', column: 'site_code', target: 'sites' },
  { table: 'resource_authors', column: 'resource_code', target: 'resources' },
  { table: 'resource_authors', column: 'organization_code', target: 'organizations' },
  { table: 'resource_uses', column: 'resource_code', target: 'resources' },
  { table: 'resource_uses', column: 'organization_code', target: 'organizations' },
  { table: 'site_reports', column: 'site_code', target: 'sites' },
  { table: 'plan_item_schedule', column: 'plan_code', target: 'plan_items' },
];
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
      await tx.append(table, [...columns, UPLOAD_COLUMN], dataset[table as DataTable]);
    }
  });
}
