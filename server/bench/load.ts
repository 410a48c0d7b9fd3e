import { join } from 'node:path';
import type { Database } from '../db/database.js';
import { DATA_TABLES, type DataTable } from '../db/tables.js';

/** The INSERT of a data table's columns by name (the rows carry no upload). */
const into = (table: DataTable) => `INSERT INTO ${table} (${DATA_TABLES[table].map((c) => c.name).join(', ')})`;

/**
 * Loads bench CSV files straight into the tables with DuckDB's read_csv: the fast path to a big
 * database for the API benchmark (the product's own upload path is what the ingest benchmark
 * measures). Column names are the upload headers.
 */
const LOADS: { file: string; sql: string }[] = [
  { file: 'districts', sql: `${into('districts')} SELECT "Код района", "Район" FROM src` },
  { file: 'directions', sql: `${into('directions')} SELECT "Код направления", "Направление" FROM src` },
  {
    file: 'organizations',
    sql: `INSERT INTO organizations (code, name, short_name, org_type, district_code)
          SELECT DISTINCT "Код ОО", "Полное наименование", "Краткое наименование", "Тип ОО", "Район" FROM src;
          ${into('organization_headcounts')} SELECT "Код ОО", left("Учебный год", 4)::INTEGER, "Численность педагогов"::INTEGER FROM src`,
  },
  {
    file: 'sites',
    sql: `${into('sites')} SELECT "Код площадки", "Название площадки", "Код ОО-базы", "Направление", "Уровень",
          "Статус присвоен"::DATE, "Статус действует до"::DATE, "Пилотная"::BOOLEAN, "Апробация процедур"::BOOLEAN FROM src`,
  },
  {
    file: 'competition_applications',
    sql: `${into('competition_applications')} SELECT "Год конкурса"::INTEGER, "Код ОО", "Направление", "Дата подачи"::DATE, "Результат" FROM src`,
  },
  {
    file: 'events',
    sql: `${into('events')} SELECT "Код мероприятия", "Код площадки", "Название", "Дата проведения"::DATE, "Форма",
          "Способ проведения", "Участников по плану"::INTEGER, "Участников фактически"::INTEGER FROM src`,
  },
  {
    file: 'participations',
    sql: `${into('participations')} SELECT "ID педагога", "Код ОО педагога", "Код площадки", nullif("Код мероприятия", ''), "Роль",
          "Дата начала"::DATE, "Прошёл стажировку"::BOOLEAN, "Отчёт", "Сертификат"::BOOLEAN FROM src`,
  },
  {
    file: 'resources',
    sql: `${into('resources')} SELECT DISTINCT "Код ресурса", "Код площадки", "Название ресурса", "Вид ресурса", "Дата публикации"::DATE FROM src;
          ${into('resource_authors')} SELECT DISTINCT "Код ресурса", "ID автора", "Код ОО автора" FROM src WHERE "ID автора" IS NOT NULL`,
  },
  {
    file: 'resource_uses',
    sql: `${into('resource_uses')} SELECT "Код ресурса", "ID педагога", "Код ОО педагога", "Дата использования"::DATE FROM src`,
  },
  { file: 'site_reports', sql: `${into('site_reports')} SELECT "Код площадки", "Год отчёта"::INTEGER, "Дата сдачи"::DATE FROM src` },
];

const csv = (dir: string, file: string, options = ', all_varchar = true') =>
  `read_csv('${join(dir, `${file}.csv`).replace(/'/g, "''")}', delim = ';', header = true${options})`;

/** Loads every bench file of dir, except those named in `skip`. */
export async function loadBenchData(db: Database, dir: string, skip: string[] = []): Promise<void> {
  for (const { file, sql } of LOADS) {
    if (skip.includes(file)) continue;
    await db.transaction(async (tx) => {
      await tx.run(`CREATE TEMP TABLE src AS SELECT * FROM ${csv(dir, file)}`);
      for (const statement of sql.split(';')) await tx.run(statement);
      await tx.run('DROP TABLE src');
    });
  }
}

/**
 * DuckDB's own read_csv of a file into a bare table: the practical limit an import can approach.
 * A temporary table by default (memory); `onDisk` writes a table of the database file instead.
 */
export async function rawReadCsv(db: Database, dir: string, file: string, options: { onDisk?: boolean } = {}): Promise<number> {
  const table = `raw_${file}`;
  await db.run(`CREATE OR REPLACE ${options.onDisk ? '' : 'TEMP'} TABLE ${table} AS SELECT * FROM ${csv(dir, file, '')}`);
  const rows = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n;
  await db.run(`DROP TABLE ${table}`);
  return rows;
}
