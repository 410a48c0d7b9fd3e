/**
 * The API's request and response shapes, as JSON schemas (TypeBox) with their TypeScript types.
 * The server validates and serialises with these schemas; the web app imports only the types
 * (`import type`): the codes and labels it needs at run time are in codes.ts, so TypeBox stays
 * out of the browser's bundle (a test checks the build).
 */
import { Type, type Static, type TSchema } from 'typebox';
import {
  CHART_FORM_CODES, KPI_CODES, PASSPORT_FIELDS, PERIOD_PATTERN, PROJECTION_STATUSES, ROLES, UPLOAD_STATUSES,
  type PassportField,
} from './codes.js';

export * from './codes.js';
import { DEADLINE_KINDS, ORG_TYPES, SITE_LEVELS, type DeadlineKind } from './vocabulary.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const PeriodCode = Type.String({ pattern: PERIOD_PATTERN, description: '2022-H1 (полугодие) или 2021-22 (учебный год)' });
const Code = Type.String({ minLength: 1, maxLength: 64 });

// ---- query strings ----

export const ScopeQuery = Type.Object({
  period: Type.Optional(PeriodCode),
  district: Type.Optional(Code),
  orgType: Type.Optional(Type.Enum(Object.keys(ORG_TYPES))),
  direction: Type.Optional(Code),
});
export type ScopeQuery = Static<typeof ScopeQuery>;

export const KpiQuery = Type.Object({ ...ScopeQuery.properties, kpi: Type.Enum([...KPI_CODES]) });
export type KpiQuery = Static<typeof KpiQuery>;

export const SitesQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  district: Type.Optional(Code),
  direction: Type.Optional(Code),
});
export type SitesQuery = Static<typeof SitesQuery>;

export const SiteParams = Type.Object({ code: Code });

export const CatalogueQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  district: Type.Optional(Code),
  direction: Type.Optional(Code),
  level: Type.Optional(Type.Enum(Object.keys(SITE_LEVELS))),
});
export type CatalogueQuery = Static<typeof CatalogueQuery>;

// ---- responses ----

export const PeriodInfo = Type.Object({
  code: Type.String(),
  label: Type.String(),
  kind: Type.Union([Type.Literal('half_year'), Type.Literal('school_year')]),
  start: Type.String(),
  end: Type.String(),
});
export type PeriodInfo = Static<typeof PeriodInfo>;

const Option = Type.Object({ code: Type.String(), name: Type.String() });
export type Option = Static<typeof Option>;

/** The public catalogue: what sites publish, nothing about people and no monitoring figures. */
export const CatalogueResponse = Type.Object({
  region: Type.String(),
  /** The day the statuses are in force on (today, or the last day of the data). */
  asOf: Nullable(Type.String()),
  districts: Type.Array(Option),
  directions: Type.Array(Option),
  sites: Type.Array(Type.Object({
    code: Type.String(),
    name: Type.String(),
    level: Type.String(),
    direction: Type.String(),
    directionName: Type.String(),
    hostName: Type.String(),
    hostShortName: Type.String(),
    /** The host organization's address and public contacts, as its registry entry gives them. */
    address: Nullable(Type.String()),
    email: Nullable(Type.String()),
    website: Nullable(Type.String()),
    district: Type.String(),
    districtName: Type.String(),
    validUntil: Type.String(),
    events: Type.Array(Type.Object({
      title: Type.String(), heldOn: Type.String(), format: Type.String(), mode: Type.String(), upcoming: Type.Boolean(),
    })),
  })),
}, { additionalProperties: false });
export type CatalogueResponse = Static<typeof CatalogueResponse>;

export const HealthResponse = Type.Object({
  status: Type.Literal('ok'),
  organizations: Type.Integer(),
  /** False while the server still computes the overview's first view after starting. */
  warm: Type.Boolean(),
});

export const FiltersResponse = Type.Object({
  /** The region the dashboard is about, for titles of reports and slides. */
  region: Type.String(),
  periods: Type.Array(PeriodInfo),
  defaultPeriod: Type.String(),
  districts: Type.Array(Option),
  orgTypes: Type.Array(Option),
  directions: Type.Array(Option),
});
export type FiltersResponse = Static<typeof FiltersResponse>;

const KpiUnitSchema = Type.Union([Type.Literal('percent'), Type.Literal('count'), Type.Literal('average')]);
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
  previous: Nullable(Type.Object({ period: PeriodInfo, value: Nullable(Type.Number()) })),
  delta: Nullable(Type.Number()),
});
export type KpiCard = Static<typeof KpiCard>;

export const KpisResponse = Type.Object({ period: PeriodInfo, cards: Type.Array(KpiCard) });
export type KpisResponse = Static<typeof KpisResponse>;

