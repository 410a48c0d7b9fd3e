/** The overview: filter lists, KPI cards and passports, trends, outlook and the charts. */
import { Type, type Static } from 'typebox';
import { KPI_CODES, PASSPORT_FIELDS, PROJECTION_STATUSES, type PassportField } from '../codes.js';
import { KpiUnitSchema, Nullable, Option, PeriodInfo } from './common.js';
import { COMPLETENESS_CODES, EXPECTED_DATASET_CODES } from '../completeness.js';

export const HealthResponse = Type.Object({
  status: Type.Literal('ok'),
  organizations: Type.Integer(),
  /** False while the server still computes the overview's first view after starting. */
  warm: Type.Boolean(),
  /**
   * True once the KPIs of every period for the region, each organization type and each direction
   * are computed for the current data (the server computes them after starting and after each
   * change; false where it does not).
   */
  computedAhead: Type.Boolean(),
});

/** An approval of a period's results: its figures are stored and shown instead of today's data. */
export const PublicationInfo = Type.Object({
  id: Type.Integer(),
  period: Type.String(),
  periodLabel: Type.String(),
  approvedAt: Type.String(),
  /** The approving account's name (its login when the account is gone). */
  approvedBy: Type.String(),
  /** The order that approves them, as the admin wrote it. */
  note: Nullable(Type.String()),
  withdrawnAt: Nullable(Type.String()),
  withdrawnBy: Nullable(Type.String()),
  withdrawReason: Nullable(Type.String()),
});
export type PublicationInfo = Static<typeof PublicationInfo>;

export const FiltersResponse = Type.Object({
  /** The region the dashboard is about, for titles of reports and slides. */
  region: Type.String(),
  periods: Type.Array(PeriodInfo),
  defaultPeriod: Type.String(),
  /** The periods offered that have not ended today: their figures are partial. */
  inProgress: Type.Array(Type.String()),
  /** While a period offered is still going on: the last day with data (today at the latest). */
  partialUntil: Nullable(Type.String()),
  /** The periods offered that have not begun today (planned events lie in them): no figure of theirs is a result. */
  notBegun: Type.Array(Type.String()),
  districts: Type.Array(Option),
  orgTypes: Type.Array(Option),
  directions: Type.Array(Option),
  /** The periods whose results are approved: the overview shows their published figures. */
  approved: Type.Array(PublicationInfo),
});
export type FiltersResponse = Static<typeof FiltersResponse>;

const KpiBase = {
  code: Type.Enum([...KPI_CODES]),
  title: Type.String(),
  unit: KpiUnitSchema,
  target: Nullable(Type.Number()),
};

/** A KPI measured in one scope and period: value is a percent (0–100) or a count. */
const KpiValue = {
  value: Nullable(Type.Number()),
  numerator: Type.Integer(),
  denominator: Nullable(Type.Integer()),
};

// ---- KPI passports ----


export const KpiPassport = Type.Object(
  Object.fromEntries(Object.keys(PASSPORT_FIELDS).map((k) => [k, Type.String()])) as Record<PassportField, ReturnType<typeof Type.String>>,
);
export type KpiPassport = Record<PassportField, string>;

export const KpiCard = Type.Object({
  ...KpiBase,
  ...KpiValue,
  met: Nullable(Type.Boolean()),
  passport: KpiPassport,
  /**
   * The period compared with, like with like: an approved figure with the one before as approved
   * (none where that one is not: no change is told between an approval's data and today's), a
   * figure of today's data with the one before by today's data (`live`: it is approved, and its
   * approved value may read otherwise).
   */
  previous: Nullable(Type.Object({ period: PeriodInfo, value: Nullable(Type.Number()), live: Type.Optional(Type.Boolean()) })),
  delta: Nullable(Type.Number()),
  /** The chosen district has not sent the data the KPI is computed from: no value, no verdict. */
  notArrived: Type.Optional(Type.Boolean()),
  /** The period has not begun (a planned event lies in it): what is counted of it is no result yet. */
  notBegun: Type.Optional(Type.Boolean()),
  /** The value is the approved one, and today's data give this other value (absent: the same). */
  live: Type.Optional(Nullable(Type.Number())),
  /** What the KPI is about before its denominator's condition, where it says why there is nothing to divide by (KpiSource.inScope). */
  inScope: Type.Optional(Type.Integer()),
});
export type KpiCard = Static<typeof KpiCard>;

export const KpisResponse = Type.Object({
  period: PeriodInfo,
  /** The approval whose figures the cards show (null: today's data). */
  published: Nullable(PublicationInfo),
  cards: Type.Array(KpiCard),
  /**
   * Of the whole region's cards: the districts that have not sent some data of the period (their
   * names). The region's figures hold what has come: without them, they are partial.
   */
  partialWithout: Type.Optional(Type.Array(Type.String())),
});
export type KpisResponse = Static<typeof KpisResponse>;

