import type { SiteRow } from './api.js';
import type { TableData } from './table.js';
import { formatDate } from './format.js';
import { labelOf, SITE_LEVELS } from './vocabulary.js';

/** A site's status as of the day of the data, in words. */
export const siteStatus = (s: Pick<SiteRow, 'expired' | 'pending'>) => (s.expired ? 'истёк' : s.pending ? 'ещё не действует' : 'действует');

/** The sites list as a table to hand to people (CSV, XLSX): the page's columns and its marks. */
export function sitesTable(rows: SiteRow[]): TableData {
  return {
    headers: [
      'Площадка', 'Код площадки', 'Район', 'Базовая организация', 'Направление', 'Уровень', 'Статус с', 'Статус до', 'Статус',
      'Пилотная', 'Апробация процедур', 'Мероприятия', 'Стажёры', 'Ресурсы',
    ],
    rows: rows.map((s) => [
      s.name, s.code, s.districtName, s.hostName, s.directionName, labelOf(SITE_LEVELS, s.level), formatDate(s.statusGrantedOn), formatDate(s.statusValidUntil),
      siteStatus(s), s.isPilot ? 'да' : 'нет', s.isTesting ? 'да' : 'нет', s.events, s.trainees, s.resources,
    ]),
  };
}
