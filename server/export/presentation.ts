import pptxgenjs from 'pptxgenjs';
import type { KpisResponse, OutlookResponse, ScorecardResponse } from '../../web/src/lib/shared/api.js';
import { BAND_FILLS, BAND_LABELS, FEW_RULE, JUDGED_BANDS, scorecardRows, scoreWords } from '../../web/src/lib/shared/scorecard.js';
import { valueOrAbsence } from '../../web/src/lib/shared/completeness.js';
import { approvalWords, liveWords } from '../../web/src/lib/shared/published.js';
import { WITHOUT_DATA_TITLE } from '../../web/src/lib/shared/report.js';
import { formatDate, formatDelta, formatValue } from '../../web/src/lib/shared/format.js';
import { formatProjected, PROJECTION_VERDICTS } from '../../web/src/lib/shared/outlook.js';
import { verdictWords } from '../../web/src/lib/shared/verdict.js';
import type { DeckPart } from '../../web/src/lib/shared/codes.js';
import type { NativeChart } from './native-chart.js';
import { finishNativeCharts } from './chart-xml.js';
import { wrappedLines } from './text-width.js';

export interface ChartSlide {
  title: string;
  /** The filters and period, what the chart shows (its subtitle) under the title, and the source line below the chart. */
  caption: string;
  subtitle: string;
  source: string;
  /** A PowerPoint chart to restyle, or else the PNG of the framed chart (title, caption and source drawn in). */
  chart: { native: NativeChart } | { png: Buffer };
}

export interface PresentationInput {
  region: string;
  caption: string;
  today: string;
  kpis: KpisResponse;
  outlook: OutlookResponse;
  /** The districts' scorecard and its caption (every district), when its slides are asked for. */
  scorecard: { card: ScorecardResponse; caption: string } | null;
  charts: ChartSlide[];
  /** The titles of the charts asked for that have no data for the filters: named on a last slide, never dropped unsaid. */
  withoutData: string[];
  /** The slides before the charts to include. */
  parts: ReadonlySet<DeckPart>;
}

// pptxgenjs's types describe an ES default export while Node's type resolution sees CommonJS:
// take the class from whichever shape arrives.
const PptxGenJS = ((pptxgenjs as unknown as { default?: unknown }).default ?? pptxgenjs) as typeof pptxgenjs.default;

const FONT = 'DejaVu Sans';
const GREEN = '2E7D32';
const RED = 'C62828';
const MUTED = '607080';
/** Rows that fit a 16:9 slide: KPI summary rows at 16 pt, passports (long texts) at 11 pt. */
export const KPIS_PER_SLIDE = 8;
export const PASSPORTS_PER_SLIDE = 4;
/** KPI columns of a scorecard slide beside the districts' names, at 11 pt. */
export const SCORECARD_KPIS_PER_SLIDE = 6;

export function inGroups<T>(items: readonly T[], size: number, weight: (item: T) => number = () => 1): T[][] {
  const groups: T[][] = [];
  let room = 0;
  for (const item of items) {
    if (groups.length === 0 || room < weight(item)) {
      groups.push([]);
      room = size;
    }
    groups.at(-1)!.push(item);
    room -= weight(item);
  }
  return groups;
}

/**
 * A KPI's row on the summary slide, in plain rows: one with today's value beside the approved
 * («по текущим данным 16,4 % (+0,7 п. п.)», three short lines in its cell) is as tall as two.
 */
export const kpiRowWeight = (card: { live?: number | null }) => (card.live !== undefined ? 2 : 1);

/** « (1 из 3)» on slides that share a title; nothing when one slide holds it all. */
const partOf = (index: number, total: number) => (total > 1 ? ` (${index + 1} из ${total})` : '');

const HEADER_CELL = { bold: true, fill: { color: 'EEF2F7' }, color: '263238' };

/**
 * A 16:9 deck: a title slide (region, period, date), the period in words with the projections, the KPI summary against targets, the KPI
 * passports (as many slides as they need) — each of them when asked for — then one slide per chart: a PowerPoint chart or its picture.
 */
export async function buildPresentation(input: PresentationInput): Promise<Buffer> {
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_WIDE'; // 13.33 × 7.5 in
  pptx.title = `${input.region}: мониторинг стажировочных площадок`;
  pptx.company = 'Площадки';

  if (input.parts.has('title')) addTitle(pptx, input);
  if (input.parts.has('summary')) addSummary(pptx, input);
  if (input.parts.has('kpis')) addKpis(pptx, input);
  if (input.scorecard && input.parts.has('scorecard')) addScorecard(pptx, input.scorecard.card, input.scorecard.caption);
  if (input.parts.has('passports')) addPassports(pptx, input);
  for (const chart of input.charts) addChartSlide(pptx, chart);
  if (input.withoutData.length > 0) addLeftOut(pptx, input);
  const natives = input.charts.flatMap((c) => ('native' in c.chart ? [c.chart.native] : []));
  return finishNativeCharts((await pptx.write({ outputType: 'nodebuffer' })) as Buffer, natives);
}