export const KpiTrendResponse = Type.Object({
  ...KpiBase,
  /**
   * What a point counts, from the passport's periodicity: everything up to the end of its
   * half-year («нарастающим итогом»), the state on its last day («на конец периода»), or the
   * half-year's own events.
   */
  counts: Type.Union([Type.Literal('cumulative'), Type.Literal('end_of_period'), Type.Literal('in_period')]),
  /**
   * `approved`: the point is an approved period's figure, the rest today's data; `inProgress`:
   * the half-year has not ended today, its figure is partial; `notArrived`: the scope has not sent
   * the KPI's data of the half-year — no value, as on its card; `approvedTarget`: an approved
   * point's target as approved, where it is not today's (the point is judged by it, as its card is).
   */
  points: Type.Array(Type.Object({
    period: PeriodInfo, ...KpiValue, approved: Type.Boolean(), inProgress: Type.Boolean(), notArrived: Type.Optional(Type.Boolean()),
    approvedTarget: Type.Optional(Nullable(Type.Number())),
  })),
});
export type KpiTrendResponse = Static<typeof KpiTrendResponse>;


/** Whether a KPI with a target reaches it by the plan's end at its current pace. */
export const KpiProjection = Type.Object({
  ...KpiBase,
  target: Type.Number(),
  /** The last half-year's value the projection starts from. */
  current: Nullable(Type.Number()),
  /** The half-years the line is fitted to (null: too few values). */
  basis: Nullable(Type.Object({ from: Type.String(), to: Type.String(), points: Type.Integer() })),
  /** Change per half-year of the fitted line. */
  slope: Nullable(Type.Number()),
  /** The line's value at the plan's last half-year (kept within 0–100 % for shares). */
  projected: Nullable(Type.Number()),
  status: Type.Enum([...PROJECTION_STATUSES]),
  text: Type.String(),
});
export type KpiProjection = Static<typeof KpiProjection>;

/** The period told in words, and where each KPI with a target is heading. */
export const OutlookResponse = Type.Object({
  period: PeriodInfo,
  /** The calendar plan's last half-year: what the projections aim at. */
  planEnd: PeriodInfo,
  summary: Type.Array(Type.String()),
  projections: Type.Array(KpiProjection),
  assumptions: Type.String(),
});
export type OutlookResponse = Static<typeof OutlookResponse>;

export const KpiByDistrictResponse = Type.Object({
  ...KpiBase,
  period: PeriodInfo,
  /** The period compared with (as the cards'); null when the data do not reach it. */
  compared: Nullable(PeriodInfo),
  /** The approval whose figures the bars show (null: today's data). */
  published: Nullable(PublicationInfo),
  rows: Type.Array(Type.Object({
    district: Type.String(), name: Type.String(), ...KpiValue,
    /** Whether the value meets the target; null without a target or a value, or with too few data. */
    met: Nullable(Type.Boolean()),
    /** Too few people, organizations or units to judge the value (the scorecard's «мало данных»). */
    few: Type.Boolean(),
    /** The district's value in the period compared with. */
    previous: Nullable(Type.Number()),
    /** The district has not sent the data the KPI is computed from (KpiMeta.needs): its value is no result. */
    notArrived: Type.Boolean(),
  })),
});
export type KpiByDistrictResponse = Static<typeof KpiByDistrictResponse>;

/** The KPI by district on the district map: the district chart's answer and the shapes to draw. */
export const KpiMapResponse = Type.Object({
  ...KpiByDistrictResponse.properties,
  map: Type.Object({
    /** What ECharts registers the shapes by: it changes whenever they do. */
    name: Type.String(),
    kind: Type.Union([Type.Literal('boundaries'), Type.Literal('tiles')]),
    /** A GeoJSON FeatureCollection, a feature per district with properties {code, name}. */
    geoJson: Type.Unknown(),
  }),
  /** Districts the map has no shape for. */
  missing: Type.Array(Type.String()),
});
export type KpiMapResponse = Static<typeof KpiMapResponse>;

/** «Кто за этой цифрой»: the organizations behind a KPI's value, with today's data (KpiWho). */
export const KpiOrganizationsResponse = Type.Object({
  ...KpiBase,
  period: PeriodInfo,
  /** The value the list adds up to: the card's, from today's data (no value where the chosen district has not sent its data). */
  total: Type.Object(KpiValue),
  /** The period's approval, when the card shows its figures instead of today's. */
  published: Nullable(PublicationInfo),
  /** The approved value, where it reads otherwise than today's total. */
  approvedValue: Nullable(Type.Number()),
  /** Districts of the filters that have not sent the data the KPI is computed from. */
  notArrived: Type.Array(Type.String()),
  rows: Type.Array(Type.Object({
    organization: Type.String(), name: Type.String(), shortName: Type.String(), district: Type.String(), districtName: Type.String(), orgType: Type.String(),
    ...KpiValue, note: Nullable(Type.String()),
  })),
});
export type KpiOrganizationsResponse = Static<typeof KpiOrganizationsResponse>;

