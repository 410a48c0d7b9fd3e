/**
 * How wide a text is in the fonts the server draws with (DejaVu Sans, shipped), for ECharts'
 * layout in Node. Without a canvas, zrender reckons every character outside ASCII one em wide:
 * Cyrillic about half again as wide as DejaVu draws it, so names wrapped mid-word and plots were
 * squeezed for room their labels did not take. Advance widths are read from the fonts' own
 * tables (cmap format 4, hmtx); kerning is left out (a fraction of a pixel a word).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { wrapWords } from '../../web/src/lib/charts/fit.js';

/** The fonts shipped with the app (regular, bold), so server-drawn text has Cyrillic on any machine. */
export const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => fileURLToPath(new URL(`../assets/fonts/${f}`, import.meta.url))) as [string, string];

export interface FontMetrics {
  /** Advance width of a character in em; undefined when the font has no glyph for it. */
  advance(char: number): number | undefined;
}

/** The metrics of a TrueType font file. */
export function fontMetrics(path: string): FontMetrics {
  const font = readFileSync(path);
  const tables = new Map<string, number>();
  for (let i = 0, count = font.readUInt16BE(4); i < count; i += 1) {
    const record = 12 + 16 * i;
    tables.set(font.toString('latin1', record, record + 4), font.readUInt32BE(record + 8));
  }
  const at = (tag: string) => {
    const offset = tables.get(tag);
    if (offset === undefined) throw new Error(`${path}: no ${tag} table`);
    return offset;
  };
  const unitsPerEm = font.readUInt16BE(at('head') + 18);
  const metricsCount = font.readUInt16BE(at('hhea') + 34);
  const hmtx = at('hmtx');
  const advanceOf = (glyph: number) => font.readUInt16BE(hmtx + 4 * Math.min(glyph, metricsCount - 1)) / unitsPerEm;
  const glyphOf = unicodeGlyphs(font, at('cmap'), path);
  return { advance: (char) => {
    const glyph = glyphOf(char);
    return glyph === 0 ? undefined : advanceOf(glyph);
  } };
}

/** The glyph of a BMP character by the font's Unicode cmap subtable (format 4); 0 when none. */
function unicodeGlyphs(font: Buffer, cmap: number, path: string): (char: number) => number {
  let table = -1;
  for (let i = 0, count = font.readUInt16BE(cmap + 2); i < count; i += 1) {
    const record = cmap + 4 + 8 * i;
    const [platform, encoding] = [font.readUInt16BE(record), font.readUInt16BE(record + 2)];
    const offset = cmap + font.readUInt32BE(record + 4);
    if (((platform === 3 && encoding === 1) || platform === 0) && font.readUInt16BE(offset) === 4) table = offset;
  }
  if (table < 0) throw new Error(`${path}: no Unicode cmap of format 4`);
  const segments = font.readUInt16BE(table + 6) / 2;
  const ends = table + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;
  return (char) => {
    for (let s = 0; s < segments; s += 1) {
      if (char > font.readUInt16BE(ends + 2 * s)) continue;
      const start = font.readUInt16BE(starts + 2 * s);
      if (char < start) return 0;
      const delta = font.readInt16BE(deltas + 2 * s);
      const rangeOffset = font.readUInt16BE(rangeOffsets + 2 * s);
      if (rangeOffset === 0) return (char + delta) & 0xffff;
      const glyph = font.readUInt16BE(rangeOffsets + 2 * s + rangeOffset + 2 * (char - start));
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}

/**
 * A measureText for zrender: the text's width at the CSS font's size, in the bold face when the
 * font says bold. A character the font lacks counts one em, as zrender would count it. Not
 * cached here: zrender keeps the widths it measured, per font.
 */
export function measureWith(regular: FontMetrics, bold: FontMetrics): (text: string, font?: string) => { width: number } {
  return (text, font = '12px sans-serif') => {
    const size = Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 12);
    const face = /\b(bold|bolder|[6-9]00)\b/.test(font) ? bold : regular;
    let width = 0;
    for (const char of text) width += (face.advance(char.codePointAt(0)!) ?? 1) * size;
    return { width };
  };
}

let shipped: ReturnType<typeof measureWith> | undefined;

/** A text measured in the shipped fonts (read on first use). */
export function measureShipped(text: string, font?: string): { width: number } {
  shipped ??= measureWith(fontMetrics(FONT_FILES[0]), fontMetrics(FONT_FILES[1]));
  return shipped(text, font);
}

/**
 * `text`'s lines across `width`, wrapped between words by the shipped font's widths at `size`
 * (pixels, or points on a slide: the same measure): never cut at the edge. None for no text.
 */
export function wrappedLines(text: string, width: number, size: number, bold = false): string[] {
  if (!text.trim()) return [];
  const font = `${bold ? 'bold ' : ''}${size}px sans-serif`;
  return wrapWords(text, width, (line) => measureShipped(line, font).width).split('\n');
}
