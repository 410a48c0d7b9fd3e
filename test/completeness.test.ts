import { headedSheet } from './helpers/xlsx.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletenessResponse, FunnelResponse, KpiByDistrictResponse, KpisResponse, KpiTrendResponse, ScorecardResponse } from '../web/src/lib/shared/api.js';
import { chartById, emptyTextOf } from '../web/src/lib/charts/registry.js';
import { COMPARED_COLOR, kpiByDistrictOption } from '../web/src/lib/charts/kpi.js';
import { completenessOf, DATA_DUE, dueOn, valueOrAbsence } from '../web/src/lib/shared/completeness.js';
import { smallRegion } from './fixtures/small-region.js';
import { databaseWith } from './helpers/db.js';
import { Queries } from '../server/db/queries.js';
import { arrivalsOnce, notArrived, WHOLE_REGION } from '../server/domain/completeness.js';
import { parsePeriod } from '../server/domain/periods.js';
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
  // 2023-H1's events are due on 15 July 2023, 15 days after the half-year's end.
  const due = dueOn('events', DATA_DUE.events.dueDays, { end: '2023-06-30', schoolYear: 2022 });
  const on = (today: string, expected = true) => ({ today, due, expected });
  const events = (firstAt: string | null) => ({ ...district, arrived: [{ dataset: 'events', rows: 1, firstAt, lastAt: firstAt, lastBy: null }] });

  it('is «пока нет» until the due day, «не поступили» after it; not expected without a site, nor where the admin expects none', () => {
    expect(due).toBe('2023-07-15');
    expect(['2023-07-15', '2023-07-16'].map((today) => completenessOf('events', district, on(today)))).toEqual(['pending', 'missing']);
    expect(completenessOf('events', { ...district, activeSites: 0 }, on('2023-08-01'))).toBe('not_expected');
    expect(completenessOf('events', events(null), on('2023-08-01', false))).toBe('not_expected');
  });

  it('came in time, or late: by the day the first rows were uploaded; rows loaded otherwise count as in time', () => {
    expect(['2023-07-15T20:00:00.000Z', '2023-07-16T08:00:00.000Z', null].map((firstAt) => completenessOf('events', events(firstAt), on('2023-08-01'))))
      .toEqual(['arrived', 'late', 'arrived']);
  });

  it('headcounts: some organizations is «частично»; due 30 days into the school year', () => {
    const headcounts = dueOn('organization_headcounts', DATA_DUE.organization_headcounts.dueDays, { end: '2023-06-30', schoolYear: 2022 });
    expect(headcounts).toBe('2022-10-01');
    const when = { today: '2022-10-02', due: headcounts, expected: true };
    expect([0, 1, 3].map((n) => completenessOf('organization_headcounts', { ...district, countedOrganizations: n }, when))).toEqual(['missing', 'partial', 'arrived']);
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
    // Its table and CSV say so in the value's cell, not a 0 beside 0 events.
    const table = (await t.inject('/api/export/kpi-by-district.csv?kpi=events_per_site&period=2023-H1')).body.split('\r\n');
    expect(table.filter((line) => /^(Северный|Южный) район;/.test(line)).map((line) => line.split(';').slice(0, 2)).sort())
      .toEqual([['Северный район', 'данные не поступили'], ['Южный район', '1,0']]);

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
    // Its events charts say so too, not «нет данных» (as if no event had been held).
    for (const id of ['events', 'events-per-site']) {
      const data = (await t.inject(`/api/charts/${id}?period=2023-H1&district=north`)).json();
      const def = chartById(id)!;
      expect([def.hasData(data), emptyTextOf(def, data)], id).toEqual([false, 'Данные не поступили: мероприятия за период пока не присланы']);
    }
    // The region's cards say whose data they lack; a period every district sent says nothing.
    const region = async (period: string) => ((await t.inject(`/api/kpis?period=${period}`)).json() as KpisResponse).partialWithout;
    expect([await region('2023-H1'), await region('2022-H1')]).toEqual([['Северный район'], undefined]);
    expect(valueOrAbsence(northCards.events_per_site)).toBe('данные не поступили');
    // The north's trend has no 2023-H1 point either: a gap, its table and CSV saying why; 2022-H1's data came.
    const trend = (await t.inject('/api/kpis/trend?kpi=reach_share&district=north')).json() as KpiTrendResponse;
    const point = (code: string) => trend.points.find((p) => p.period.code === code)!;
    expect([point('2023-H1').value, point('2023-H1').notArrived, point('2022-H1').notArrived, point('2022-H1').value]).toEqual([null, true, undefined, expect.any(Number)]);
    const trendCsv = (await t.inject('/api/export/kpi-trend.csv?kpi=reach_share&district=north')).body.split('\r\n');
    expect(trendCsv.find((l) => l.startsWith('2023, 1 п/г'))!.split(';').slice(0, 4)).toEqual(['2023, 1 п/г', 'данные не поступили', '', '']);

    const csv = (await t.inject('/api/export/scorecard.csv?period=2023-H1')).body;
    expect(csv.split('\r\n').find((l) => l.startsWith('Северный район'))!.split(';')[1 + column]).toBe('данные не поступили');
  });

  it('the region lacks what no district has sent: a school year with no ОО-1 yet is «данные не поступили» on the region\'s cards and in its summary', async () => {
    // 2021-H1 lies in school year 2020/21: no organization has a headcount of it; the north's SP3
    // was in force, and nothing of the half-year came.
    const cards = Object.fromEntries(((await t.inject('/api/kpis?period=2021-H1')).json() as KpisResponse).cards.map((c) => [c.code, c]));
    for (const code of ['authors_share', 'users_share', 'reach_share', 'events_per_site']) {
      expect(cards[code], code).toMatchObject({ value: null, met: null, delta: null, notArrived: true });
    }
    // What needs no data of the half-year is as computed: the competition's applications of 2020.
    expect(cards.competition_share.notArrived).toBeUndefined();
    const card = (await t.inject('/api/scorecard?period=2021-H1')).json() as ScorecardResponse;
    const column = card.kpis.findIndex((k) => k.code === 'authors_share');
    expect(card.total[column]).toMatchObject({ notArrived: true, band: 'none' });
    // Once one district has sent, the region has a value: the districts' that came.
    expect((((await t.inject('/api/kpis?period=2022-H1')).json() as KpisResponse).cards.find((c) => c.code === 'authors_share'))!.notArrived).toBeUndefined();
  });

  it('the trainees\' funnel of a district that has not sent its participations says so, as its cards do, not a part of a figure', async () => {
    // 2023-H1: the north sent no participations; N2-2 of the north was enrolled twice at the south's SP2 (its programme and E3).
    const funnel = (await t.inject('/api/charts/funnel?period=2023-H1&district=north')).json() as FunnelResponse;
    expect([funnel.notArrived, funnel.stages[0].count]).toEqual([true, 2]);
    const def = chartById('funnel')!;
    expect([def.hasData(funnel), emptyTextOf(def, funnel)]).toEqual([false, 'Данные не поступили: участие педагогов за период пока не прислано']);
    const png = await t.inject('/api/export/funnel.png?period=2023-H1&district=north', 'viewer');
    expect([png.statusCode, png.json().message]).toEqual([404, 'Данные не поступили: участие педагогов за период пока не прислано: у диаграммы «Воронка стажёров» (Северный район · 2023, 1 п/г) выгружать нечего.']);
    // The south's is drawn.
    expect(((await t.inject('/api/charts/funnel?period=2023-H1&district=south')).json() as FunnelResponse).notArrived).toBe(false);
  });

  it('headcounts from fewer than half of the organizations are none yet for a teacher share: in a district, and over the region', async () => {
    const db = await databaseWith(smallRegion());
    try {
      const queries = await Queries.load(db);
      const lacking = async () => {
        const missing = await notArrived(queries, parsePeriod('2022-H2')!);
        return [missing.get('north')!.has('organization_headcounts'), missing.get('south')!.has('organization_headcounts'), missing.get(WHOLE_REGION)!.has('organization_headcounts')];
      };
      // 2022/23: N2 and N3 of the north's three have not sent theirs; the region has 3 of 5.
      await db.run("DELETE FROM organization_headcounts WHERE school_year = 2022 AND organization_code IN ('N2', 'N3')");
      expect(await lacking()).toEqual([true, false, false]);
      // S1's gone too: 2 of 5 over the region.
      await db.run("DELETE FROM organization_headcounts WHERE school_year = 2022 AND organization_code = 'S1'");
      expect(await lacking()).toEqual([true, false, true]);
      // Worked out once a version of the data: the same answer until the version moves on.
      let version = 1;
      const arrivals = arrivalsOnce(queries, () => version);
      const first = arrivals(parsePeriod('2022-H2')!);
      expect(arrivals(parsePeriod('2022-H2')!)).toBe(first);
      await first;
      await db.run("INSERT INTO organization_headcounts (organization_code, school_year, teachers) VALUES ('S1', 2022, 20)");
      expect((await arrivals(parsePeriod('2022-H2')!)).get(WHOLE_REGION)!.has('organization_headcounts')).toBe(true);
      version = 2;
      expect((await arrivals(parsePeriod('2022-H2')!)).get(WHOLE_REGION)!.has('organization_headcounts')).toBe(false);
    } finally {
      db.close();
    }
  });

  it('a period not begun (a planned event lies in it) has no figure yet: no 0 %, no fall, on any card', async () => {
    const year = new Date().getFullYear() + 1;
    const planned = await t.inject({
      method: 'POST', url: '/api/uploads?dataset=events', headers: { 'content-type': 'text/csv' },
      payload: `Код мероприятия;Код площадки;Название;Дата проведения;Форма;Способ проведения;Участников по плану\nE-PLAN;SP2;Семинар;01.03.${year};Семинар;Очно;10\n`,
    });
    expect((await waitForUpload(t, (planned.json() as { id: number }).id)).status).toBe('applied');
    const cards = ((await t.inject(`/api/kpis?period=${year}-H1`, 'viewer')).json() as KpisResponse).cards;
    expect(cards.every((c) => c.notBegun === true && c.value === null && c.met === null && c.delta === null)).toBe(true);
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
    // Uploaded today, years after 15 July 2023: in, but late.
    expect(north).toMatchObject({ status: 'late', rows: 1, lastBy: 'Тест metod-north' });
    expect(body.expectations.find((e) => e.dataset === 'events')).toEqual({ dataset: 'events', expected: true, dueDays: 15, dueOn: '2023-07-15' });
    expect(Date.now() - Date.parse(north.lastAt!)).toBeLessThan(10 * 60_000);
    expect(north.firstAt).toBe(north.lastAt);

    const csv = (await t.inject('/api/export/completeness.csv?period=2023-H1', 'viewer')).body;
    expect(csv.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean)).toEqual([
      'Район;Набор данных;Период;Состояние;Строк;Последняя загрузка;Кто загрузил',
      'Северный район;Участие педагогов;2023, 1 п/г;не поступили;0;;',
    ]);
    const xlsx = await t.inject('/api/export/completeness.xlsx?period=2020-H2', 'viewer');
    expect(xlsx.headers['content-disposition']).toMatch(/completeness-2020-H2\.xlsx/);
    const { heading, rows } = await headedSheet(xlsx.rawPayload);
    expect(heading.slice(0, 2)).toEqual(['Кому напомнить о данных', 'Демонстрационный регион · 2020, 2 п/г']);
    expect(rows.map((r) => [r[0], r[1], r[3]])).toEqual([
      ['Северный район', 'Мероприятия', 'не поступили'], ['Северный район', 'Участие педагогов', 'не поступили'],
      ['Северный район', 'Численность педагогов', 'не поступили'], ['Южный район', 'Численность педагогов', 'не поступили'],
    ]);
  });
});

