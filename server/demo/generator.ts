import type { Dataset, TableRow } from '../db/tables.js';
import { halfYearOf, halfYearsBetween, parsePeriod, type Period } from '../domain/periods.js';
import { demoCalendar, GENERATED_PLAN_END, placeInTime, REPORT_DAY } from './calendar.js';
import type { EventFormat, OrgType, SiteLevel } from '../../web/src/lib/shared/vocabulary.js';
import {
  ADDITIONAL_NAMES, DIRECTIONS, DISTRICTS, EVENT_THEMES, KINDERGARTEN_NAMES, OTHER_NAMES,
  PLAN_ITEMS, RESOURCE_TITLES,
} from './names.js';
import { generateFeedback } from './feedback.js';
import { registryDetails } from './registry.js';
import { Rng } from './rng.js';

/**
 * A believable demo region, the same for the same seed and day: ~600 organizations in 15
 * districts, 40 training sites won in three yearly competitions, their events, trainees,
 * resources and reports over a three-year plan. Districts differ in activity, so some miss
 * their targets and the dashboard shows red as well as green. It is generated for 2020 H2 –
 * 2023 H1 and moved to the plan that ends with the school year of `today` (./calendar.ts);
 * `today` defaults to the generated plan's last day, where nothing moves.
 */
const PROGRAMME_START = '2020-07-01';
const DATA_END = GENERATED_PLAN_END;
export const COMPETITIONS: readonly (readonly [number, number])[] = [[2020, 18], [2021, 13], [2022, 9]];
const SCHOOL_YEARS = [2020, 2021, 2022];

interface Org {
  row: TableRow<'organizations'>;
  activity: number;
  teachers: number;
}

export function generateDemoRegion(seed = 20200701, today = GENERATED_PLAN_END): Dataset {
  const calendar = demoCalendar(today);
  const rng = new Rng(seed);
  // Where trainees and resource users come from the host school itself: its own stream, so the
  // rest of the region stays as it was generated before.
  const local = new Rng(seed ^ 0x10ca1);
  const data: Dataset = {
    districts: [], directions: [], organizations: [], organization_headcounts: [], sites: [],
    competition_applications: [], events: [], feedback: [], participations: [], resources: [], resource_authors: [],
    resource_uses: [], site_reports: [], plan_items: [], plan_item_schedule: [],
  };

  data.directions = DIRECTIONS.map(([code, name]) => ({ code, name }));
  const orgs = generateOrganizations(rng, data);
  const orgsByDistrict = groupBy(orgs, (o) => o.row.district_code!);
  const teacherOf = (org: Org) => `${org.row.code}-${String(rng.int(1, org.teachers)).padStart(3, '0')}`;
  const pickOrg = (weight: (o: Org) => number) => rng.weighted(orgs.map((o) => [o, weight(o)] as const));

  const sites = generateSites(rng, data, orgs);
  generateApplications(rng, data, orgs, sites);

  const halfYears = halfYearsBetween(PROGRAMME_START, DATA_END);
  let eventNo = 0;
  let resourceNo = 0;
  for (const site of sites) {
    const host = site.host;
    const neighbours = orgsByDistrict.get(host.row.district_code!)!.filter((o) => o !== host);
    // Most trainees come from other schools; about one in seven is the host's own teacher.
    const traineeOrg = () => {
      const visitor = rng.chance(0.6) ? rng.pick(neighbours) : pickOrg((o) => o.activity * o.teachers);
      return local.chance(0.15) ? host : visitor;
    };
    const levelFactor = site.row.level === 'regional' ? 1.6 : site.row.level === 'municipal' ? 1.2 : 0.8;
    for (const hy of halfYears) {
      if (hy.end < site.row.status_granted_on! || hy.start > site.row.status_valid_until!) continue;
      const window = activeWindow(hy, site.row.status_granted_on!);
      for (let i = rng.int(2, 4) + (site.row.level === 'regional' ? 1 : 0); i > 0; i--) {
        eventNo += 1;
        generateEvent(rng, data, site.row, hy, window, `EV-${String(eventNo).padStart(5, '0')}`, levelFactor, traineeOrg, teacherOf, host);
      }
      generateProgramme(rng, data, site.row, window, levelFactor, traineeOrg, teacherOf);
      for (let i = rng.int(1, 3) + (site.row.level === 'school' ? 0 : 1); i > 0; i--) {
        resourceNo += 1;
        const code = `RS-${String(resourceNo).padStart(5, '0')}`;
        generateResource(rng, data, site.row, code, window, host, neighbours, teacherOf, pickOrg, local.chance(0.25));
      }
    }
    generateReports(rng, data, site.row);
  }
  generatePlan(rng, data, halfYearOf(calendar.now));
  data.feedback = generateFeedback(data.events, seed);
  return placeInTime(data, calendar);
}