export const KpiTrendResponse = Type.Object({
  ...KpiBase,
  /**
   * What a point counts, from the passport's periodicity: everything up to the end of its
   * half-year («нарастающим итогом»), the state on its last day («на конец периода»), or the
   * half-year's own events.
   */
  counts: Type.Union([Type.Literal('cumulative'), Type.Literal('end_of_period'), Type.Literal('in_period')]),
  points: Type.Array(Type.Object({ period: PeriodInfo, ...KpiValue })),
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
  rows: Type.Array(Type.Object({ district: Type.String(), name: Type.String(), ...KpiValue, met: Nullable(Type.Boolean()) })),
});
export type KpiByDistrictResponse = Static<typeof KpiByDistrictResponse>;

export const EventsResponse = Type.Object({
  period: PeriodInfo,
  rows: Type.Array(Type.Object({
    halfYear: Type.String(),
    format: Type.String(),
    mode: Type.String(),
    events: Type.Integer(),
    planned: Type.Integer(),
    actual: Type.Integer(),
  })),
});
export type EventsResponse = Static<typeof EventsResponse>;

/** Events of the period by site level and format, beside the sites of that level in force. */
export const EventsPerSiteResponse = Type.Object({
  period: PeriodInfo,
  /** format null: a level whose sites held no event. */
  rows: Type.Array(Type.Object({ level: Type.String(), format: Nullable(Type.String()), events: Type.Integer(), sites: Type.Integer() })),
});
export type EventsPerSiteResponse = Static<typeof EventsPerSiteResponse>;

export const FunnelResponse = Type.Object({
  period: PeriodInfo,
  stages: Type.Array(Type.Object({ stage: Type.String(), label: Type.String(), count: Type.Integer() })),
  analyticReports: Type.Integer(),
  distinctTeachers: Type.Integer(),
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

const SiteFields = {
  code: Type.String(),
  name: Type.String(),
  level: Type.String(),
  direction: Type.String(),
  directionName: Type.String(),
  hostCode: Type.String(),
  hostName: Type.String(),
  district: Type.String(),
  districtName: Type.String(),
  statusGrantedOn: Type.String(),
  statusValidUntil: Type.String(),
  isPilot: Type.Boolean(),
  isTesting: Type.Boolean(),
};

export const SitesResponse = Type.Object({
  rows: Type.Array(Type.Object({
    ...SiteFields,
    /** The status ended before the day of the data (as the public catalogue counts). */
    expired: Type.Boolean(),
    events: Type.Integer(),
    trainees: Type.Integer(),
    resources: Type.Integer(),
  })),
});
export type SitesResponse = Static<typeof SitesResponse>;
export type SiteRow = SitesResponse['rows'][number];

export const SiteCardResponse = Type.Object({
  site: Type.Object({ ...SiteFields, hostType: Type.String() }),
  events: Type.Array(Type.Object({
    code: Type.String(),
    title: Type.String(),
    heldOn: Type.String(),
    format: Type.String(),
    mode: Type.String(),
    planned: Type.Integer(),
    actual: Nullable(Type.Integer()),
    enrolled: Type.Integer(),
  })),
  trainees: Type.Array(Type.Object({
    schoolYear: Type.Integer(),
    enrolled: Type.Integer(),
    attended: Type.Integer(),
    reported: Type.Integer(),
    certified: Type.Integer(),
    distinctTeachers: Type.Integer(),
    fromOtherOrgs: Type.Integer(),
  })),
  resources: Type.Array(Type.Object({
    code: Type.String(),
    title: Type.String(),
    kind: Type.String(),
    publishedOn: Type.String(),
    authors: Type.Integer(),
    users: Type.Integer(),
  })),
  reports: Type.Array(Type.Object({
    year: Type.Integer(),
    deadline: Type.String(),
    submittedOn: Nullable(Type.String()),
    status: Type.String(),
    daysLate: Nullable(Type.Integer()),
  })),
});
export type SiteCardResponse = Static<typeof SiteCardResponse>;

export const ErrorResponse = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
});
export type ErrorResponse = Static<typeof ErrorResponse>;

// ---- uploads ----


export const UploadQuery = Type.Object({
  dataset: Type.Optional(Type.String({ maxLength: 64, description: 'код набора; без него набор определяется по заголовкам' })),
  /** Shown in the history; a form's file part names the file when this is absent, else «файл». */
  fileName: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  mode: Type.Optional(Type.Union([Type.Literal('strict'), Type.Literal('valid_only')])),
  sheet: Type.Optional(Type.String({ maxLength: 100 })),
  /** Row number of the header row in the file (1 = first). */
  headerRow: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
  /** JSON object: column index in the header row → field key. */
  mapping: Type.Optional(Type.String({ maxLength: 4000 })),
  author: Type.Optional(Type.String({ maxLength: 100 })),
});
export type UploadQuery = Static<typeof UploadQuery>;

