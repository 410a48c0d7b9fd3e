import { halfYearLabel } from '../../web/src/lib/shared/format.js';

/**
 * Reporting periods. A half-year is written 2022-H1 (January–June) or 2022-H2 (July–December);
 * a school year is written 2021-22 and runs from 1 September 2021 to 31 August 2022.
 * Yearly facts (competition, teacher headcount, site report) belong to a school year, and a
 * half-year takes them from the school year it falls in: 2021-H2 and 2022-H1 both lie in 2021-22.
 */
export type PeriodKind = 'half_year' | 'school_year';

export interface Period {
  code: string;
  kind: PeriodKind;
  label: string;
  /** First and last day, 'YYYY-MM-DD'. */
  start: string;
  end: string;
  /** Starting year of the school year the period belongs to (2021 for 2021-22). */
  schoolYear: number;
  /** The calendar plan's half-year columns this period covers. */
  halfYears: string[];
}

const HALF_YEAR = /^(\d{4})-H([12])$/;
const SCHOOL_YEAR = /^(\d{4})-(\d{2})$/;

export function parsePeriod(code: string): Period | null {
  const half = HALF_YEAR.exec(code);
  if (half) {
    const year = Number(half[1]);
    const first = half[2] === '1';
    return {
      code,
      kind: 'half_year',
      label: halfYearLabel(code),
      start: first ? `${year}-01-01` : `${year}-07-01`,
      end: first ? `${year}-06-30` : `${year}-12-31`,
      schoolYear: first ? year - 1 : year,
      halfYears: [code],
    };
  }
  const school = SCHOOL_YEAR.exec(code);
  if (school) {
    const year = Number(school[1]);
    if (Number(school[2]) !== (year + 1) % 100) return null;
    return {
      code,
      kind: 'school_year',
      label: `${year}/${school[2]} уч. г.`,
      start: `${year}-09-01`,
      end: `${year + 1}-08-31`,
      schoolYear: year,
      halfYears: [`${year}-H2`, `${year + 1}-H1`],
    };
  }
  return null;
}

export function schoolYearCode(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

export function halfYearOf(isoDate: string): string {
  const month = Number(isoDate.slice(5, 7));
  return `${isoDate.slice(0, 4)}-H${month <= 6 ? 1 : 2}`;
}

/** The period just before: the previous half-year, or the previous school year. */
export function previousPeriod(period: Period): Period {
  if (period.kind === 'school_year') return parsePeriod(schoolYearCode(period.schoolYear - 1))!;
  const [year, half] = period.code.split('-H').map(Number);
  return parsePeriod(half === 1 ? `${year - 1}-H2` : `${year}-H1`)!;
}

/**
 * The period the cards compare `period` with: the one before, the same half-year a year earlier
 * (a school year: the year before), or the period a code names (null when it names none).
 */
export function comparisonPeriod(period: Period, compare: string | undefined): Period | null {
  if (compare === undefined || compare === 'previous') return previousPeriod(period);
  // A year before a half-year is two half-years before it.
  if (compare === 'year_ago') return period.kind === 'school_year' ? previousPeriod(period) : previousPeriod(previousPeriod(period));
  return parsePeriod(compare);
}

/** Every half-year from the one holding `fromIso` to the one holding `toIso`, in order. */
export function halfYearsBetween(fromIso: string, toIso: string): Period[] {
  const periods: Period[] = [];
  if (fromIso > toIso) return periods;
  let code = halfYearOf(fromIso);
  const last = halfYearOf(toIso);
  for (;;) {
    const period = parsePeriod(code)!;
    periods.push(period);
    if (code === last) return periods;
    const [year, half] = code.split('-H').map(Number);
    code = half === 1 ? `${year}-H2` : `${year + 1}-H1`;
  }
}

/** School years overlapping the half-years of the given span, in order. */
export function schoolYearsOf(halfYears: Period[]): Period[] {
  const years = [...new Set(halfYears.map((p) => p.schoolYear))].sort((a, b) => a - b);
  return years.map((y) => parsePeriod(schoolYearCode(y))!);
}
