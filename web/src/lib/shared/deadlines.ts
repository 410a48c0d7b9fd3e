import type { DeadlinesResponse } from './api.js';
import type { TableData } from './table.js';
import { formatDate } from './format.js';

/** The sites late with their report, as the «Сроки» page lists them: for a reminder letter or a meeting. */
export function overdueTable(data: DeadlinesResponse): TableData {
  return {
    headers: ['Площадка', 'Код площадки', 'Район', 'Базовая организация', 'Срок', 'Сдан', 'Просрочка, дней'],
    rows: data.overdue.map((o) => [o.name, o.site, o.districtName, o.host, formatDate(o.deadline), o.submittedOn ? formatDate(o.submittedOn) : 'не сдан', o.daysLate]),
  };
}
