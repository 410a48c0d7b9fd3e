import type { Queries } from '../db/queries.js';
import { badRequest } from '../errors.js';
import { DEADLINE_KINDS, type DeadlineKind } from '../../web/src/lib/shared/vocabulary.js';
import type { DeadlineItem, UpdateDeadlineBody } from '../../web/src/lib/shared/api.js';
import { formatDate } from '../../web/src/lib/shared/format.js';

type DeadlineRow = {
  kind: DeadlineKind;
  year: number;
  due_on: string | null;
  configured: boolean;
  days_from_today: number | null;
};

export function toDeadlineItem(row: DeadlineRow): DeadlineItem {
  return {
    kind: row.kind, label: DEADLINE_KINDS[row.kind], year: row.year, date: row.due_on, configured: row.configured,
    daysFromToday: row.days_from_today,
  };
}

/** The school year a dated item belongs to: the competition of year Y and the report of year Y+1 both lie in Y/Y+1. */
export function schoolYearOfDeadline(kind: DeadlineKind, year: number): number {
  return kind === 'site_report' ? year - 1 : year;
}

/** The dated items of a school year (starting year) and the server's today. */
export async function deadlinesOfYear(queries: Queries, schoolYear: number): Promise<{ today: string; calendar: DeadlineItem[] }> {
  const rows = await queries.run<DeadlineRow & { today: string }>('deadlines_of_year', { school_year: schoolYear });
  return { today: rows[0].today, calendar: rows.map(toDeadlineItem) };
}

const isRealDate = (iso: string) => {
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso;
};

/**
 * Refuses a change that cannot be right, in Russian: a date that does not exist, a report
 * deadline outside its year, competition stages outside the competition's year and the next
 * (the result order may come in January), or stages out of order once the change is made.
 */
export function checkDeadlineChange(change: UpdateDeadlineBody, calendar: DeadlineItem[]): void {
  const { kind, year, date } = change;
  if (date === null) return;
  if (!isRealDate(date)) throw badRequest(`Такой даты нет: «${date}»`);
  const dateYear = Number(date.slice(0, 4));
  if (kind === 'site_report') {
    if (dateYear !== year) throw badRequest(`Срок отчётов ${year} года должен быть в ${year} году, а не ${formatDate(date)}`);
    return;
  }
  if (dateYear !== year && dateYear !== year + 1) {
    throw badRequest(`Этапы конкурса ${year} года должны приходиться на ${year}–${year + 1} годы, а не на ${formatDate(date)}`);
  }
  const stages = calendar
    .filter((item) => item.kind !== 'site_report')
    .map((item) => (item.kind === kind ? { ...item, date } : item))
    .filter((item) => item.date !== null);
  for (let i = 1; i < stages.length; i++) {
    const [before, after] = [stages[i - 1], stages[i]];
    if (after.date! < before.date!) {
      throw badRequest(`Этапы конкурса ${year} года идут по порядку: «${after.label}» (${formatDate(after.date)}) не может быть раньше, чем «${before.label}» (${formatDate(before.date)})`);
    }
  }
}
