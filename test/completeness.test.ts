import { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletenessResponse, KpiByDistrictResponse, KpisResponse, ScorecardResponse } from '../web/src/lib/shared/api.js';
import { COMPARED_COLOR, kpiByDistrictOption } from '../web/src/lib/charts/kpi.js';
import { completenessOf, valueOrAbsence } from '../web/src/lib/shared/completeness.js';
import { smallRegion } from './fixtures/small-region.js';
import { appWith, waitForUpload, type TestApp } from './helpers/server.js';

let t: TestApp;
beforeAll(async () => {
  t = await appWith(smallRegion());
});
afterAll(() => t.close());

const completeness = async (period: string) => {
  const response = await t.inject(`/api/completeness?period=${period}`, 'viewer');
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as CompletenessResponse;
};
/** district → dataset → [status, rows] */
const matrix = (body: CompletenessResponse) =>
  Object.fromEntries(body.rows.map((r) => [r.district, Object.fromEntries(r.cells.map((c) => [c.dataset, [c.status, c.rows]]))]));

describe('the status of a district\'s data', () => {
  const district = { activeSites: 1, organizations: 3, countedOrganizations: 0, arrived: [] };
  it('is missing once the period has ended, «пока нет» before; not expected without a site; partial headcounts', () => {
    expect([completenessOf('events', district, true), completenessOf('events', district, false)]).toEqual(['missing', 'pending']);
    expect(completenessOf('events', { ...district, activeSites: 0 }, true)).toBe('not_expected');
    expect(completenessOf('events', { ...district, arrived: [{ dataset: 'events', rows: 1, lastAt: null, lastBy: null }] }, true)).toBe('arrived');
    expect([1, 3].map((n) => completenessOf('organization_headcounts', { ...district, countedOrganizations: n }, true))).toEqual(['partial', 'arrived']);
  });
});

