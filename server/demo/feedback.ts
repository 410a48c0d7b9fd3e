/**
 * The demo region's post-event questionnaires: part of each event's participants answer, most
 * of them content. Their own random numbers, so that the rest of the demo region stays as it was
 * before questionnaires were part of it.
 */
import type { Dataset, TableRow } from '../db/tables.js';
import { FEEDBACK_COMMENTS } from './names.js';
import { Rng } from './rng.js';

export function generateFeedback(events: Dataset['events'], seed: number): TableRow<'feedback'>[] {
  const rng = new Rng(seed ^ 0x5eed);
  const rows: TableRow<'feedback'>[] = [];
  for (const event of events) {
    // Some sites ask every time, some rarely; webinars get fewer answers than in-person events.
    const rate = rng.next() * (event.mode === 'remote' ? 0.5 : 0.8);
    const answers = Math.round((event.actual_participants ?? 0) * rate);
    const mood = rng.next();
    for (let n = 1; n <= answers; n++) {
      const rating = rng.weighted<number>([[5, 40 + 30 * mood], [4, 35], [3, 12 - 6 * mood], [2, 4], [1, 1]]);
      const comment = rng.chance(0.15) ? rng.pick(FEEDBACK_COMMENTS[rating >= 4 ? 0 : 1]) : null;
      rows.push({ event_code: event.code, response_code: String(n), rating, comment });
    }
  }
  return rows;
}
