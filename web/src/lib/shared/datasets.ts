/**
 * The upload datasets: what a methodologist's file must hold, column by column. One place for
 * the server's validation, the upload page's column mapping, the templates and the README.
 */
import {
  APPLICATION_OUTCOMES, EVENT_FORMATS, EVENT_MODES, ORG_TYPES, PARTICIPATION_ROLES, PLAN_STATUSES, REPORT_TYPES, RESOURCE_KINDS, SITE_LEVELS,
} from './vocabulary.js';
import { formatInteger } from './format.js';

export type FieldType =
  | 'text' // any text, trimmed
  | 'code' // an identifier: text without line breaks
  | 'inn' // ИНН: 10 or 12 digits with control digits, kept as text
  | 'kpp' // КПП: 9 characters
  | 'ogrn' // ОГРН: 13 digits with a control digit
  | 'email'
  | 'url' // a web address: http(s), the scheme added when missing
  | 'person' // a teacher: СНИЛС (control digits checked) or a source-system id; stored as a keyed hash
  | 'integer'
  | 'date' // dd.mm.yyyy, yyyy-mm-dd, or an Excel date
  | 'boolean' // да/нет, 1/0, true/false
  | 'enum' // a code or its Russian label
  | 'school_year' // 2022/23, 2022/2023, 2022-23 → 2022 (a lone «2022» is refused: 2021/22 or 2022/23?)
  | 'half_years'; // a list: 2021-H1, 2021-H2 or «1 п/г 2021»

/** Tables a field may refer to; the value must exist there (by code, or by name for lists). */
export type RefTable = 'districts' | 'directions' | 'organizations' | 'sites' | 'events' | 'resources';

export interface FieldSpec {
  key: string;
  /** The header in templates, in Russian. */
  header: string;
  /** Other headers accepted for the column (compared case- and punctuation-insensitively). */
  aliases: string[];
  type: FieldType;
  required: boolean;
  values?: Readonly<Record<string, string>>;
  /** Extra spellings of enum values: spelling → code. */
  synonyms?: Readonly<Record<string, string>>;
  ref?: RefTable;
  min?: number;
  max?: number;
  /**
   * A count that is never 0 (min 1: an organization always has teachers): what a 0 is refused
   * with — why it is no count, and what to write instead.
   */
  zero?: string;
  hint?: string;
  /** A date where a month is enough («сентябрь 2022» → the 1st): the KPIs count it by half-year. */
  monthEnough?: boolean;
  /**
   * Calendar years after the current one a date may lie in (default 1: events planned for next
   * year); a later year is taken for a typo («2033» for «2023»), which would move every dashboard
   * to an empty future half-year.
   */
  yearsAhead?: number;
  /** The day something was done (a report or an application handed in, a resource used): not after today. */
  done?: boolean;
  /**
   * An integer field that holds a calendar year: what a school year («2026/27») written there
   * stands for — which of its two years the dataset means and why, for the message that names it
   * ('ask' where that is not clear: one year is asked for).
   */
  schoolYear?: { take: 'first' | 'second'; why: string } | 'ask';
  /** A person field: how to write several people of one record (a cell with two ids is refused saying so). */
  onePerRow?: string;
  /** A person column headed СНИЛС: only a valid СНИЛС is a teacher there (set per file column). */
  snilsOnly?: boolean;
  /**
   * A yes/no field's own words besides «да»/«нет» and the signs every such field reads: what
   * people answer its question with («прошла», «не прошла»; «выдан», «не выдан»), in lower case
   * («ё» and «е» alike); «да, прошла» is read as both words say.
   */
  yesNo?: { yes: readonly string[]; no: readonly string[] };
  /**
   * A choice of two that a value may name both of or call mixed («смешанный», «гибридный»,
   * «очно/дистанционно», «очно + онлайн»): which one is meant cannot be guessed, so such a value
   * is refused with this message, saying what to write.
   */
  mixed?: string;
  /**
   * A count of an event's participants: what a cell saying the event was cancelled or postponed
   * instead of a count («не состоялось», «отменено», «перенесено на январь») is refused with —
   * what to do with the event's row.
   */
  notHeld?: { cancelled: string; postponed: string };
  /** A required column files of a common kind lack: what the refusal naming it missing adds, saying how to make it. */
  whenMissing?: string;
  /**
   * Words of a choice column that name no choice but are near one («лауреат» in a competition's
   * result: granted or not?): a cell opening with one is refused with `message` ({} — the cell).
   */
  unclear?: { words: readonly string[]; message: string };
  /** Free text whose line breaks mean something (a comment, a list of products); other text is one line. */
  multiline?: boolean;
  /**
   * A choice written after an organization's legal form, as registries write the type («МБОУ
   * СОШ», «МАУ ДО», «ГБОУ гимназия»): the form (LEGAL_FORM) is left out, the rest read.
   */
  afterLegalForm?: boolean;
}

/** A Russian state or municipal organization's legal form, as it opens its type or name: МБОУ, МАОУ, ГБУ, МАУ ДО … */
export const LEGAL_FORM = /^(?:[мг][бак]?(?:о|до)?у|чоу|ано)\s+/i;

export interface DatasetSpec {
  code: DatasetCode;
  title: string;
  description: string;
  fields: FieldSpec[];
  /** Fields that identify a row: two rows of one file with the same key are an error. */
  key: string[];
  /**
   * Who uploads it: a district's methodologist (her districts' reports) or only the admin (the
   * region's reference lists and plan). Each dataset says so, so none is a methodologist's by default.
   */
  uploadedBy: 'methodologist' | 'admin';
}

export const DATASET_CODES = [
  'districts', 'directions', 'organizations', 'sites', 'competition_applications', 'events', 'feedback',
  'participations', 'resources', 'resource_uses', 'site_reports', 'plan_items',
] as const;
export type DatasetCode = (typeof DATASET_CODES)[number];

const f = (key: string, header: string, type: FieldType, required: boolean, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  key, header, type, required, aliases: [], ...extra,
});

const ORG = (header = 'Код ОО', aliases = ['код организации', 'organization', 'organization_code', 'ОО']) =>
  f('organization', header, 'code', true, { ref: 'organizations', aliases });
