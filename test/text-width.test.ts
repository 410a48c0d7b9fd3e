/** Text widths by the shipped fonts' own tables: what ECharts lays out the server's pictures by. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fontMetrics, measureWith } from '../server/export/text-width.js';
import { measureTextFor } from '../web/src/lib/charts/echarts.js';

const font = (file: string) => fontMetrics(fileURLToPath(new URL(`../server/assets/fonts/${file}`, import.meta.url)));
const regular = font('DejaVuSans.ttf');
const bold = font('DejaVuSans-Bold.ttf');
const measure = measureWith(regular, bold);

describe('text widths', () => {
  it('are the fonts\' advance widths: Cyrillic letters as narrow as Latin ones, a space narrower, bold wider', () => {
    const em = (text: string) => measure(text, '10px sans-serif').width / 10;
    // DejaVu Sans: «o» and «о» are the same glyph shape, one Latin, one Cyrillic.
    expect(em('o')).toBeCloseTo(em('о'), 5);
    expect(em('o')).toBeGreaterThan(0.55);
    expect(em('o')).toBeLessThan(0.7);
    expect(em(' ')).toBeLessThan(em('о') * 0.6);
    expect(em('ш')).toBeGreaterThan(em('г'));
    expect(measure('Наставничество', 'bold 12px sans-serif').width).toBeGreaterThan(measure('Наставничество', '12px sans-serif').width);
    // Twice the size, twice the width; a word is the sum of its letters (no kerning).
    expect(measure('Район', '24px sans-serif').width).toBeCloseTo(2 * measure('Район', '12px sans-serif').width, 5);
    expect(em('Район')).toBeCloseTo([...'Район'].reduce((sum, c) => sum + em(c), 0), 5);
  });

  it('count one em for a character the fonts lack; zrender\'s stand-in for any wide character is an average Cyrillic letter', () => {
    expect(regular.advance('国'.codePointAt(0)!)).toBeUndefined();
    expect(measure('国', '12px sans-serif').width).toBe(12);
    const letters = 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя';
    const standIn = measureTextFor(measure)('国', '12px sans-serif').width;
    expect(standIn).toBeCloseTo(measure(letters, '12px sans-serif').width / letters.length, 5);
    expect(standIn).toBeLessThan(9);
    expect(measureTextFor(measure)('Район', '12px sans-serif')).toEqual(measure('Район', '12px sans-serif'));
  });
});
