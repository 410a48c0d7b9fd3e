import type { KpiCode, KpiUnit } from './api.js';

export interface KpiMeta {
  title: string;
  unit: KpiUnit;
  /** How the number is computed, in words an official can check against the plan. */
  definition: string;
}

/** The district plan's KPIs, in the order the dashboard shows them. */
export const KPI_META: Record<KpiCode, KpiMeta> = {
  competition_share: {
    title: 'ОО — участники конкурса на статус',
    unit: 'percent',
    definition:
      'Организации, подавшие хотя бы одну заявку на конкурс на присвоение статуса стажировочной площадки ' +
      '(конкурсы по учебный год периода включительно, нарастающим итогом), от всех организаций.',
  },
  authors_share: {
    title: 'Педагоги — авторы ресурсов',
    unit: 'percent',
    definition:
      'Педагоги (каждый учитывается один раз), ставшие авторами хотя бы одного методического ресурса площадок, ' +
      'опубликованного по конец периода, от численности педагогов в учебном году периода.',
  },
  users_share: {
    title: 'Педагоги — пользователи ресурсов',
    unit: 'percent',
    definition:
      'Педагоги (каждый учитывается один раз), использовавшие хотя бы один ресурс площадок по конец периода, ' +
      'от численности педагогов в учебном году периода.',
  },
  pilot_orgs: {
    title: 'Пилотные организации',
    unit: 'count',
    definition: 'Организации — базы площадок с отметкой «пилотная», получившие статус по конец периода.',
  },
  testing_orgs: {
    title: 'ОО, апробирующие процедуры',
    unit: 'count',
    definition: 'Организации — базы площадок с отметкой «апробация процедур», получившие статус по конец периода.',
  },
};
