import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { DATASETS, type DatasetCode } from '../../web/src/lib/shared/datasets.js';
import { Rng } from '../demo/rng.js';

/**
 * A synthetic region at any scale, written as upload-format CSV files (Russian headers, `;`,
 * codes for listed values, ISO dates — all of which the upload accepts). Scale 1 is about
 * 2 000 organizations, 100 000 teachers and 5 000 000 participation and resource-use rows.
 * Rows are streamed: memory stays flat however large the scale.
 */
export interface BenchCounts {
  districts: number;
  organizations: number;
  sites: number;
  events: number;
  participations: number;
  resources: number;
  resourceUses: number;
}

export function countsFor(scale: number): BenchCounts {
  const n = (base: number, min = 1) => Math.max(min, Math.round(base * scale));
  return {
    districts: n(30, 2),
    organizations: n(2000, 10),
    sites: n(150, 3),
    events: n(6000, 10),
    participations: n(4_000_000, 100),
    resources: n(3000, 5),
    resourceUses: n(1_000_000, 50),
  };
}

const SCHOOL_YEARS = ['2020/21', '2021/22', '2022/23'];
const DIRECTIONS = ['modern_tech', 'inclusive', 'digital', 'literacy', 'upbringing', 'preschool', 'career', 'mentoring'];
const FORMATS = ['seminar', 'workshop', 'conference', 'webinar', 'videoconference', 'master_class', 'visit'];
const KINDS = ['methodical_guide', 'lesson_plan', 'video', 'case', 'program', 'presentation'];
const TYPES = ['school', 'school', 'school', 'gymnasium', 'lyceum', 'kindergarten', 'kindergarten', 'additional', 'other'];

class CsvWriter {
  private readonly out;

  /** `keys`: the fields written, in order (every field of the dataset when absent). */
  constructor(path: string, dataset: DatasetCode, keys?: readonly string[]) {
    this.out = createWriteStream(path);
    const fields = keys ? keys.map((k) => DATASETS[dataset].fields.find((f) => f.key === k)!) : DATASETS[dataset].fields;
    this.out.write(`${fields.map((f) => f.header).join(';')}\n`);
  }

  async row(values: (string | number | boolean | null)[]): Promise<void> {
    if (!this.out.write(`${values.map((v) => (v === null ? '' : String(v))).join(';')}\n`)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'finish');
  }
}

const day = (rng: Rng, from: string, to: string) => rng.date(from, to);

/** What a folder of bench files holds, written last: a folder without it is incomplete. */
/** Named by the files' format: files of an earlier format (one school year of headcounts) are written anew. */
export const COUNTS_FILE = 'counts-2.json';

/** The row counts of the bench files in dir, or null when they were not all written. */
export function benchDataIn(dir: string): BenchCounts | null {
  const path = join(dir, COUNTS_FILE);
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) as BenchCounts : null;
}

