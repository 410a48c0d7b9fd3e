import { addDays, formatValue } from './format.js';
import type { KpiUnit } from './codes.js';
import type { TableData } from './table.js';

/** A district's value where it has not sent the data the KPI is computed from (KpiMeta.needs). */
export const NOT_ARRIVED = 'данные не поступили';

/** A KPI's value as shown, or why there is none to show: never a 0 where the data did not come. */
export function valueOrAbsence(card: { value: number | null; unit: KpiUnit; notArrived?: boolean }): string {
  return card.notArrived ? NOT_ARRIVED : formatValue(card.value, card.unit);
}

/**
 * Whether a district's data for a period have arrived, dataset by dataset:
 * - events and participations: expected every half-year from a district whose organizations host
 *   a site in force in it, by a number of days after the period's end (DATA_DUE);
 * - teacher headcounts: expected once a school year for every organization of the district, by a
 *   number of days after the school year's start; some of them is «частично».
 * Before the due day, none yet is «пока нет»; after it, «не поступили». Data whose first rows came
 * after the due day are «с опозданием» (known from the upload history: data loaded otherwise are on
 * time). A district expected nothing of where it hosts no site, and every district where the
 * admin expects the dataset from none: «не ожидаются».
 */
export const COMPLETENESS_CODES = ['arrived', 'late', 'partial', 'missing', 'pending', 'not_expected'] as const;
export type Completeness = (typeof COMPLETENESS_CODES)[number];

/** Not (wholly) in: a district to remind. */
export const owed = (status: Completeness) => status === 'missing' || status === 'partial' || status === 'pending';

export const COMPLETENESS_LABELS: Record<Completeness, string> = {
  arrived: 'поступили',
  late: 'с опозданием',
  partial: 'частично',
  missing: 'не поступили',
  pending: 'пока нет',
  not_expected: 'не ожидаются',
};

/** The datasets a district is expected to send, as the page's columns. */
export const EXPECTED_DATASETS = {
  events: 'Мероприятия',
  participations: 'Участие педагогов',
  organization_headcounts: 'Численность педагогов',
} as const;
export type ExpectedDataset = keyof typeof EXPECTED_DATASETS;
export const EXPECTED_DATASET_CODES = Object.keys(EXPECTED_DATASETS) as ExpectedDataset[];

/**
 * By when each dataset is due, unless the admin set otherwise: days after the end of the
 * half-year (events, participations) or after the start of the school year (headcounts).
 */
export const DATA_DUE: Record<ExpectedDataset, { dueDays: number; from: 'period_end' | 'school_year_start' }> = {
  events: { dueDays: 15, from: 'period_end' },
  participations: { dueDays: 15, from: 'period_end' },
  organization_headcounts: { dueDays: 30, from: 'school_year_start' },
};

/** What the region expects of a dataset: whether at all, and how many days it allows. */
export interface Expectation {
  dataset: ExpectedDataset;
  expected: boolean;
  dueDays: number;
}

/** The due day of a dataset's data for a period, 'YYYY-MM-DD'. */
export function dueOn(dataset: ExpectedDataset, dueDays: number, period: { end: string; schoolYear: number }): string {
  const from = DATA_DUE[dataset].from === 'period_end' ? period.end : `${period.schoolYear}-09-01`;
  return addDays(from, dueDays);
}

export interface ArrivedRows {
  dataset: string;
  rows: number;
  /** When the first of the rows came (null: loaded without an upload). */
  firstAt: string | null;
  lastAt: string | null;
  lastBy: string | null;
}

export interface DistrictData {
  activeSites: number;
  organizations: number;
  countedOrganizations: number;
  arrived: ArrivedRows[];
}

/** A dataset's status in a district, as of `today`, against what is expected and by `due`. */
export function completenessOf(dataset: ExpectedDataset, d: DistrictData, when: { today: string; due: string; expected: boolean }): Completeness {
  if (!when.expected) return 'not_expected';
  const overdue = when.today > when.due;
  const firstAt = d.arrived.find((a) => a.dataset === dataset)?.firstAt ?? null;
  const inTime = () => (firstAt !== null && firstAt.slice(0, 10) > when.due ? 'late' : 'arrived');
  if (dataset === 'organization_headcounts') {
    if (d.organizations === 0) return 'not_expected';
    if (d.countedOrganizations >= d.organizations) return inTime();
    return d.countedOrganizations > 0 ? 'partial' : overdue ? 'missing' : 'pending';
  }
  const rows = d.arrived.find((a) => a.dataset === dataset)?.rows ?? 0;
  if (rows > 0) return inTime();
  if (d.activeSites === 0) return 'not_expected';
  return overdue ? 'missing' : 'pending';
}

export interface CompletenessRowLike {
  name: string;
  cells: { dataset: ExpectedDataset; status: Completeness; rows: number; lastAt: string | null; lastBy: string | null }[];
}

/** Whom to remind: a row for each district and dataset not (wholly) arrived, for a letter or a call. */
export function remindersTable(rows: CompletenessRowLike[], periodLabel: string): TableData {
  return {
    headers: ['Район', 'Набор данных', 'Период', 'Состояние', 'Строк', 'Последняя загрузка', 'Кто загрузил'],
    rows: rows.flatMap((r) => r.cells
      .filter((c) => owed(c.status))
      .map((c) => [r.name, EXPECTED_DATASETS[c.dataset], periodLabel, COMPLETENESS_LABELS[c.status], c.rows, c.lastAt?.slice(0, 10) ?? null, c.lastBy])),
  };
}
