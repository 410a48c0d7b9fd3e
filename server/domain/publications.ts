import type { Database, Session } from '../db/database.js';
import type { Queries } from '../db/queries.js';
import type { PublicationInfo } from '../../web/src/lib/shared/api.js';
import { KPI_CODES, type KpiCode, type KpiUnit } from '../../web/src/lib/shared/codes.js';
import { shownValue } from '../../web/src/lib/shared/format.js';
import { KPI_META } from '../../web/src/lib/shared/kpis.js';
import { notArrived } from './completeness.js';
import { kpiValue, type DistrictMeasurement, type KpiService, type Measurement } from './kpis.js';
import type { Scope } from './scope.js';
import { parsePeriod, type Period } from './periods.js';

/** A KPI measured over the region: its total and each district's value. */
export interface RegionMeasurement {
  total: Measurement;
  districts: DistrictMeasurement[];
}

/** An approval in force: the figures shown for its period instead of today's data. */
export interface PublishedSet {
  info: PublicationInfo;
  targets: Map<KpiCode, number>;
  /** District → the datasets it had not sent (the figures computed from them are no result). */
  missing: Map<string, Set<string>>;
  figures: Map<KpiCode, RegionMeasurement>;
}

/** What is stored on approving a period: every KPI as measured now, with its target. */
export interface Approval extends Measured {
  period: Period;
  /** The approving account's login. */
  by: string;
  note: string | null;
  /** When (an ISO instant); absent: now. The demo region's approval is dated in its past. */
  at?: string;
}

interface Measured {
  measured: Map<KpiCode, RegionMeasurement>;
  targets: Map<KpiCode, number>;
  missing: Map<string, Set<string>>;
}

/** The whole region in a period on today's data, whatever is approved of it. */
const todayIn = (period: Period): Scope => ({ period, district: null, orgType: null, direction: null, live: true });

/** Every KPI of the region and of each district on today's data, the targets and who had not sent what. */
export async function measureForApproval(kpis: KpiService, queries: Queries, period: Period): Promise<Measured> {
  const scope = todayIn(period);
  const measured = new Map<KpiCode, RegionMeasurement>(
    await Promise.all(KPI_CODES.map(async (code) => [code, await kpis.everyDistrict(code, scope)] as const)),
  );
  return { measured, targets: await kpis.targets(), missing: await notArrived(queries, period) };
}

type PublicationRow = {
  id: number; period: string; approved_at: string; approved_by: string; approved_by_name: string | null; note: string | null;
  not_arrived: string; withdrawn_at: string | null; withdrawn_by: string | null; withdrawn_by_name: string | null; withdraw_reason: string | null;
};
type FigureRow = {
  publication_id: number; period: string; kpi_code: string; district_code: string | null; value: number | null; numerator: number; denominator: number | null;
  target: number | null; mean_of: number | null;
};

const FIGURE_COLUMNS = [
  { name: 'publication_id', type: 'integer' }, { name: 'kpi_code', type: 'varchar' }, { name: 'district_code', type: 'varchar' },
  { name: 'value', type: 'double' }, { name: 'numerator', type: 'double' }, { name: 'denominator', type: 'double' }, { name: 'target', type: 'double' },
  { name: 'mean_of', type: 'double' },
] as const;

/** How a mean was rounded before values were rounded as shown: to hundredths. */
const hundredths = (sum: number, count: number) => Math.round((100 * sum) / count) / 100;

/**
 * A mean approved before its sum was stored (mean_of NULL: the ratings' sum of `count`
 * questionnaires), read from its value, which was kept to hundredths: the value shown of every
 * sum that rounds to it. Under 100 questionnaires only one sum does; with more, they all show
 * alike unless the hundredths are 5 (4,25 is 4,246 or 4,254, «4,2» or «4,3»): undefined then,
 * for today's data to settle (Publications.settleLegacyMeans).
 */
