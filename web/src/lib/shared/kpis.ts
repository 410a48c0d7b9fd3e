import { NOT_ARRIVED, type ExpectedDataset } from './completeness.js';
import { formatInteger, formatPercent, plural } from './format.js';

/** percent: 0–100; count: whole number; average: a mean or ratio, shown with one decimal. */
export type KpiUnit = 'percent' | 'count' | 'average';

/**
 * How a KPI is read from the rows of its SQL file, queries/<query>.sql (one row per district and
 * the total). The value is the numerator's percent of the denominator, or the numerator itself
 * when there is none; `ratio`: numerator ÷ denominator; `meanOf`: that column ÷ numerator (a mean
 * rating over the questionnaires, whose share of the denominator the card shows beside it).
 * A test runs every KPI's query and checks these columns are in its rows.
 */
export interface KpiSource {
  query: string;
  numerator: string;
  denominator: string | null;
  value?: 'ratio' | { meanOf: string };
  /**
   * The column counting what the KPI is about before its denominator's own condition (the sites
   * owing the year's report, their deadline passed or not): with nothing to divide by, it tells
   * «nothing in the filters» from «not yet» (KpiMeta.detail).
   */
  inScope?: string;
}

export interface KpiMeta {
  /** Short title for cards and charts; the full definition is the KPI's passport (queries/*.passport). */
  title: string;
  unit: KpiUnit;
  /** The KPI as the subject of a Russian sentence, and its grammatical gender (verb endings). */
  subject: string;
  gender: 'f' | 'n';
  /** The highest value the KPI can take, where its unit does not say it (a rating out of 5). */
  max?: number;
  /**
   * The card's line under the value, when «numerator из denominator» would not read right;
   * `inScope`: the source's inScope column, where it has one (absent in figures approved before it).
   */
  detail?: (numerator: number, denominator: number, inScope?: number) => string;
  /** What a district without a value lacks, said where its bar would be (default «нет данных»). */
  nothingToDivide?: string;
  /**
   * A value whose denominator is smaller (for a mean rating: whose questionnaires are fewer) is
   * «мало данных» in the scorecard, not ranked: one teacher more or less would change its colour.
   */
  fewBelow?: number;
  /**
   * The datasets a district sends that the KPI is computed from: where they have not arrived for
   * the period («Полнота данных»), the district's value is «данные не поступили», never a 0.
   */
  needs?: readonly ExpectedDataset[];
  /** A percent whose numerator is no part of its denominator (more came than planned): above 100 % it is no fault of the data. */
  mayPass100?: boolean;
  source: KpiSource;
  /** «Кто за этой цифрой»: the headings of the list of organizations behind the value. */
  who: KpiWho;
}

/**
 * The organizations behind a KPI's value, one row each, from queries/orgs_<source.query>.sql: the
 * same numerator and denominator columns as the KPI's query, counted per organization. The
 * organizations are those of the filters (`all`: the teachers' own, each counted with the
 * organization named beside them) or the sites' hosts (`hosts`).
 */
export interface KpiWho {
  of: 'all' | 'hosts';
  numerator: string;
  /** None where each organization is one of the denominator: the numerator is then a yes or no. */
  denominator?: string;
  /** The heading of the query's `note` column, where it fills one. */
  note?: string;
}

/** The «мало данных» thresholds, by what a denominator counts. */
export const FEW = { people: 30, organizations: 5, units: 3 } as const;

/**
 * The district plan's KPIs, in the order the dashboard shows them: each KPI's one declaration.
 * With its SQL file and its passport (queries/kpi_<code>.passport) it is the whole KPI: the codes,
 * the API's list and the server's reading of the rows all come from here (README, «Adding a KPI»).
 */
