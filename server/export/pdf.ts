/**
 * PDF files made on the server with PDFKit and the shipped DejaVu font, so the server needs no
 * browser: the approved results (a table of every KPI by district) and the print report (the KPI
 * table, the period in words and every chart as a picture), both A4 landscape with page numbers.
 */
import PDFDocument from 'pdfkit';
import type { KpisResponse, OutlookResponse, ScorecardResponse } from '../../web/src/lib/shared/api.js';
import { formatDate, formatValue } from '../../web/src/lib/shared/format.js';
import { APPROVED_PARTS, approvalWords } from '../../web/src/lib/shared/published.js';
import { REPORT_KPI_HEADERS, reportKpiCells, WITHOUT_DATA_TITLE } from '../../web/src/lib/shared/report.js';
import { BAND_FILLS, BAND_LABELS, FEW_RULE, JUDGED_BANDS, REGION_ROW, scoreWords, scorecardRows } from '../../web/src/lib/shared/scorecard.js';
import { FONT_FILES } from './text-width.js';

const [FONT, BOLD] = FONT_FILES;

const MARGIN = 32;
const PAD = 3;
const SMALL = 7;
const FOOTER = 12;
/** How many districts one table of the approved results puts side by side. */
const MAX_DISTRICT_COLUMNS = 8;

type Doc = PDFKit.PDFDocument;

/** What heads every PDF: the region, what it is, its scope; and the day it was made. */
interface Heading {
  region: string;
  title: string;
  caption: string;
  /** The approval the figures are of, in words, if any. */
  approval: string | null;
  /** The day the file was made, 'YYYY-MM-DD'. */
  today: string;
}