type Deck = InstanceType<typeof PptxGenJS>;

/** The charts asked for that have nothing to draw for these filters: a slide says which, not a gap. */
function addLeftOut(pptx: Deck, input: PresentationInput): void {
  const slide = pptx.addSlide();
  slide.addText(WITHOUT_DATA_TITLE, { x: 0.5, y: 0.3, w: 12.3, h: 0.7, fontFace: FONT, fontSize: 26, bold: true, color: '263238' });
  slide.addText(input.caption, { x: 0.5, y: 0.95, w: 12.3, h: 0.4, fontFace: FONT, fontSize: 14, color: MUTED });
  slide.addText(input.withoutData.map((text) => ({ text, options: { bullet: true, breakLine: true } })), {
    x: 0.5, y: 1.6, w: 12.3, h: 5, fontFace: FONT, fontSize: 16, color: '263238', valign: 'top',
  });
}

function addTitle(pptx: Deck, input: PresentationInput): void {
  const title = pptx.addSlide();
  title.background = { color: '1F5FA8' };
  title.addText(input.region, { x: 0.7, y: 2.0, w: 12, h: 1.0, fontFace: FONT, fontSize: 36, bold: true, color: 'FFFFFF' });
  title.addText('Мониторинг стажировочных площадок', { x: 0.7, y: 3.0, w: 12, h: 0.7, fontFace: FONT, fontSize: 24, color: 'FFFFFF' });
  title.addText(input.caption, { x: 0.7, y: 3.8, w: 12, h: 0.6, fontFace: FONT, fontSize: 18, color: 'DDE7F3' });
  if (input.kpis.published) title.addText(approvalWords(input.kpis.published), { x: 0.7, y: 4.4, w: 12, h: 0.5, fontFace: FONT, fontSize: 14, color: 'DDE7F3' });
  title.addText(`Дата выгрузки: ${formatDate(input.today)}`, { x: 0.7, y: 6.3, w: 12, h: 0.5, fontFace: FONT, fontSize: 14, color: 'DDE7F3' });
}

function addSummary(pptx: Deck, input: PresentationInput): void {
  // The period in words beside where each KPI with a target is heading, and what that assumes.
  const words = pptx.addSlide();
  words.addText('Итоги периода и прогноз', { x: 0.5, y: 0.3, w: 12.3, h: 0.7, fontFace: FONT, fontSize: 26, bold: true, color: '263238' });
  // Whose figures: a slide shown alone must not read as the whole region's.
  words.addText(input.caption, { x: 0.5, y: 0.95, w: 12.3, h: 0.4, fontFace: FONT, fontSize: 14, color: MUTED });
  words.addText(input.outlook.summary.map((text, i) => ({ text, options: { bold: i === 0, breakLine: true, paraSpaceAfter: 6 } })), {
    x: 0.5, y: 1.5, w: 5.6, h: 4.8, fontFace: FONT, fontSize: 13, color: '263238', valign: 'top',
  });
  if (input.outlook.projections.length > 0) {
    const tones = { good: GREEN, bad: RED } as const;
    words.addTable([
      ['Показатель', 'Сейчас', `К ${input.outlook.planEnd.label}`, 'Цель', 'Вывод'].map((text) => ({ text, options: HEADER_CELL })),
      ...input.outlook.projections.map((p) => {
        const { words: verdict, tone } = PROJECTION_VERDICTS[p.status];
        const color = tone ? tones[tone] : MUTED;
        return [
          { text: p.title }, { text: formatValue(p.current, p.unit) },
          { text: formatProjected(p.projected, p.unit), options: { bold: true, color } },
          { text: formatValue(p.target, p.unit) },
          { text: verdict, options: { color, bold: tone !== null } },
        ];
      }),
    ], { x: 6.3, y: 1.5, w: 6.6, colW: [2.4, 0.9, 1.05, 0.85, 1.4], fontFace: FONT, fontSize: 11, border: { type: 'solid', pt: 0.5, color: 'DDE3EA' }, valign: 'middle' });
    words.addText(input.outlook.assumptions, { x: 0.5, y: 6.4, w: 12.3, h: 0.9, fontFace: FONT, fontSize: 10, color: MUTED, valign: 'top' });
  }
}

