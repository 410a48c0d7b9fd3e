/**
 * Cells as people type them, read by the field's parser alone (the corpus holds whole files).
 */
import { describe, expect, it } from 'vitest';
import { DATASETS } from '../web/src/lib/shared/datasets.js';
import { parseCell, parseNumber, readingOf } from '../server/ingest/values.js';

const planned = DATASETS.events.fields.find((f) => f.key === 'planned')!;
const rating = DATASETS.feedback.fields.find((f) => f.key === 'rating')!;
const count = (text: string) => parseCell(planned, text, readingOf(planned, [text]));

describe('counts', () => {
  it('a space of any kind separates thousands only before groups of three digits', () => {
    for (const [text, value] of [['1 200', 1200], ['1\u00a0200', 1200], ['1\u202f200', 1200], ['12 000', 12_000], ['100 000', 100_000], ['12,0', 12], ['+10', 10], [' 10 ', 10]] as const) {
      expect(count(text), text).toEqual({ ok: true, value });
    }
    expect(parseNumber('12 000 000')).toBe(12_000_000);
    expect(parseNumber('1 200,5')).toBe(1200.5);
    for (const text of ['25 30', '1 20', '12 0000', '1 2 3', '1200 000']) expect(parseNumber(text), text).toBeNull();
  });

  it('two numbers side by side are one unclear number, never glued together', () => {
    for (const text of ['25 30', '1 20', '12 0000']) {
      expect(count(text), text).toEqual({ ok: false, message: expect.stringMatching(new RegExp(`^Неясное число «${text}»`)) });
    }
  });

  it('a remark in brackets is dropped only when it holds no figure', () => {
    expect(count('12 (чел.)')).toEqual({ ok: true, value: 12 });
    expect(count('1 200 (по списку)')).toEqual({ ok: true, value: 1200 });
    expect(parseCell(rating, '5 (отлично)')).toEqual({ ok: true, value: 5 });
    for (const text of ['12 (+3 онлайн)', '10 (+2)', '10 (-1)', '20 (из них 5 онлайн)']) {
      expect(count(text), text).toEqual({ ok: false, message: expect.stringMatching(/^В ячейке число с пояснением .*запишите одно число/) });
    }
  });

  it('the forms read before are read as before', () => {
    expect(count('20 чел.')).toEqual({ ok: true, value: 20 });
    expect(count('1.000')).toMatchObject({ ok: false, message: expect.stringMatching(/^Неоднозначное число/) });
    const column = ['25,000', '1 025,000'];
    expect(column.map((t) => parseCell(planned, t, readingOf(planned, column)))).toEqual([{ ok: true, value: 25 }, { ok: true, value: 1025 }]);
  });
});
