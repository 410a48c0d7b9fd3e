/**
 * The version of the data an API answer was computed from, in the header DATA_VERSION_HEADER:
 * «<server start, ms>.<changes since>». A page compares the versions of the answers it shows with
 * the newest it has seen: an answer older than that is fetched again, so no chart keeps numbers
 * from before an upload beside a card computed after it.
 */
export const DATA_VERSION_HEADER = 'x-data-version';

export type DataVersion = readonly [start: number, changes: number];

export const formatDataVersion = (start: number, changes: number) => `${start}.${changes}`;

export function parseDataVersion(header: string | null): DataVersion | null {
  const match = /^(\d+)\.(\d+)$/.exec(header ?? '');
  return match ? [Number(match[1]), Number(match[2])] : null;
}

/** Whether `a` is newer than `b` (a later server start, or more changes since the same start). */
export const newerVersion = (a: DataVersion, b: DataVersion) => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
