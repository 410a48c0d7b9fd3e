import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Session } from './database.js';

const MACROS_DIR = fileURLToPath(new URL('../../queries/macros/', import.meta.url));

/**
 * The SQL macros the queries of queries/ share (the filter bar's scope, report deadlines), from
 * queries/macros/ in the order of their file names (a macro after those it uses). They are query
 * logic, not schema: every start replaces them, so a change to one takes effect like a change to
 * a query. (Migrations 003, 007 and 011 first created them; queries/macros/ is their one source.)
 */
export async function installMacros(session: Session, dir = MACROS_DIR): Promise<void> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  for (const file of files) await session.run(await readFile(dir + file, 'utf8'));
}
