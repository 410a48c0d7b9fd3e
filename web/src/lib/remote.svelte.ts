import { getVersioned } from './api.js';
import { newestDataVersion } from './data-version.svelte.js';
import { newerVersion, type DataVersion } from './shared/data-version.js';

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
 * same URL keeps it until the fresh answer replaces it. An answer computed before the data changed
 * (another answer came with a newer data version: an upload was applied meanwhile) is fetched
 * again the same way: a chart whose URL the filters do not change (the trend over all half-years)
 * is never left with numbers from before the change beside a card from after it.
 * Call during component initialisation.
 */
export function remote<T>(url: () => string | null): Remote<T> {
  const state = $state({ data: null as T | null, url: null as string | null, previous: null as T | null, error: null as string | null, loading: true, generation: 0 });
  // Not reactive: which URL the last answer came for, the data version it was computed from and
  // the reload it answered; the request on its way, and how to stop it.
  let answered: string | null = null;
  let answeredVersion: DataVersion | null = null;
  let answeredGeneration = -1;
  let asking: { url: string; generation: number; controller: AbortController } | null = null;
  // A string: effects that read it re-run only when the URL itself changes, not each time the
  // page's filters object does (a chart of all districts keeps its answer when the district changes).
  const target = $derived(url());
  $effect(() => {
    const generation = state.generation;
    const newest = newestDataVersion();
    const current = target;
    if (current === null) {
      asking?.controller.abort();
      asking = null;
      return;
    }
    // The same request on its way goes on (a newer version seen meanwhile is checked when its answer comes).
    if (asking && asking.url === current && asking.generation === generation) return;
    const upToDate = !answeredVersion || !newest || !newerVersion(newest, answeredVersion);
    if (current === answered && generation === answeredGeneration && upToDate) return;
    // Another URL: its answer is not this one (`previous` keeps the last answer meanwhile).
    if (current !== answered) {
      state.data = null;
      state.url = null;
    }
    asking?.controller.abort();
    const request = { url: current, generation, controller: new AbortController() };
    asking = request;
    state.loading = true;
    state.error = null;
    getVersioned<T>(current, request.controller.signal)
      .then(({ data, version }) => {
        // A later request took its place (its answer came after the abort): not this page's now.
        if (asking !== request) return;
        asking = null;
        state.data = data;
        state.url = current;
        state.previous = data;
        answered = current;
        answeredVersion = version;
        answeredGeneration = generation;
        state.loading = false;
        // Computed before a change another answer has shown already (it came late): fetch it again.
        const newestNow = newestDataVersion();
        if (version && newestNow && newerVersion(newestNow, version)) state.generation += 1;
      })
      .catch((error: Error) => {
        if (request.controller.signal.aborted || asking !== request) return;
        asking = null;
        state.error = error.message;
        state.loading = false;
      });
  });
  // The component gone: its request is not waited for.
  $effect(() => () => asking?.controller.abort());
  return {
    get data() { return state.data; },
    get url() { return state.url; },
    get previous() { return state.previous; },
    get error() { return state.error; },
    get loading() { return state.loading; },
    reload: () => { state.generation += 1; },
  };
}
