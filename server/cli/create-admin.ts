/**
 * Creates an administrator with a generated password, printed once:
 *   npm run create-admin -- <login> ["Имя Фамилия"]
 * Stop the server first (DuckDB allows one process per database file).
 */
import { readConfigOrExit } from '../config.js';
import { migrate } from '../db/migrate.js';
import { Queries } from '../db/queries.js';
import { generatePassword } from '../auth/passwords.js';
import { Users } from '../auth/users.js';
import { openOrExit } from '../db/open-failure.js';

const [login, name] = process.argv.slice(2);
if (!login || !/^[A-Za-z0-9._-]{3,50}$/.test(login)) {
  console.error('Укажите логин (латиница, цифры, . _ -; 3–50 символов): npm run create-admin -- <логин> ["Имя"]');
  process.exit(2);
}
const config = readConfigOrExit();
const db = await openOrExit(config.dbPath, config.duckdbMemory);
await migrate(db);
const users = new Users(await Queries.load(db));
const password = generatePassword();
try {
  await users.create({ login, displayName: name ?? 'Администратор', role: 'admin', districts: [], password });
  console.log(`Администратор «${login}» создан. Пароль (показывается один раз): ${password}`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  db.close();
}
