import type { Queries } from '../db/queries.js';
import { camelRow } from '../db/rows.js';
import { localDay } from '../local-day.js';
import type { CompletenessResponse } from '../../web/src/lib/shared/api.js';
import {
  completenessOf, DATA_DUE, dueOn, EXPECTED_DATASET_CODES, type Completeness, type DistrictData, type Expectation, type ExpectedDataset,
} from '../../web/src/lib/shared/completeness.js';
import { type Period } from './periods.js';
import { periodInfo, scopeParams } from './scope.js';

/** What the region expects of each dataset: the admin's settings, else the defaults (DATA_DUE). */
export async function expectations(queries: Queries): Promise<Expectation[]> {
  const set = await queries.run<{ dataset: ExpectedDataset; expected: boolean; due_days: number }>('data_expectations_list');
  return EXPECTED_DATASET_CODES.map((dataset) => {
    const own = set.find((e) => e.dataset === dataset);
    return { dataset, expected: own?.expected ?? true, dueDays: own?.due_days ?? DATA_DUE[dataset].dueDays };
  });
}

/** What each district has sent for the period (queries/data_completeness.sql, shared/completeness.ts). */
export async function districtCompleteness(queries: Queries, period: Period, today = localDay()): Promise<CompletenessResponse> {
  const ended = period.end < today;
  const expected = (await expectations(queries)).map((e) => ({ ...e, dueOn: dueOn(e.dataset, e.dueDays, period) }));
  const rows = (await queries.run('data_completeness', scopeParams({ period, district: null, orgType: null, direction: null })))
    .map((row) => camelRow<DistrictData & { district: string; name: string }>(row));
  return {
    period: periodInfo(period),
    ended,
    expectations: expected,
    rows: rows.map((r) => ({
      district: r.district, name: r.name, activeSites: r.activeSites, organizations: r.organizations, countedOrganizations: r.countedOrganizations,
      cells: expected.map(({ dataset, expected: isExpected, dueOn: due }) => {
        const arrived = r.arrived.find((a) => a.dataset === dataset);
        return {
          dataset, status: completenessOf(dataset, r, { today, due, expected: isExpected }),
          rows: arrived?.rows ?? 0, firstAt: arrived?.firstAt ?? null, lastAt: arrived?.lastAt ?? null, lastBy: arrived?.lastBy ?? null,
        };
      }),
    })),
  };
}

/** What each district (and the region) lacks of a period: notArrived's answer. */
export type Arrivals = Map<string, Set<ExpectedDataset>>;

/**
 * notArrived, worked out once a version of the data and a day (pending turns missing overnight):
 * every overview's answer asks it, and it reads the period's participations — during a big
 * upload that took seconds of every answer.
 */
export function arrivalsOnce(queries: Queries, version: () => number): (period: Period) => Promise<Arrivals> {
  let key = '';
  let kept = new Map<string, Promise<Arrivals>>();
  return (period) => {
    const now = `${version()}|${localDay()}`;
    if (now !== key) [key, kept] = [now, new Map()];
    let found = kept.get(period.code);
    if (!found) {
      found = notArrived(queries, period);
      kept.set(period.code, found);
      // A failed reading is asked again next time, not remembered.
      found.catch(() => kept.delete(period.code));
    }
    return found;
  };
}

/** notArrived's key of the whole region: what no district has sent, though some owe it. */
export const WHOLE_REGION = '';

/**
 * The datasets each district owes for the period and has not sent (missing, or not yet while the
 * period goes on): a KPI computed from them shows «данные не поступили» there, not a 0. The
 * region (WHOLE_REGION) lacks what no district has sent any of: a period not yet begun, or the
 * first weeks of a school year before any ОО-1 — its 0 % would look like a result.
 */
export async function notArrived(queries: Queries, period: Period): Promise<Arrivals> {
  const { rows } = await districtCompleteness(queries, period);
  const owing = (status: Completeness) => status === 'missing' || status === 'pending';
  // Headcounts from fewer than half of the organizations are no ground for a teacher share: 4
  // schools of 34 in September would judge a district by 1 % of its teachers.
  const few = (counted: number, all: number) => all > 0 && counted * 2 < all;
  const lacked = new Map(rows.map((r) => [r.district, new Set(r.cells
    .filter((c) => owing(c.status) || (c.dataset === 'organization_headcounts' && c.status === 'partial' && few(r.countedOrganizations, r.organizations)))
    .map((c) => c.dataset))]));
  const sent = new Set(rows.flatMap((r) => r.cells.filter((c) => !owing(c.status) && c.status !== 'not_expected').map((c) => c.dataset)));
  const region = new Set([...lacked.values()].flatMap((set) => [...set]).filter((dataset) => !sent.has(dataset)));
  const sum = (pick: (r: (typeof rows)[number]) => number) => rows.reduce((total, r) => total + pick(r), 0);
  if (few(sum((r) => r.countedOrganizations), sum((r) => r.organizations))) region.add('organization_headcounts');
  lacked.set(WHOLE_REGION, region);
  return lacked;
}
