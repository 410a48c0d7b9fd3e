/**
 * The published results as a PDF to sign and file: every KPI (rows) for the region and each
 * district (columns), coloured by band as the scorecard, with who approved them and when. Made
 * with PDFKit and the shipped DejaVu font: no browser on the server.
 */
import PDFDocument from 'pdfkit';
import { fileURLToPath } from 'node:url';
import type { ScorecardResponse } from '../../web/src/lib/shared/api.js';
import { formatValue } from '../../web/src/lib/shared/format.js';
import { approvalWords } from '../../web/src/lib/shared/published.js';
import { BAND_FILLS, BAND_LABELS, FEW_RULE, JUDGED_BANDS, REGION_ROW, scoreWords, scorecardRows } from '../../web/src/lib/shared/scorecard.js';

const FONT = fileURLToPath(new URL('../assets/fonts/DejaVuSans.ttf', import.meta.url));
const BOLD = fileURLToPath(new URL('../assets/fonts/DejaVuSans-Bold.ttf', import.meta.url));

const MARGIN = 32;
const PAD = 3;
const SIZE = 7;

export interface ResultsPdf {
  region: string;
  /** «2026, 1 п/г» and the like. */
  caption: string;
  scorecard: ScorecardResponse;
  /** The day the file was made, 'YYYY-MM-DD'. */
  today: string;
}

/** The PDF's bytes. */
export function resultsPdf({ region, caption, scorecard, today }: ResultsPdf): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4', layout: 'landscape', margin: MARGIN, bufferPages: true,
    info: { Title: `Итоги: ${caption}`, Author: region, Subject: 'Стажировочные площадки' },
  });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('bold').fontSize(14).text(`Итоги реализации программы стажировочных площадок: ${caption}`);
  doc.font('body').fontSize(10).text(region);
  doc.moveDown(0.3).fontSize(9).text(scorecard.published ? approvalWords(scorecard.published) : 'Текущие данные (итоги не утверждены)');
  doc.moveDown(0.6);
  table(doc, scorecard);
  doc.moveDown(0.6).font('body').fontSize(SIZE).fillColor('#000');
  const legend = JUDGED_BANDS.map((b) => BAND_LABELS[b]).join('; ');
  doc.text(`Цвет ячейки: ${legend}. Без цвета — показатель без цели или без оценки на уровне района. ${FEW_RULE[0].toUpperCase()}${FEW_RULE.slice(1)}.`);

  // Page numbers and the day the file was made, on every page.
  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i += 1) {
    doc.switchToPage(pages.start + i);
    doc.font('body').fontSize(SIZE).fillColor('#555')
      .text(`Сформировано ${today.split('-').reverse().join('.')} · стр. ${i + 1} из ${pages.count}`, MARGIN, doc.page.height - MARGIN + 8,
        { width: doc.page.width - 2 * MARGIN, align: 'right', lineBreak: false });
  }
  doc.end();
  return done;
}

/** KPIs down, the region then the districts across; a row moves to the next page whole, with the header again. */
function table(doc: PDFKit.PDFDocument, card: ScorecardResponse): void {
  const rows = scorecardRows(card);
  // The region first: the figure an order quotes.
  const columns = [rows[rows.length - 1], ...rows.slice(0, -1)];
  const width = doc.page.width - 2 * MARGIN;
  const titleWidth = 170;
  const targetWidth = 44;
  const cellWidth = (width - titleWidth - targetWidth) / columns.length;
  const widths = [titleWidth, targetWidth, ...columns.map(() => cellWidth)];

  const row = (texts: string[], fills: (string | null)[], bold: boolean) => {
    doc.font(bold ? 'bold' : 'body').fontSize(SIZE);
    const height = Math.max(...texts.map((t, i) => doc.heightOfString(t, { width: widths[i] - 2 * PAD }))) + 2 * PAD;
    if (doc.y + height > doc.page.height - MARGIN - 12) {
      doc.addPage();
      header();
    }
    let x = MARGIN;
    const y = doc.y;
    texts.forEach((text, i) => {
      if (fills[i]) doc.rect(x, y, widths[i], height).fill(fills[i]!);
      doc.rect(x, y, widths[i], height).lineWidth(0.4).stroke('#9aa5b1');
      doc.fillColor('#000').font(bold ? 'bold' : 'body').fontSize(SIZE)
        .text(text, x + PAD, y + PAD, { width: widths[i] - 2 * PAD, align: i < 1 ? 'left' : 'right' });
      x += widths[i];
    });
    doc.x = MARGIN;
    doc.y = y + height;
  };
  const header = () => row(['Показатель', 'Цель', ...columns.map((c) => (c.name === REGION_ROW ? 'Регион' : c.name))], [], true);

  header();
  card.kpis.forEach((kpi, k) => {
    row(
      [kpi.title, kpi.target === null ? '—' : formatValue(kpi.target, kpi.unit),
        ...columns.map((c) => scoreWords(kpi.code, c.cells[k]) ?? formatValue(c.cells[k].value, kpi.unit))],
      [null, null, ...columns.map((c) => BAND_FILLS[c.cells[k].band])],
      false,
    );
  });
}
