/** A value the probe gives once the awaited thing has happened. */
export type Found<T> = Exclude<T, null | undefined | false>;

/**
 * Polls `probe` every few milliseconds until it gives a value (not null, undefined or false):
 * tests wait for what they need instead of sleeping a fixed time. A probe may throw to give up.
 */
export async function until<T>(probe: () => T | Promise<T>, what: string | (() => string), timeout = 90_000): Promise<Found<T>> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value as Found<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