export const UploadParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const RowErrorSchema = Type.Object({
  row: Type.Integer(),
  column: Type.String(),
  value: Type.String(),
  message: Type.String(),
});

export const UploadInfo = Type.Object({
  id: Type.Integer(),
  dataset: Nullable(Type.String()),
  datasetTitle: Nullable(Type.String()),
  fileName: Type.String(),
  sha256: Type.String(),
  sizeBytes: Type.Integer(),
  /** The account that uploaded («командная строка» for the command line). */
  uploadedBy: Type.String(),
  /** Whose data, as the uploader typed it («по данным …»); never in the account's place. */
  author: Nullable(Type.String()),
  /** The signed-in user who uploaded (null: the command line). */
  userId: Nullable(Type.Integer()),
  uploadedAt: Type.String(),
  mode: Type.String(),
  status: Type.Enum([...UPLOAD_STATUSES]),
  message: Nullable(Type.String()),
  /** How the file was read: the sheet, rows left out (totals, signatures), codes respelled. */
  notes: Type.Array(Type.String()),
  rowsTotal: Type.Integer(),
  rowsRejected: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  deleted: Type.Integer(),
  unchanged: Type.Integer(),
  errorCount: Type.Integer(),
  rolledBackAt: Nullable(Type.String()),
  /** The latest applied upload of its dataset, and the asking user's own (or they are an admin). */
  canRollback: Type.Boolean(),
  /** While processing: rows read and bytes read of all. */
  progress: Nullable(Type.Object({ rows: Type.Integer(), bytes: Type.Integer(), totalBytes: Type.Integer() })),
});
export type UploadInfo = Static<typeof UploadInfo>;

export const UploadDetail = Type.Object({ ...UploadInfo.properties, errors: Type.Array(RowErrorSchema) });
export type UploadDetail = Static<typeof UploadDetail>;

export const UploadsResponse = Type.Object({ uploads: Type.Array(UploadInfo) });
export type UploadsResponse = Static<typeof UploadsResponse>;

export const UploadAccepted = Type.Object({ id: Type.Integer() });

const FieldInfo = Type.Object({
  key: Type.String(),
  header: Type.String(),
  aliases: Type.Array(Type.String()),
  type: Type.String(),
  required: Type.Boolean(),
  values: Type.Optional(Type.Record(Type.String(), Type.String())),
  ref: Type.Optional(Type.String()),
  hint: Type.Optional(Type.String()),
});

export const DatasetsResponse = Type.Object({
  datasets: Type.Array(Type.Object({
    code: Type.String(),
    title: Type.String(),
    description: Type.String(),
    key: Type.Array(Type.String()),
    fields: Type.Array(FieldInfo),
  })),
  maxUploadBytes: Type.Integer(),
});
export type DatasetsResponse = Static<typeof DatasetsResponse>;

export const ExportQuery = Type.Object({
  ...ScopeQuery.properties,
  kpi: Type.Optional(Type.Enum([...KPI_CODES])),
  /** Presentation only: comma-separated chart ids (all when absent). */
  charts: Type.Optional(Type.String({ maxLength: 500 })),
  /** Presentation only: comma-separated slides to leave out (DECK_PARTS; none when absent). */
  omit: Type.Optional(Type.String({ maxLength: 200 })),
  /** Presentation only: the charts as PowerPoint charts (the default) or as pictures. */
  chartsAs: Type.Optional(Type.Enum(CHART_FORM_CODES)),
});
export type ExportQuery = Static<typeof ExportQuery>;

export const ExportParams = Type.Object({
  chart: Type.String({ maxLength: 64 }),
  format: Type.Union([Type.Literal('png'), Type.Literal('svg'), Type.Literal('csv'), Type.Literal('xlsx')]),
});
export type ExportFormat = Static<typeof ExportParams>['format'];

export const TableExportParams = Type.Object({ format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]) });

export const TemplateParams = Type.Object({
  code: Type.String({ maxLength: 64 }),
  format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
});

// ---- users, sessions, administration ----


export const SessionUser = Type.Object({
  id: Type.Integer(),
  login: Type.String(),
  displayName: Type.String(),
  role: Type.Enum([...ROLES]),
  districts: Type.Array(Type.String()),
});
export type SessionUser = Static<typeof SessionUser>;

export const SessionResponse = Type.Object({
  user: Nullable(SessionUser),
  /** Send it back as the X-CSRF-Token header with every state-changing request. */
  csrfToken: Nullable(Type.String()),
});
export type SessionResponse = Static<typeof SessionResponse>;

