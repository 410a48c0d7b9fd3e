import type { Row } from './database.js';

/**
 * A SQL row (snake_case columns) under the API's camelCase names: `host_short_name` → `hostShortName`.
 * The one place a row's names are turned; `T` is the API type the query's columns were written for
 * (the route's response schema checks the result when it is sent).
 */
export function camelRow<T>(row: Row): T {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v])) as T;
}
