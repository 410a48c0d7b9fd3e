import { headedSheet } from './helpers/xlsx.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KPI_CODES, type KpiByDistrictResponse, type KpiCode, type KpisResponse, type KpiTrendResponse, type ScorecardResponse } from '../web/src/lib/shared/api.js';
import { bandOf, BAND_FILLS } from '../web/src/lib/shared/scorecard.js';
import { smallRegion } from './fixtures/small-region.js';
import { appWith, type TestApp } from './helpers/server.js';
import { zipEntry } from './helpers/zip.js';

let t: TestApp;
beforeAll(async () => {
  t = await appWith(smallRegion());
});
afterAll(() => t.close());

const scorecard = async (query: string) => {
  const response = await t.inject({ url: `/api/scorecard?${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as ScorecardResponse;
};
const cellOf = (card: ScorecardResponse, district: string | null, kpi: KpiCode) => {
  const cells = district === null ? card.total : card.rows.find((r) => r.district === district)!.cells;
  return cells[card.kpis.findIndex((k) => k.code === kpi)];
};

describe('the bands of a scorecard cell', () => {
  it('met at the target as shown, close from 80 % of it, far below; few under the threshold; none without a target or for a district\'s count', () => {
    const percent = (value: number, denominator = 100) => bandOf('authors_share', { value, numerator: 1, denominator }, 3, false);
    expect([percent(3), percent(2.4), percent(2.39), percent(5, 29)]).toEqual(['met', 'close', 'far', 'few']);
    // 2.96 % is shown «3,0 %»: it meets a target of 3 % as the official reads it.
    expect([percent(2.96), percent(2.94)]).toEqual(['met', 'close']);
    expect(bandOf('authors_share', { value: 5, numerator: 5, denominator: 100 }, null, false)).toBe('none');
    expect(bandOf('authors_share', { value: null, numerator: 0, denominator: 0 }, 3, false)).toBe('none');
    // The pilot organizations' target is the region's: a district's count is not judged by it.
    const pilots = { value: 1, numerator: 1, denominator: null };
    expect([bandOf('pilot_orgs', pilots, 3, false), bandOf('pilot_orgs', pilots, 3, true)]).toEqual(['none', 'far']);
    // A mean rating counts its questionnaires, not the participants: two answers from 300 are too few.
    expect([bandOf('satisfaction', { value: 5, numerator: 2, denominator: 300 }, 4, false), bandOf('satisfaction', { value: 4.5, numerator: 30, denominator: 300 }, 4, false)])
      .toEqual(['few', 'met']);
  });
});

describe('GET /api/scorecard', () => {
  it('2023-H1: every KPI for each district and the region, hand-counted cells in their bands', async () => {
    const card = await scorecard('period=2023-H1');
    expect(card.kpis.map((k) => k.code)).toEqual([...KPI_CODES]);
    expect(card.rows.map((r) => r.name)).toEqual(['Северный район', 'Южный район']);
    // Authors 2023-H1 (target 3 %): north 2 of 100 teachers, south 2 of 50, the region 4 of 150.
    expect(cellOf(card, 'north', 'authors_share')).toMatchObject({ value: 2, numerator: 2, denominator: 100, band: 'far' });
    expect(cellOf(card, 'south', 'authors_share')).toMatchObject({ value: 4, numerator: 2, denominator: 50, band: 'met' });
    expect(cellOf(card, null, 'authors_share')).toMatchObject({ numerator: 4, denominator: 150, band: 'close' });
    // Competition entrants (target 20 %): the north's 3 organizations are too few to rank; the region's 5 are not.
    expect(cellOf(card, 'north', 'competition_share')).toMatchObject({ numerator: 2, denominator: 3, band: 'few' });
    expect(cellOf(card, null, 'competition_share')).toMatchObject({ value: 80, numerator: 4, denominator: 5, band: 'met' });
    // Pilot organizations (target 3, the region's): a district's count is shown, not judged.
    expect([cellOf(card, 'north', 'pilot_orgs').band, cellOf(card, null, 'pilot_orgs')]).toEqual(['none', expect.objectContaining({ value: 1, numerator: 1, denominator: null, band: 'far' })]);
    expect(card.kpis.find((k) => k.code === 'authors_share')).toMatchObject({ target: 3, fewBelow: 30, unit: 'percent' });
  });

  it('judges a district\'s count of organizations by no target, as the scorecard does: its cards, its trend and the district chart', async () => {
    const json = async <T>(url: string) => (await t.inject({ url })).json() as T;
    const region = (await json<KpisResponse>('/api/kpis?period=2022-H2')).cards.find((c) => c.code === 'testing_orgs')!;
    expect([region.target, region.met]).toEqual([7, false]);
    const south = (await json<KpisResponse>('/api/kpis?period=2022-H2&district=south')).cards.find((c) => c.code === 'testing_orgs')!;
    expect([south.value, south.target, south.met]).toEqual([1, null, null]);
    expect((await json<KpiTrendResponse>('/api/kpis/trend?kpi=pilot_orgs&district=south')).target).toBeNull();
    expect((await json<KpiTrendResponse>('/api/kpis/trend?kpi=pilot_orgs')).target).toBe(3);
    const byDistrict = await json<KpiByDistrictResponse>('/api/kpis/by-district?kpi=pilot_orgs&period=2022-H2');
    expect([byDistrict.target, byDistrict.rows.every((r) => r.met === null)]).toEqual([null, true]);
    // A share's target holds for a district as for the region.
    expect((await json<KpisResponse>('/api/kpis?period=2022-H2&district=south')).cards.find((c) => c.code === 'authors_share')!.target).toBe(3);
    // Nor is the region's count judged when only schools or one direction are counted: their 1 is no region's 7.
    for (const filter of ['orgType=school', 'direction=inclusive']) {
      const part = (await json<KpisResponse>(`/api/kpis?period=2022-H2&${filter}`)).cards.find((c) => c.code === 'testing_orgs')!;
      expect([part.target, part.met], filter).toEqual([null, null]);
      expect((await json<KpiTrendResponse>(`/api/kpis/trend?kpi=testing_orgs&${filter}`)).target, filter).toBeNull();
      const card = await scorecard(`period=2022-H2&${filter}`);
      expect(cellOf(card, null, 'testing_orgs').band, filter).toBe('none');
    }
  });

  it('compares with the period the cards compare with: each cell\'s value then, as that period\'s own scorecard has it', async () => {
    const card = await scorecard('period=2023-H1&compare=year_ago');
    expect(card.compared?.code).toBe('2022-H1');
    const before = await scorecard('period=2022-H1');
    expect(card.rows.map((r) => r.cells.map((c) => c.previous))).toEqual(before.rows.map((r) => r.cells.map((c) => c.value)));
    expect(card.total.map((c) => c.previous)).toEqual(before.total.map((c) => c.value));
    expect((await scorecard('period=2020-H2')).compared).toBeNull();
    expect((await t.inject({ url: '/api/scorecard?period=2022-H1&compare=2023-H1' })).statusCode).toBe(400);
  });

  it('agrees with the overview\'s cards and by-district chart for every KPI', async () => {
    const card = await scorecard('period=2022-23&orgType=school');
    const cards = (await t.inject({ url: '/api/kpis?period=2022-23&orgType=school' })).json() as { cards: { code: KpiCode; value: number | null }[] };
    for (const [i, kpi] of card.kpis.entries()) {
      expect(card.total[i].value, kpi.code).toBe(cards.cards.find((c) => c.code === kpi.code)!.value);
      const byDistrict = (await t.inject({ url: `/api/kpis/by-district?period=2022-23&orgType=school&kpi=${kpi.code}` })).json() as { rows: { district: string; value: number | null }[] };
      for (const row of card.rows) expect(row.cells[i].value, `${kpi.code} ${row.district}`).toBe(byDistrict.rows.find((r) => r.district === row.district)?.value ?? null);
    }
  });

  it('exports as XLSX with the bands\' colours and as CSV, «мало данных» said in the cell', async () => {
    const xlsx = await t.inject({ url: '/api/export/scorecard.xlsx?period=2023-H1' });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toMatch(/scorecard-2023-H1\.xlsx/);
    const { heading, headers, rows } = await headedSheet(xlsx.rawPayload);
    expect(heading.slice(0, 2)).toEqual(['Сводка по районам', 'Все районы · 2023, 1 п/г']);
    const sheet = [headers, ...rows];
    expect(sheet.map((r) => r[0])).toEqual(['Район', 'Северный район', 'Южный район', 'Регион в целом', 'Цель']);
    const authors = 1 + KPI_CODES.indexOf('authors_share');
    expect([sheet[0][authors], sheet[4][authors], sheet[4][1 + KPI_CODES.indexOf('reach_share')]]).toEqual(['Педагоги — авторы ресурсов, %', 3, null]);
    expect([sheet[1][authors], sheet[2][authors]]).toEqual([2, 4]);
    expect(sheet[1][1 + KPI_CODES.indexOf('competition_share')]).toBe('мало данных (66,7\u202f%)');
    const styles = zipEntry(xlsx.rawPayload, 'xl/styles.xml')!;
    for (const band of ['met', 'close', 'far', 'few'] as const) expect(styles, band).toContain(BAND_FILLS[band]!.slice(1).toUpperCase());
    const csv = await t.inject({ url: '/api/export/scorecard.csv?period=2023-H1' });
    // Percents and means to one place as the cards have them («80,0», «2,0»), counts whole.
    // Testing organizations 1: S1's SP2; N3's SP3 is no more in force in 2023-H1.
    expect(csv.body.split('\r\n')[3]).toMatch(/^Регион в целом;80,0;2,7;2,0;1;1;0,7;/);
    expect(csv.body.split('\r\n')[4]).toMatch(new RegExp(`^Цель;20,0;(?:[^;]*;){${authors - 2}}3,0;`));
  });
});