const DECLARED = {
  competition_share: {
    title: 'ОО — участники конкурса на статус',
    unit: 'percent',
    subject: 'Доля ОО — участников конкурса на статус',
    gender: 'f',
    fewBelow: FEW.organizations,
    source: { query: 'kpi_competition_share', numerator: 'numerator', denominator: 'denominator' },
    who: { of: 'all', numerator: 'Подавала заявку', note: 'Годы конкурса' },
  },
  authors_share: {
    title: 'Педагоги — авторы ресурсов',
    unit: 'percent',
    subject: 'Доля педагогов — авторов ресурсов',
    gender: 'f',
    fewBelow: FEW.people,
    needs: ['organization_headcounts'],
    source: { query: 'kpi_authors_share', numerator: 'numerator', denominator: 'denominator' },
    who: { of: 'all', numerator: 'Авторов ресурсов', denominator: 'Педагогов', note: 'Примечание' },
  },
  users_share: {
    title: 'Педагоги — пользователи ресурсов',
    unit: 'percent',
    subject: 'Доля педагогов — пользователей ресурсов',
    gender: 'f',
    fewBelow: FEW.people,
    needs: ['organization_headcounts'],
    source: { query: 'kpi_users_share', numerator: 'numerator', denominator: 'denominator' },
    who: { of: 'all', numerator: 'Пользователей ресурсов', denominator: 'Педагогов', note: 'Примечание' },
  },
  pilot_orgs: {
    title: 'Пилотные организации',
    unit: 'count',
    subject: 'Число пилотных организаций',
    gender: 'n',
    source: { query: 'kpi_pilot_testing_orgs', numerator: 'pilot', denominator: null },
    who: { of: 'hosts', numerator: 'Пилотная', note: 'Площадки' },
  },
  testing_orgs: {
    title: 'ОО, апробирующие процедуры',
    unit: 'count',
    subject: 'Число ОО — участников апробации процедур',
    gender: 'n',
    source: { query: 'kpi_pilot_testing_orgs', numerator: 'testing', denominator: null },
    who: { of: 'hosts', numerator: 'Апробирует процедуры', note: 'Площадки' },
  },
  reach_share: {
    title: 'Педагоги, прошедшие стажировку',
    unit: 'percent',
    subject: 'Доля педагогов, прошедших стажировку',
    gender: 'f',
    fewBelow: FEW.people,
    needs: ['participations', 'organization_headcounts'],
    source: { query: 'kpi_trainees', numerator: 'reached', denominator: 'teachers' },
    who: { of: 'all', numerator: 'Прошли стажировку', denominator: 'Педагогов', note: 'Примечание' },
  },
  completion_rate: {
    title: 'Стажёры с сертификатом',
    unit: 'percent',
    subject: 'Доля стажёров с сертификатом',
    gender: 'f',
    fewBelow: FEW.people,
    needs: ['participations'],
    source: { query: 'kpi_trainees', numerator: 'certified', denominator: 'trainees' },
    who: { of: 'all', numerator: 'С сертификатом', denominator: 'Стажёров' },
  },
  cross_school_share: {
    title: 'Стажёры из других ОО',
    unit: 'percent',
    subject: 'Доля стажёров из других ОО',
    gender: 'f',
    fewBelow: FEW.people,
    needs: ['participations'],
    source: { query: 'kpi_trainees', numerator: 'cross_school', denominator: 'trainees' },
    who: { of: 'all', numerator: 'Стажировались в других ОО', denominator: 'Стажёров' },
  },
  resource_reuse: {
    title: 'Ресурсы, применённые другими ОО',
    unit: 'percent',
    subject: 'Доля ресурсов, применённых другими ОО',
    gender: 'f',
    fewBelow: FEW.units,
    source: { query: 'kpi_resource_reuse', numerator: 'numerator', denominator: 'denominator' },
    who: { of: 'hosts', numerator: 'Применены другими ОО', denominator: 'Ресурсов' },
  },
  org_engagement: {
    title: 'ОО, вовлечённые в работу площадок',
    unit: 'percent',
    subject: 'Доля ОО, вовлечённых в работу площадок',
    gender: 'f',
    fewBelow: FEW.organizations,
    needs: ['participations'],
    source: { query: 'kpi_org_engagement', numerator: 'numerator', denominator: 'denominator' },
    who: { of: 'all', numerator: 'Вовлечена', note: 'Чем' },
  },
  report_timeliness: {
    title: 'Отчёты площадок в срок',
    unit: 'percent',
    subject: 'Доля отчётов площадок, сданных в срок',
    gender: 'f',
    // No report whose deadline has passed: no site in the filters owes one, or the deadline is ahead.
    detail: (n, d, owing) => (d > 0 ? `${formatInteger(n)} из ${formatInteger(d)}`
      : owing === 0 ? 'нет площадок, обязанных сдать отчёт'
      : owing !== undefined ? 'срок сдачи отчётов ещё не наступил'
      : 'нет отчётов с наступившим сроком сдачи'),
    // A district on the chart has a row only where some site owes the report: its deadline is ahead.
    nothingToDivide: 'нет отчётов с наступившим сроком',
    fewBelow: FEW.units,
    source: { query: 'site_reports_timeliness', numerator: 'on_time', denominator: 'past_deadline', inScope: 'due' },
    who: { of: 'hosts', numerator: 'Сдано в срок', denominator: 'Срок сдачи наступил', note: 'Остальные отчёты' },
  },
  avg_attendance: {
    title: 'Участников на мероприятие',
    unit: 'average',
    subject: 'Среднее число участников мероприятия',
    gender: 'n',
    detail: (n, d) => `${formatInteger(n)} чел. за ${formatInteger(d)} ${plural(d, ['мероприятие', 'мероприятия', 'мероприятий'])}`,
    fewBelow: FEW.units,
    needs: ['events'],
    source: { query: 'kpi_events', numerator: 'actual', denominator: 'events_reported', value: 'ratio' },
    who: { of: 'hosts', numerator: 'Участников', denominator: 'Мероприятий с данными об участниках' },
  },
  attendance_plan: {
    title: 'Участники мероприятий: факт к плану',
    unit: 'percent',
    subject: 'Выполнение плана по участникам мероприятий',
    gender: 'n',
    detail: (n, d) => `${formatInteger(n)} чел. при плане ${formatInteger(d)}`,
    fewBelow: FEW.people,
    needs: ['events'],
    mayPass100: true,
    source: { query: 'kpi_events', numerator: 'actual', denominator: 'planned_reported' },
    who: { of: 'hosts', numerator: 'Участников', denominator: 'По плану' },
  },
  events_per_site: {
    title: 'Мероприятий на площадку',
    unit: 'average',
    subject: 'Число мероприятий на площадку',
    gender: 'n',
    detail: (n, d) => `${formatInteger(n)} ${plural(n, ['мероприятие', 'мероприятия', 'мероприятий'])} на ${formatInteger(d)} ${plural(d, ['площадку', 'площадки', 'площадок'])}`,
    nothingToDivide: 'нет площадок',
    fewBelow: FEW.units,
    needs: ['events'],
    source: { query: 'kpi_events', numerator: 'events', denominator: 'sites', value: 'ratio' },
    who: { of: 'hosts', numerator: 'Мероприятий', denominator: 'Площадок' },
  },
  satisfaction: {
    title: 'Оценка мероприятий участниками (из 5)',
    unit: 'average',
    subject: 'Средняя оценка мероприятий участниками',
    gender: 'f',
    max: 5,
    detail: (n, d) => `${formatInteger(n)} ${plural(n, ['анкета', 'анкеты', 'анкет'])} от ${formatInteger(d)} ${plural(d, ['участника', 'участников', 'участников'])}`
      + (d > 0 ? ` (${formatPercent((100 * n) / d)})` : ''),
    nothingToDivide: 'нет анкет',
    fewBelow: FEW.people,
    needs: ['events'],
    source: { query: 'kpi_events', numerator: 'responses', denominator: 'actual', value: { meanOf: 'rating_sum' } },
    who: { of: 'hosts', numerator: 'Анкет', denominator: 'Участников' },
  },
} satisfies Record<string, KpiMeta>;