function addKpis(pptx: Deck, input: PresentationInput): void {
  // As many KPIs per slide as fit it legibly; more go on a slide of their own («1 из 2»).
  const summaries = inGroups(input.kpis.cards, KPIS_PER_SLIDE, kpiRowWeight);
  const header = ['Показатель', 'Значение', 'Цель', 'Итог', 'Изменение'].map((text) => ({ text, options: HEADER_CELL }));
  for (const [i, cards] of summaries.entries()) {
    const summary = pptx.addSlide();
    summary.addText(`Показатели${partOf(i, summaries.length)}`, { x: 0.5, y: 0.3, w: 12.3, h: 0.7, fontFace: FONT, fontSize: 26, bold: true, color: '263238' });
    summary.addText(input.caption, { x: 0.5, y: 0.95, w: 12.3, h: 0.4, fontFace: FONT, fontSize: 14, color: MUTED });
    const rows = cards.map((card) => [
    { text: card.title },
    {
      // An approved figure with today's beside it, as on the card.
      text: [
        { text: valueOrAbsence(card), options: { bold: true, breakLine: card.live !== undefined } },
        ...(card.live !== undefined ? [{ text: liveWords(card)!, options: { fontSize: 11, color: MUTED } }] : []),
      ],
    },
    { text: card.target === null ? '—' : formatValue(card.target, card.unit) },
    {
      text: verdictWords(card),
      options: { color: card.met === null ? MUTED : card.met ? GREEN : RED, bold: card.met !== null },
    },
      { text: card.previous ? `${formatDelta(card.delta, card.unit)} к ${card.previous.period.label}` : '—', options: { color: MUTED } },
    ]);
    summary.addTable([header, ...rows], {
      x: 0.5, y: 1.6, w: 12.3, colW: [4.3, 1.6, 1.4, 2.3, 2.7], fontFace: FONT, fontSize: 16,
      border: { type: 'solid', pt: 0.5, color: 'DDE3EA' }, rowH: 0.6, valign: 'middle',
    });
  }
}

/**
 * The scorecard of the KPIs with a target (all KPIs when none has one), the districts as rows and
 * the region last, coloured as on the page; as many slides as the columns need.
 */
function addScorecard(pptx: Deck, card: ScorecardResponse, caption: string): void {
  const targeted = card.kpis.map((k, i) => i).filter((i) => card.kpis[i].target !== null);
  const columns = inGroups(targeted.length > 0 ? targeted : card.kpis.map((k, i) => i), SCORECARD_KPIS_PER_SLIDE);
  const rows = scorecardRows(card);
  for (const [part, group] of columns.entries()) {
    const slide = pptx.addSlide();
    slide.addText(`Сводка по районам${partOf(part, columns.length)}`, { x: 0.5, y: 0.25, w: 12.3, h: 0.6, fontFace: FONT, fontSize: 24, bold: true, color: '263238' });
    slide.addText(caption, { x: 0.5, y: 0.8, w: 12.3, h: 0.35, fontFace: FONT, fontSize: 13, color: MUTED });
    const header = [{ text: 'Район', options: HEADER_CELL }, ...group.map((i) => {
      const kpi = card.kpis[i];
      return { text: `${kpi.title}${kpi.target === null ? '' : ` (цель ${formatValue(kpi.target, kpi.unit)})`}`, options: HEADER_CELL };
    })];
    const body = rows.map((row, r) => [
      { text: row.name, options: { bold: r === rows.length - 1 } },
      ...group.map((i) => {
        const cell = row.cells[i];
        const fill = BAND_FILLS[cell.band];
        const text = scoreWords(card.kpis[i].code, cell) ?? formatValue(cell.value, card.kpis[i].unit);
        return { text, options: { align: 'right' as const, bold: r === rows.length - 1, ...(fill ? { fill: { color: fill.slice(1) } } : {}) } };
      }),
    ]);
    const nameWidth = 3.1;
    slide.addTable([header, ...body], {
      x: 0.5, y: 1.2, w: 12.3, colW: [nameWidth, ...group.map(() => (12.3 - nameWidth) / group.length)],
      fontFace: FONT, fontSize: rows.length > 16 ? 9 : 11, border: { type: 'solid', pt: 0.5, color: 'DDE3EA' }, valign: 'middle',
    });
    const legend = JUDGED_BANDS.map((b) => BAND_LABELS[b]).join(' · ');
    slide.addText(`Цвета: ${legend}. ${FEW_RULE[0].toUpperCase()}${FEW_RULE.slice(1)}.`, { x: 0.5, y: 6.95, w: 12.3, h: 0.4, fontFace: FONT, fontSize: 9, color: MUTED });
  }
}

