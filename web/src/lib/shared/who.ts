/** «Кто за этой цифрой»: the organizations behind a KPI's value, as the page and its downloads show them. */
import type { KpiOrganizationsResponse } from './api.js';
import { KPI_META, type KpiCode } from './kpis.js';
import { ORG_TYPES, labelOf } from './vocabulary.js';
import { unitDecimals, type TableData } from './table.js';
import { formatInteger, formatValue } from './format.js';

/** Which organizations a list holds, said under its title. */
export function whoRows(kpi: KpiCode): string {
  if (KPI_META[kpi].who.of === 'hosts') return 'Организации, при которых действуют площадки';
  // A yes or no is asked of every organization; a count leaves out those with nothing to count.
  return isYesNo(kpi) ? 'Все организации выбранных районов и типа' : 'Организации выбранных районов и типа, у которых есть что считать';
}

/** Whether a list counts teachers (their names are never in it). */
export const countsTeachers = (kpi: KpiCode) => KPI_META[kpi].who.of === 'all' && !isYesNo(kpi);

/** Under a list that counts teachers by organization. */
export const TEACHERS_WHERE = 'Педагог учтён в организации, названной вместе с ним в данных.';

/** Where the rows add up to more than the total: one person counted in each of two organizations. */
export const COUNTED_TWICE = 'Педагог, названный в данных с двумя организациями, учтён в каждой из них, а в итоге — один раз.';

export type WhoRow = KpiOrganizationsResponse['rows'][number];

/** An organization's answer in a yes-or-no list: counted (1) or not (0). */
export const yesNoWord = (numerator: number) => (numerator > 0 ? 'да' : 'нет');

/** A row's yes or no, where each organization is one of the denominator (KpiWho without a denominator). */
export const isYesNo = (kpi: KpiCode) => KPI_META[kpi].who.denominator === undefined;

/** The value's heading: a share, a mean rating, a ratio by the KPI's own name («Участников на мероприятие»). */
export function valueHeading(kpi: KpiCode): string | null {
  const { unit, source, title } = KPI_META[kpi];
  if (isYesNo(kpi)) return null;
  return unit === 'percent' ? 'Доля, %' : source.value && source.value !== 'ratio' ? 'Средняя оценка' : title;
}

/** The total under a yes-or-no list: «120 из 592 (20,3 %)», the card's figures in words. */
export function yesNoTotal(data: KpiOrganizationsResponse): string {
  const { numerator, denominator, value } = data.total;
  return denominator === null ? formatInteger(numerator) : `${formatInteger(numerator)} из ${formatInteger(denominator)} (${formatValue(value, data.unit)})`;
}

/**
 * The last row of the page's table and its downloads. The list is from today's data: for an
 * approved period the card shows the approved figures, so the total is today's, and names the
 * approved value where it reads otherwise.
 */
export function totalRow(data: Pick<KpiOrganizationsResponse, 'published' | 'approvedValue' | 'unit'>): string {
  if (!data.published) return 'Итого, как на карточке';
  return data.approvedValue === null
    ? 'Итого по текущим данным'
    : `Итого по текущим данным (на карточке утверждено ${formatValue(data.approvedValue, data.unit)})`;
}

/** The heading of the list's note column, where some organization has a note (none: no column). */
export function noteHeading(data: { code: KpiOrganizationsResponse['code']; rows: readonly { note: string | null }[] }): string | null {
  const { note } = KPI_META[data.code].who;
  return note && data.rows.some((r) => r.note !== null) ? note : null;
}

/** The list as a table: the page's columns, with the CSV's and XLSX's plain values. */
export function whoTable(data: KpiOrganizationsResponse): TableData {
  const { who } = KPI_META[data.code];
  const note = noteHeading(data);
  const yesNo = isYesNo(data.code);
  const value = valueHeading(data.code);
  return {
    headers: ['Организация', 'Район', 'Тип', who.numerator, ...(who.denominator ? [who.denominator] : []), ...(value ? [value] : []), ...(note ? [note] : [])],
    rows: [
      ...data.rows.map((r) => [
        r.name, r.districtName, labelOf(ORG_TYPES, r.orgType),
        yesNo ? yesNoWord(r.numerator) : r.numerator,
        ...(who.denominator ? [r.denominator] : []),
        ...(value ? [r.value] : []),
        ...(note ? [r.note] : []),
      ]),
      [
        totalRow(data), null, null, yesNo ? yesNoTotal(data) : data.total.numerator,
        ...(who.denominator ? [data.total.denominator] : []),
        ...(value ? [data.total.value] : []),
        ...(note ? [null] : []),
      ],
    ],
    decimals: [null, null, null, null, ...(who.denominator ? [null] : []), ...(value ? [unitDecimals(data.unit)] : [])],
  };
}

/** Whether the rows' numerators add up to more than the total's (a person counted in two organizations). */
export const countedTwice = (data: KpiOrganizationsResponse) => data.rows.reduce((sum, r) => sum + r.numerator, 0) > data.total.numerator;
