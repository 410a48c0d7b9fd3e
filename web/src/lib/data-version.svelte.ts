import { newerVersion, type DataVersion } from './shared/data-version.js';

/** The newest data version any API answer has carried (see shared/data-version.ts). */
const state = $state({ newest: null as DataVersion | null });

/** Notes the version of an answer; a newer one makes every answer of an older version stale. */
export function noteDataVersion(version: DataVersion | null): void {
  if (version && (!state.newest || newerVersion(version, state.newest))) state.newest = version;
}

/** The newest version seen (reactive: a page reading it fetches again when the data changed). */
export const newestDataVersion = (): DataVersion | null => state.newest;

/**
 * The version of the last KPI figures shown (cards, the districts' table): what an approval from
 * this tab approves. A look at /api/health, or any other answer, shows no figure.
 */
let figuresSeen: DataVersion | null = null;
const FIGURES = /^\/api\/(?:kpis|scorecard)(?:[/?]|$)/;

export function noteFiguresShown(path: string, version: DataVersion | null): void {
  if (version && FIGURES.test(path)) figuresSeen = version;
}

export const figuresShownVersion = (): DataVersion | null => figuresSeen;
