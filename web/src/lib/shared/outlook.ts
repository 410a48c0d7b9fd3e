/**
 * The overview's words: a short Russian summary of the period from the KPI cards, and for each
 * KPI with a target a linear projection to the end of the plan. Deterministic templates, pure
 * functions of API data — the dashboard, the print report and the slides say the same.
 */
import type { KpiCard, KpiProjection, KpiTrendResponse, KpiUnit, PeriodInfo, ProjectionStatus } from './api.js';
import { formatDelta, formatValue, meetsTarget, plural, shownChange, shownValue } from './format.js';
import { IMPOSSIBLE, impossibleShare, KPI_META } from './kpis.js';

const VERBS = {
  f: { rose: 'выросла', fell: 'снизилась', same: 'не изменилась', was: 'составила', reached: 'достигла' },
  n: { rose: 'выросло', fell: 'снизилось', same: 'не изменилось', was: 'составило', reached: 'достигло' },
} as const;

/** A sentence's end: no second full stop after an abbreviation («п. п.»). */
const endSentence = (text: string) => (text.endsWith('.') ? text : `${text}.`);

/** A pace per half-year: counts change by fractions too (+0,4 организации в полугодие). */
const paceUnit = (unit: KpiUnit): KpiUnit => (unit === 'count' ? 'average' : unit);

/**
 * A projected value: a line through counts passes fractions — «≈ 2,9» организации by the plan's
 * end says it is an estimate, not a count; a whole number stays one.
 */
/** A projection's verdict in words, and whether it reads as good or bad: the panel's and the deck's «Вывод». */
export const PROJECTION_VERDICTS: Record<ProjectionStatus, { words: string; tone: 'good' | 'bad' | null }> = {
  met: { words: 'цель достигнута', tone: 'good' },
  on_track: { words: 'идёт к цели', tone: 'good' },
  off_track: { words: 'цель под угрозой', tone: 'bad' },
  insufficient: { words: 'мало данных', tone: null },
  ended: { words: 'план завершён', tone: null },
};

export function formatProjected(value: number | null, unit: KpiUnit): string {
  if (unit !== 'count' || value === null) return formatValue(value, unit);
  const tenths = shownValue(value, 'average');
  return Number.isInteger(tenths) ? formatValue(tenths, 'count') : `≈\u00a0${formatValue(tenths, 'average')}`;
}

/** «3,5 п. п.», «2», «0,4»: how far a value is from its target, without a sign. */
/** How far a value is from its target, as both are shown («2,0 %» from 3 %: 1,0 п. п.). */
function gap(target: number, value: number, unit: KpiUnit): string {
  return formatDelta(shownChange(target, value, unit), unit).replace(/^[+−±]/, '');
}

/** One sentence on a KPI with a target: where it went since the previous period and where it stands. */
export function kpiSentence(card: KpiCard): string {
  const meta = KPI_META[card.code];
  const verbs = VERBS[meta.gender];
  const value = formatValue(card.value, card.unit);
  if (card.value === null) return `${meta.subject}: нет данных за период.`;
  // More of the part than of the whole: no result to tell, a fault in the data to point at.
  if (card.denominator !== null && impossibleShare(card.code, { numerator: card.numerator, denominator: card.denominator })) {
    return `${meta.subject}: ${value} — ${IMPOSSIBLE}.`;
  }
  // A participial phrase after the noun («Доля педагогов, прошедших стажировку,») closes with a comma.
  const subject = meta.subject.includes(', ') ? `${meta.subject},` : meta.subject;
  const before = card.previous?.value ?? null;
  const shown = (v: number) => formatValue(v, card.unit);
  // An approved period before, compared by today's data: said so, as on the card.
  const then = (v: number) => `${shown(v)}${card.previous?.live ? ' (по текущим данным)' : ''}`;
  const change = before === null ? `${verbs.was} ${value}`
    : shown(before) === value ? `${verbs.same} (${value})`
    : `${card.value > before ? verbs.rose : verbs.fell} с ${then(before)} до ${value}`;
  if (card.target === null) return `${subject} ${change}.`;
  const target = shown(card.target);
  // Met as the card judges it, as the value is shown: 1,977 % is «2,0 %» and meets 2 %, with nothing «не хватает».
  if (!meetsTarget(card.value, card.target, card.unit)) return endSentence(`${subject} ${change}; до цели (${target}) не хватает ${gap(card.target, card.value, card.unit)}`);
  const metBefore = before !== null && meetsTarget(before, card.target, card.unit);
  return metBefore ? `${subject} ${change}; цель (${target}) достигнута.` : `${subject} ${change} и ${verbs.reached} цели (${target}).`;
}