describe('GET /api/completeness', () => {
  it('2022-H1: the north (SP1 in force) sent its 2 events and 5 participations; the south hosts no site yet and owes none; both districts\' headcounts are in', async () => {
    const body = await completeness('2022-H1');
    expect(body.ended).toBe(true);
    expect(body.rows.map((r) => [r.name, r.activeSites, r.organizations, r.countedOrganizations])).toEqual([
      ['Северный район', 1, 3, 3], ['Южный район', 0, 2, 2],
    ]);
    expect(matrix(body)).toEqual({
      north: { events: ['arrived', 2], participations: ['arrived', 5], organization_headcounts: ['arrived', 3] },
      south: { events: ['not_expected', 0], participations: ['not_expected', 0], organization_headcounts: ['arrived', 2] },
    });
  });

  it('2023-H1: the north\'s site is in force but nothing came — «не поступили», not a 0 that looks like a result', async () => {
    const m = matrix(await completeness('2023-H1'));
    expect([m.north.events, m.north.participations, m.south.events]).toEqual([['missing', 0], ['missing', 0], ['arrived', 1]]);
  });

  it('marks a district that has not sent the data a KPI is computed from «данные не поступили» — on the district chart and the scorecard, never a 0', async () => {
    // 2023-H1: the north's SP1 is in force, and it sent neither events nor participations.
    const byDistrict = async (kpi: string) => (await t.inject(`/api/kpis/by-district?kpi=${kpi}&period=2023-H1`)).json() as KpiByDistrictResponse;
    const events = await byDistrict('events_per_site');
    expect(events.rows.map((r) => [r.district, r.value, r.notArrived])).toEqual(expect.arrayContaining([['north', 0, true], ['south', 1, false]]));
    // The north's 1 % of trainees is above the south's 0 %, but it is no result to rank: it goes last.
    const reach = await byDistrict('reach_share');
    expect(reach.rows.map((r) => [r.district, r.value, r.notArrived])).toEqual([['south', 0, false], ['north', 1, true]]);
    // A KPI not computed from them is not marked: the authors come with the resources.
    expect((await byDistrict('authors_share')).rows.every((r) => !r.notArrived)).toBe(true);
    // The chart draws no bar for the north and says why where it would be.
    const option = kpiByDistrictOption(events);
    const north = [...events.rows].reverse().findIndex((r) => r.district === 'north');
    // The period's own bars: the pale bar of the period compared with stays, its data did arrive.
    const bars = (option.series as { name: string; data: (number | null)[]; itemStyle: { color: string } }[])
      .filter((s) => s.name !== 'нет значения' && s.itemStyle.color !== COMPARED_COLOR);
    expect(bars.map((s) => s.data[north])).toEqual(bars.map(() => null));
    const label = (option.series as { name: string; label: { formatter: (p: { dataIndex: number }) => string } }[]).find((s) => s.name === 'нет значения')!.label;
    expect(label.formatter({ dataIndex: north })).toBe('данные не поступили');

    const card = (await t.inject('/api/scorecard?period=2023-H1')).json() as ScorecardResponse;
    const column = card.kpis.findIndex((k) => k.code === 'events_per_site');
    const cells = Object.fromEntries(card.rows.map((r) => [r.district, r.cells[column]]));
    expect([cells.north, cells.south.notArrived, card.total[column].notArrived]).toEqual([expect.objectContaining({ notArrived: true, band: 'none' }), false, false]);
    // The overview of the north: its event and trainee cards have no value and say why; the rest are as computed.
    const cards = async (district: string) => ((await t.inject(`/api/kpis?period=2023-H1&district=${district}`)).json() as KpisResponse).cards;
    const northCards = Object.fromEntries((await cards('north')).map((c) => [c.code, c]));
    expect(northCards.events_per_site).toMatchObject({ value: null, met: null, delta: null, notArrived: true });
    expect([northCards.reach_share.notArrived, northCards.org_engagement.notArrived]).toEqual([true, true]);
    expect([northCards.authors_share.notArrived, northCards.authors_share.value]).toEqual([undefined, 2]);
    expect((await cards('south')).some((c) => c.notArrived)).toBe(false);
    expect(valueOrAbsence(northCards.events_per_site)).toBe('данные не поступили');

    const csv = (await t.inject('/api/export/scorecard.csv?period=2023-H1')).body;
    expect(csv.split('\r\n').find((l) => l.startsWith('Северный район'))!.split(';')[1 + column]).toBe('данные не поступили');
  });

  it('says when and by whom the data came, and lists whom to remind as CSV and XLSX', async () => {
    const upload = await t.inject({
      method: 'POST', url: '/api/uploads?fileName=events.csv&dataset=events', headers: { 'content-type': 'text/csv' },
      payload: 'Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\nE30;SP1;Новый семинар;01.03.2023;семинар;очно;12\n',
    }, 'methodologist');
    const { id } = upload.json() as { id: number };
    expect((await waitForUpload(t, id)).status).toBe('applied');
    const body = await completeness('2023-H1');
    const north = body.rows.find((r) => r.district === 'north')!.cells.find((c) => c.dataset === 'events')!;
    expect(north).toMatchObject({ status: 'arrived', rows: 1, lastBy: 'Тест metod-north' });
    expect(Date.now() - Date.parse(north.lastAt!)).toBeLessThan(10 * 60_000);

    const csv = (await t.inject('/api/export/completeness.csv?period=2023-H1', 'viewer')).body;
    expect(csv.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean)).toEqual([
      'Район;Набор данных;Период;Состояние;Строк;Последняя загрузка;Кто загрузил',
      'Северный район;Участие педагогов;2023, 1 п/г;не поступили;0;;',
    ]);
    const xlsx = await t.inject('/api/export/completeness.xlsx?period=2020-H2', 'viewer');
    expect(xlsx.headers['content-disposition']).toMatch(/completeness-2020-H2\.xlsx/);
    const [, ...rows] = await readSheet(xlsx.rawPayload);
    expect(rows.map((r) => [r[0], r[1], r[3]])).toEqual([
      ['Северный район', 'Мероприятия', 'не поступили'], ['Северный район', 'Участие педагогов', 'не поступили'],
      ['Северный район', 'Численность педагогов', 'не поступили'], ['Южный район', 'Численность педагогов', 'не поступили'],
    ]);
  });
});
