import { describe, expect, it } from 'vitest';
import { halfYearOf, halfYearsBetween, parsePeriod, previousPeriod, schoolYearsOf } from '../server/domain/periods.js';

describe('periods', () => {
  it('parses half-years with their school year', () => {
    expect(parsePeriod('2022-H1')).toEqual({
      code: '2022-H1', kind: 'half_year', label: '2022, 1 п/г', start: '2022-01-01', end: '2022-06-30',
      schoolYear: 2021, halfYears: ['2022-H1'],
    });
    expect(parsePeriod('2022-H2')).toMatchObject({ start: '2022-07-01', end: '2022-12-31', schoolYear: 2022, label: '2022, 2 п/г' });
  });

  it('parses school years from September to August', () => {
    expect(parsePeriod('2021-22')).toEqual({
      code: '2021-22', kind: 'school_year', label: '2021/22 уч. г.', start: '2021-09-01', end: '2022-08-31',
      schoolYear: 2021, halfYears: ['2021-H2', '2022-H1'],
    });
    expect(parsePeriod('2099-00')).toMatchObject({ end: '2100-08-31' });
  });

  it('rejects malformed codes', () => {
    for (const code of ['2022-H3', '2021-23', '22-H1', '2022H1', '', '2022-h1']) expect(parsePeriod(code)).toBeNull();
  });

  it('steps back one period', () => {
    expect(previousPeriod(parsePeriod('2022-H1')!).code).toBe('2021-H2');
    expect(previousPeriod(parsePeriod('2022-H2')!).code).toBe('2022-H1');
    expect(previousPeriod(parsePeriod('2021-22')!).code).toBe('2020-21');
  });

  it('lists half-years and school years of a span', () => {
    expect(halfYearOf('2021-06-30')).toBe('2021-H1');
    expect(halfYearOf('2021-07-01')).toBe('2021-H2');
    const halves = halfYearsBetween('2020-10-15', '2023-03-01');
    expect(halves.map((p) => p.code)).toEqual(['2020-H2', '2021-H1', '2021-H2', '2022-H1', '2022-H2', '2023-H1']);
    expect(schoolYearsOf(halves).map((p) => p.code)).toEqual(['2020-21', '2021-22', '2022-23']);
    expect(halfYearsBetween('2023-01-01', '2022-01-01')).toEqual([]);
  });
});