/**
 * The period's summary: how many targets are met and which period the changes are counted from,
 * then a sentence per KPI with a target. A KPI with a target but no value (`met: null`) is neither
 * met nor unmet: the opening counts it apart, as having no data to judge.
 */
export function summarize(period: PeriodInfo, cards: KpiCard[], partial = ''): string[] {
  const targeted = cards.filter((c) => c.target !== null);
  // A period still going on says how far its data go (` (период не завершён, …)`): its figures are not the whole period's.
  const named = `${period.label}${partial}`;
  if (targeted.length === 0) return [`${named}: целевые значения показателей не установлены.`];
  const comparedWith = targeted.find((c) => c.previous)?.previous?.period.label;
  const opening = targetsOpening(named, targeted);
  // A school year's label ends with its own dot («2024/25 уч. г.»): one stop, not two.
  return [comparedWith ? `${opening} Изменения — по сравнению с ${comparedWith.replace(/\.$/, '')}.` : opening, ...targeted.map(kpiSentence)];
}

const OF_KPIS = ['показателя', 'показателей', 'показателей'] as const;

/** «цели достигнуты по 1 показателю из 2…», with the KPIs that have no data to judge counted apart. */
function targetsOpening(named: string, targeted: KpiCard[]): string {
  const n = targeted.length;
  const judged = targeted.filter((c) => c.met !== null).length;
  const met = targeted.filter((c) => c.met === true).length;
  if (judged === 0) return `${named}: нет данных для оценки ни по одному из ${n} ${plural(n, OF_KPIS)}, для которых установлены цели.`;
  const outcome = met === 0
    ? `цели пока не достигнуты ни по одному из ${judged} ${plural(judged, OF_KPIS)}`
    : `цели достигнуты по ${met} ${plural(met, ['показателю', 'показателям', 'показателям'])} из ${judged}`;
  if (judged === n) return `${named}: ${outcome}, для которых они установлены.`;
  const unjudged = n - judged;
  return `${named}: ${outcome}, ${plural(judged, ['который можно оценить', 'которые можно оценить', 'которые можно оценить'])}; `
    + `ещё по ${unjudged} из ${n}, для которых цели установлены, нет данных для оценки.`;
}

/** Half-years counted from year 0: 2022-H1 → 4044, 2022-H2 → 4045. */
export function halfYearIndex(code: string): number {
  const [year, half] = code.split('-H').map(Number);
  return year * 2 + half - 1;
}

export interface Fit {
  slope: number;
  intercept: number;
}

/** Least-squares line through (x, y) points; null with fewer than two distinct x. */
export function linearFit(points: readonly { x: number; y: number }[]): Fit | null {
  const n = points.length;
  if (n < 2) return null;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  if (sxx === 0) return null;
  const slope = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
  return { slope, intercept: my - slope * mx };
}

/** Fewer half-years than this and a line says nothing. */
export const MIN_POINTS = 3;

export interface ProjectionInput {
  card: Pick<KpiCard, 'code' | 'title' | 'unit'> & { target: number };
  /**
   * The KPI by half-year, oldest first, up to the chosen period; `inProgress`: the half-year has
   * not ended today (its value is partial).
   */
  points: readonly { period: PeriodInfo; value: number | null; inProgress: boolean }[];
  planEnd: PeriodInfo;
  /** What a point counts (KpiTrendResponse.counts): a value counted to date or at a day is no lower at the plan's end than now. */
  counts: KpiTrendResponse['counts'];
}

/**
 * Fits a line to the KPI's values of the half-years that have ended and reads it at the plan's
 * last half-year: a half-year still going on holds part of its events, and would bend the line
 * down. Its value is still the current one the target is judged by. A share is kept within
 * 0–100 %, a count or mean at 0 or more. Once the plan has ended there is nothing to project: the
 * last value is compared with the target.
 */
