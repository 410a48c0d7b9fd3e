const pad = (n: number) => String(n).padStart(2, '0');

/** The local calendar day, as DuckDB's current_date (the server's time zone) sees it: 2024-05-20. */
export function localDay(now = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The local time for a file name: 2024-05-20_14-03-07. */
export function localStamp(now = new Date()): string {
  return `${localDay(now)}_${pad(now.getHours())}-${pad(now.getMinutes())}-${pad(now.getSeconds())}`;
}
