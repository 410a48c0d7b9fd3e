import type { Dataset } from '../db/tables.js';

/**
 * The demo region is generated on a fixed calendar (its plan 2020 H2 – 2023 H1) and then moved
 * by whole years so that its plan ends with the school year in progress on the day it is loaded:
 * loaded on 30 November 2026, the plan runs 2024 H2 – 2027 H1. What would lie after that day has
 * not happened yet and is left out: events, trainees, resources and uses, the sites of a
 * competition whose result order is still to come (its applications wait for it; once the order is
 * out, its sites are there with their statuses from their days in December), reports not yet due.
 * The deadlines and the plan's later items stay ahead.
 */
export interface DemoCalendar {
  /** Years added to every generated date. */
  years: number;
  /** The loading day on the generated calendar: everything after it is left out. */
  now: string;
}

/** The generated plan's last day. */
export const GENERATED_PLAN_END = '2023-06-30';

/** The school year's last day. */
const YEAR_END = '06-30';

/** The demo competitions' stages, month and day: applications in October, the result order on 1 December. */
export const COMPETITION_STAGES = { applications_open: '10-01', applications_close: '10-31', expert_review: '11-25', result_order: '12-01' } as const;

/**
 * A district that has not yet sent the events and participations of the half-year in progress:
 * «Полнота данных» shows what a late district looks like.
 */
export const LATE_DISTRICT = 'lesnoy';

/** A site's yearly report is due on 15 May (the product's default deadline). */
export const REPORT_DAY = '05-15';

export function demoCalendar(today: string): DemoCalendar {
  const year = Number(today.slice(0, 4));
  const planEndYear = today.slice(5) <= YEAR_END ? year : year + 1;
  const years = planEndYear - Number(GENERATED_PLAN_END.slice(0, 4));
  return { years, now: shiftDate(today, -years) };
}

/** The date `years` years on; 29 February becomes the 28th in a common year. */
export function shiftDate(iso: string, years: number): string {
  const year = Number(iso.slice(0, 4)) + years;
  const rest = iso.slice(4);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return `${year}${rest === '-02-29' && !leap ? '-02-28' : rest}`;
}

/** A half-year code («2020-H2») `years` years on. */
const shiftHalfYear = (code: string, years: number) => `${Number(code.slice(0, 4)) + years}${code.slice(4)}`;

/** A site's code names the year of its competition («SP-2020-01»): it moves with it. */
const shiftSiteCode = (code: string, years: number) => code.replace(/^SP-(\d{4})/, (_, y: string) => `SP-${Number(y) + years}`);

/**
 * Leaves out what comes after `calendar.now` (the data as generated, in place), then moves every
 * date, year and half-year by `calendar.years`.
 */
export function placeInTime(data: Dataset, { years, now }: DemoCalendar): Dataset {
  const past = (day: string | null | undefined) => day !== null && day !== undefined && day <= now;
  const announced = (year: number) => past(`${year}-${COMPETITION_STAGES.result_order}`);
  const sites = new Set(data.sites.filter((s) => announced(Number(s.status_granted_on!.slice(0, 4)))).map((s) => s.code));
  const lateDistrict = new Set(data.organizations.filter((o) => o.district_code === LATE_DISTRICT).map((o) => o.code));
  const lateSites = new Set(data.sites.filter((s) => lateDistrict.has(s.host_organization_code!)).map((s) => s.code));
  const halfYearStart = `${now.slice(0, 4)}-${now.slice(5) <= YEAR_END ? '01-01' : '07-01'}`;
  /** Held by the day, and sent: the late district's of this half-year are not in yet. */
  const sent = (site: string | null | undefined, day: string | null | undefined) =>
    sites.has(site!) && past(day) && !(lateSites.has(site!) && day! >= halfYearStart);
  const events = new Set(data.events.filter((e) => sent(e.site_code, e.held_on)).map((e) => e.code));
  const resources = new Set(data.resources.filter((r) => sites.has(r.site_code!) && past(r.published_on)).map((r) => r.code));
  const schoolYearNow = Number(now.slice(0, 4)) - (now.slice(5) <= YEAR_END ? 1 : 0);

  const date = (day: string | null | undefined) => (day ? shiftDate(day, years) : day ?? null);
  const site = (code: string | null | undefined) => (code ? shiftSiteCode(code, years) : code ?? null);
  return {
    ...data,
    organization_headcounts: data.organization_headcounts
      .filter((h) => h.school_year! <= schoolYearNow)
      .map((h) => ({ ...h, school_year: h.school_year! + years })),
    sites: data.sites.filter((s) => sites.has(s.code)).map((s) => ({
      ...s, code: site(s.code), status_granted_on: date(s.status_granted_on), status_valid_until: date(s.status_valid_until),
    })),
    competition_applications: data.competition_applications.filter((a) => past(a.submitted_on)).map((a) => ({
      ...a, year: a.year! + years, submitted_on: date(a.submitted_on),
      outcome: announced(a.year!) ? a.outcome : 'pending',
    })),
    events: data.events.filter((e) => events.has(e.code)).map((e) => ({ ...e, site_code: site(e.site_code), held_on: date(e.held_on) })),
    feedback: data.feedback.filter((f) => events.has(f.event_code!)),
    participations: data.participations
      .filter((p) => sent(p.site_code, p.started_on) && (p.event_code === null || events.has(p.event_code!)))
      .map((p) => ({ ...p, site_code: site(p.site_code), started_on: date(p.started_on) })),
    resources: data.resources.filter((r) => resources.has(r.code)).map((r) => ({ ...r, site_code: site(r.site_code), published_on: date(r.published_on) })),
    resource_authors: data.resource_authors.filter((a) => resources.has(a.resource_code!)),
    resource_uses: data.resource_uses
      .filter((u) => resources.has(u.resource_code!) && past(u.used_on))
      .map((u) => ({ ...u, used_on: date(u.used_on) })),
    site_reports: data.site_reports
      .filter((r) => sites.has(r.site_code!) && (past(r.submitted_on) || past(`${r.year}-${REPORT_DAY}`)))
      // Due and not yet filed: a late report is missing until the day it comes.
      .map((r) => ({ ...r, site_code: site(r.site_code), year: r.year! + years, submitted_on: past(r.submitted_on) ? date(r.submitted_on) : null })),
    plan_item_schedule: data.plan_item_schedule.map((s) => ({ ...s, half_year: shiftHalfYear(s.half_year!, years) })),
  };
}