/** An A4 landscape document headed as told; `write` fills it; resolves to the file's bytes. */
function pdf(heading: Heading, write: (doc: Doc) => void): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4', layout: 'landscape', margin: MARGIN, bufferPages: true,
    info: { Title: `${heading.title}: ${heading.caption}`, Author: heading.region, Subject: 'Стажировочные площадки' },
  });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('bold').fontSize(14).text(`${heading.title}: ${heading.caption}`);
  doc.font('body').fontSize(10).text(heading.region);
  if (heading.approval) doc.moveDown(0.3).fontSize(9).text(heading.approval);
  doc.moveDown(0.6);
  write(doc);
  // Page numbers and the day the file was made, on every page.
  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i += 1) {
    doc.switchToPage(pages.start + i);
    // The footer lies in the bottom margin: PDFKit would start a new page for text there.
    const { bottom } = doc.page.margins;
    doc.page.margins.bottom = 0;
    doc.font('body').fontSize(SMALL).fillColor('#555')
      .text(`Сформировано ${formatDate(heading.today)} · стр. ${i + 1} из ${pages.count}`, MARGIN, doc.page.height - MARGIN + 8,
        { width: doc.page.width - 2 * MARGIN, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

const usableWidth = (doc: Doc) => doc.page.width - 2 * MARGIN;
const roomLeft = (doc: Doc) => doc.page.height - MARGIN - FOOTER - doc.y;

/**
 * A table with a bold header row repeated on every page it runs onto; a row never splits. Columns
 * from `left` on are right-aligned (numbers); `fills` colours cells.
 */
function table(
  doc: Doc, headers: readonly string[], rows: string[][], widths: number[],
  options: { fills?: (string | null)[][]; numbersFrom?: number; headerSize?: number } = {},
): void {
  const numbersFrom = options.numbersFrom ?? 1;
  const row = (texts: readonly string[], fills: (string | null)[], bold: boolean) => {
    const size = bold ? (options.headerSize ?? SMALL) : SMALL;
    doc.font(bold ? 'bold' : 'body').fontSize(size);
    const height = Math.max(...texts.map((t, i) => doc.heightOfString(t, { width: widths[i] - 2 * PAD }))) + 2 * PAD;
    if (height > roomLeft(doc)) {
      doc.addPage();
      if (!bold) row(headers, [], true);
    }
    let x = MARGIN;
    const y = doc.y;
    texts.forEach((text, i) => {
      if (fills[i]) doc.rect(x, y, widths[i], height).fill(fills[i]!);
      doc.rect(x, y, widths[i], height).lineWidth(0.4).stroke('#9aa5b1');
      doc.fillColor('#000').font(bold ? 'bold' : 'body').fontSize(size)
        .text(text, x + PAD, y + PAD, { width: widths[i] - 2 * PAD, align: i >= numbersFrom ? 'right' : 'left' });
      x += widths[i];
    });
    doc.x = MARGIN;
    doc.y = y + height;
  };
  row(headers, [], true);
  rows.forEach((texts, r) => row(texts, options.fills?.[r] ?? [], false));
}

/** A paragraph in the body font, on the page's full width. */
function paragraph(doc: Doc, text: string, size = 9): void {
  doc.font('body').fontSize(size).fillColor('#000').text(text, MARGIN, doc.y, { width: usableWidth(doc) });
}

export interface ResultsPdf {
  region: string;
  scorecard: ScorecardResponse;
  today: string;
}

/** The approved results: KPIs down, the region then each district across, coloured by band as the scorecard. */
export function resultsPdf({ region, scorecard, today }: ResultsPdf): Promise<Buffer> {
  const heading = {
    region, today, title: 'Итоги реализации программы стажировочных площадок', caption: scorecard.period.label,
    approval: scorecard.published ? approvalWords(scorecard.published) : 'Текущие данные (итоги не утверждены)',
  };
  return pdf(heading, (doc) => {
    const rows = scorecardRows(scorecard);
    const region = rows[rows.length - 1];
    const districts = rows.slice(0, -1);
    // At most eight districts side by side, so that their names fit their columns: a larger
    // region is told in several tables, each with the region's column first (the figure an order quotes).
    const tables = Math.max(1, Math.ceil(districts.length / MAX_DISTRICT_COLUMNS));
    const size = Math.ceil(districts.length / tables);
    for (let t = 0; t < tables; t += 1) {
      const columns = [region, ...districts.slice(t * size, (t + 1) * size)];
      const [titleWidth, targetWidth] = [150, 40];
      const cellWidth = (usableWidth(doc) - titleWidth - targetWidth) / (MAX_DISTRICT_COLUMNS + 1);
      if (t > 0) doc.moveDown(0.8);
      table(
        doc,
        ['Показатель', 'Цель', ...columns.map((c) => (c.name === REGION_ROW ? 'Регион' : c.name))],
        scorecard.kpis.map((kpi, k) => [
          kpi.title, kpi.target === null ? '—' : formatValue(kpi.target, kpi.unit),
          ...columns.map((c) => scoreWords(kpi.code, c.cells[k]) ?? formatValue(c.cells[k].value, kpi.unit)),
        ]),
        [titleWidth, targetWidth, ...columns.map(() => cellWidth)],
        // District names in a smaller type: «Красносельский» keeps to one line of its column.
        { fills: scorecard.kpis.map((_, k) => [null, null, ...columns.map((c) => BAND_FILLS[c.cells[k].band])]), headerSize: 6 },
      );
    }
    doc.moveDown(0.6);
    const legend = JUDGED_BANDS.map((b) => BAND_LABELS[b]).join('; ');
    paragraph(doc, `Цвет ячейки: ${legend}. Без цвета — показатель без цели или без оценки на уровне района. ${FEW_RULE[0].toUpperCase()}${FEW_RULE.slice(1)}.`, SMALL);
  });
}

export interface ReportPdf {
  region: string;
  caption: string;
  kpis: KpisResponse;
  outlook: OutlookResponse;
  /** Every chart with something to draw: its title and its framed picture (PNG). */
  charts: { title: string; png: Buffer }[];
  /** The titles of the charts without data for the filters: named after the others. */
  withoutData: string[];
  today: string;
}

/** The print report: the KPI table against targets, the period in words, every chart two to a row. */
export function reportPdf({ region, caption, kpis, outlook, charts, withoutData, today }: ReportPdf): Promise<Buffer> {
  const heading = {
    region, caption, today, title: 'Мониторинг стажировочных площадок', approval: kpis.published ? `${approvalWords(kpis.published)}. ${APPROVED_PARTS}` : null,
  };
  return pdf(heading, (doc) => {
    const width = usableWidth(doc);
    table(doc, REPORT_KPI_HEADERS, kpis.cards.map(reportKpiCells), [0.3, 0.1, 0.16, 0.1, 0.12, 0.22].map((share) => share * width), { numbersFrom: 1 });
    doc.moveDown(0.8);
    doc.font('bold').fontSize(11).text('Итоги периода', MARGIN, doc.y);
    for (const sentence of outlook.summary) paragraph(doc, sentence);
    // Charts two to a row, each at the aspect of its picture (16:9).
    const gap = 12;
    const chartWidth = (width - gap) / 2;
    const chartHeight = (chartWidth * 9) / 16;
    doc.addPage();
    charts.forEach((chart, i) => {
      const column = i % 2;
      if (column === 0 && chartHeight > roomLeft(doc)) doc.addPage();
      const y = doc.y;
      doc.image(chart.png, MARGIN + column * (chartWidth + gap), y, { width: chartWidth, height: chartHeight });
      if (column === 1 || i === charts.length - 1) doc.y = y + chartHeight + gap;
      else doc.y = y;
    });
    if (withoutData.length > 0) {
      doc.font('bold').fontSize(11).text(WITHOUT_DATA_TITLE, MARGIN, doc.y);
      for (const title of withoutData) paragraph(doc, `• ${title}`);
    }
  });
}
