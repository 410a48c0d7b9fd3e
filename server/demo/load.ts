import type { Database } from '../db/database.js';
import { Queries } from '../db/queries.js';
import { replaceAllData } from '../db/tables.js';
import { localDay } from '../local-day.js';
import { COMPETITION_STAGES, demoCalendar } from './calendar.js';
import { COMPETITIONS, generateDemoRegion } from './generator.js';
import type { Pseudonyms } from '../persons/pseudonyms.js';
import { withStoredIds } from '../persons/stored-ids.js';

/**
 * Loads the demo region into an empty database, placed in the calendar of `today` (./calendar.ts);
 * a database with organizations is left alone.
 */
export async function loadDemoIfEmpty(db: Database, pseudonyms: Pseudonyms, today = localDay()): Promise<boolean> {
  const row = await db.one<{ n: number }>('SELECT count(*) AS n FROM organizations');
  if ((row?.n ?? 0) > 0) return false;
  await replaceAllData(db, withStoredIds(generateDemoRegion(undefined, today), pseudonyms));
  await scheduleCompetitions(db, demoCalendar(today).years);
  return true;
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
