/**
 * The database's side of pseudonymised teachers: which columns hold a teacher's id, and the
 * start-up step that ties a database to its key.
 */
import { rm } from 'node:fs/promises';
import type { Database, Session } from '../db/database.js';
import type { Dataset, DataTable } from '../db/tables.js';
import { personIdentity } from '../ingest/values.js';
import { Pseudonyms } from './pseudonyms.js';

/** Data tables whose teacher_id names a person (their before-images hold the same ids). */
export const PERSON_TABLES = ['participations', 'resource_authors', 'resource_uses'] as const satisfies readonly DataTable[];

export class PersonKeyMismatch extends Error {}

/**
 * Ties the database to the key: a database first opened with a key has its raw teacher ids
 * (stored before ids were hashed; a valid СНИЛС among them counts as one) replaced by their hashes, in one transaction; a database
 * already tied to another key is refused. Returns how many distinct ids were hashed.
 */
export async function adoptPersonKey(db: Database, pseudonyms: Pseudonyms): Promise<number> {
  return db.transaction(async (tx) => {
    const fingerprint = await keyFingerprint(tx);
    if (fingerprint !== null) {
      if (fingerprint !== pseudonyms.fingerprint) {
        throw new PersonKeyMismatch(
          'Ключ псевдонимизации педагогов не тот, которым обработаны данные этой базы: одни и те же педагоги посчитались бы дважды. '
          + 'Укажите прежний файл ключа (PLOSHCHADKI_PERSON_KEY) — сервер не запущен.',
        );
      }
      return 0;
    }
    const hashed = await hashStoredIds(tx, pseudonyms);
    await tx.run('INSERT INTO person_key (fingerprint) VALUES ($fingerprint)', { fingerprint: pseudonyms.fingerprint });
    return hashed;
  });
}

/** The fingerprint of the key the database is tied to; null before its first start with a key. */
export async function keyFingerprint(session: Session): Promise<string | null> {
  return (await session.one<{ fingerprint: string }>('SELECT fingerprint FROM person_key LIMIT 1'))?.fingerprint ?? null;
}

async function hashStoredIds(tx: Session, pseudonyms: Pseudonyms): Promise<number> {
  const tables = PERSON_TABLES.flatMap((t) => [t, `upload_before_${t}`]);
  const ids = await tx.all<{ id: string }>(tables.map((t) => `SELECT DISTINCT teacher_id AS id FROM ${t}`).join(' UNION '));
  if (ids.length === 0) return 0;
  await tx.run('CREATE TEMP TABLE person_hashes (id VARCHAR PRIMARY KEY, hash VARCHAR NOT NULL)');
  await tx.append('person_hashes', [{ name: 'id', type: 'varchar' }, { name: 'hash', type: 'varchar' }],
    ids.map(({ id }) => ({ id, hash: pseudonyms.of(personIdentity(id)) })));
  for (const table of tables) {
    // The table is made anew from its own definition and filled with the hashed rows: teacher_id
    // is part of primary keys, and DuckDB's UPDATE or DELETE of indexed rows takes minutes at a
    // million rows where this takes seconds.
    const definition = await tx.one<{ sql: string }>(
      "SELECT sql FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = $table AND NOT temporary", { table },
    );
    await tx.run(`ALTER TABLE ${table} RENAME TO person_rows_before`);
    await tx.run(definition!.sql);
    await tx.run(`INSERT INTO ${table}
      SELECT t.* REPLACE (coalesce(h.hash, t.teacher_id) AS teacher_id) FROM person_rows_before t LEFT JOIN person_hashes h ON h.id = t.teacher_id`);
    await tx.run('DROP TABLE person_rows_before');
  }
  await tx.run('DROP TABLE person_hashes');
  return ids.length;
}

/** A dataset with its teachers' source ids replaced by their stored ids (the demo region's). */
export function withStoredIds(dataset: Dataset, pseudonyms: Pseudonyms): Dataset {
  const copy = { ...dataset };
  for (const table of PERSON_TABLES) {
    copy[table] = dataset[table].map((row) => ({ ...row, teacher_id: pseudonyms.of(personIdentity(row.teacher_id!)) })) as never;
  }
  return copy;
}

/**
 * The start of every process that writes teachers (server, command-line import): the key file
 * read or made, and the database tied to it.
 */
export async function openPseudonyms(db: Database, keyPath: string): Promise<{ pseudonyms: Pseudonyms; hashed: number; created: boolean }> {
  const { pseudonyms, created } = await Pseudonyms.open(keyPath);
  try {
    return { pseudonyms, hashed: await adoptPersonKey(db, pseudonyms), created };
  } catch (error) {
    if (!(error instanceof PersonKeyMismatch) || !created) throw error;
    // The key just made fits no data: leave no file that would look like the right one.
    await rm(keyPath, { force: true });
    throw new PersonKeyMismatch(`Файл ключа псевдонимизации ${keyPath} не найден, а данные этой базы обработаны другим ключом. ${error.message}`);
  }
}