function generateOrganizations(rng: Rng, data: Dataset): Org[] {
  const orgs: Org[] = [];
  for (const [districtIndex, [code, name, genitive, activity]] of DISTRICTS.entries()) {
    data.districts.push({ code, name });
    const count = code === 'verkhnedolsk' ? 82 : rng.int(28, 46);
    const numbers = { school: 0, gymnasium: 0, lyceum: 0, kindergarten: 0 };
    for (let i = 0; i < count; i++) {
      const type = rng.weighted<OrgType>([
        ['school', 45], ['gymnasium', 7], ['lyceum', 5], ['kindergarten', 31], ['additional', 8], ['other', 4],
      ]);
      const orgCode = `ORG${String(orgs.length + 1).padStart(4, '0')}`;
      const [full, short] = orgName(rng, type, numbers, genitive);
      const row = {
        code: orgCode, name: full, short_name: short, org_type: type, district_code: code,
        ...registryDetails(orgs.length, districtIndex, townOf(name)), closed_on: null,
      };
      const teachers = baseTeachers(rng, type);
      orgs.push({ row, activity, teachers });
      data.organizations.push(row);
      for (const year of SCHOOL_YEARS) {
        const drift = rng.int(-2, 2);
        data.organization_headcounts.push({ organization_code: orgCode, school_year: year, teachers: Math.max(3, teachers + drift) });
      }
    }
  }
  return orgs;
}

/** Where a district's organizations are: the city of a city district, else the district's centre. */
function townOf(district: string): string {
  return district.startsWith('Городской округ ') ? `г. ${district.slice('Городской округ '.length)}` : `${district}, с. Центральное`;
}

function orgName(rng: Rng, type: OrgType, numbers: Record<string, number>, genitive: string): [string, string] {
  switch (type) {
    case 'school':
    case 'gymnasium':
    case 'lyceum': {
      const n = (numbers[type] += 1 + (rng.chance(0.3) ? 1 : 0));
      const kind = { school: 'Средняя общеобразовательная школа', gymnasium: 'Гимназия', lyceum: 'Лицей' }[type];
      const abbr = { school: 'СОШ', gymnasium: 'Гимназия', lyceum: 'Лицей' }[type];
      return [`МБОУ «${kind} № ${n}» ${genitive}`, `${abbr} № ${n} (${genitive})`];
    }
    case 'kindergarten': {
      const n = (numbers.kindergarten += 1 + (rng.chance(0.4) ? 1 : 0));
      const title = rng.pick(KINDERGARTEN_NAMES);
      return [`МБДОУ «Детский сад № ${n} «${title}»» ${genitive}`, `Д/с № ${n} «${title}» (${genitive})`];
    }
    case 'additional': {
      const title = rng.pick(ADDITIONAL_NAMES);
      return [`МБУ ДО «${title}» ${genitive}`, `${title} (${genitive})`];
    }
    case 'other': {
      const title = rng.pick(OTHER_NAMES);
      return [`МБУ «${title}» ${genitive}`, `${title} (${genitive})`];
    }
  }
}

function baseTeachers(rng: Rng, type: OrgType): number {
  switch (type) {
    case 'school': return rng.int(22, 80);
    case 'gymnasium':
    case 'lyceum': return rng.int(40, 95);
    case 'kindergarten': return rng.int(10, 32);
    case 'additional': return rng.int(10, 40);
    case 'other': return rng.int(5, 15);
  }
}

interface Site {
  row: TableRow<'sites'>;
  host: Org;
}

