import { Resvg } from '@resvg/resvg-js';
import { echarts, measureTextFor, wrapNames } from '../../web/src/lib/charts/echarts.js';

/** A chart's option with its map's shapes registered: what the pictures draw. */
export { optionFor } from '../../web/src/lib/charts/echarts.js';
import { FONT_FAMILY } from '../../web/src/lib/charts/theme.js';
import type { ChartOption } from '../../web/src/lib/charts/types.js';
import { FONT_FILES, measureShipped, wrappedLines } from './text-width.js';

// ECharts lays text out by the shipped fonts' widths, as resvg draws it.
echarts.setPlatformAPI({ measureText: measureTextFor(measureShipped) });

export interface Frame {
  title: string;
  caption: string;
  /** What the chart shows (the registry's subtitle: «Нарастающим итогом; пунктир — цель»); empty where it has none. */
  subtitle: string;
  source: string;
}

/** Slide-shaped by default: 16:9. */
export const EXPORT_SIZE = { width: 1200, height: 675 };
/**
 * For the print report: the same shape, fewer pixels, so that across an A4 landscape page (277 mm
 * between 10 mm margins) the smallest text, 12 px, prints at 12 × 785 pt ÷ 960 ≈ 9.8 pt (8 pt at least).
 */
export const PRINT_SIZE = { width: 960, height: 540 };
/**
 * The header's lines, each wrapped between words across the picture (a long caption of filters
 * would lose its period past the edge): the title's first line at `first`, the caption's and the
 * subtitle's first lines `first` under the line before them, each next line `line` apart; the
 * chart starts 16 under the last.
 */
const TITLE = { size: 24, first: 40, line: 30 };
const CAPTION = { size: 15, first: 28, line: 20 };
const SUBTITLE = { size: 14, first: 22, line: 19 };
const FOOTER = 30;
/** Left of the title, caption and source; the chart keeps it on both sides, its legend under the title. */
const MARGIN = 24;

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The chart alone, drawn by ECharts' SVG renderer in Node (no animation). */
export function drawSvg(option: ChartOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ ...wrapNames(option), animation: false });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The chart drawn by ECharts' SVG renderer in Node, with its title, caption, subtitle and source around it. */
export function renderChartSvg(option: ChartOption, frame: Frame, size = EXPORT_SIZE): string {
  const width = size.width - 2 * MARGIN;
  const font = escapeXml(FONT_FAMILY);
  let y = 0;
  const block = (text: string, style: { size: number; first: number; line: number }, attributes: string, bold = false) =>
    wrappedLines(text, width, style.size, bold).map((line, i) => {
      y += i === 0 ? style.first : style.line;
      return `<text x="${MARGIN}" y="${y}" font-family="${font}" font-size="${style.size}" ${attributes}>${escapeXml(line)}</text>`;
    });
  const header = [
    ...block(frame.title, TITLE, 'font-weight="bold" fill="#263238"', true),
    ...block(frame.caption, CAPTION, 'fill="#607080"'),
    ...block(frame.subtitle, SUBTITLE, 'fill="#37474f"'),
  ];
  const top = y + 16;
  const inner = drawSvg(option, width, size.height - top - FOOTER);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}" viewBox="0 0 ${size.width} ${size.height}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...header,
    inner.replace(/^<svg /, `<svg x="${MARGIN}" y="${top}" `),
    `<text x="${MARGIN}" y="${size.height - 10}" font-family="${font}" font-size="12" fill="#8a97a6">${escapeXml(frame.source)}</text>`,
    '</svg>',
  ].join('\n');
}

/** PNG of an SVG at twice its size (crisp on slides and high-density screens), white background. */
export function svgToPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'zoom', value: scale },
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
