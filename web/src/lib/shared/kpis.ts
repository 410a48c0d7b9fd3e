import type { KpiCode, KpiUnit } from './api.js';
import { formatInteger, formatPercent, plural } from './format.js';

export interface KpiMeta {
  /** Short title for cards and charts; the full definition is the KPI's passport (queries/*.passport). */
  title: string;
  unit: KpiUnit;
  /** The card's line under the value, when «numerator из denominator» would not read right. */
  detail?: (numerator: number, denominator: number) => string;
}

/** The district plan's KPIs, in the order the dashboard shows them. */
export const KPI_META: Record<KpiCode, KpiMeta> = {
  competition_share: {
    title: 'ОО — участники конкурса на статус',
    unit: 'percent',
  },
  authors_share: {
    title: 'Педагоги — авторы ресурсов',
    unit: 'percent',
  },
  users_share: {
    title: 'Педагоги — пользователи ресурсов',
    unit: 'percent',
  },
  pilot_orgs: {
    title: 'Пилотные организации',
    unit: 'count',
  },
  testing_orgs: {
    title: 'ОО, апробирующие процедуры',
    unit: 'count',
  },
  reach_share: {
    title: 'Педагоги, прошедшие стажировку',
    unit: 'percent',
  },
  completion_rate: {
    title: 'Стажёры с сертификатом',
    unit: 'percent',
  },
  cross_school_share: {
    title: 'Стажёры из других ОО',
    unit: 'percent',
  },
  resource_reuse: {
    title: 'Ресурсы, применённые другими ОО',
    unit: 'percent',
  },
  org_engagement: {
    title: 'ОО, вовлечённые в работу площадок',
    unit: 'percent',
  },
  report_timeliness: {
    title: 'Отчёты площадок в срок',
    unit: 'percent',
  },
  avg_attendance: {
    title: 'Участников на мероприятие',
    unit: 'average',
    detail: (n, d) => `${formatInteger(n)} чел. за ${formatInteger(d)} ${plural(d, ['мероприятие', 'мероприятия', 'мероприятий'])}`,
  },
  attendance_plan: {
    title: 'Участники мероприятий: факт к плану',
    unit: 'percent',
    detail: (n, d) => `${formatInteger(n)} чел. при плане ${formatInteger(d)}`,
  },
  events_per_site: {
    title: 'Мероприятий на площадку',
    unit: 'average',
    detail: (n, d) => `${formatInteger(n)} ${plural(n, ['мероприятие', 'мероприятия', 'мероприятий'])} на ${formatInteger(d)} ${plural(d, ['площадку', 'площадки', 'площадок'])}`,
  },
  satisfaction: {
    title: 'Оценка мероприятий участниками (из 5)',
    unit: 'average',
    detail: (n, d) => `${formatInteger(n)} ${plural(n, ['анкета', 'анкеты', 'анкет'])} от ${formatInteger(d)} ${plural(d, ['участника', 'участников', 'участников'])}`
      + (d > 0 ? ` (${formatPercent((100 * n) / d)})` : ''),
  },
};
