import type { Database } from '../db/database.js';
import { Queries } from '../db/queries.js';
import { replaceAllData } from '../db/tables.js';
import { localDay } from '../local-day.js';
import { KpiService } from '../domain/kpis.js';
import { loadPassports } from '../domain/passports.js';
import { halfYearOf, parsePeriod, previousPeriod, type Period } from '../domain/periods.js';
import { measureForApproval, Publications } from '../domain/publications.js';
import { addDays, formatDate } from '../../web/src/lib/shared/format.js';
import { COMPETITION_STAGES, demoCalendar } from './calendar.js';
import { COMPETITIONS, generateDemoRegion } from './generator.js';
import type { Pseudonyms } from '../persons/pseudonyms.js';
import { withStoredIds } from '../persons/stored-ids.js';
import { demoBoundaries } from './boundaries.js';
import { withLabelPoints } from '../domain/district-map.js';

/**
 * Loads the demo region into an empty database, placed in the calendar of `today` (./calendar.ts);
 * a database with organizations is left alone.
 */
export async function loadDemoIfEmpty(db: Database, pseudonyms: Pseudonyms, today = localDay()): Promise<boolean> {
  const row = await db.one<{ n: number }>('SELECT count(*) AS n FROM organizations');
  if ((row?.n ?? 0) > 0) return false;
  const region = generateDemoRegion(undefined, today);
  await replaceAllData(db, withStoredIds(region, pseudonyms));
  await scheduleCompetitions(db, demoCalendar(today).years);
  // The map shows the region's shape on first start, as if the admin had uploaded its boundaries.
  await (await Queries.load(db)).run('district_map_put', {
    geojson: JSON.stringify(withLabelPoints(demoBoundaries(region.districts.map((d) => ({ code: String(d.code), name: String(d.name) }))))), file_name: 'Границы районов (демонстрационные).geojson', uploaded_by: 'admin', unmatched: '[]',
  });
  await approveLastHalfYear(db, today);
  return true;
}

/** Days after a half-year's end when the demo's regional office approved its results, by an order of that day. */
const APPROVED_AFTER_DAYS = 10;

/**
 * The regional office approved the last half-year's results that it could by `today`: by the
 * demo admin, ten days after its end. So the overview shows published results on first start.
 */
async function approveLastHalfYear(db: Database, today: string): Promise<void> {
  const approvedOn = (period: Period) => addDays(period.end, APPROVED_AFTER_DAYS);
  let period = previousPeriod(parsePeriod(halfYearOf(today))!);
  if (approvedOn(period) > today) period = previousPeriod(period);
  const queries = await Queries.load(db);
  const kpis = new KpiService(queries, await loadPassports(), () => 0);
  const publications = await Publications.load(db, queries);
  const day = approvedOn(period);
  await publications.approve({
    period, by: 'admin', note: `приказ № 241 от ${formatDate(day)}`, at: `${day}T07:00:00Z`,
    ...(await measureForApproval(kpis, queries, period)),
  }, async () => undefined);
}

/**
 * The demo competitions' stages, matching the generated data (statuses are granted 1–15 December,
 * after the result order). Report deadlines stay 15 May.
 */
async function scheduleCompetitions(db: Database, years: number): Promise<void> {
  const queries = await Queries.load(db);
  for (const [generated] of COMPETITIONS) {
    const year = generated + years;
    for (const [kind, day] of Object.entries(COMPETITION_STAGES)) {
      await queries.run('deadline_set', { kind, year, due_on: `${year}-${day}` });
    }
  }
}
