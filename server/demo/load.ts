import type { Database } from '../db/database.js';
import { Queries } from '../db/queries.js';
import { replaceAllData } from '../db/tables.js';
import { COMPETITIONS, generateDemoRegion } from './generator.js';
import type { Pseudonyms } from '../persons/pseudonyms.js';
import { withStoredIds } from '../persons/stored-ids.js';

/** Loads the demo region into an empty database; a database with organizations is left alone. */
export async function loadDemoIfEmpty(db: Database, pseudonyms: Pseudonyms): Promise<boolean> {
  const row = await db.one<{ n: number }>('SELECT count(*) AS n FROM organizations');
  if ((row?.n ?? 0) > 0) return false;
  await replaceAllData(db, withStoredIds(generateDemoRegion(), pseudonyms));
  await scheduleCompetitions(db);
  return true;
}

/**
 * The demo competitions' stages, matching the generated data: applications in October, the
 * result order on 1 December (statuses are granted 1–15 December). Report deadlines stay 15 May.
 */
async function scheduleCompetitions(db: Database): Promise<void> {
  const queries = await Queries.load(db);
  for (const [year] of COMPETITIONS) {
    const stages = { applications_open: '10-01', applications_close: '10-31', expert_review: '11-25', result_order: '12-01' };
    for (const [kind, day] of Object.entries(stages)) {
      await queries.run('deadline_set', { kind, year, due_on: `${year}-${day}` });
    }
  }
}
