/**
 * A panel's actions (approve, subscribe, delete…): one at a time — `busy` while one runs, for the
 * buttons — each telling its outcome in words or its error's message, then `after` (the panel's
 * list read again). Call during component initialisation.
 */
export function panelAction(report: (text: string, error: boolean) => void, after: () => Promise<void>) {
  const state = $state({ busy: false });
  return {
    get busy() {
      return state.busy;
    },
    /** Runs `work`, which resolves with what to tell the user. */
    async run(work: () => Promise<string>): Promise<void> {
      state.busy = true;
      try {
        report(await work(), false);
        await after();
      } catch (error) {
        report((error as Error).message, true);
      } finally {
        state.busy = false;
      }
    },
  };
}
