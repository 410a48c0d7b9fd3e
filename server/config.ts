import { fileURLToPath } from 'node:url';

/** Settings from the environment, with the defaults `npm start` uses. */
export interface Config {
  dbPath: string;
  host: string;
  port: number;
  webRoot: string;
  /** Load the demo region into an empty database. */
  demo: boolean;
  /** Where uploaded files wait for their import. */
  uploadDir: string;
  maxUploadBytes: number;
  /** The region's name on reports and slides. */
  region: string;
  /** Behind a reverse proxy: trust X-Forwarded-* (HTTPS → Secure cookies). */
  trustProxy: boolean;
  /**
   * The key teachers' ids are hashed with (made at first start). Keep it outside the database's
   * backups and back it up on its own: without it new uploads cannot be matched with stored teachers.
   */
  personKeyFile: string;
  /** DuckDB's memory cap, such as '1GB'. */
  duckdbMemory: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    dbPath: env.PLOSHCHADKI_DB ?? fileURLToPath(new URL('../data/monitoring.duckdb', import.meta.url)),
    host: env.HOST ?? '127.0.0.1',
    port: Number(env.PORT ?? 8080),
    webRoot: env.PLOSHCHADKI_WEB_ROOT ?? fileURLToPath(new URL('../web/build/', import.meta.url)),
    demo: env.PLOSHCHADKI_DEMO !== '0',
    uploadDir: env.PLOSHCHADKI_UPLOAD_DIR ?? fileURLToPath(new URL('../data/uploads/', import.meta.url)),
    maxUploadBytes: Number(env.PLOSHCHADKI_UPLOAD_LIMIT_MB ?? 100) * 1024 * 1024,
    region: env.PLOSHCHADKI_REGION ?? 'Демонстрационный регион',
    trustProxy: env.PLOSHCHADKI_TRUST_PROXY === '1',
    personKeyFile: env.PLOSHCHADKI_PERSON_KEY ?? fileURLToPath(new URL('../data/person-id.key', import.meta.url)),
    duckdbMemory: env.PLOSHCHADKI_DUCKDB_MEMORY ?? '768MB',
  };
}