/** All KPIs × all districts: each cell with its band against the KPI's target (shared/scorecard.ts). */
const ScorecardCell = Type.Object({
  ...KpiValue,
  /** The value in the period compared with. */
  previous: Nullable(Type.Number()),
  /** The district has not sent the data the KPI is computed from (KpiMeta.needs). */
  notArrived: Type.Boolean(),
  band: Type.Union([Type.Literal('met'), Type.Literal('close'), Type.Literal('far'), Type.Literal('few'), Type.Literal('none')]),
});
export const ScorecardResponse = Type.Object({
  period: PeriodInfo,
  /** The period compared with (as the cards'); null when the data do not reach it. */
  compared: Nullable(PeriodInfo),
  /** The approval whose figures the cells show (null: today's data). */
  published: Nullable(PublicationInfo),
  kpis: Type.Array(Type.Object({ ...KpiBase, fewBelow: Nullable(Type.Integer()) })),
  /** The districts in name order; cells in the order of kpis. */
  rows: Type.Array(Type.Object({ district: Type.String(), name: Type.String(), cells: Type.Array(ScorecardCell) })),
  total: Type.Array(ScorecardCell),
});
export type ScorecardResponse = Static<typeof ScorecardResponse>;

export const EventsResponse = Type.Object({
  period: PeriodInfo,
  rows: Type.Array(Type.Object({
    halfYear: Type.String(),
    format: Type.String(),
    mode: Type.String(),
    events: Type.Integer(),
    planned: Type.Integer(),
    /** Participants of the events that gave their actual count; null when none did. */
    actual: Type.Union([Type.Integer(), Type.Null()]),
    /** Events without an actual count. */
    unreported: Type.Integer(),
  })),
  notArrived: Type.Optional(Type.Boolean()),
});
export type EventsResponse = Static<typeof EventsResponse>;

/** Events of the period by site level and format, beside the sites of that level in force. */
export const EventsPerSiteResponse = Type.Object({
  period: PeriodInfo,
  /** format null: a level whose sites held no event. */
  rows: Type.Array(Type.Object({ level: Type.String(), format: Nullable(Type.String()), events: Type.Integer(), sites: Type.Integer() })),
  notArrived: Type.Optional(Type.Boolean()),
});
export type EventsPerSiteResponse = Static<typeof EventsPerSiteResponse>;

export const FunnelResponse = Type.Object({
  period: PeriodInfo,
  stages: Type.Array(Type.Object({ stage: Type.String(), label: Type.String(), count: Type.Integer() })),
  analyticReports: Type.Integer(),
  distinctTeachers: Type.Integer(),
  /** The district (or, unfiltered, every district) has not sent the period's participations: no stage is a whole figure. */
  notArrived: Type.Boolean(),
});
export type FunnelResponse = Static<typeof FunnelResponse>;

export const SitesByDirectionResponse = Type.Object({
  period: PeriodInfo,
  rows: Type.Array(Type.Object({ direction: Type.String(), name: Type.String(), level: Type.String(), sites: Type.Integer() })),
});
export type SitesByDirectionResponse = Static<typeof SitesByDirectionResponse>;

const ReportCounts = {
  onTime: Type.Integer(),
  late: Type.Integer(),
  missing: Type.Integer(),
  pending: Type.Integer(),
};
export const ReportsResponse = Type.Object({
  period: PeriodInfo,
  reportYear: Type.Integer(),
  deadline: Type.String(),
  total: Type.Object(ReportCounts),
  rows: Type.Array(Type.Object({ district: Type.String(), name: Type.String(), ...ReportCounts })),
});
export type ReportsResponse = Static<typeof ReportsResponse>;

export const PlanResponse = Type.Object({
  period: PeriodInfo,
  counts: Type.Array(Type.Object({ status: Type.String(), label: Type.String(), count: Type.Integer() })),
  items: Type.Array(Type.Object({
    code: Type.String(),
    title: Type.String(),
    expectedProduct: Type.String(),
    status: Type.String(),
    halfYears: Type.Array(Type.String()),
  })),
});
export type PlanResponse = Static<typeof PlanResponse>;

/** «Полнота данных»: what each district has sent for the period (shared/completeness.ts). */
export const CompletenessResponse = Type.Object({
  period: PeriodInfo,
  /** Whether the period is over. */
  ended: Type.Boolean(),
  /** What is expected of each dataset and by when for this period (`dueOn`): after it, none is «не поступили». */
  expectations: Type.Array(Type.Object({
    dataset: Type.Enum(EXPECTED_DATASET_CODES), expected: Type.Boolean(), dueDays: Type.Integer(), dueOn: Type.String(),
  })),
  rows: Type.Array(Type.Object({
    district: Type.String(),
    name: Type.String(),
    activeSites: Type.Integer(),
    organizations: Type.Integer(),
    countedOrganizations: Type.Integer(),
    cells: Type.Array(Type.Object({
      dataset: Type.Enum(EXPECTED_DATASET_CODES),
      status: Type.Enum([...COMPLETENESS_CODES]),
      rows: Type.Integer(),
      /** When the first of the rows came (null: loaded without an upload). */
      firstAt: Nullable(Type.String()),
      lastAt: Nullable(Type.String()),
      lastBy: Nullable(Type.String()),
    })),
  })),
});
export type CompletenessResponse = Static<typeof CompletenessResponse>;
