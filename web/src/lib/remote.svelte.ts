import { getJson } from './api.js';

export interface Remote<T> {
  /** The answer for the current URL: null from the moment the URL changes until its answer comes. */
  readonly data: T | null;
  /** The URL `data` answers (null while there is none). */
  readonly url: string | null;
  /** The last answer of any URL, for keeping a layout in place meanwhile: never for its numbers. */
  readonly previous: T | null;
  readonly error: string | null;
  readonly loading: boolean;
  /** Fetches the same URL again (after the page changed what it shows). */
  reload(): void;
}

/**
 * Keeps the JSON at a reactive URL: refetches when the URL changes and drops answers to URLs that
 * are no longer current (their requests are aborted). A new URL (other filters) empties `data` at
 * once, so no number of the old filters stays on screen under the new caption; `reload()` of the
 * same URL keeps it until the fresh answer replaces it.
 * Call during component initialisation.
 */
export function remote<T>(url: () => string | null): Remote<T> {
  const state = $state({ data: null as T | null, url: null as string | null, previous: null as T | null, error: null as string | null, loading: true, generation: 0 });
  // Not reactive: which URL the last answer came for.
  let answered: string | null = null;
  // A string: effects that read it re-run only when the URL itself changes, not each time the
  // page's filters object does (a chart of all districts keeps its answer when the district changes).
  const target = $derived(url());
  $effect(() => {
    void state.generation;
    const current = target;
    if (current === null) return;
    // Another URL: its answer is not this one (`previous` keeps the last answer meanwhile).
    if (current !== answered) {
      state.data = null;
      state.url = null;
    }
    const controller = new AbortController();
    state.loading = true;
    state.error = null;
    getJson<T>(current, controller.signal)
      .then((data) => {
        state.data = data;
        state.url = current;
        state.previous = data;
        answered = current;
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
    get url() { return state.url; },
    get previous() { return state.previous; },
    get error() { return state.error; },
    get loading() { return state.loading; },
    reload: () => { state.generation += 1; },
  };
}
