import type { DatasetCode } from '../../web/src/lib/shared/datasets.js';
import type { DataTable } from '../db/tables.js';
import type { Value } from './values.js';

/** A row's parsed values by field key. */
export type Values = Record<string, Value>;

/**
 * Where a dataset's rows go. A row may feed several tables (an organization and its headcount;
 * a resource and its author). A `shared` target repeats over rows (a resource listed once per
 * author): its rows must agree wherever they repeat, and are stored once.
 */
export interface Target {
  table: DataTable;
  shared?: boolean;
  /**
   * Upload replaces the table's rows within this column: rows of the same parent that the file
   * no longer lists are deleted (a plan item's half-years).
   */
  replaceWithin?: string;
  /**
   * This table's natural key is the dataset's row key: a file row repeating it is a duplicate
   * (checked in DuckDB after staging). The first target is, unless another one says so.
   */
  keyed?: boolean;
  /** Optional fields and the column each fills: when a file lacks the field, updates keep the column. */
  optional?: Record<string, string>;
  /** The table row(s) of one input row; null when the row has nothing for this table. */
  build: (v: Values) => Record<string, Value> | Record<string, Value>[] | null;
}

/** A check across fields of one row; returns the field at fault and why. */
export type RowCheck = (v: Values) => { field: string; message: string } | null;

export const TARGETS: Record<DatasetCode, Target[]> = {
  districts: [{ table: 'districts', build: (v) => ({ code: v.code, name: v.name }) }],
  directions: [{ table: 'directions', build: (v) => ({ code: v.code, name: v.name }) }],
  organizations: [
    {
      table: 'organizations',
      shared: true,
      optional: { short_name: 'short_name' },
      build: (v) => ({ code: v.code, name: v.name, short_name: v.short_name ?? v.name, org_type: v.org_type, district_code: v.district }),
    },
    {
      table: 'organization_headcounts',
      keyed: true,
      build: (v) => (v.teachers === null ? null : { organization_code: v.code, school_year: v.school_year, teachers: v.teachers }),
    },
  ],
  sites: [{
    table: 'sites',
    optional: { is_pilot: 'is_pilot', is_testing: 'is_testing' },
    build: (v) => ({
      code: v.code, name: v.name, host_organization_code: v.organization, direction_code: v.direction, level: v.level,
      status_granted_on: v.granted_on, status_valid_until: v.valid_until, is_pilot: v.is_pilot ?? false, is_testing: v.is_testing ?? false,
    }),
  }],
  competition_applications: [{
    table: 'competition_applications',
    build: (v) => ({ year: v.year, organization_code: v.organization, direction_code: v.direction, submitted_on: v.submitted_on, outcome: v.outcome }),
  }],
  events: [{
    table: 'events',
    optional: { actual: 'actual_participants' },
    build: (v) => ({
      code: v.code, site_code: v.site, title: v.title, held_on: v.held_on, format: v.format, mode: v.mode,
      planned_participants: v.planned, actual_participants: v.actual,
    }),
  }],
  participations: [{
    table: 'participations',
    optional: { attended: 'attended', report_type: 'report_type', certificate: 'certificate_issued' },
    build: (v) => ({
      teacher_id: v.teacher, organization_code: v.organization, site_code: v.site, event_code: v.event, role: v.role,
      started_on: v.started_on, attended: v.attended ?? false, report_type: v.report_type ?? 'none', certificate_issued: v.certificate ?? false,
    }),
  }],
  resources: [
    {
      table: 'resources',
      shared: true,
      build: (v) => ({ code: v.code, site_code: v.site, title: v.title, kind: v.kind, published_on: v.published_on }),
    },
    {
      table: 'resource_authors',
      keyed: true,
      build: (v) => (v.author === null ? null : { resource_code: v.code, teacher_id: v.author, organization_code: v.author_organization }),
    },
  ],
  resource_uses: [{
    table: 'resource_uses',
    build: (v) => ({ resource_code: v.resource, teacher_id: v.teacher, organization_code: v.organization, used_on: v.used_on }),
  }],
  site_reports: [{ table: 'site_reports', optional: { submitted_on: 'submitted_on' }, build: (v) => ({ site_code: v.site, year: v.year, submitted_on: v.submitted_on }) }],
  plan_items: [
    { table: 'plan_items', build: (v) => ({ code: v.code, title: v.title, expected_product: v.expected_product, status: v.status }) },
    {
      table: 'plan_item_schedule',
      replaceWithin: 'plan_code',
      build: (v) => (v.half_years as string[]).map((half_year) => ({ plan_code: v.code, half_year })),
    },
  ],
};

export const ROW_CHECKS: Partial<Record<DatasetCode, RowCheck[]>> = {
  organizations: [
    (v) => (v.teachers !== null && v.school_year === null ? { field: 'school_year', message: 'Укажите учебный год для численности педагогов' } : null),
  ],
  sites: [
    (v) => ((v.valid_until as string) < (v.granted_on as string) ? { field: 'valid_until', message: 'Статус не может закончиться раньше, чем присвоен' } : null),
  ],
  resources: [
    (v) => (v.author !== null && v.author_organization === null ? { field: 'author_organization', message: 'Укажите ОО автора' } : null),
  ],
  plan_items: [
    (v) => (/^\d+(\.\d+)*$/.test(v.code as string) ? null : { field: 'code', message: 'Пункт плана пишется числами через точку: 2.1' }),
  ],
};

/** The target whose rows stand one-to-one for the file's rows by the dataset key. */
export function keyedTarget(dataset: DatasetCode): Target {
  return TARGETS[dataset].find((t) => t.keyed) ?? TARGETS[dataset][0];
}