/** Sites are won in the autumn competitions; the first winners are the pilots, testing widens yearly. */
function generateSites(rng: Rng, data: Dataset, orgs: Org[]): Site[] {
  const sites: Site[] = [];
  const hosts = new Set<Org>();
  for (const [year, winners] of COMPETITIONS) {
    for (let i = 0; i < winners; i++) {
      const direction = rng.pick(DIRECTIONS)[0];
      const allowed: OrgType[] = direction === 'preschool' ? ['kindergarten'] : direction === 'career' || direction === 'upbringing'
        ? ['school', 'gymnasium', 'lyceum', 'additional'] : ['school', 'gymnasium', 'lyceum'];
      const candidates = orgs.filter((o) => !hosts.has(o) && allowed.includes(o.row.org_type as OrgType));
      const host = rng.weighted(candidates.map((o) => [o, o.activity ** 2 * o.teachers] as const));
      hosts.add(host);
      const level = rng.weighted<SiteLevel>([['school', 45], ['municipal', 38], ['regional', 17]]);
      const granted = `${year}-12-${String(rng.int(1, 15)).padStart(2, '0')}`;
      const theme = rng.pick(EVENT_THEMES[direction]);
      const code = `SP-${year}-${String(i + 1).padStart(2, '0')}`;
      const row = {
        code,
        name: `«${theme}» на базе ${host.row.short_name}`,
        host_organization_code: host.row.code,
        direction_code: direction,
        level,
        status_granted_on: granted,
        status_valid_until: `${year + 3}-${granted.slice(5)}`,
        is_pilot: year <= 2021 && i < 2,
        is_testing: i >= 2 && i < 5,
      };
      sites.push({ row, host });
      data.sites.push(row);
    }
  }
  return sites;
}

function generateApplications(rng: Rng, data: Dataset, orgs: Org[], sites: Site[]): void {
  for (const [year, winners] of COMPETITIONS) {
    const applied = new Set<string>();
    const apply = (org: Org, direction: string, outcome: string) => {
      applied.add(org.row.code!);
      data.competition_applications.push({
        year, organization_code: org.row.code, direction_code: direction,
        submitted_on: rng.date(`${year}-10-01`, `${year}-10-31`), outcome,
      });
    };
    for (const site of sites.filter((s) => s.row.status_granted_on!.startsWith(String(year)))) {
      apply(site.host, site.row.direction_code!, 'granted');
    }
    for (let i = Math.round(winners * 2.3); i > 0; i--) {
      const org = rng.weighted(orgs.filter((o) => !applied.has(o.row.code!)).map((o) => [o, o.activity ** 2.5] as const));
      apply(org, rng.pick(DIRECTIONS)[0], 'rejected');
    }
  }
}

/** Events and internships fall in teaching months, after the site got its status. */
function activeWindow(hy: Period, granted: string): [string, string] {
  const [from, to] = hy.start.endsWith('01-01') ? [`${hy.start.slice(0, 4)}-01-15`, `${hy.start.slice(0, 4)}-05-31`]
    : [`${hy.start.slice(0, 4)}-09-10`, `${hy.start.slice(0, 4)}-12-25`];
  return [granted > from ? granted : from, to < granted ? granted : to];
}

type OrgPicker = () => Org;
type TeacherPicker = (org: Org) => string;

function generateEvent(
  rng: Rng, data: Dataset, site: TableRow<'sites'>, hy: Period, [from, to]: [string, string], code: string,
  levelFactor: number, traineeOrg: OrgPicker, teacherOf: TeacherPicker, host: Org,
): void {
  const format = rng.weighted<EventFormat>([
    ['seminar', 26], ['workshop', 16], ['master_class', 18], ['webinar', 14], ['videoconference', 8],
    ['conference', site.level === 'school' ? 2 : 8], ['visit', 10],
  ]);
  const remoteShare = hy.start < '2021-07-01' ? 0.6 : hy.start < '2022-07-01' ? 0.4 : 0.25;
  const mode = format === 'webinar' || format === 'videoconference' ? 'remote'
    : format === 'visit' ? 'in_person' : rng.chance(remoteShare) ? 'remote' : 'in_person';
  const planned = Math.round(rng.int(12, 30) * levelFactor * (format === 'conference' ? 2 : 1));
  const enrolled = Math.max(3, Math.round(planned * (0.75 + rng.next() * 0.4)));
  const heldOn = rng.date(from, to);
  let attendedCount = 0;
  for (let i = 0; i < enrolled; i++) {
    const org = traineeOrg();
    const attended = rng.chance(0.88);
    if (attended) attendedCount++;
    const report = attended ? rng.weighted([['mini', 40], ['analytic', 15], ['none', 45]] as const) : 'none';
    data.participations.push({
      teacher_id: teacherOf(org), organization_code: org.row.code, site_code: site.code, event_code: code,
      role: 'trainee', started_on: heldOn, attended, report_type: report,
      certificate_issued: attended && rng.chance(report === 'none' ? 0.05 : 0.8),
    });
  }
  data.participations.push({
    teacher_id: teacherOf(host), organization_code: host.row.code, site_code: site.code, event_code: code,
    role: 'tutor', started_on: heldOn, attended: true, report_type: 'none', certificate_issued: false,
  });
  const theme = rng.pick(EVENT_THEMES[site.direction_code!]);
  data.events.push({
    code, site_code: site.code, title: `«${theme}»`, held_on: heldOn, format, mode,
    planned_participants: planned, actual_participants: attendedCount,
  });
}

