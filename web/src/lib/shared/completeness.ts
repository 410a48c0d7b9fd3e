import { formatValue } from './format.js';
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
 *   a site in force in it; none yet in a period still going on is «пока нет», once it has ended
 *   «не поступили»;
 * - teacher headcounts: expected once a school year for every organization of the district;
 *   some of them is «частично».
 * A district expected nothing of where it hosts no site: «не ожидается».
 */
export const COMPLETENESS_CODES = ['arrived', 'partial', 'missing', 'pending', 'not_expected'] as const;
export type Completeness = (typeof COMPLETENESS_CODES)[number];

/** Not (wholly) in: a district to remind. */
export const owed = (status: Completeness) => status === 'missing' || status === 'partial' || status === 'pending';

export const COMPLETENESS_LABELS: Record<Completeness, string> = {
  arrived: 'поступили',
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

export interface ArrivedRows {
  dataset: string;
  rows: number;
  lastAt: string | null;
  lastBy: string | null;
}

export interface DistrictData {
  activeSites: number;
  organizations: number;
  countedOrganizations: number;
  arrived: ArrivedRows[];
}

export function completenessOf(dataset: ExpectedDataset, d: DistrictData, periodEnded: boolean): Completeness {
  if (dataset === 'organization_headcounts') {
    if (d.organizations === 0) return 'not_expected';
    if (d.countedOrganizations >= d.organizations) return 'arrived';
    return d.countedOrganizations > 0 ? 'partial' : periodEnded ? 'missing' : 'pending';
  }
  const rows = d.arrived.find((a) => a.dataset === dataset)?.rows ?? 0;
  if (rows > 0) return 'arrived';
  if (d.activeSites === 0) return 'not_expected';
  return periodEnded ? 'missing' : 'pending';
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