export const LoginBody = Type.Object({
  login: Type.String({ minLength: 1, maxLength: 100 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
});

export const UserInfo = Type.Object({
  ...SessionUser.properties,
  disabled: Type.Boolean(),
  createdAt: Type.String(),
});
export type UserInfo = Static<typeof UserInfo>;

export const UsersResponse = Type.Object({ users: Type.Array(UserInfo) });
export type UsersResponse = Static<typeof UsersResponse>;

const LoginName = Type.String({ pattern: '^[A-Za-z0-9._-]{3,50}$', description: 'латиница, цифры, . _ -' });

export const CreateUserBody = Type.Object({
  login: LoginName,
  displayName: Type.String({ minLength: 1, maxLength: 100 }),
  role: Type.Enum([...ROLES]),
  districts: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
});
export type CreateUserBody = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object({
  displayName: Type.String({ minLength: 1, maxLength: 100 }),
  role: Type.Enum([...ROLES]),
  districts: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 }),
  disabled: Type.Boolean(),
});
export type UpdateUserBody = Static<typeof UpdateUserBody>;

export const PasswordBody = Type.Object({ password: Type.String({ minLength: 1, maxLength: 200 }) });
export const UserParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

/** Every KPI with its target; threshold null: watched without one (показатель наблюдения). */
export const TargetsResponse = Type.Object({
  targets: Type.Array(Type.Object({
    kpi: Type.Enum([...KPI_CODES]),
    title: Type.String(),
    unit: KpiUnitSchema,
    threshold: Nullable(Type.Number()),
  })),
});
export type TargetsResponse = Static<typeof TargetsResponse>;

export const UpdateTargetsBody = Type.Object({
  /**
   * threshold null removes the KPI's target. Null is tried first: Fastify's Ajv coerces types,
   * and tried as a number first null would pass as 0.
   */
  targets: Type.Array(Type.Object({
    kpi: Type.Enum([...KPI_CODES]),
    threshold: Type.Union([Type.Null(), Type.Number({ minimum: 0, maximum: 100_000 })]),
  }), { maxItems: 20 }),
});
export type UpdateTargetsBody = Static<typeof UpdateTargetsBody>;

const DeadlineKindSchema = Type.Enum(Object.keys(DEADLINE_KINDS) as DeadlineKind[]);
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const DeadlineItem = Type.Object({
  kind: DeadlineKindSchema,
  label: Type.String(),
  /** The competition's year for its stages, the report's year for the report deadline. */
  year: Type.Integer(),
  /** null: a competition stage not scheduled. */
  date: Nullable(IsoDate),
  /** Set by the admin (else the default 15 May, or unscheduled). */
  configured: Type.Boolean(),
  /** Days from today to the date: negative once it has passed. */
  daysFromToday: Nullable(Type.Integer()),
});
export type DeadlineItem = Static<typeof DeadlineItem>;

/** The «Сроки» panel: the period's school year calendar, dates ahead, and sites late with their report. */
export const DeadlinesResponse = Type.Object({
  period: PeriodInfo,
  today: IsoDate,
  calendar: Type.Array(DeadlineItem),
  upcoming: Type.Array(DeadlineItem),
  overdue: Type.Array(Type.Object({
    site: Type.String(),
    name: Type.String(),
    host: Type.String(),
    district: Type.String(),
    districtName: Type.String(),
    deadline: IsoDate,
    /** null: not submitted; daysLate then counts to today. */
    submittedOn: Nullable(IsoDate),
    daysLate: Type.Integer(),
  })),
});
export type DeadlinesResponse = Static<typeof DeadlinesResponse>;

export const DeadlineCalendarResponse = Type.Object({ calendar: Type.Array(DeadlineItem) });
export type DeadlineCalendarResponse = Static<typeof DeadlineCalendarResponse>;

/** Sets (date) or removes (null) a dated item of a year. */
export const UpdateDeadlineBody = Type.Object({
  kind: DeadlineKindSchema,
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  /** Null first, as in UpdateTargetsBody: Ajv's type coercion would make it ''. */
  date: Type.Union([Type.Null(), IsoDate]),
});
export type UpdateDeadlineBody = Static<typeof UpdateDeadlineBody>;

export const AuditQuery = Type.Object({
  action: Type.Optional(Type.String({ maxLength: 50 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});

export const AuditResponse = Type.Object({
  entries: Type.Array(Type.Object({
    id: Type.Integer(),
    at: Type.String(),
    user: Nullable(Type.String()),
    action: Type.String(),
    details: Type.String(),
    ip: Type.String(),
  })),
});
export type AuditResponse = Static<typeof AuditResponse>;

