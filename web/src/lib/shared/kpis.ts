import type { KpiCode, KpiUnit } from './api.js';
import { formatInteger, formatPercent, plural } from './format.js';

export interface KpiMeta {
  /** Short title for cards and charts; the full definition is the KPI's passport (queries/*.passport). */
  title: string;
  unit: KpiUnit;
  /** The KPI as the subject of a Russian sentence, and its grammatical gender (verb endings). */
  subject: string;
  gender: 'f' | 'n';
  /** The highest value the KPI can take, where its unit does not say it (a rating out of 5). */
  max?: number;
  /** The card's line under the value, when «numerator из denominator» would not read right. */
  detail?: (numerator: number, denominator: number) => string;
}

/** The district plan's KPIs, in the order the dashboard shows them. */
export const KPI_META: Record<KpiCode, KpiMeta> = {
  competition_share: {
    title: 'ОО — участники конкурса на статус',
    unit: 'percent',
    subject: 'Доля ОО — участников конкурса на статус',
    gender: 'f',
  },
  authors_share: {
    title: 'Педагоги — авторы ресурсов',
    unit: 'percent',
    subject: 'Доля педагогов — авторов ресурсов',
    gender: 'f',
  },
  users_share: {
    title: 'Педагоги — пользователи ресурсов',
    unit: 'percent',
    subject: 'Доля педагогов — пользователей ресурсов',
    gender: 'f',
  },
  pilot_orgs: {
    title: 'Пилотные организации',
    unit: 'count',
    subject: 'Число пилотных организаций',
    gender: 'n',
  },
  testing_orgs: {
    title: 'ОО, апробирующие процедуры',
    unit: 'count',
    subject: 'Число ОО — участников апробации процедур',
    gender: 'n',
  },
  reach_share: {
    title: 'Педагоги, прошедшие стажировку',
    unit: 'percent',
    subject: 'Доля педагогов, прошедших стажировку',
    gender: 'f',
  },
  completion_rate: {
    title: 'Стажёры с сертификатом',
    unit: 'percent',
    subject: 'Доля стажёров с сертификатом',
    gender: 'f',
  },
  cross_school_share: {
    title: 'Стажёры из других ОО',
    unit: 'percent',
    subject: 'Доля стажёров из других ОО',
    gender: 'f',
  },
  resource_reuse: {
    title: 'Ресурсы, применённые другими ОО',
    unit: 'percent',
    subject: 'Доля ресурсов, применённых другими ОО',
    gender: 'f',
  },
  org_engagement: {
    title: 'ОО, вовлечённые в работу площадок',
    unit: 'percent',
    subject: 'Доля ОО, вовлечённых в работу площадок',
    gender: 'f',
  },
  report_timeliness: {
    title: 'Отчёты площадок в срок',
    unit: 'percent',
    subject: 'Доля отчётов площадок, сданных в срок',
    gender: 'f',
  },
  avg_attendance: {
    title: 'Участников на мероприятие',
    unit: 'average',
    subject: 'Среднее число участников мероприятия',
    gender: 'n',
    detail: (n, d) => `${formatInteger(n)} чел. за ${formatInteger(d)} ${plural(d, ['мероприятие', 'мероприятия', 'мероприятий'])}`,
  },
  attendance_plan: {
    title: 'Участники мероприятий: факт к плану',
    unit: 'percent',
    subject: 'Выполнение плана по участникам мероприятий',
    gender: 'n',
    detail: (n, d) => `${formatInteger(n)} чел. при плане ${formatInteger(d)}`,
  },
  events_per_site: {
    title: 'Мероприятий на площадку',
    unit: 'average',
    subject: 'Число мероприятий на площадку',
    gender: 'n',
    detail: (n, d) => `${formatInteger(n)} ${plural(n, ['мероприятие', 'мероприятия', 'мероприятий'])} на ${formatInteger(d)} ${plural(d, ['площадку', 'площадки', 'площадок'])}`,
  },
  satisfaction: {
    title: 'Оценка мероприятий участниками (из 5)',
    unit: 'average',
    subject: 'Средняя оценка мероприятий участниками',
    gender: 'f',
    max: 5,
    detail: (n, d) => `${formatInteger(n)} ${plural(n, ['анкета', 'анкеты', 'анкет'])} от ${formatInteger(d)} ${plural(d, ['участника', 'участников', 'участников'])}`
      + (d > 0 ? ` (${formatPercent((100 * n) / d)})` : ''),
  },
};
