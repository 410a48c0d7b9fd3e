/** Shapes every area of the API shares: the scope's query string, periods, options, errors. */
import { Type, type Static, type TSchema } from 'typebox';
import { COMPARE_CODES, KPI_CODES, PERIOD_PATTERN } from '../codes.js';
import { ORG_TYPES } from '../vocabulary.js';

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const PeriodCode = Type.String({ pattern: PERIOD_PATTERN, description: '2022-H1 (полугодие) или 2021-22 (учебный год)' });
export const Code = Type.String({ minLength: 1, maxLength: 64 });
/** A record's number in an address (an upload, a user): the database's INTEGER, so no id past it is asked for. */
export const RecordId = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

// ---- query strings ----

export const ScopeQuery = Type.Object({
  period: Type.Optional(PeriodCode),
  district: Type.Optional(Code),
  orgType: Type.Optional(Type.Enum(Object.keys(ORG_TYPES))),
  direction: Type.Optional(Code),
});
export type ScopeQuery = Static<typeof ScopeQuery>;

export const KpiQuery = Type.Object({ ...ScopeQuery.properties, kpi: Type.Enum([...KPI_CODES]) });

/**
 * The period the KPI cards compare with: the one before (the default), the same half-year a year
 * earlier (`year_ago`; for a school year, the year before), or any period by its code.
 */
export const CompareQuery = Type.Object({
  ...ScopeQuery.properties,
  compare: Type.Optional(Type.Union([Type.Enum([...COMPARE_CODES]), PeriodCode])),
});
export type CompareQuery = Static<typeof CompareQuery>;
export const KpiCompareQuery = Type.Object({ ...CompareQuery.properties, kpi: Type.Enum([...KPI_CODES]) });
export type KpiCompareQuery = Static<typeof KpiCompareQuery>;
export type KpiQuery = Static<typeof KpiQuery>;

// ---- responses ----

export const PeriodInfo = Type.Object({
  code: Type.String(),
  label: Type.String(),
  kind: Type.Union([Type.Literal('half_year'), Type.Literal('school_year')]),
  start: Type.String(),
  end: Type.String(),
});
export type PeriodInfo = Static<typeof PeriodInfo>;

export const Option = Type.Object({ code: Type.String(), name: Type.String() });
export type Option = Static<typeof Option>;

export const ErrorResponse = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
});
export type ErrorResponse = Static<typeof ErrorResponse>;

export const KpiUnitSchema = Type.Union([Type.Literal('percent'), Type.Literal('count'), Type.Literal('average')]);
