import { getJson } from './api.js';

export interface Remote<T> {
  readonly data: T | null;
  readonly error: string | null;
  readonly loading: boolean;
  /** Fetches the same URL again (after the page changed what it shows). */
  reload(): void;
}

/**
 * Keeps the JSON at a reactive URL: refetches when the URL changes, drops answers to URLs that
 * are no longer current, keeps the last data on screen while the next loads.
 * Call during component initialisation.
 */
export function remote<T>(url: () => string | null): Remote<T> {
  const state = $state({ data: null as T | null, error: null as string | null, loading: true, generation: 0 });
  $effect(() => {
    void state.generation;
    const current = url();
    if (current === null) return;
    const controller = new AbortController();
    state.loading = true;
    state.error = null;
    getJson<T>(current, controller.signal)
      .then((data) => {
        state.data = data;
        state.loading = false;
      })
      .catch((error: Error) => {
        if (controller.signal.aborted) return;
        state.error = error.message;
        state.loading = false;
      });
    return () => controller.abort();
  });
  return {
    get data() { return state.data; },
    get error() { return state.error; },
    get loading() { return state.loading; },
    reload: () => { state.generation += 1; },
  };
}