export function projectKpi({ card, points, planEnd, counts }: ProjectionInput): KpiProjection {
  const { unit, target } = card;
  const known = points.filter((p): p is { period: PeriodInfo; value: number; inProgress: boolean } => p.value !== null);
  const last = known.at(-1) ?? null;
  const ended = known.filter((p) => !p.inProgress);
  // «завершённых» only where a half-year going on was left out of the line.
  const partial = ended.length < known.length;
  const shown = (v: number) => formatValue(v, unit);
  const base = { code: card.code, title: card.title, unit, target, current: last?.value ?? null, basis: null, slope: null, projected: null };
  const result = (status: ProjectionStatus, text: string, extra: Partial<KpiProjection> = {}): KpiProjection => ({ ...base, ...extra, status, text });

  if (last && !last.inProgress && halfYearIndex(last.period.code) >= halfYearIndex(planEnd.code)) {
    const reached = meetsTarget(last.value, target, unit);
    return result('ended', `План завершён (${planEnd.label}): ${shown(last.value)} при цели ${shown(target)} — цель ${reached ? 'достигнута' : 'не достигнута'}.`);
  }
  if (ended.length < MIN_POINTS) {
    const halfYears = partial
      ? plural(ended.length, ['завершённое полугодие', 'завершённых полугодия', 'завершённых полугодий'])
      : plural(ended.length, ['полугодие', 'полугодия', 'полугодий']);
    return result('insufficient', `Мало данных для прогноза: значения есть за ${ended.length} ${halfYears}, нужно не меньше ${MIN_POINTS}.`);
  }
  // The line goes through the values as the trend chart and its table show them (the API's
  // values are rounded as shown): whoever reads the chart can draw it again. The projection and
  // the pace are rounded once from the line as the text shows them (tenths; a count's line passes
  // fractions, «≈ 2,9»), so the verdict below is the one of the figure said — not of 2,96 shown «3».
  const fit = linearFit(ended.map((p) => ({ x: halfYearIndex(p.period.code), y: p.value })))!;
  const raw = fit.intercept + fit.slope * halfYearIndex(planEnd.code);
  const line = shownValue(Math.max(0, unit === 'percent' ? Math.min(100, raw) : raw), paceUnit(unit));
  // The line through the half-years that ended may end below today's value of a half-year going
  // on: a value counted to date (or the state at a day, all else kept) ends the plan no lower.
  const floored = counts !== 'in_period' && last!.value > line;
  const projected = floored ? last!.value : line;
  const slope = shownValue(fit.slope, paceUnit(unit));
  const extra = { basis: { from: ended[0].period.label, to: ended.at(-1)!.period.label, points: ended.length }, slope, projected };
  const pace = `${formatDelta(slope, paceUnit(unit))} за полугодие`;
  const outcome = `при сохранении тренда${partial ? ' завершённых полугодий' : ''} (${pace}) к концу плана (${planEnd.label}) — ${formatProjected(projected, unit)}${floored ? ' (не меньше, чем сейчас)' : ''}`;
  // The plan's last half-year going on: what is missing is needed within it.
  const remaining = Math.max(1, halfYearIndex(planEnd.code) - halfYearIndex(last!.period.code));
  // Met now as the card says (as shown: 1,98 % meets 2 %).
  if (meetsTarget(last!.value, target, unit)) {
    return projected >= target
      ? result('met', `Цель (${shown(target)}) уже достигнута; ${outcome}.`, extra)
      : result('off_track', `Цель (${shown(target)}) достигнута, но ${outcome}: ниже цели.`, extra);
  }
  if (projected >= target) return result('on_track', `${capitalize(outcome)}: цель (${shown(target)}) будет достигнута.`, extra);
  const needed = formatDelta((target - last!.value) / remaining, paceUnit(unit));
  return result('off_track', `${capitalize(outcome)}: цель (${shown(target)}) не будет достигнута; нужен темп ${needed} за полугодие.`, extra);
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** What the projections take for granted, said once under them. */
export function projectionAssumptions(planEnd: PeriodInfo): string {
  return `Прогноз — прямая, проведённая методом наименьших квадратов через значения показателя по полугодиям `
    + `(в выбранных фильтрах, до выбранного периода включительно; нужно не меньше ${MIN_POINTS} полугодий), `
    + `продолженная до конца плана (${planEnd.label}). Полугодие, которое ещё идёт, в прямую не входит: его значение неполное. Предполагается, что темп изменения сохранится; сезонность, `
    + `насыщение и новые решения не учитываются; доли ограничены 0–100 %.`;
}
