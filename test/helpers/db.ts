import { Database } from '../../server/db/database.js';
import { migrate } from '../../server/db/migrate.js';
import { replaceAllData, type Dataset } from '../../server/db/tables.js';

/** A real in-memory DuckDB with the schema migrated and the dataset loaded. */
export async function databaseWith(dataset: Dataset): Promise<Database> {
  const db = await Database.open(':memory:');
  await migrate(db);
  await replaceAllData(db, dataset);
  return db;
}