function addPassports(pptx: Deck, input: PresentationInput): void {
  // The passports: what each number means, on slides the audience can be shown.
  const passportGroups = inGroups(input.kpis.cards, PASSPORTS_PER_SLIDE);
  const passportHeader = ['Показатель', 'Числитель', 'Знаменатель', 'Источник данных'].map((text) => ({ text, options: HEADER_CELL }));
  for (const [i, cards] of passportGroups.entries()) {
    const passports = pptx.addSlide();
    passports.addText(`Паспорта показателей${partOf(i, passportGroups.length)}`, { x: 0.5, y: 0.3, w: 12.3, h: 0.6, fontFace: FONT, fontSize: 24, bold: true, color: '263238' });
    passports.addTable([
      passportHeader,
      ...cards.map((card) => [
        { text: `${card.passport.name} (${card.passport.unit})` }, { text: card.passport.numerator },
        { text: card.passport.denominator }, { text: card.passport.source },
      ]),
    ], { x: 0.4, y: 1.0, w: 12.5, colW: [3.2, 3.7, 2.8, 2.8], fontFace: FONT, fontSize: 11, border: { type: 'solid', pt: 0.5, color: 'DDE3EA' }, valign: 'top' });
  }
}

/** Left of a slide's texts and their width, in inches; pptxgenjs insets a text 0.1 in each side and 0.05 in above and below. */
const LEFT = 0.5;
const WIDTH = 12.3;
const INSET = { side: 0.1, top: 0.05 };

/**
 * A text box as tall as its lines, wrapped by the shipped font's widths (the font the slide
 * names), so a long title, caption or subtitle takes the lines it needs and is never cut or run
 * into the next; the top of what comes under it.
 */
function textBlock(slide: ReturnType<Deck['addSlide']>, text: string, y: number, style: { fontSize: number; bold?: boolean; color: string }): number {
  const lines = wrappedLines(text, (WIDTH - 2 * INSET.side) * 72, style.fontSize, style.bold).length;
  if (lines === 0) return y;
  const h = (lines * style.fontSize * 1.2) / 72 + 2 * INSET.top;
  slide.addText(text, { x: LEFT, y, w: WIDTH, h, fontFace: FONT, valign: 'top', ...style });
  return y + h;
}

function addChartSlide(pptx: Deck, chart: ChartSlide): void {
  const slide = pptx.addSlide();
  if ('png' in chart.chart) {
    // The image is the framed chart (1200 × 675 drawn at 2×): 16:9 like the slide.
    slide.addImage({ data: `data:image/png;base64,${chart.chart.png.toString('base64')}`, x: 0.3, y: 0.2, w: 12.73, h: 7.1, altText: chart.title });
    return;
  }
  const native = chart.chart.native;
  let y = textBlock(slide, chart.title, 0.25, { fontSize: 24, bold: true, color: '263238' });
  y = textBlock(slide, [chart.caption, ...native.notes].join(' · '), y, { fontSize: 14, color: MUTED });
  y = textBlock(slide, chart.subtitle, y, { fontSize: 14, color: '37474F' }) + 0.05;
  const whole = native.series.every((s) => s.values.every((v) => v === null || Number.isInteger(v)));
  const number = native.percent ? '0.0" %"' : whole ? '#,##0' : '#,##0.0';
  // pptxgenjs takes numbers; an empty point (null) it writes empty, and chart-xml.ts leaves it out.
  const data = native.series.map((s) => ({ name: s.name, labels: native.labels, values: s.values as number[] }));
  slide.addChart(native.type, data, {
    x: LEFT, y, w: WIDTH, h: 6.9 - y,
    barDir: native.horizontal ? 'bar' : 'col', barGrouping: native.stacked ? 'stacked' : 'clustered', barGapWidthPct: 60,
    chartColors: native.colors, holeSize: 55, lineSize: 2, lineDataSymbol: 'circle', lineDataSymbolSize: 8,
    showLegend: native.legend, legendPos: 'b', legendFontFace: FONT, legendFontSize: 12, displayBlanksAs: 'gap',
    // Every value labelled, a 0 as «0,0 %» as the picture has it (a stack's empty parts are left empty by native-chart.ts).
    showValue: true, dataLabelFormatCode: number, dataLabelFontFace: FONT, dataLabelFontSize: 11,
    dataLabelPosition: native.type === 'line' ? 't' : native.type === 'doughnut' || native.stacked ? 'ctr' : 'outEnd',
    catAxisLabelFontFace: FONT, catAxisLabelFontSize: 12, valAxisLabelFontFace: FONT, valAxisLabelFontSize: 11, valAxisLabelFormatCode: number,
    // From 0, as the pictures' axes: PowerPoint would start bars of 4,1 and 4,4 at 3,9.
    ...(native.type === 'doughnut' ? {} : { valAxisMinVal: 0 }),
  });
  slide.addText(chart.source, { x: LEFT, y: 6.95, w: WIDTH, h: 0.35, fontFace: FONT, fontSize: 10, color: MUTED });
}