const SITE = f('site', 'Код площадки', 'code', true, { ref: 'sites', aliases: ['площадка', 'site', 'site_code'] });
/**
 * «да»: the stored record of the row's key is deleted (one entered by mistake); a corrected file
 * leaving a record out deletes nothing. `own`: the column's name for this dataset's record.
 */
const REMOVE = (own: string) => f('remove', 'Удалить', 'boolean', false, { aliases: [own, 'удаление', 'remove', 'delete'] });
const PERSON_HINT = 'СНИЛС (123-456-789 01) в столбце «СНИЛС» или ID из системы учёта в столбце «ID педагога»; хранится только обезличенный код';
/**
 * A teacher: a column headed СНИЛС (any spelling, see isSnilsHeader) takes only valid СНИЛС; a
 * column declared as the source system's id takes that id. A bare «ID», «№» or a name column is
 * never a person: row numbers would become teachers.
 */
const TEACHER = () => f('teacher', 'ID педагога', 'person', true, {
  aliases: ['id педагога в системе', 'идентификатор педагога', 'код педагога', 'id участника', 'teacher', 'teacher_id'], hint: PERSON_HINT,
  onePerRow: 'на каждого педагога — своя строка',
});
/**
 * What to do with an event that did not take place, said where a count of its participants says
 * so (see FieldSpec.notHeld): a row of «Удалить: да» is checked as any row, so the count it keeps
 * must still be one — the plan, and no actual count.
 */
const notHeld = (actual: boolean) => ({
  cancelled: 'Если мероприятие не состоялось, удалите его строку из файла, а если оно уже загружено — напишите в его строке «да» в столбце «Удалить» '
    + '(добавьте такой столбец, если его нет)' + (actual ? ' и оставьте эту ячейку пустой' : ', а здесь оставьте число участников по плану'),
  postponed: 'Если мероприятие перенесено, укажите в столбце «Дата проведения» новую дату'
    + (actual ? ', а эту ячейку оставьте пустой, пока мероприятие не пройдёт' : ', а здесь — число участников по плану'),
});
const DIRECTION = f('direction', 'Направление', 'code', true, {
  ref: 'directions', aliases: ['код направления', 'direction', 'direction_code'], hint: 'код или название из справочника направлений',
});