/** Writes the files of one scale into dir and, last, what they hold (COUNTS_FILE); returns the row counts. */
export async function generateBenchData(dir: string, scale: number, seed = 42): Promise<BenchCounts> {
  mkdirSync(dir, { recursive: true });
  const rng = new Rng(seed);
  const c = countsFor(scale);
  const file = (code: DatasetCode, keys?: readonly string[]) => new CsvWriter(join(dir, `${code}.csv`), code, keys);

  const districts = file('districts');
  for (let d = 0; d < c.districts; d++) await districts.row([`D${d}`, `Район ${d + 1}`]);
  await districts.close();

  const directions = file('directions');
  for (const code of DIRECTIONS) await directions.row([code, `Направление ${code}`]);
  await directions.close();

  // ~50 teachers an organization: 100 000 at scale 1.
  const teachers: number[] = [];
  const orgs = file('organizations', ['code', 'name', 'short_name', 'org_type', 'district', 'school_year', 'teachers']);
  for (let o = 0; o < c.organizations; o++) {
    teachers.push(rng.int(20, 80));
    const type = rng.pick(TYPES);
    // A row per school year of the programme: the headcounts every KPI divides by.
    for (const year of SCHOOL_YEARS) await orgs.row([`O${o}`, `Организация ${o}`, `ОО ${o}`, type, `D${o % c.districts}`, year, teachers[o]]);
  }
  await orgs.close();
  // Teacher number i (0 … total-1) → its id and organization, through prefix sums of headcounts.
  const starts: number[] = [];
  let total = 0;
  for (const n of teachers) {
    starts.push(total);
    total += n;
  }
  const teacherAt = (index: number) => {
    const i = ((index % total) + total) % total;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return [`T${lo}-${i - starts[lo] + 1}`, `O${lo}`] as const;
  };
  const teacher = () => teacherAt(rng.int(0, total - 1));

  const sites = file('sites');
  for (let s = 0; s < c.sites; s++) {
    await sites.row([`S${s}`, `Площадка ${s}`, `O${s * 7 % c.organizations}`, rng.pick(DIRECTIONS), rng.pick(['school', 'municipal', 'regional']),
      '2020-12-01', '2025-12-01', s % 20 === 0, s % 10 === 1]);
  }
  await sites.close();

  const applications = file('competition_applications', ['year', 'organization', 'direction', 'submitted_on', 'outcome']);
  for (let o = 0; o < c.organizations; o += 3) {
    await applications.row([2020 + (o % 3), `O${o}`, rng.pick(DIRECTIONS), `${2020 + (o % 3)}-10-15`, o % 2 ? 'granted' : 'rejected']);
  }
  await applications.close();

  const eventDates: string[] = [];
  const events = file('events', ['code', 'site', 'title', 'held_on', 'format', 'mode', 'planned', 'actual']);
  for (let e = 0; e < c.events; e++) {
    eventDates.push(day(rng, '2021-01-15', '2023-05-31'));
    const planned = rng.int(10, 60);
    await events.row([`E${e}`, `S${e % c.sites}`, `Мероприятие ${e}`, eventDates[e], rng.pick(FORMATS), rng.chance(0.4) ? 'remote' : 'in_person', planned, rng.int(5, planned)]);
  }
  await events.close();

  // The k-th trainee of event e is teacher e·131 + k: distinct within an event (the dataset's key),
  // while over all events teachers recur, as they do in a real region.
  const participations = file('participations', ['teacher', 'organization', 'site', 'event', 'role', 'started_on', 'attended', 'report_type', 'certificate']);
  for (let p = 0; p < c.participations; p++) {
    const e = p % c.events;
    const [id, org] = teacherAt(e * 131 + Math.floor(p / c.events));
    const attended = rng.chance(0.88);
    await participations.row([id, org, `S${e % c.sites}`, `E${e}`, 'trainee', eventDates[e], attended,
      attended ? rng.pick(['analytic', 'mini', 'none']) : 'none', attended && rng.chance(0.4)]);
  }
  await participations.close();

  const resources = file('resources');
  const published: string[] = [];
  for (let r = 0; r < c.resources; r++) {
    const [id, org] = teacher();
    published.push(day(rng, '2021-01-15', '2023-05-31'));
    await resources.row([`R${r}`, `S${r % c.sites}`, `Ресурс ${r}`, rng.pick(KINDS), published[r], id, org]);
  }
  await resources.close();

  // A resource is used once published (the upload refuses a use before).
  const uses = file('resource_uses', ['resource', 'teacher', 'organization', 'used_on']);
  for (let u = 0; u < c.resourceUses; u++) {
    const r = u % c.resources;
    const [id, org] = teacherAt(r * 977 + Math.floor(u / c.resources));
    await uses.row([`R${r}`, id, org, day(rng, published[r], '2023-06-30')]);
  }
  await uses.close();

  const reports = file('site_reports', ['site', 'year', 'submitted_on']);
  for (let s = 0; s < c.sites; s++) {
    for (const year of [2021, 2022, 2023]) await reports.row([`S${s}`, year, rng.chance(0.9) ? day(rng, `${year}-04-20`, `${year}-06-10`) : null]);
  }
  await reports.close();
  writeFileSync(join(dir, COUNTS_FILE), JSON.stringify(c));
  return c;
}