export function legacyMeanValue(value: number, count: number, unit: KpiUnit): number | undefined {
  const shown = new Set<number>();
  for (let sum = Math.floor((value - 0.005) * count); sum <= Math.ceil((value + 0.005) * count); sum++) {
    if (hundredths(sum, count) === value) shown.add(shownValue(sum / count, unit));
  }
  return shown.size === 1 ? [...shown][0] : undefined;
}

const isMean = (kpi: KpiCode) => typeof KPI_META[kpi].source.value === 'object';

/**
 * An approved figure as it is shown: its value read again from its stored counts (kpiValue),
 * rounded once, so that a figure approved when values were kept to hundredths reads as the
 * counts say (314 of 23 286, kept as 1.35, is «1,3 %», not «1,4 %»). Its counts and target stay as
 * approved. A mean approved without its sum: legacyMeanValue, else the value as it was shown.
 */
function approvedFigure(kpi: KpiCode, f: FigureRow): Measurement {
  const counts = { numerator: f.numerator, denominator: f.denominator, ...(f.mean_of === null ? {} : { meanOf: f.mean_of }) };
  if (!isMean(kpi) || f.mean_of !== null || f.value === null) return { value: kpiValue(kpi, counts), ...counts };
  return { value: legacyMeanValue(f.value, f.numerator, KPI_META[kpi].unit) ?? shownValue(f.value, KPI_META[kpi].unit), ...counts };
}

const info = (r: PublicationRow): PublicationInfo => ({
  id: r.id, period: r.period, periodLabel: parsePeriod(r.period)?.label ?? r.period, approvedAt: r.approved_at, approvedBy: r.approved_by_name ?? r.approved_by, note: r.note,
  withdrawnAt: r.withdrawn_at, withdrawnBy: r.withdrawn_at ? (r.withdrawn_by_name ?? r.withdrawn_by) : null, withdrawReason: r.withdraw_reason,
});

/**
 * Published results: the approvals of periods and their stored figures. The sets in force are
 * kept in memory (a few hundred numbers each) and read again after every approval or withdrawal.
 */
export class Publications {
  private inForce = new Map<string, PublishedSet>();

  private constructor(
    private readonly db: Database,
    private readonly queries: Queries,
  ) {}

  static async load(db: Database, queries: Queries): Promise<Publications> {
    const publications = new Publications(db, queries);
    await publications.reload();
    return publications;
  }

  /** The approval in force of a period, if any. */
  of(period: string): PublishedSet | undefined {
    return this.inForce.get(period);
  }

  /** The approvals in force, by period code. */
  approved(): PublicationInfo[] {
    return [...this.inForce.values()].map((s) => s.info);
  }

  /** Every approval, withdrawn ones too, newest first. */
  async history(): Promise<PublicationInfo[]> {
    return (await this.queries.run<PublicationRow>('publications_list')).map(info);
  }

  /**
   * Stores the approval and its figures in one transaction with `record` (the audit entry).
   * Returns false when the period has an approval in force already.
   */
  async approve(approval: Approval, record: (tx: Session) => Promise<void>): Promise<boolean> {
    const { period } = approval;
    const done = await this.db.transaction(async (tx) => {
      const rows = await this.queries.on<PublicationRow>(tx, 'publications_list');
      if (rows.some((r) => r.period === period.code && r.withdrawn_at === null)) return false;
      const [{ id }] = await this.queries.on<{ id: number }>(tx, 'publication_insert', {
        period: period.code, starts_on: period.start, ends_on: period.end, approved_by: approval.by, approved_at: approval.at ?? null, note: approval.note,
        not_arrived: JSON.stringify(Object.fromEntries([...approval.missing].map(([d, sets]) => [d, [...sets]]))),
      });
      const figures = [...approval.measured].flatMap(([kpi, { total, districts }]) => {
        const target = approval.targets.get(kpi) ?? null;
        return [{ district: null, ...total }, ...districts].map((m) => ({
          publication_id: id, kpi_code: kpi, district_code: m.district, value: m.value, numerator: m.numerator, denominator: m.denominator, target,
          mean_of: m.meanOf ?? null,
        }));
      });
      await tx.append('published_figures', FIGURE_COLUMNS, figures);
      await record(tx);
      return true;
    });
    if (done) await this.reload();
    return done;
  }

