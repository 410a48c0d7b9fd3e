/**
 * A backup of the database, into `backups/` next to the database file:
 *   npm run backup
 * With the server stopped the command reads the database itself (read-only: the file is not
 * touched); while the server runs, the server writes the copy at the command's request.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readConfigOrExit } from '../config.js';
import { backupDatabase, backupPath } from '../db/backup.js';
import { BackupFailed, requestBackup } from '../db/backup-requests.js';
import { Database } from '../db/database.js';
import { lockHolder, openFailure, pidNote } from '../db/open-failure.js';

const config = readConfigOrExit();
if (!existsSync(config.dbPath)) {
  console.error(`База данных ${config.dbPath} не найдена: копировать нечего (путь к базе задаёт PLOSHCHADKI_DB).`);
  process.exit(1);
}
const target = backupPath(config.dbPath);
if (existsSync(target)) {
  console.error(`Файл ${target} уже есть: повторите через секунду.`);
  process.exit(1);
}
await mkdir(dirname(target), { recursive: true });

try {
  await backUp();
} catch (error) {
  console.error(error instanceof BackupFailed ? error.message : `Резервная копия не записана: ${(error as Error).message}`);
  process.exit(1);
}
console.log(`Резервная копия базы: ${target} (${(statSync(target).size / 2 ** 20).toFixed(1).replace('.', ',')} МБ)`);
console.log(
  `Ключ псевдонимизации педагогов (${config.personKeyFile}) в копию не входит, и так задумано: `
  + 'храните его копию отдельно от копий базы. Без этого ключа сервер с восстановленной базой не запустится.',
);

async function backUp(): Promise<void> {
  let db: Database;
  try {
    db = await Database.open(config.dbPath, { memoryLimit: config.duckdbMemory, readOnly: true });
  } catch (error) {
    const holder = lockHolder(error);
    if (!holder) throw new BackupFailed(openFailure(config.dbPath, error));
    console.log(`Базу держит запущенный сервер${pidNote(holder)}: копию записывает он…`);
    return requestBackup(target, holder);
  }
  try {
    await backupDatabase(db, target);
  } finally {
    db.close();
  }
}
