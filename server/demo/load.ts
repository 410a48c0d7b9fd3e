import type { Database } from '../db/database.js';
import { replaceAllData } from '../db/tables.js';
import { generateDemoRegion } from './generator.js';
import type { Pseudonyms } from '../persons/pseudonyms.js';
import { withStoredIds } from '../persons/stored-ids.js';

/** Loads the demo region into an empty database; a database with organizations is left alone. */
export async function loadDemoIfEmpty(db: Database, pseudonyms: Pseudonyms): Promise<boolean> {
  const row = await db.one<{ n: number }>('SELECT count(*) AS n FROM organizations');
  if ((row?.n ?? 0) > 0) return false;
  await replaceAllData(db, withStoredIds(generateDemoRegion(), pseudonyms));
  return true;
}
