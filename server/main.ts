import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildApp } from './app.js';
import { readConfigOrExit } from './config.js';
import { MAIL_OFF, readMailConfig } from './mail/config.js';
import { migrate } from './db/migrate.js';
import { loadDemoIfEmpty } from './demo/load.js';
import { openPseudonyms } from './persons/stored-ids.js';
import { Queries } from './db/queries.js';
import { Users } from './auth/users.js';
import { ensureAdminFromEnv, ensureDemoUsers } from './auth/bootstrap.js';
import { openOrExit } from './db/open-failure.js';
import { backupDir } from './db/backup.js';
import { serveBackupRequests } from './db/backup-requests.js';

const config = readConfigOrExit();
// Every date and time the server makes (today, a deadline passed, a time on a slide) is the region's.
process.env.TZ = config.timeZone;
const mail = readConfigOrExit(readMailConfig);
if (!mail) console.warn(MAIL_OFF);
mkdirSync(dirname(config.dbPath), { recursive: true });
const db = await openOrExit(config.dbPath, config.duckdbMemory);
const applied = await migrate(db);
if (applied.length > 0) console.log(`Миграции применены: ${applied.join(', ')}`);
const { pseudonyms, hashed, created } = await openPseudonyms(db, config.personKeyFile);
if (created) console.log(`Создан ключ псевдонимизации педагогов: ${config.personKeyFile} — сохраните его копию отдельно от базы`);
if (hashed > 0) console.log(`Идентификаторы педагогов заменены обезличенными кодами: ${hashed}`);
if (config.demo && (await loadDemoIfEmpty(db, pseudonyms))) console.log('База была пустой: загружен демонстрационный регион');
// What start-up wrote goes from the write-ahead log into the database file now.
await db.run('CHECKPOINT');

const users = new Users(await Queries.load(db));
if (config.demo && (await ensureDemoUsers(users))) console.log('Созданы демонстрационные пользователи (см. README)');
const adminNote = await ensureAdminFromEnv(users, process.env);
if (adminNote) console.log(adminNote);

const app = await buildApp({
  db, pseudonyms, webRoot: config.webRoot, logger: true, trustProxy: config.trustProxy, uploadDir: config.uploadDir, maxUploadBytes: config.maxUploadBytes, region: config.region,
  warmOnStart: true, computeAhead: true, mail, mailSchedule: true,
});
// `npm run backup` while the server holds the database: the server writes the copy.
const backups = await serveBackupRequests(db, backupDir(config.dbPath), app.log);
const close = async () => {
  await app.close();
  await backups.close();
  db.close();
  process.exit(0);
};
process.on('SIGINT', close);
process.on('SIGTERM', close);
await app.listen({ host: config.host, port: config.port });
console.log(`Площадки: http://${config.host}:${config.port}`);
