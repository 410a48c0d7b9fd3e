/** Users, sessions and the administration: targets, deadlines, the audit log. */
import { Type, type Static } from 'typebox';
import { KPI_CODES, ROLES, SUBSCRIPTION_REPORTS, SUBSCRIPTION_SCHEDULES, type SubscriptionReport, type SubscriptionSchedule } from '../codes.js';
import { DEADLINE_KINDS, ORG_TYPES, type DeadlineKind } from '../vocabulary.js';
import { KpiUnitSchema, Nullable, PeriodCode, PeriodInfo, RecordId } from './common.js';
import { PublicationInfo } from './dashboard.js';
import { EXPECTED_DATASET_CODES } from '../completeness.js';

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
  /** The region's time zone (IANA): the pages give times in it, as files and slides do. */
  timeZone: Type.String(),
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
export const UserParams = Type.Object({ id: RecordId });

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
    /** The login as recorded. */
    user: Nullable(Type.String()),
    /** The name of the account with that login now; null when there is none (a mistyped login). */
    userName: Nullable(Type.String()),
    action: Type.String(),
    details: Type.String(),
    ip: Type.String(),
  })),
});
export type AuditResponse = Static<typeof AuditResponse>;

// ---- published results ----

/** Every approval, withdrawn ones too, and the periods that may be approved (ended, none in force). */
export const PublicationsResponse = Type.Object({
  publications: Type.Array(PublicationInfo),
  approvable: Type.Array(PeriodInfo),
});
export type PublicationsResponse = Static<typeof PublicationsResponse>;

export const ApproveBody = Type.Object({
  period: PeriodCode,
  /** The order that approves the results («приказ № 123 от 10.07.2026»). */
  note: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  /**
   * The data version the admin's figures were of (the newest DATA_VERSION_HEADER her page saw):
   * data changed since (an upload, a rollback) are not approved unseen — a 409.
   */
  dataVersion: Type.Optional(Type.String({ pattern: '^\\d+\\.\\d+$', maxLength: 40 })),
});
export type ApproveBody = Static<typeof ApproveBody>;

export const PublicationParams = Type.Object({ period: PeriodCode });

export const WithdrawBody = Type.Object({ reason: Type.String({ minLength: 3, maxLength: 500 }) });

// ---- reports by e-mail ----

export const SubscriptionInfo = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  recipient: Type.String(),
  report: Type.Enum(Object.keys(SUBSCRIPTION_REPORTS) as SubscriptionReport[]),
  schedule: Type.Enum(Object.keys(SUBSCRIPTION_SCHEDULES) as SubscriptionSchedule[]),
  district: Nullable(Type.String()),
  orgType: Nullable(Type.String()),
  direction: Nullable(Type.String()),
  /** The account that subscribed itself (null: subscribed by the admin). */
  ownerId: Nullable(Type.Integer()),
  createdBy: Type.String(),
  createdAt: Type.String(),
  lastSentAt: Nullable(Type.String()),
  /** What the last attempt came to, in words. */
  lastResult: Nullable(Type.String()),
});
export type SubscriptionInfo = Static<typeof SubscriptionInfo>;

export const SubscriptionsResponse = Type.Object({
  /** False when the server has no SMTP server configured: subscriptions are kept but nothing is sent. */
  enabled: Type.Boolean(),
  /** The sender's address, when enabled. */
  from: Nullable(Type.String()),
  subscriptions: Type.Array(SubscriptionInfo),
});
export type SubscriptionsResponse = Static<typeof SubscriptionsResponse>;

export const CreateSubscriptionBody = Type.Object({
  email: Type.String({ pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$', maxLength: 254, description: 'адрес электронной почты' }),
  recipient: Type.String({ minLength: 1, maxLength: 100 }),
  report: Type.Enum(Object.keys(SUBSCRIPTION_REPORTS) as SubscriptionReport[]),
  schedule: Type.Enum(Object.keys(SUBSCRIPTION_SCHEDULES) as SubscriptionSchedule[]),
  district: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  orgType: Type.Optional(Nullable(Type.Enum(Object.keys(ORG_TYPES)))),
  direction: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
});
export type CreateSubscriptionBody = Static<typeof CreateSubscriptionBody>;

export const SubscriptionParams = Type.Object({ id: RecordId });

/** An official subscribing herself: to the reports of her filters, under her account's name. */
export const OwnSubscriptionBody = Type.Object({
  email: CreateSubscriptionBody.properties.email,
  report: Type.Union([Type.Literal('deck'), Type.Literal('pdf'), Type.Literal('both')]),
  schedule: CreateSubscriptionBody.properties.schedule,
  district: CreateSubscriptionBody.properties.district,
  orgType: CreateSubscriptionBody.properties.orgType,
  direction: CreateSubscriptionBody.properties.direction,
});
export type OwnSubscriptionBody = Static<typeof OwnSubscriptionBody>;

/** What sending a subscription now came to. */
export const SendResult = Type.Object({ sent: Type.Boolean(), result: Type.String() });
export type SendResult = Static<typeof SendResult>;

// ---- what the districts are expected to send ----

export const UpdateExpectationsBody = Type.Object({
  expectations: Type.Array(Type.Object({
    dataset: Type.Enum(EXPECTED_DATASET_CODES),
    expected: Type.Boolean(),
    dueDays: Type.Integer({ minimum: 0, maximum: 365 }),
  }), { maxItems: 10 }),
});
export type UpdateExpectationsBody = Static<typeof UpdateExpectationsBody>;

// ---- the district map ----

/** Where the map's shapes come from: the uploaded boundaries (or the demo's), or tiles. */
export const MapInfoResponse = Type.Object({
  kind: Type.Union([Type.Literal('boundaries'), Type.Literal('tiles')]),
  /** The uploaded file (null: the tile map). */
  source: Nullable(Type.Object({
    fileName: Type.String(), uploadedAt: Type.String(), uploadedBy: Type.String(),
    /** What the file held that matched no district, as its upload reported. */
    unmatched: Type.Array(Type.String()),
  })),
  /** Districts the map has no shape for (added since the upload, or never in the file). */
  missing: Type.Array(Type.String()),
});
export type MapInfoResponse = Static<typeof MapInfoResponse>;

export const MapUploadQuery = Type.Object({ name: Type.Optional(Type.String({ maxLength: 255 })) });

/** The upload's report: what matched, what did not. */
export const MapUploadResponse = Type.Object({
  ...MapInfoResponse.properties,
  matched: Type.Integer(),
  unmatchedFeatures: Type.Array(Type.String()),
  skippedFeatures: Type.Array(Type.String()),
});
export type MapUploadResponse = Static<typeof MapUploadResponse>;
