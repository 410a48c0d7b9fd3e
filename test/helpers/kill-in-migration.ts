/**
 * A power cut between two migrations, run as its own process:
 *   node --import tsx test/helpers/kill-in-migration.ts <database> <version>
 * applies the migrations before `version` as the server does and is killed (SIGKILL) inside the
 * transaction of `version`, when migrate() reads its SQL.
 */
import { Database } from '../../server/db/database.js';
import { loadMigrations, migrate, type Migration } from '../../server/db/migrate.js';

const [path, version] = process.argv.slice(2);
const killedAt = (migration: Migration): Migration => ({
  ...migration,
  get sql(): string {
    process.kill(process.pid, 'SIGKILL');
    return '';
  },
});
const db = await Database.open(path);
await migrate(db, (await loadMigrations()).map((m) => (m.version < Number(version) ? m : killedAt(m))));