describe('PUT /api/admin/data-expectations', () => {
  it('the admin says what is expected and by when: the matrix, the district chart\'s marks and the audit log follow', async () => {
    const own = await appWith(smallRegion());
    try {
      const put = (expectations: unknown[], who: 'admin' | 'methodologist' = 'admin') =>
        own.inject({ method: 'PUT', url: '/api/admin/data-expectations?period=2023-H1', payload: { expectations } }, who);
      const body = [{ dataset: 'events', expected: false, dueDays: 15 }, { dataset: 'participations', expected: true, dueDays: 30 }];
      expect((await put(body, 'methodologist')).statusCode).toBe(403);
      const response = await put(body);
      expect(response.statusCode, response.body).toBe(200);
      const answer = response.json() as CompletenessResponse;
      expect(answer.expectations.map((e) => [e.dataset, e.expected, e.dueDays, e.dueOn])).toEqual([
        ['events', false, 15, '2023-07-15'], ['participations', true, 30, '2023-07-30'], ['organization_headcounts', true, 30, '2022-10-01'],
      ]);
      // The north sent no events in 2023-H1: no longer expected, so no longer missing, and its events KPI is a result again.
      expect(answer.rows.find((r) => r.district === 'north')!.cells.map((c) => c.status)).toEqual(['not_expected', 'missing', 'arrived']);
      const events = (await own.inject('/api/kpis/by-district?kpi=events_per_site&period=2023-H1')).json() as KpiByDistrictResponse;
      expect(events.rows.find((r) => r.district === 'north')!.notArrived).toBe(false);
      const audit = (await own.inject('/api/admin/audit?action=expectations_changed')).json() as { entries: { details: string }[] };
      expect(audit.entries.map((e) => e.details)).toEqual(['Мероприятия: не ожидается; Участие педагогов: в течение 30 дн.']);
      expect((await put([{ dataset: 'events', expected: true, dueDays: 400 }])).statusCode).toBe(400);
    } finally {
      await own.close();
    }
  });
});