export const DATASETS: Record<DatasetCode, DatasetSpec> = {
  districts: {
    code: 'districts',
    uploadedBy: 'admin',
    title: 'Районы',
    description: 'Справочник муниципальных районов (городских округов) региона.',
    key: ['code'],
    fields: [
      f('code', 'Код района', 'code', true, { aliases: ['код', 'code', 'district_code'] }),
      f('name', 'Район', 'text', true, {
        aliases: [
          'название', 'наименование', 'name', 'district',
          // As registers of municipalities head it.
          'наименование района', 'название района', 'наименование муниципального района', 'наименование муниципального образования',
        ],
      }),
    ],
  },
  directions: {
    code: 'directions',
    uploadedBy: 'admin',
    title: 'Направления',
    description: 'Справочник направлений деятельности стажировочных площадок.',
    key: ['code'],
    fields: [
      f('code', 'Код направления', 'code', true, { aliases: ['код', 'code', 'direction_code'] }),
      f('name', 'Направление', 'text', true, { aliases: ['название', 'наименование', 'name', 'direction'] }),
    ],
  },
  organizations: {
    code: 'organizations',
    uploadedBy: 'methodologist',
    title: 'Образовательные организации',
    description: 'Организации района по форме реестра образовательных организаций с численностью педагогов (ОО-1); одна строка на организацию и учебный год. Адрес и контакты организации-базы показывает публичный каталог площадок.',
    key: ['code', 'school_year'],
    fields: [
      f('code', 'Код ОО', 'code', true, { aliases: ['код', 'код организации', 'code', 'organization_code'] }),
      f('name', 'Полное наименование', 'text', true, {
        aliases: ['наименование', 'название', 'name', 'full name', 'наименование оо', 'наименование организации', 'наименование образовательной организации'],
      }),
      f('short_name', 'Краткое наименование', 'text', false, { aliases: ['краткое название', 'сокращённое наименование', 'сокращенное наименование', 'сокращённое название', 'short name', 'short_name'] }),
      f('org_type', 'Тип ОО', 'enum', true, {
        values: ORG_TYPES,
        aliases: ['тип', 'тип организации', 'type', 'org_type'],
        afterLegalForm: true,
        synonyms: {
          сош: 'school', оош: 'school', нош: 'school', 'общеобразовательная школа': 'school', до: 'additional', дод: 'additional',
          'сош с уиоп': 'school', 'сош с углубленным изучением отдельных предметов': 'school',
          доу: 'kindergarten', 'дошкольная организация': 'kindergarten', 'детский сад': 'kindergarten',
          'д/с': 'kindergarten', мдоу: 'kindergarten', мбдоу: 'kindergarten', мадоу: 'kindergarten', мкдоу: 'kindergarten', гбдоу: 'kindergarten',
          удо: 'additional', 'доп образование': 'additional', 'дополнительное образование детей': 'additional',
        },
      }),
      f('district', 'Район', 'code', true, { ref: 'districts', aliases: ['код района', 'district', 'district_code', 'муниципалитет'], hint: 'код или название из справочника районов' }),
      f('inn', 'ИНН', 'inn', false, { aliases: ['инн организации', 'инн оо', 'inn'], hint: 'текстом: ведущие нули сохраняются' }),
      f('kpp', 'КПП', 'kpp', false, { aliases: ['кпп организации', 'кпп оо', 'kpp'], hint: 'обязателен для филиала' }),
      f('ogrn', 'ОГРН', 'ogrn', false, { aliases: ['огрн организации', 'огрн оо', 'ogrn'] }),
      f('address', 'Адрес', 'text', false, { aliases: ['адрес места нахождения', 'юридический адрес', 'address'] }),
      f('head', 'Руководитель', 'text', false, { aliases: ['фио руководителя', 'директор', 'заведующий', 'head'] }),
      f('email', 'Электронная почта', 'email', false, { aliases: ['e-mail', 'email', 'эл почта', 'почта'] }),
      f('website', 'Сайт', 'url', false, { aliases: ['официальный сайт', 'адрес сайта', 'website', 'url'] }),
      f('is_branch', 'Филиал', 'boolean', false, { aliases: ['является филиалом', 'branch', 'is_branch'], yesNo: { yes: ['филиал'], no: ['не филиал'] } }),
      // A school closed or merged into another leaves the district's count of organizations from then on.
      f('closed_on', 'Закрыта с', 'date', false, {
        aliases: ['дата закрытия', 'дата ликвидации', 'дата реорганизации', 'дата прекращения деятельности', 'закрыта', 'ликвидирована', 'closed_on'],
        hint: 'день, с которого организация закрыта или присоединена к другой; пусто — работает',
      }),
      f('school_year', 'Учебный год', 'school_year', false, { aliases: ['год', 'school year', 'school_year'], hint: 'например, 2022/23' }),
      // A headcount of 0 is a formula over a sheet no one filled in (or a cell for «unknown»): it
      // would drop the organization's teachers from every share while its trainees still count.
      f('teachers', 'Численность педагогов', 'integer', false, {
        min: 1, max: 100_000, hint: 'пусто, если численность неизвестна (не 0)',
        zero: 'Численность педагогов не может быть 0: в образовательной организации всегда есть педагоги (0 обычно даёт формула по незаполненному листу). '
          + 'Если численность неизвестна, оставьте ячейку пустой — уже записанная численность за этот учебный год тогда не изменится',
        aliases: [
          'педагогов', 'численность', 'численность педагогов оо 1', 'оо 1', 'teachers',
          // As ОО-1 and district offices' own forms say it.
          'педагогических работников', 'численность педагогических работников', 'всего педагогических работников',
          'количество педагогов', 'количество педагогических работников', 'кол-во педагогов', 'кол-во педагогических работников',
        ],
      }),
    ],
  },
  sites: {
    code: 'sites',
    uploadedBy: 'methodologist',
    title: 'Стажировочные площадки',
    description: 'Площадки со статусом: организация-база, направление, уровень, сроки статуса.',
    key: ['code'],
    fields: [
      f('code', 'Код площадки', 'code', true, { aliases: ['код', 'code', 'site_code'] }),
      f('name', 'Название площадки', 'text', true, { aliases: ['название', 'наименование', 'наименование площадки', 'name'] }),
      ORG('Код ОО-базы', ['организация-база', 'код оо', 'база', 'host', 'host_organization_code']),
      DIRECTION,
      f('level', 'Уровень', 'enum', true, {
        values: SITE_LEVELS, aliases: ['уровень площадки', 'level'],
        synonyms: {
          школьная: 'school', 'школьный уровень': 'school', 'уровень оо': 'school', муниципальная: 'municipal', 'муниципальный уровень': 'municipal',
          региональная: 'regional', 'региональный уровень': 'regional',
          'школьная площадка': 'school', 'муниципальная площадка': 'municipal', 'региональная площадка': 'regional',
        },
      }),
      f('granted_on', 'Статус присвоен', 'date', true, { aliases: ['дата присвоения статуса', 'дата присвоения', 'granted', 'status_granted_on'] }),
      f('valid_until', 'Статус действует до', 'date', true, { aliases: ['действует до', 'valid until', 'status_valid_until'], yearsAhead: 10, hint: 'не раньше даты присвоения и не больше чем через шесть лет после неё' }),
      f('is_pilot', 'Пилотная', 'boolean', false, { aliases: ['пилотная площадка', 'pilot', 'is_pilot'], yesNo: { yes: ['пилотная'], no: ['не пилотная'] } }),
      f('is_testing', 'Апробация процедур', 'boolean', false, { aliases: ['апробация', 'testing', 'is_testing'] }),
    ],
  },
  competition_applications: {
    code: 'competition_applications',
    uploadedBy: 'methodologist',
    title: 'Заявки на конкурс',
    description: 'Заявки организаций на конкурс на присвоение статуса стажировочной площадки.',
    key: ['year', 'organization', 'direction'],
    fields: [
      f('year', 'Год конкурса', 'integer', true, {
        min: 2000, max: 2100, aliases: ['год', 'year'], schoolYear: { take: 'first', why: 'конкурс проходит осенью, в начале учебного года' },
      }),
      ORG(),
      DIRECTION,
      f('submitted_on', 'Дата подачи', 'date', true, { aliases: ['дата заявки', 'submitted', 'submitted_on'], done: true }),
      f('outcome', 'Результат', 'enum', true, {
        values: APPLICATION_OUTCOMES,
        // «Решение комиссии»: a competition protocol's column.
        aliases: ['итог', 'outcome', 'решение комиссии', 'решение', 'результат конкурса'],
        synonyms: {
          победитель: 'granted', присвоен: 'granted', 'присвоен статус': 'granted', отклонена: 'rejected', отклонено: 'rejected', отказано: 'rejected',
          'не присвоен': 'rejected', 'не прошла': 'rejected', 'не прошел': 'rejected', 'не прошло': 'rejected',
          рассматривается: 'pending', 'на рассмотрении': 'pending', 'в работе': 'pending',
        },
        // A protocol's rank, not its decision: a laureate may or may not have been granted the status.
        unclear: {
          words: ['лауреат', 'призер', 'призёр', 'дипломант', 'участник', 'рекомендована', 'рекомендован', 'рекомендовано'],
          message: '«{}» — не решение о статусе: напишите «Статус присвоен», если статус присвоен, «Отказ», если нет, или «На рассмотрении», если решения ещё нет',
        },
      }),
      REMOVE('удалить заявку'),
    ],
  },
  events: {
    code: 'events',
    uploadedBy: 'methodologist',
    title: 'Мероприятия',
    description: 'Мероприятия площадок: дата, форма, способ проведения, участники.',
    key: ['code'],
    fields: [
      f('code', 'Код мероприятия', 'code', true, { aliases: ['код', 'code', 'event_code'] }),
      SITE,
      f('title', 'Название', 'text', true, { aliases: ['название мероприятия', 'наименование мероприятия', 'тема', 'title'] }),
      f('held_on', 'Дата проведения', 'date', true, { aliases: ['дата', 'held_on', 'date'] }),
      f('format', 'Форма', 'enum', true, {
        values: EVENT_FORMATS, aliases: ['форма проведения', 'форма мероприятия', 'format'],
        synonyms: {
          'выезд': 'visit', 'посещение оо': 'visit', 'выездной семинар': 'visit', 'мастер класс': 'master_class', 'вебинар онлайн': 'webinar',
          'семинар практикум': 'workshop', 'практическое занятие': 'workshop', 'научно практическая конференция': 'conference',
          'видеоконференцсвязь': 'videoconference', 'вкс': 'videoconference', 'видео конференция': 'videoconference', 'круглый стол': 'seminar',
          'мк': 'master_class', 'м/к': 'master_class', 'семинар (онлайн)': 'seminar',
        },
      }),
      f('mode', 'Способ проведения', 'enum', true, {
        values: EVENT_MODES, aliases: ['способ', 'режим', 'формат проведения', 'mode'],
        synonyms: {
          'очный': 'in_person', 'очная': 'in_person', 'очное': 'in_person', 'офлайн': 'in_person', 'offline': 'in_person',
          'дистанционный': 'remote', 'дистанционная': 'remote', 'дистанционное': 'remote', 'дистант': 'remote', 'онлайн': 'remote',
          'online': 'remote', 'заочно': 'remote', 'заочная': 'remote', 'удалённо': 'remote', 'удаленно': 'remote',
        },
        mixed: 'Смешанный формат: укажите, как участвовало большинство, — Очно или Дистанционно',
      }),
      f('planned', 'Участников по плану', 'integer', true, {
        min: 0, max: 100_000, aliases: [
          'план', 'по плану', 'участники по плану', 'количество участников по плану', 'planned', 'planned_participants',
          // «Участников (план)», «Участников, план», «План участников»: the bracket is the column's meaning, not an explanation.
          'участников план', 'участники план', 'план участников',
        ],
        notHeld: notHeld(false),
      }),
      f('actual', 'Участников фактически', 'integer', false, {
        min: 0, max: 100_000, aliases: [
          'факт', 'фактически', 'участники фактически', 'количество участников фактически', 'actual', 'actual_participants',
          'участников факт', 'участники факт', 'факт участников',
        ],
        notHeld: notHeld(true),
      }),
      REMOVE('удалить мероприятие'),
    ],
  },
  feedback: {
    code: 'feedback',
    uploadedBy: 'methodologist',
    title: 'Отзывы участников',
    description: 'Анкеты участников после мероприятий (выгрузка опроса): одна строка на анкету, оценка от 1 до 5 и комментарий. Анкеты анонимны: нужен только номер анкеты в опросе.',
    key: ['event', 'response'],
    fields: [
      f('event', 'Код мероприятия', 'code', true, { ref: 'events', aliases: ['мероприятие', 'event', 'event_code'] }),
      f('response', 'Номер анкеты', 'code', true, {
        aliases: ['№ анкеты', 'анкета', 'id ответа', 'номер ответа', 'response', 'response_id'],
        // Yandex's «ID» is the answer's number, but no alias: a registration form's export has it too.
        whenMissing: 'В выгрузке Яндекс-формы номер анкеты — столбец «ID»: переименуйте его в «Номер анкеты». '
          + 'В выгрузке Google-формы номера нет: добавьте столбец «Номер анкеты» и пронумеруйте ответы по порядку: 1, 2, 3 и так далее, '
          + 'а если анкеты этого мероприятия уже загружались — продолжая их номера',
      }),
      f('rating', 'Оценка', 'integer', true, {
        min: 1, max: 5, hint: 'от 1 до 5',
        // As a form asks it: «Оцените мероприятие от 1 до 5», «Как вы оцениваете мероприятие?».
        aliases: ['оценка мероприятия', 'балл', 'rating', 'оцените мероприятие', 'как вы оцениваете мероприятие', 'общая оценка', 'ваша оценка'],
      }),
      f('comment', 'Комментарий', 'text', false, { multiline: true, aliases: ['отзыв', 'пожелания', 'comment', 'ваши пожелания', 'ваш отзыв', 'отзыв о мероприятии'] }),      REMOVE('удалить анкету'),
    ],
  },
  participations: {
    code: 'participations',
    uploadedBy: 'methodologist',
    title: 'Участие педагогов',
    description: 'Стажёры, авторы и тьюторы: одна строка на участие педагога в мероприятии или программе площадки.',
    key: ['teacher', 'site', 'event', 'role', 'started_on'],
    fields: [
      TEACHER(),
      ORG('Код ОО педагога', ['оо педагога', 'код оо', 'organization', 'organization_code']),
      SITE,
      f('event', 'Код мероприятия', 'code', false, { ref: 'events', aliases: ['мероприятие', 'event', 'event_code'], hint: 'пусто — программа стажировки площадки' }),
      f('role', 'Роль', 'enum', true, { values: PARTICIPATION_ROLES, aliases: ['role'] }),
      f('started_on', 'Дата начала', 'date', true, { aliases: ['дата', 'дата участия', 'started_on', 'date'], monthEnough: true }),
      f('attended', 'Прошёл стажировку', 'boolean', false, {
        aliases: ['прошел стажировку', 'участвовал', 'attended'],
        yesNo: {
          yes: ['прошёл', 'прошла', 'прошли', 'прошёл стажировку', 'прошла стажировку', 'прошли стажировку'],
          no: ['не прошёл', 'не прошла', 'не прошли', 'не прошёл стажировку', 'не прошла стажировку', 'не прошли стажировку'],
        },
      }),
      f('report_type', 'Отчёт', 'enum', false, {
        values: REPORT_TYPES, aliases: ['вид отчёта', 'отчет', 'report', 'report_type'],
        synonyms: {
          аналитический: 'analytic', 'аналитическая справка': 'analytic', 'мини отчёт': 'mini', 'мини': 'mini', 'мини отчет': 'mini',
          // No report, said: it takes a stored report off (a dash or «н/д» says nothing, and keeps it).
          'не сдан': 'none', 'не сдано': 'none', 'не представлен': 'none', 'нет отчёта': 'none', 'нет отчета': 'none', отсутствует: 'none',
        },
      }),
      f('certificate', 'Сертификат', 'boolean', false, {
        aliases: ['сертификат выдан', 'certificate', 'certificate_issued'],
        yesNo: {
          yes: ['выдан', 'выдано', 'есть', 'сертификат выдан', 'получен', 'получил', 'получила'],
          no: ['не выдан', 'не выдано', 'сертификат не выдан', 'не получен', 'не получил', 'не получила'],
        },
      }),
      // «да»: the stored participation of the row's key is deleted (a wrong site code, date or
      // role corrected: the wrong record would otherwise stay beside the right one).
      REMOVE('удалить участие'),
    ],
  },
  resources: {
    code: 'resources',
    uploadedBy: 'methodologist',
    title: 'Методические ресурсы',
    description: 'Ресурсы площадок с авторами: одна строка на пару «ресурс — автор» (без автора — одна строка на ресурс).',
    key: ['code', 'author'],
    fields: [
      f('code', 'Код ресурса', 'code', true, { aliases: ['код', 'code', 'resource_code'] }),
      SITE,
      f('title', 'Название ресурса', 'text', true, { aliases: ['название', 'наименование ресурса', 'title'] }),
      f('kind', 'Вид ресурса', 'enum', true, {
        values: RESOURCE_KINDS, aliases: ['вид', 'kind'],
        // Only names of one kind each: «методическая разработка» may be a guide or a lesson's plan.
        synonyms: {
          'методическое пособие': 'methodical_guide', 'методичка': 'methodical_guide', 'методические указания': 'methodical_guide',
          'технологическая карта': 'lesson_plan', 'технологическая карта занятия': 'lesson_plan', 'техкарта': 'lesson_plan',
          'видео': 'video', 'видеоурок': 'video', 'видеоролик': 'video', 'видеозапись урока': 'video', 'видеозапись занятия': 'video',
          'рабочая программа': 'program', 'образовательная программа': 'program', 'программа курса': 'program',
          'кейсы': 'case', 'презентация (pptx)': 'presentation', 'презентация (ppt)': 'presentation', 'презентация (pdf)': 'presentation',
        },
      }),
      f('published_on', 'Дата публикации', 'date', true, { aliases: ['опубликован', 'published', 'published_on'], monthEnough: true }),
      f('author', 'ID автора', 'person', false, {
        aliases: ['идентификатор автора', 'код автора', 'author', 'author_id', 'teacher_id'], hint: PERSON_HINT,
        onePerRow: 'на каждого автора — своя строка с тем же ресурсом',
      }),
      f('author_organization', 'Код ОО автора', 'code', false, { ref: 'organizations', aliases: ['оо автора', 'author_organization'] }),
    ],
  },
  resource_uses: {
    code: 'resource_uses',
    uploadedBy: 'methodologist',
    title: 'Использование ресурсов',
    description: 'Факты использования ресурсов площадок педагогами.',
    key: ['resource', 'teacher', 'used_on'],
    fields: [
      f('resource', 'Код ресурса', 'code', true, { ref: 'resources', aliases: ['ресурс', 'resource', 'resource_code'] }),
      TEACHER(),
      ORG('Код ОО педагога', ['оо педагога', 'код оо', 'organization', 'organization_code']),
      f('used_on', 'Дата использования', 'date', true, { aliases: ['дата', 'used_on', 'date'], monthEnough: true, done: true }),      REMOVE('удалить использование'),
    ],
  },
  site_reports: {
    code: 'site_reports',
    uploadedBy: 'methodologist',
    title: 'Отчёты площадок',
    description: 'Ежегодные отчёты площадок; срок сдачи — 15 мая года отчёта, если администратор не назначил другой.',
    key: ['site', 'year'],
    fields: [
      SITE,
      f('year', 'Год отчёта', 'integer', true, {
        min: 2000, max: 2100, aliases: ['год', 'year'], schoolYear: { take: 'second', why: 'отчёт сдают до 15 мая, в конце учебного года' },
      }),
      f('submitted_on', 'Дата сдачи', 'date', false, { aliases: ['сдан', 'submitted', 'submitted_on'], hint: 'пусто — не сдан', done: true }),      REMOVE('удалить отчёт'),
    ],
  },
  plan_items: {
    code: 'plan_items',
    uploadedBy: 'admin',
    title: 'Календарный план',
    description: 'Пункты календарного плана с полугодиями выполнения и статусом.',
    key: ['code'],
    fields: [
      // A district's plan as it is typed in Word: «№ п/п» holds the item's number (1.1, 2.3).
      f('code', 'Пункт плана', 'code', true, { aliases: ['№', 'номер', '№ п/п', 'номер пункта', 'code'] }),
      f('title', 'Мероприятие плана', 'text', true, { aliases: ['содержание', 'мероприятие', 'наименование мероприятия', 'title'] }),
      f('expected_product', 'Ожидаемый продукт', 'text', true, { multiline: true, aliases: ['продукт', 'результат', 'ожидаемый результат', 'expected_product'] }),
      f('status', 'Статус', 'enum', true, {
        values: PLAN_STATUSES, aliases: ['отметка о выполнении', 'выполнение', 'status'],
        synonyms: { выполнен: 'done', выполнено: 'done', 'в процессе': 'in_progress', 'не начат': 'planned', 'не начато': 'planned' },
      }),
      f('half_years', 'Полугодия', 'half_years', true, { aliases: ['сроки', 'сроки выполнения', 'half_years'], hint: 'через запятую: 2021-H1, 2021-H2 или «1 п/г 2021»' }),
    ],
  },
};

