/**
 * The API's codes and their Russian labels: plain values, no schemas, so that the web app can
 * import them without TypeBox (api.ts builds its schemas from them and re-exports them).
 */

// The KPI codes come from the KPIs' declarations.
export { KPI_CODES, type KpiCode, type KpiUnit } from './kpis.js';

export const PERIOD_PATTERN = '^\\d{4}-(H[12]|\\d{2})$';

/** What the KPI cards compare with, besides a period named by its code (see CompareQuery). */
export const COMPARE_CODES = ['previous', 'year_ago'] as const;
export type CompareCode = (typeof COMPARE_CODES)[number];

export const PASSPORT_FIELDS = {
  name: 'Наименование',
  unit: 'Единица измерения',
  periodicity: 'Периодичность',
  numerator: 'Числитель',
  denominator: 'Знаменатель',
  method: 'Методика расчёта',
  source: 'Источник данных',
  target: 'Целевое значение',
  responsible: 'Ответственный',
} as const;
export type PassportField = keyof typeof PASSPORT_FIELDS;

export const PROJECTION_STATUSES = ['met', 'on_track', 'off_track', 'insufficient', 'ended'] as const;
export type ProjectionStatus = (typeof PROJECTION_STATUSES)[number];

export const UPLOAD_STATUSES = ['processing', 'applied', 'rejected', 'failed', 'rolled_back'] as const;
export type UploadStatus = (typeof UPLOAD_STATUSES)[number];

export const ROLES = ['viewer', 'methodologist', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  viewer: 'Просмотр (официальное лицо)',
  methodologist: 'Методист',
  admin: 'Администратор',
};

/** Who may call a route: anyone, or a signed-in user of at least this role. */
export type Access = 'public' | Role;

/** The slides of a deck beside its charts, in the deck's order, named as the export bar offers them. */
export const DECK_PARTS = {
  title: 'титульный слайд',
  summary: 'итоги периода и прогноз',
  kpis: 'сводка показателей',
  scorecard: 'сводка по районам',
  passports: 'паспорта показателей',
} as const;
export type DeckPart = keyof typeof DECK_PARTS;
export const DECK_PART_CODES = Object.keys(DECK_PARTS) as DeckPart[];

/** How a deck carries its charts: PowerPoint charts a presenter can restyle, or the pictures. */
export const CHART_FORMS = {
  native: 'диаграммы PowerPoint (можно менять цвета и подписи)',
  picture: 'картинки, как на экране',
} as const;
export type ChartForm = keyof typeof CHART_FORMS;
export const CHART_FORM_CODES = Object.keys(CHART_FORMS) as ChartForm[];

/** The widths a chart's picture is drawn at (/api/preview): a phone's at least, a wide screen's at most. */
export const PREVIEW_WIDTH = { min: 280, max: 2400 } as const;

/** What a subscription mails. */
export const SUBSCRIPTION_REPORTS = {
  deck: 'Презентация (PPTX)',
  pdf: 'Отчёт (PDF)',
  both: 'Презентация и отчёт',
  reminders: 'Напоминание о данных и отчётах',
} as const;
export type SubscriptionReport = keyof typeof SUBSCRIPTION_REPORTS;

/** When a subscription mails. */
export const SUBSCRIPTION_SCHEDULES = {
  weekly: 'еженедельно',
  monthly: 'ежемесячно',
  approval: 'после утверждения итогов',
} as const;
export type SubscriptionSchedule = keyof typeof SUBSCRIPTION_SCHEDULES;