/** Longer internships in the site's programme, with no single event behind them. */
function generateProgramme(
  rng: Rng, data: Dataset, site: TableRow<'sites'>, [from, to]: [string, string], levelFactor: number,
  traineeOrg: OrgPicker, teacherOf: TeacherPicker,
): void {
  for (let i = Math.round(rng.int(4, 10) * levelFactor); i > 0; i--) {
    const org = traineeOrg();
    const attended = rng.chance(0.85);
    const report = attended ? rng.weighted([['analytic', 55], ['mini', 30], ['none', 15]] as const) : 'none';
    data.participations.push({
      teacher_id: teacherOf(org), organization_code: org.row.code, site_code: site.code, event_code: null,
      role: 'trainee', started_on: rng.date(from, to), attended, report_type: report,
      certificate_issued: attended && report !== 'none' && rng.chance(0.9),
    });
  }
}

function generateResource(
  rng: Rng, data: Dataset, site: TableRow<'sites'>, code: string, [from, to]: [string, string], host: Org,
  neighbours: Org[], teacherOf: TeacherPicker, pickOrg: (weight: (o: Org) => number) => Org,
  /** Used only at the host school, never elsewhere (about a quarter of the resources). */
  hostOnly: boolean,
): void {
  const published = rng.date(from, to);
  const title = `${rng.pick(RESOURCE_TITLES)}: ${rng.pick(EVENT_THEMES[site.direction_code!]).toLowerCase()}`;
  const kind = rng.pick(['methodical_guide', 'lesson_plan', 'video', 'case', 'program', 'presentation']);
  data.resources.push({ code, site_code: site.code, title, kind, published_on: published });
  const authors = new Map<string, Org>();
  for (let i = rng.int(1, 3); i > 0; i--) {
    const org = rng.chance(0.7) ? host : rng.pick(neighbours);
    authors.set(teacherOf(org), org);
  }
  for (const [teacher, org] of authors) {
    data.resource_authors.push({ resource_code: code, teacher_id: teacher, organization_code: org.row.code });
  }
  const uses = new Set<string>();
  for (let i = rng.int(2, 10); i > 0; i--) {
    const elsewhere = rng.chance(0.5) ? rng.pick(neighbours) : pickOrg((o) => o.activity ** 2 * o.teachers);
    const org = hostOnly ? host : elsewhere;
    const teacher = teacherOf(org);
    const usedOn = rng.date(published, DATA_END);
    const key = `${teacher}|${usedOn}`;
    if (uses.has(key)) continue;
    uses.add(key);
    data.resource_uses.push({ resource_code: code, teacher_id: teacher, organization_code: org.row.code, used_on: usedOn });
  }
}

/** One report per school year of status; most on time, some late, a few never filed. */
function generateReports(rng: Rng, data: Dataset, site: TableRow<'sites'>): void {
  const firstYear = Number(site.status_granted_on!.slice(0, 4)) + 1;
  for (let year = firstYear; year <= Number(DATA_END.slice(0, 4)); year++) {
    const outcome = rng.weighted([['on_time', 72], ['late', 20], ['missing', 8]] as const);
    const submitted = outcome === 'on_time' ? rng.date(`${year}-04-15`, `${year}-${REPORT_DAY}`)
      : outcome === 'late' ? rng.date(`${year}-05-16`, `${year}-06-25`) : null;
    data.site_reports.push({ site_code: site.code, year, submitted_on: submitted });
  }
}

/** Plan status as of the half-year `current`: past items done (one overdue), current in progress. */
function generatePlan(rng: Rng, data: Dataset, current: string): void {
  const overdue = rng.pick(PLAN_ITEMS.filter(([, , , , last]) => last < current))[0];
  for (const [code, title, product, first, last] of PLAN_ITEMS) {
    const status = code === overdue ? 'overdue' : last < current ? 'done' : first > current ? 'planned' : 'in_progress';
    data.plan_items.push({ code, title, expected_product: product, status });
    for (const hy of halfYearsBetween(parsePeriod(first)!.start, parsePeriod(last)!.start)) {
      data.plan_item_schedule.push({ plan_code: code, half_year: hy.code });
    }
  }
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    map.set(k, [...(map.get(k) ?? []), item]);
  }
  return map;
}
