import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * Which proxies' X-Forwarded-* headers to believe: none (false), the nearest N hops (only when
 * the server cannot be reached but through them), or the proxies' addresses and subnets.
 */
export type TrustProxy = false | number | string[];

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
  /** Behind a reverse proxy: whose X-Forwarded-* to trust (client address, HTTPS → Secure cookies). */
  trustProxy: TrustProxy;
  /**
   * The key teachers' ids are hashed with (made at first start). Keep it outside the database's
   * backups and back it up on its own: without it new uploads cannot be matched with stored teachers.
   */
  personKeyFile: string;
  /** DuckDB's memory cap, such as '1GB'. */
  duckdbMemory: string;
  /**
   * The region's time zone (IANA): today's date, a deadline passed, and every time a user reads
   * (an approval at «10:00», a deck's «Дата выгрузки») are the region's, not the server's.
   */
  timeZone: string;
}

/** A setting that cannot be used; the message is the Russian line to print. */
export class ConfigError extends Error {}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    dbPath: env.PLOSHCHADKI_DB ?? fileURLToPath(new URL('../data/monitoring.duckdb', import.meta.url)),
    host: env.HOST ?? '127.0.0.1',
    port: Number(env.PORT ?? 8080),
    webRoot: env.PLOSHCHADKI_WEB_ROOT ?? fileURLToPath(new URL('../web/build/', import.meta.url)),
    demo: env.PLOSHCHADKI_DEMO !== '0',
    uploadDir: env.PLOSHCHADKI_UPLOAD_DIR ?? fileURLToPath(new URL('../data/uploads/', import.meta.url)),
    // A big region's yearly participations pass 1 GB as CSV; the file streams to disk, never into memory.
    maxUploadBytes: Number(env.PLOSHCHADKI_UPLOAD_LIMIT_MB ?? 2048) * 1024 * 1024,
    // A real region (no demo) is never titled «Демонстрационный» on its slides: «Регион» until named.
    region: env.PLOSHCHADKI_REGION ?? (env.PLOSHCHADKI_DEMO === '0' ? 'Регион' : 'Демонстрационный регион'),
    trustProxy: parseTrustProxy(env.PLOSHCHADKI_TRUST_PROXY),
    personKeyFile: env.PLOSHCHADKI_PERSON_KEY ?? fileURLToPath(new URL('../data/person-id.key', import.meta.url)),
    duckdbMemory: env.PLOSHCHADKI_DUCKDB_MEMORY ?? '768MB',
    // The host's TZ where set (a server in Yekaterinburg), unless the setting says otherwise.
    timeZone: env.PLOSHCHADKI_TIME_ZONE ? parseTimeZone(env.PLOSHCHADKI_TIME_ZONE, 'PLOSHCHADKI_TIME_ZONE')
      : env.TZ ? parseTimeZone(env.TZ, 'TZ') : DEFAULT_TIME_ZONE,
  };
}

/** Where most regions' offices read their screens; a region elsewhere sets PLOSHCHADKI_TIME_ZONE. */
const DEFAULT_TIME_ZONE = 'Europe/Moscow';

/** An IANA time zone as the platform knows it (Europe/Moscow, Asia/Yekaterinburg). */
export function parseTimeZone(value: string, setting: string): string {
  try {
    return new Intl.DateTimeFormat('ru-RU', { timeZone: value.trim() }).resolvedOptions().timeZone;
  } catch {
    throw new ConfigError(`${setting}=«${value}»: такого часового пояса нет. Укажите его по базе IANA, например Europe/Moscow, Asia/Yekaterinburg или Asia/Vladivostok.`);
  }
}

/** A reading of settings for the server's start: a wrong setting is one Russian line on stderr and exit code 2. */
export function readConfigOrExit<T = Config>(read: (env: NodeJS.ProcessEnv) => T = readConfig as (env: NodeJS.ProcessEnv) => T, env: NodeJS.ProcessEnv = process.env): T {
  try {
    return read(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
}

/** The ranges proxy-addr knows by name. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * PLOSHCHADKI_TRUST_PROXY: unset or 0 — no proxy; a whole number — that many proxy hops; else
 * proxies' addresses, subnets (CIDR) or named ranges, comma-separated. "Trust everything" is not
 * offered: it would let any client choose its own address and so escape the login rate limit.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = value?.trim() ?? '';
  if (text === '' || text === '0') return false;
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text.split(',').map((entry) => entry.trim());
  const wrong = entries.find((entry) => !NAMED_RANGES.has(entry) && !isAddressOrSubnet(entry));
  if (wrong !== undefined) {
    throw new ConfigError(
      `PLOSHCHADKI_TRUST_PROXY=«${text}»: «${wrong}» — не число и не адрес. Укажите число прокси перед сервером ` +
      '(1 — один обратный прокси) или адреса прокси через запятую (например, 127.0.0.1,10.0.0.0/8, loopback); 0 — прокси нет.');
  }
  return entries;
}

function isAddressOrSubnet(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
