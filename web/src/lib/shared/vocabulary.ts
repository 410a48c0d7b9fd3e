/**
 * Codes stored in the database and their Russian labels. One place for server and web, so a
 * code added here is known to validation, API and charts at once.
 */
/** A code's Russian label in one of these lists; an unknown code shows as it is. */
export const labelOf = <T extends Record<string, string>>(labels: T, code: string): string => labels[code as keyof T] ?? code;

export const ORG_TYPES = {
  school: 'Школа',
  gymnasium: 'Гимназия',
  lyceum: 'Лицей',
  kindergarten: 'Детский сад',
  additional: 'Дополнительное образование',
  other: 'Другое',
} as const;
export type OrgType = keyof typeof ORG_TYPES;

export const SITE_LEVELS = {
  school: 'Школьный',
  municipal: 'Муниципальный',
  regional: 'Региональный',
} as const;
export type SiteLevel = keyof typeof SITE_LEVELS;

export const EVENT_FORMATS = {
  seminar: 'Семинар',
  workshop: 'Практикум',
  conference: 'Конференция',
  webinar: 'Вебинар',
  videoconference: 'Видеоконференция',
  master_class: 'Мастер-класс',
  visit: 'Выезд в ОО',
} as const;
export type EventFormat = keyof typeof EVENT_FORMATS;

export const EVENT_MODES = {
  in_person: 'Очно',
  remote: 'Дистанционно',
} as const;
export type EventMode = keyof typeof EVENT_MODES;

export const PARTICIPATION_ROLES = {
  trainee: 'Стажёр',
  author: 'Автор',
  tutor: 'Тьютор',
} as const;

export const REPORT_TYPES = {
  analytic: 'Аналитический отчёт',
  mini: 'Мини-отчёт',
  none: 'Нет',
} as const;

export const RESOURCE_KINDS = {
  methodical_guide: 'Методические рекомендации',
  lesson_plan: 'Технологическая карта урока',
  video: 'Видеозапись',
  case: 'Кейс',
  program: 'Программа',
  presentation: 'Презентация',
} as const;
export type ResourceKind = keyof typeof RESOURCE_KINDS;

export const APPLICATION_OUTCOMES = {
  granted: 'Статус присвоен',
  rejected: 'Отказ',
  pending: 'На рассмотрении',
} as const;

export const PLAN_STATUSES = {
  done: 'Выполнено',
  in_progress: 'В работе',
  planned: 'Запланировано',
  overdue: 'Просрочено',
} as const;
export type PlanStatus = keyof typeof PLAN_STATUSES;

export const REPORT_STATUSES = {
  on_time: 'В срок',
  late: 'С опозданием',
  missing: 'Не сдан',
  pending: 'Срок не наступил',
} as const;
export type ReportStatus = keyof typeof REPORT_STATUSES;

/** The yearly cycle's dated items, in their order within a school year. */
export const DEADLINE_KINDS = {
  applications_open: 'Начало приёма заявок на конкурс',
  applications_close: 'Окончание приёма заявок',
  expert_review: 'Завершение экспертизы заявок',
  result_order: 'Приказ об итогах конкурса',
  site_report: 'Срок годовых отчётов площадок',
} as const;
export type DeadlineKind = keyof typeof DEADLINE_KINDS;

export const FUNNEL_STAGES = {
  enrolled: 'Записались',
  attended: 'Прошли стажировку',
  reported: 'Сдали отчёт',
  certified: 'Получили сертификат',
} as const;
export type FunnelStage = keyof typeof FUNNEL_STAGES;
