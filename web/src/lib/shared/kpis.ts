import type { KpiCode, KpiUnit } from './api.js';

export interface KpiMeta {
  /** Short title for cards and charts; the full definition is the KPI's passport (queries/*.passport). */
  title: string;
  unit: KpiUnit;
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
};