/** Header as compared with aliases: lower case, ё → е, letters and digits only. */
export function normaliseHeader(header: string): string {
  return header.toLowerCase().replace(/ё/g, 'е').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Units people add to a header: «Участников по плану, чел.». */
const HEADER_UNITS = new Set(['чел', 'человек', 'шт', 'ед', 'руб', 'тыс', 'кол', 'во']);

/** A normalised header without a numbering in front («1. Код мероприятия») and units behind. */
function headerCore(normalised: string): string {
  const words = normalised.split(' ');
  while (words.length > 1 && /^\d+$/.test(words[0])) words.shift();
  while (words.length > 1 && HEADER_UNITS.has(words[words.length - 1])) words.pop();
  return words.join(' ');
}

/**
 * The texts a header cell is compared by: as written, and without an explanation in brackets
 * («Дата проведения (ДД.ММ.ГГГГ)», «Форма (семинар, практикум и т.п.)»), each normalised.
 */
function headerCores(header: string): string[] {
  const cores = [header, header.replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')].map((text) => headerCore(normaliseHeader(text)));
  return [...new Set(cores)].filter((core) => core !== '');
}

/** A header naming a СНИЛС in any spelling: «СНИЛС», «снилс педагога», «Страховой номер (СНИЛС)». */
export function isSnilsHeader(header: string): boolean {
  return /(^| )(снилс|snils)( |$)/.test(normaliseHeader(header));
}

/** How a header that starts with a name of a field, with more words after it, ranks («Форма проведения мероприятия»). */
const LONGER_SPELLING = 3;
/** How a header that is a one-word alias of a field ranks («Дата», «Код», «План»). */
const ONE_WORD = 4;
/** Ranks of one header text apart (see mappingWithDoubts): a header's later texts rank below its earlier ones. */
const RANKS = ONE_WORD + 1;

/**
 * How well a header names a field: 0 its template header, 1 a СНИЛС column for a person (it
 * beats any other id column), 2 its key or an alias of two words or more, 3 a longer spelling of
 * such a name (a one-word name is too short to tell: «Дата рождения» is no «Дата»), 4 a one-word
 * alias; undefined when it does not name it. A bare «Дата» ranks last: beside «Дата проведения
 * мероприятия» it is another date (the day the form was filled in), and had moved every event there.
 */
function matchRank(field: FieldSpec, header: string): number | undefined {
  const cores = headerCores(header);
  if (cores.length === 0) return undefined;
  const template = normaliseHeader(field.header);
  if (cores.includes(template)) return field.type === 'person' ? 1 : 0;
  if (field.type === 'person' && isSnilsHeader(header)) return 0;
  const names = [field.header, field.key, ...field.aliases].map(normaliseHeader);
  const [longNames, oneWordNames] = [names.filter((name) => name.includes(' ')), names.filter((name) => !name.includes(' '))];
  if (longNames.some((name) => cores.includes(name))) return 2;
  if (longNames.some((name) => cores.some((core) => core.startsWith(`${name} `)))) return LONGER_SPELLING;
  if (oneWordNames.some((name) => cores.includes(name))) return ONE_WORD;
  return undefined;
}

/** The field a file header stands for, if any. */
export function fieldForHeader(spec: DatasetSpec, header: string): FieldSpec | undefined {
  let best: { field: FieldSpec; rank: number } | undefined;
  for (const field of spec.fields) {
    const rank = matchRank(field, header);
    if (rank !== undefined && (!best || rank < best.rank)) best = { field, rank };
  }
  return best?.field;
}

/** Column index → field key for the headers of a file (unknown headers are left out). */
export type ColumnMapping = Record<number, string>;

/** A field two or more columns name equally well («Дата» twice, two СНИЛС columns): which one is meant? */
export interface MappingDoubt {
  key: string;
  columns: number[];
}

/**
 * Each field's column: the one whose header names it best (the template header beats an alias,
 * a СНИЛС column beats another id column, «Дата проведения мероприятия» beats «Дата»), the
 * leftmost among equals; a column serves one field.
 * A header may be given as several texts (a two-row header's lower cell, both cells, the upper
 * cell): the earlier text ranks first. Fields that other free columns name as well are doubts.
 */
export function mappingWithDoubts(spec: DatasetSpec, headers: (string | string[])[]): { mapping: ColumnMapping; doubts: MappingDoubt[] } {
  const candidates: { index: number; key: string; rank: number }[] = [];
  headers.forEach((header, index) => {
    const texts = Array.isArray(header) ? header : [header];
    const own: typeof candidates = [];
    for (const field of spec.fields) {
      const ranks = texts.map((text, order) => {
        const rank = matchRank(field, text);
        return rank === undefined ? undefined : order * RANKS + rank;
      }).filter((r): r is number => r !== undefined);
      if (ranks.length > 0) own.push({ index, key: field.key, rank: Math.min(...ranks) });
    }
    // A longer spelling is read only when it names one field: a header that starts with the names of two is a guess.
    const longer = own.filter((c) => c.rank % RANKS === LONGER_SPELLING);
    candidates.push(...(longer.length > 1 ? own.filter((c) => !longer.includes(c)) : own));
  });
  candidates.sort((a, b) => a.rank - b.rank || a.index - b.index);
  const mapping: ColumnMapping = {};
  const rankOf = new Map<string, number>();
  for (const { index, key, rank } of candidates) {
    if (rankOf.has(key) || mapping[index] !== undefined) continue;
    mapping[index] = key;
    rankOf.set(key, rank);
  }
  const doubts = [...rankOf].map(([key, rank]) => ({
    key,
    columns: candidates.filter((c) => c.key === key && c.rank === rank && (mapping[c.index] === undefined || mapping[c.index] === key)).map((c) => c.index),
  })).filter((d) => d.columns.length > 1);
  return { mapping, doubts };
}

export function detectMapping(spec: DatasetSpec, headers: (string | string[])[]): ColumnMapping {
  return mappingWithDoubts(spec, headers).mapping;
}

export function missingRequired(spec: DatasetSpec, mapping: ColumnMapping): FieldSpec[] {
  const mapped = new Set(Object.values(mapping));
  return spec.fields.filter((field) => field.required && !mapped.has(field.key));
}

/**
 * The dataset whose required columns all appear in the headers, with the most of the file's
 * columns recognised; of two that recognise as many, the one more of whose fields they are. (By
 * the share of its fields first, a dataset of two fields won every file with two of its columns:
 * an organizations' file with «Код района» and «Наименование» was taken for districts.)
 */
export function detectDataset(headers: (string | string[])[]): DatasetCode | null {
  let best: { code: DatasetCode; score: number } | null = null;
  for (const code of DATASET_CODES) {
    const spec = DATASETS[code];
    const mapping = detectMapping(spec, headers);
    if (missingRequired(spec, mapping).length > 0) continue;
    const score = Object.keys(mapping).length + Object.keys(mapping).length / spec.fields.length / 100;
    if (!best || score > best.score) best = { code, score };
  }
  return best?.code ?? null;
}

export interface HeaderLocation {
  dataset: DatasetCode;
  /** Index of the header row among the rows given (of its lower row, for a two-row header). */
  index: number;
  /** 2 when a group row above the header row completes it (merged group titles). */
  rows: 1 | 2;
  mapping: ColumnMapping;
  /** Fields several columns name equally well: the user must say which column is meant. */
  doubts: MappingDoubt[];
  /** Each column's header as messages name it. */
  headers: string[];
}

/** How many rows from the top may stand above the header row (titles, «УТВЕРЖДАЮ», blank lines). */
export const HEADER_SEARCH_ROWS = 30;

/**
 * The most columns a table may have: far more than any dataset's table with columns of its own
 * beside it, far fewer than a row of Excel's full width (16,384 columns) every one of which DuckDB
 * would hold as a column of its own (a temporary table of 16,384 text columns takes 512 MB).
 */
export const MAX_COLUMNS = 1000;

/** How many errors of an upload are kept (its errors CSV holds them; the page says when there were more). */
export const ERRORS_KEPT = 10_000;
/** Kinds of errors kept with an upload, the commonest first. */
export const ERROR_KINDS_KEPT = 10;

/** The link to an upload's errors CSV: «all» only when it holds them all. */
export const errorsDownloadText = (errorCount: number) =>
  (errorCount > ERRORS_KEPT ? `Скачать первые ${formatInteger(ERRORS_KEPT)} ошибок (CSV)` : 'Скачать все ошибки (CSV)');

/**
 * A two-row header's texts per column: the lower cell, then «upper lower», then the upper cell.
 * An upper cell left empty takes the text on its left (a title merged over several columns).
 */
export function twoRowHeaders(upper: string[], lower: string[]): string[][] {
  const width = Math.max(upper.length, lower.length);
  let group = '';
  return Array.from({ length: width }, (_, i) => {
    const own = (upper[i] ?? '').trim();
    if (own !== '') group = own;
    const top = own !== '' ? own : group;
    const bottom = (lower[i] ?? '').trim();
    if (bottom === '') return [top];
    // «в т.ч. внешних совместителей», «из них …» under «Численность педагогов»: a part of the
    // group's figure, not the figure («всего» beside it is).
    if (top !== '' && PART_OF.test(bottom)) return [bottom];
    if (top === '' || top === bottom) return [bottom];
    // «всего» under it: the group's own figure, named by the group's title before its parts
    // («Учителя», «Воспитатели») are.
    return TOTAL_OF.test(bottom) ? [top, `${top} ${bottom}`, bottom] : [bottom, `${top} ${bottom}`, top];
  });
}

const PART_OF = /^(?:в\s*т\.\s*ч\.|в\s+том\s+числе|из\s+них|из\s+которых)/i;
const TOTAL_OF = /^(?:всего|итого)(?:[\s,]*(?:чел\.?|человек))?$/i;

/**
 * The header texts a location stands for, as messages name the columns: a two-row header's
 * column by both its cells («Участники по плану»), else by the text that named its field.
 */
function headerNames(texts: (string | string[])[], mapping: ColumnMapping, spec: DatasetSpec): string[] {
  return texts.map((t, i) => {
    const options = Array.isArray(t) ? t : [t];
    if (options.length === 3) return options[1];
    const key = mapping[i];
    if (key === undefined) return options[0] ?? '';
    const field = spec.fields.find((f) => f.key === key)!;
    return options.find((o) => matchRank(field, o) !== undefined) ?? options[0] ?? '';
  });
}

/**
 * The header row of a file: the first of its first rows that names every required column of
 * the dataset (or, with no dataset given, of the dataset those headers fit best) — alone, or
 * completed by the row above it (a merged group title over sub-headers). `only`: the index of
 * the one row to try (the user pointed at it).
 */
export function locateHeader(rows: string[][], dataset: DatasetCode | null, only?: number): HeaderLocation | null {
  const top = rows.slice(0, HEADER_SEARCH_ROWS).map((row) => row.map((cell) => (cell ?? '').trim()));
  for (const [index, row] of top.entries()) {
    if (row.every((h) => h === '') || (only !== undefined && index !== only) || looksLikeValues(row)) continue;
    const tries: { texts: (string | string[])[]; rows: 1 | 2 }[] = [{ texts: row, rows: 1 }];
    // The row above completes this one only when it is no header by itself: data is never read as a header.
    const above = index > 0 ? top[index - 1] : [];
    if (above.some((h) => h !== '') && !looksLikeValues(above) && !isHeaderAlone(above, dataset)) tries.push({ texts: twoRowHeaders(above, row), rows: 2 });
    for (const attempt of tries) {
      const code = dataset ?? detectDataset(attempt.texts);
      if (!code) continue;
      const { mapping, doubts } = mappingWithDoubts(DATASETS[code], attempt.texts);
      if (missingRequired(DATASETS[code], mapping).length === 0) {
        // Two columns named alike («Численность …» merged over «всего» | «в т.ч. …»): the row
        // below may tell them apart as the lower row of a two-row header. Saved as CSV, the
        // merged title is left in its first column only: the row below heads the columns it spans.
        const below = attempt.rows === 1 ? top[index + 1] ?? [] : [];
        const spanned = subHeadsMergedTitles(row, below);
        if ((doubts.length > 0 || spanned) && below.some((h) => h !== '') && !looksLikeValues(below)) {
          const texts = twoRowHeaders(row, below);
          // With no dataset chosen, the two rows may name one of their own: «Код | Код | Название»
          // over «мероприятия | площадки | …» is districts' header alone, events' with the row below.
          const own = dataset ? null : detectDataset(texts);
          for (const twoCode of new Set([own ?? code, code])) {
            const two = mappingWithDoubts(DATASETS[twoCode], texts);
            const readsMore = twoCode === code || Object.keys(two.mapping).length > Object.keys(mapping).length;
            if (readsMore && missingRequired(DATASETS[twoCode], two.mapping).length === 0 && (spanned || two.doubts.length < doubts.length)) {
              return { dataset: twoCode, index: index + 1, rows: 2, ...two, headers: headerNames(texts, two.mapping, DATASETS[twoCode]) };
            }
          }
        }
        return { dataset: code, index, rows: attempt.rows, mapping, doubts, headers: headerNames(attempt.texts, mapping, DATASETS[code]) };
      }
    }
  }
  return null;
}

/**
 * Whether a row is the lower row of titles merged over several columns of the row above, as a
 * CSV keeps them (each title in its first column, the columns it spans left empty) or a workbook
 * shows them (the title in every column it spans, and a title merged down over both rows in the
 * lower row too). The lower row fills every column of such a span and nothing outside them (a
 * data row under a header with an unnamed column is no sub-header).
 */
function subHeadsMergedTitles(upper: string[], lower: string[]): boolean {
  const width = Math.max(upper.length, lower.length);
  const filled = (i: number) => (lower[i] ?? '') !== '' && lower[i] !== upper[i];
  let spans = 0;
  for (let i = 0; i < width;) {
    let end = i + 1;
    if ((upper[i] ?? '') !== '') while (end < width && ((upper[end] ?? '') === '' || upper[end] === upper[i])) end++;
    const columns = Array.from({ length: end - i }, (_, k) => i + k);
    if (columns.length > 1 && columns.every(filled)) spans++;
    else if (columns.some(filled)) return false;
    i = end;
  }
  return spans > 0;
}

/** A cell that holds a value, not a header: a number, a date, a СНИЛС, a code («E21», «SP-2024-16»). */
const VALUE = /^[-+]?[\d\s.,:/()%-]*\d[\d\s.,:/()%-]*$|^\p{L}{0,6}[-_]?\d[\p{L}\d_./-]*$/u;

/**
 * A row of values rather than of headers: at least half of its filled cells are numbers, dates or
 * codes. Such a row is never a header row (nor the lower row of a two-row header), even where a
 * value in it («Тема», «Дата») happens to be a header's alias.
 */
function looksLikeValues(row: string[]): boolean {
  const filled = row.map((cell) => (cell ?? '').trim()).filter((cell) => cell !== '');
  return filled.length > 0 && filled.filter((cell) => VALUE.test(cell)).length * 2 >= filled.length;
}

/** Whether a row names every required column of the dataset (or of some dataset) by itself. */
function isHeaderAlone(row: string[], dataset: DatasetCode | null): boolean {
  const code = dataset ?? detectDataset(row);
  return code !== null && missingRequired(DATASETS[code], detectMapping(DATASETS[code], row)).length === 0;
}

/**
 * Whether the columns a row names tell it for a dataset's header row, its required columns but
 * some missing: two columns or more, or all its required columns but one — a dataset of two
 * (districts, directions) has no more to show. A lone column fits many datasets («Код»): with no
 * dataset chosen, it tells only headed as the template heads it («Код района»).
 */
function tellsHeader(spec: DatasetSpec, texts: (string | string[])[], mapping: ColumnMapping, missing: number, chosen: boolean): boolean {
  const named = Object.entries(mapping);
  if (named.length > 1) return true;
  if (named.length === 0 || missing > 1) return false;
  if (chosen) return true;
  const [[index, key]] = named;
  const template = normaliseHeader(spec.fields.find((f) => f.key === key)!.header);
  const own = texts[Number(index)];
  return (Array.isArray(own) ? own : [own]).some((text) => headerCores(text).includes(template));
}

/**
 * The row that comes closest to a dataset's header (most of its columns named), for saying
 * which columns are missing: its index, the missing fields, the keys of the fields it names and
 * its mapping (the upload page maps what it can, and names only what is missing).
 * With no dataset given, `rivals` are the other datasets some row comes exactly as close to: the
 * headers do not tell which dataset the file is, and naming one of them would be a guess.
 */
export function closestHeader(rows: string[][], dataset: DatasetCode | null): {
  dataset: DatasetCode; index: number; missing: FieldSpec[]; named: string[]; mapping: ColumnMapping; rivals: DatasetCode[];
} | null {
  let best: { dataset: DatasetCode; index: number; missing: FieldSpec[]; named: string[]; mapping: ColumnMapping; found: number } | null = null;
  const closest = new Map<DatasetCode, number>();
  for (const code of dataset ? [dataset] : DATASET_CODES) {
    const spec = DATASETS[code];
    for (const [index, row] of rows.slice(0, HEADER_SEARCH_ROWS).entries()) {
      if (looksLikeValues(row)) continue;
      const texts: (string | string[])[] = index > 0 && !looksLikeValues(rows[index - 1]) ? twoRowHeaders(rows[index - 1], row) : row;
      const mapping = detectMapping(spec, texts);
      // Recognised columns count, less the required ones still missing: the most telling row.
      const missing = missingRequired(spec, mapping);
      const found = Object.keys(mapping).length - missing.length;
      if (!tellsHeader(spec, texts, mapping, missing.length, dataset !== null)) continue;
      closest.set(code, Math.max(found, closest.get(code) ?? -Infinity));
      if (!best || found > best.found) best = { dataset: code, index, missing, named: Object.values(mapping), mapping, found };
    }
  }
  if (!best) return null;
  const rivals = [...closest].filter(([code, found]) => code !== best.dataset && found === best.found).map(([code]) => code);
  return { dataset: best.dataset, index: best.index, missing: best.missing, named: best.named, mapping: best.mapping, rivals };
}