/**
 * Why a district has no value of a KPI, in the words its chart writes where the bar would be and
 * its table in the value's cell: its data did not come, or nothing to divide by («нет анкет»).
 */
export function absenceOf(kpi: KpiCode, notArrived: boolean): string {
  return notArrived ? NOT_ARRIVED : KPI_META[kpi].nothingToDivide ?? 'нет данных';
}

/** The card's line under its value: «numerator из denominator», or the KPI's own words (KpiMeta.detail). */
export function cardDetail(card: { code: KpiCode; numerator: number; denominator: number; inScope?: number }): string {
  const detail = KPI_META[card.code].detail?.(card.numerator, card.denominator, card.inScope) ?? `${formatInteger(card.numerator)} из ${formatInteger(card.denominator)}`;
  return impossibleShare(card.code, card) ? `${detail} — ${IMPOSSIBLE}` : detail;
}

/** What an impossible share says beside its value. */
export const IMPOSSIBLE = 'больше 100 %, так быть не может: проверьте данные';

/**
 * A share whose part is more than its whole (100 trainees of a school of 78 teachers): the data
 * are wrong — a code, a headcount —, and the value is no result to judge, rank or approve.
 */
export function impossibleShare(code: KpiCode, m: { numerator: number; denominator: number | null }): boolean {
  const meta = KPI_META[code];
  return meta.unit === 'percent' && !meta.mayPass100 && m.denominator !== null && m.denominator > 0 && m.numerator > m.denominator;
}

export type KpiCode = keyof typeof DECLARED;
export const KPI_META: Record<KpiCode, KpiMeta> = DECLARED;
export const KPI_CODES = Object.keys(DECLARED) as KpiCode[];

/**
 * The target a value is judged by. A count's target (pilot and testing organizations) is the
 * region's as a whole: a part's count — a district's, or the kindergartens' or one direction's —
 * its cards, its trend, its bar, its scorecard cell — is shown, not judged by it.
 */
export function judgedTarget(kpi: KpiCode, target: number | null, ofPart: boolean): number | null {
  return ofPart && KPI_META[kpi].unit === 'count' ? null : target;
}

/** Whether filters take a part of the region: a district, a type of organization, a direction. */
export const ofPart = (filters: { district: string | null; orgType: string | null; direction: string | null }) =>
  filters.district !== null || filters.orgType !== null || filters.direction !== null;