  /** Withdraws the approval in force of a period; false when there is none. */
  async withdraw(period: string, by: string, reason: string, record: (tx: Session) => Promise<void>): Promise<boolean> {
    const done = await this.db.transaction(async (tx) => {
      const withdrawn = await this.queries.on(tx, 'publication_withdraw', { period, withdrawn_by: by, reason });
      if (withdrawn.length === 0) return false;
      await record(tx);
      return true;
    });
    if (done) await this.reload();
    return done;
  }

  /**
   * Settles the approved means in force that legacyMeanValue leaves undecided (approved before
   * their sums were stored, the hundredths 5) by today's data of their period, where these agree
   * with the approval — the same questionnaires and participants, and a mean that rounds to the
   * stored value — and stores the sum, so that later data change nothing. The data of an
   * approved period change only by an admin's confirmed upload: they are mostly those approved.
   * A figure they do not agree with keeps its value as it was shown. Run at start.
   */
  async settleLegacyMeans(kpis: KpiService): Promise<void> {
    const undecided = (await this.queries.run<FigureRow>('published_figures')).filter((f) => {
      const kpi = f.kpi_code as KpiCode;
      return KPI_CODES.includes(kpi) && isMean(kpi) && f.mean_of === null && f.value !== null
        && legacyMeanValue(f.value, f.numerator, KPI_META[kpi].unit) === undefined;
    });
    let settled = 0;
    for (const f of undecided) {
      const period = parsePeriod(f.period);
      if (!period) continue;
      const today = await kpis.everyDistrict(f.kpi_code as KpiCode, todayIn(period));
      const own = f.district_code === null ? today.total : today.districts.find((d) => d.district === f.district_code);
      if (own?.meanOf === undefined || own.numerator !== f.numerator || own.denominator !== f.denominator || hundredths(own.meanOf, own.numerator) !== f.value) continue;
      settled += (await this.queries.run('published_mean_settle', {
        mean_of: own.meanOf, publication_id: f.publication_id, kpi_code: f.kpi_code, district_code: f.district_code,
      })).length;
    }
    if (settled > 0) await this.reload();
  }

  private async reload(): Promise<void> {
    const rows = (await this.queries.run<PublicationRow>('publications_list')).filter((r) => r.withdrawn_at === null);
    const figures = await this.queries.run<FigureRow>('published_figures');
    const sets = new Map<string, PublishedSet>();
    for (const row of rows) {
      const own = figures.filter((f) => f.publication_id === row.id);
      const measured = new Map<KpiCode, RegionMeasurement>();
      const targets = new Map<KpiCode, number>();
      for (const code of KPI_CODES) {
        const of = own.filter((f) => f.kpi_code === code);
        const total = of.find((f) => f.district_code === null);
        // A KPI added after the approval has no published figure: it is measured on today's data.
        if (!total) continue;
        const measurement = (f: FigureRow): Measurement => approvedFigure(code, f);
        measured.set(code, {
          total: measurement(total),
          districts: of.filter((f) => f.district_code !== null).map((f) => ({ district: f.district_code!, ...measurement(f) })),
        });
        if (total.target !== null) targets.set(code, total.target);
      }
      const missing = Object.entries(JSON.parse(row.not_arrived) as Record<string, string[]>);
      sets.set(row.period, { info: info(row), targets, figures: measured, missing: new Map(missing.map(([d, s]) => [d, new Set(s)])) });
    }
    this.inForce = sets;
  }
}
