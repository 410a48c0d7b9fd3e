import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type {
  EventsResponse, FiltersResponse, FunnelResponse, KpiByDistrictResponse, KpisResponse, KpiTrendResponse,
  PlanResponse, ReportsResponse, ScorecardResponse, SiteCardResponse, SitesByDirectionResponse, SitesResponse,
} from '../web/src/lib/shared/api.js';
import { KPI_CODES } from '../web/src/lib/shared/api.js';
import { KpiService } from '../server/domain/kpis.js';
import { Queries } from '../server/db/queries.js';
import { FilterCatalog } from '../server/domain/scope.js';
import { shownChange } from '../web/src/lib/shared/format.js';
import { scopeCaption } from '../web/src/lib/shared/caption.js';
import { comparablePeriods, unknownFilters } from '../web/src/lib/scope.js';
import { smallRegion } from './fixtures/small-region.js';
import { until } from './helpers/poll.js';
import { databaseWith } from './helpers/db.js';
import { appWith, type TestApp } from './helpers/server.js';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await appWith(smallRegion());
});
afterAll(() => testApp.close());

async function get<T>(url: string, status = 200): Promise<T> {
  const response = await testApp.inject({ method: 'GET', url });
  expect(response.statusCode, `${url}: ${response.body}`).toBe(status);
  expect(response.headers['content-type']).toMatch(/application\/json/);
  return response.json() as T;
}

const NO_FILTERS = { district: null, orgType: null, direction: null };

describe('GET /api/health and /api/filters', () => {
  it('reports health', async () => {
    expect(await get('/api/health')).toEqual({ status: 'ok', organizations: 5, warm: true, computedAhead: false });
  });

  it('lists periods from the data, districts, types and directions', async () => {
    const filters = await get<FiltersResponse>('/api/filters');
    expect(filters.periods.filter((p) => p.kind === 'half_year').map((p) => p.code))
      .toEqual(['2020-H2', '2021-H1', '2021-H2', '2022-H1', '2022-H2', '2023-H1']);
    expect(filters.periods.filter((p) => p.kind === 'school_year').map((p) => p.label))
      .toEqual(['2020/21 уч. г.', '2021/22 уч. г.', '2022/23 уч. г.']);
    expect(filters.defaultPeriod).toBe('2023-H1');
    expect(filters.districts).toEqual([{ code: 'north', name: 'Северный район' }, { code: 'south', name: 'Южный район' }]);
    expect(filters.orgTypes.map((t) => t.code)).toContain('kindergarten');
    expect(filters.directions.map((d) => d.code).sort()).toEqual(['inclusive', 'tech']);
    // The last half-year ended long ago: its figures are whole.
    expect(filters.partialUntil).toBeNull();
    expect(scopeCaption(filters, { ...NO_FILTERS, period: '2023-H1', district: 'north' })).toBe('Северный район · 2023, 1 п/г');
  });

  it('says of a period still going on how far its data goes, in every caption of it, as of the day asked', async () => {
    const region = smallRegion();
    const withEvents = (...days: string[]) => ({ ...region, events: [...region.events, ...days.map((day, i) => ({ ...region.events[0], code: `E-LATE-${i}`, held_on: day }))] });
    const db = await databaseWith(withEvents('2026-11-20'));
    try {
      const catalog = await FilterCatalog.load(await Queries.load(db), 'Регион');
      const caption = (filters: Omit<FiltersResponse, 'approved'>, period: string) => scopeCaption(filters, { ...NO_FILTERS, period });
      // On 30 November 2026 the half-year and the school year are going on.
      const november = catalog.toResponse('2026-11-30');
      expect([november.inProgress, november.partialUntil]).toEqual([['2026-H2', '2026-27'], '2026-11-20']);
      expect(caption(november, '2026-H2')).toBe('Все районы · 2026, 2 п/г (период не завершён, данные по 20.11.2026)');
      expect(caption(november, '2023-H1')).toBe('Все районы · 2023, 1 п/г');
      // In January the half-year has ended (the same lists, not read again); the school year goes on.
      const january = catalog.toResponse('2027-01-15');
      expect(january.inProgress).toEqual(['2026-27']);
      expect(caption(january, '2026-H2')).toBe('Все районы · 2026, 2 п/г');
      expect(caption(january, '2026-27')).toBe('Все районы · 2026/27 уч. г. (период не завершён, данные по 20.11.2026)');
      expect(catalog.toResponse('2027-09-01')).toMatchObject({ inProgress: [], partialUntil: null });
    } finally {
      db.close();
    }
    // A planned event ahead: the data of the period going on reach today, not its date, and views
    // open on the half-year going on, not on the one of the planned event, empty as yet.
    const planned = await databaseWith(withEvents('2026-11-20', '2027-03-01'));
    try {
      const catalog = await FilterCatalog.load(await Queries.load(planned), 'Регион');
      const november = catalog.toResponse('2026-11-30');
      expect([november.partialUntil, november.defaultPeriod, november.periods.filter((p) => p.kind === 'half_year').at(-1)?.code]).toEqual(['2026-11-30', '2026-H2', '2027-H1']);
      // The half-year of the planned event has not begun: its captions say so, not «не завершён».
      expect(november.notBegun).toEqual(['2027-H1']);
      expect(scopeCaption(november, { ...NO_FILTERS, period: '2027-H1' })).toBe('Все районы · 2027, 1 п/г (период ещё не начался)');
      expect(catalog.toResponse('2027-01-10').defaultPeriod).toBe('2027-H1');
      // Asked without a period, an answer is of that half-year too; the first computed ahead is it.
      expect(catalog.resolvePeriod(undefined)).toBe(catalog.defaultPeriod());
      expect(catalog.scopesAhead()[0].period).toBe(catalog.defaultPeriod());
    } finally {
      planned.close();
    }
  });
});

describe('GET /api/kpis with a comparison period', () => {
  /** Each card's value in a period, as the API gives it for that period itself. */
  const valuesIn = async (period: string) =>
    new Map((await get<KpisResponse>(`/api/kpis?period=${period}`)).cards.map((c) => [c.code, c.value]));

  it('compares with the period before by default, a year earlier, or any period of the data', async () => {
    const [h1, h2, y2021h2, y2022h1] = await Promise.all(['2023-H1', '2022-H2', '2021-H2', '2022-H1'].map(valuesIn));
    for (const [compare, period, against] of [
      [null, '2022-H2', '2022-H1'], ['previous', '2022-H2', '2022-H1'], ['year_ago', '2022-H2', '2021-H2'], ['2021-H2', '2023-H1', '2021-H2'],
    ] as const) {
      const { cards } = await get<KpisResponse>(`/api/kpis?period=${period}${compare ? `&compare=${compare}` : ''}`);
      const current = period === '2022-H2' ? h2 : h1;
      const before = against === '2022-H1' ? y2022h1 : y2021h2;
      for (const card of cards) {
        expect(card.value, `${card.code}, ${compare}`).toBe(current.get(card.code));
        expect(card.previous?.period.code, `${card.code}, ${compare}`).toBe(against);
        expect(card.previous?.value, `${card.code}, ${compare}`).toBe(before.get(card.code));
        if (card.value !== null && card.previous?.value != null) expect(card.delta).toBe(shownChange(card.value, card.previous.value, card.unit));
      }
    }
  });

  it('names the comparison in the summary, and refuses a period the data do not cover, in Russian', async () => {
    const outlook = await get<{ summary: string[] }>('/api/kpis/outlook?period=2023-H1&compare=year_ago');
    expect(outlook.summary[0]).toMatch(/ Изменения — по сравнению с 2022, 1 п\/г\.$/);
    expect((await get<{ message: string }>('/api/kpis?period=2023-H1&compare=2099-H1', 400)).message).toBe('Нет периода «2099-H1» для сравнения в данных региона');
    expect((await testApp.inject('/api/kpis?compare=yesterday')).statusCode).toBe(400);
    // Only with a period over before the chosen one begins: a change never runs backwards.
    expect((await get<{ message: string }>('/api/kpis?period=2022-H1&compare=2022-H2', 400)).message)
      .toBe('Сравнивать можно только с периодом, который закончился до начала выбранного (2022, 1 п/г): «2022, 2 п/г» не такой');
    expect((await testApp.inject('/api/kpis?period=2022-H1&compare=2022-H1')).statusCode).toBe(400);
    expect((await testApp.inject('/api/kpis?period=2022-H1&compare=2021-22')).statusCode).toBe(400); // the school year holding it
    // Only with a period of the same kind: half a year's events against a whole year's would read as a fall.
    expect((await get<{ message: string }>('/api/kpis?period=2022-H2&compare=2020-21', 400)).message)
      .toBe('Сравнивать можно только период того же вида: полугодие с полугодием, учебный год с учебным годом — «2020/21 уч. г.» и «2022, 2 п/г» разного вида');
    // «Сравнить с» offers no other.
    const filters = await get<FiltersResponse>('/api/filters');
    const offered = comparablePeriods(filters, { period: '2022-H2', district: null, orgType: null, direction: null, kpi: 'authors_share' });
    expect([offered.length > 0, offered.every((p) => p.kind === 'half_year' && p.end < '2022-07-01')]).toEqual([true, true]);
    // An old link comparing with a school year is told why, not as a period the data lack.
    expect(unknownFilters(filters, { period: '2022-H2', district: null, orgType: null, direction: null, kpi: 'authors_share', compare: '2020-21' }))
      .toEqual(['сравнение с периодом «2020/21 уч. г.» (сравнивать можно только с более ранним периодом того же вида)']);
  });
});

describe('GET /api/kpis', () => {
  it('returns all cards for the default (latest) period', async () => {
    const body = await get<KpisResponse>('/api/kpis');
    expect(body.period.code).toBe('2023-H1');
    expect(body.cards.map((c) => c.code)).toEqual([...KPI_CODES]);
    const users = body.cards.find((c) => c.code === 'users_share')!;
    expect(users).toMatchObject({ value: 2, numerator: 3, denominator: 150, target: 10, met: false, unit: 'percent' });
    expect(users.previous?.period.code).toBe('2022-H2');
    expect(users.passport).toMatchObject({ unit: '%', name: expect.stringMatching(/пользователей методических ресурсов/) });
    expect(Object.keys(users.passport)).toEqual(['name', 'unit', 'periodicity', 'numerator', 'denominator', 'method', 'source', 'target', 'responsible']);
  });

  it('applies period and filters', async () => {
    const body = await get<KpisResponse>('/api/kpis?period=2022-H2&district=south');
    expect(body.cards.find((c) => c.code === 'competition_share')).toMatchObject({ value: 100, numerator: 2, denominator: 2, met: true });
    // A district's count is not judged by the region's target of 7 (see test/scorecard.test.ts).
    expect(body.cards.find((c) => c.code === 'testing_orgs')).toMatchObject({ value: 1, target: null, met: null });
  });

  it('has no previous value before the first period with data', async () => {
    const body = await get<KpisResponse>('/api/kpis?period=2020-H2');
    expect(body.cards.every((c) => c.previous === null && c.delta === null)).toBe(true);
  });

  it.each([
    ['/api/kpis?period=2022-H3', /period/],
    ['/api/kpis?period=2030-H1', /Нет данных за период «2030, 1 п\/г»/],
    ['/api/kpis?period=2021-23', /Неверный период/],
    ['/api/kpis?district=atlantis', /Неизвестный район: «atlantis»/],
    ['/api/kpis?direction=magic', /Неизвестное направление: «magic»/],
    ['/api/kpis?orgType=castle', /orgType.*допустимые: school/],
    ['/api/kpis/trend', /Не указан обязательный параметр запроса «kpi»/],
    ['/api/kpis/trend?kpi=happiness', /kpi/],
  ])('%s → 400 with a Russian message', async (url, message) => {
    const body = await get<{ message: string; statusCode: number }>(url, 400);
    expect(body.statusCode).toBe(400);
    expect(body.message).toMatch(message);
  });
});

describe('KPI charts', () => {
  it('trend covers every half-year', async () => {
    const body = await get<KpiTrendResponse>('/api/kpis/trend?kpi=authors_share');
    expect(body.target).toBe(3);
    // Authors of 120 teachers, then of 150: 0, 2 (1,666… %), 3 (2 %), 4 (2,666… %), each as its card shows it.
    expect(body.points.map((p) => [p.period.code, p.value])).toEqual([
      ['2020-H2', null], ['2021-H1', null], ['2021-H2', 0], ['2022-H1', 1.7], ['2022-H2', 2], ['2023-H1', 2.7],
    ]);
  });

  it('by district lists every district of the region, one without organizations too, with no value where its bar would be', async () => {
    const region = smallRegion();
    const app = await appWith({ ...region, districts: [...region.districts, { code: 'east', name: 'Восточный район' }] });
    try {
      const body = (await app.inject('/api/kpis/by-district?kpi=competition_share&period=2022-H1', 'viewer')).json() as KpiByDistrictResponse;
      expect(body.rows.map((r) => [r.name, r.value, r.numerator, r.denominator, r.met, r.few])).toEqual([
        ['Северный район', 66.7, 2, 3, null, true], ['Южный район', 50, 1, 2, null, true], ['Восточный район', null, 0, null, null, false],
      ]);
    } finally {
      await app.close();
    }
  });

  it('by district is sorted by value, ignores a district filter, and judges a value against the target only where the scorecard does', async () => {
    // 2 of the north's 3 organizations and 1 of the south's 2 applied: too few organizations (under 5) to judge.
    const body = await get<KpiByDistrictResponse>('/api/kpis/by-district?kpi=competition_share&period=2022-H1&district=north');
    expect(body.rows.map((r) => [r.name, r.value, r.met, r.few])).toEqual([['Северный район', 66.7, null, true], ['Южный район', 50, null, true]]);
    const card = await get<ScorecardResponse>('/api/scorecard?period=2022-H1');
    const column = card.kpis.findIndex((k) => k.code === 'competition_share');
    expect(card.rows.map((r) => r.cells[column].band)).toEqual(['few', 'few']);
    // Teachers are enough (80 and 40): judged, and below the 3 % target.
    const authors = await get<KpiByDistrictResponse>('/api/kpis/by-district?kpi=authors_share&period=2022-H1');
    expect(authors.rows.map((r) => [r.district, r.met, r.few])).toEqual([['north', false, false], ['south', false, false]]);
    // Two more organizations in the north that did not apply: 2 of 5, judged and met (20 %); the south still too few.
    const region = smallRegion();
    const org = region.organizations[1];
    // Each with its 2021/22 headcount: one without any would not count in a year whose headcounts are in.
    const app = await appWith({
      ...region,
      organizations: [...region.organizations, { ...org, code: 'N4', short_name: 'N4', name: 'Организация N4' }, { ...org, code: 'N5', short_name: 'N5', name: 'Организация N5' }],
      organization_headcounts: [...region.organization_headcounts, { organization_code: 'N4', school_year: 2021, teachers: 12 }, { organization_code: 'N5', school_year: 2021, teachers: 9 }],
    });
    try {
      const five = (await app.inject('/api/kpis/by-district?kpi=competition_share&period=2022-H1', 'viewer')).json() as KpiByDistrictResponse;
      expect(five.rows.map((r) => [r.name, r.value, r.numerator, r.denominator, r.met, r.few])).toEqual([
        ['Южный район', 50, 1, 2, null, true], ['Северный район', 40, 2, 5, true, false],
      ]);
    } finally {
      await app.close();
    }
  });
});

describe('activity charts', () => {
  it('events', async () => {
    const body = await get<EventsResponse>('/api/charts/events?period=2022-H1');
    expect(body.rows).toEqual([
      { halfYear: '2022-H1', format: 'seminar', mode: 'in_person', events: 1, planned: 20, actual: 2, unreported: 0 },
      { halfYear: '2022-H1', format: 'webinar', mode: 'remote', events: 1, planned: 30, actual: 1, unreported: 0 },
    ]);
  });

  it('funnel', async () => {
    const body = await get<FunnelResponse>('/api/charts/funnel?period=2022-H1');
    expect(body.stages.map((s) => [s.stage, s.count])).toEqual([['enrolled', 4], ['attended', 3], ['reported', 2], ['certified', 1]]);
    expect(body.stages[0].label).toBe('Записались');
  });

  it('sites by direction', async () => {
    const body = await get<SitesByDirectionResponse>('/api/charts/sites-by-direction?period=2021-H2');
    expect(body.rows.map((r) => [r.direction, r.level, r.sites])).toEqual([['tech', 'municipal', 1], ['tech', 'regional', 1]]);
  });

  it('reports', async () => {
    const body = await get<ReportsResponse>('/api/charts/reports?period=2022-23');
    expect(body).toMatchObject({ reportYear: 2023, deadline: '2023-05-15', total: { onTime: 0, late: 1, missing: 1, pending: 0 } });
    expect(body.rows.map((r) => r.name)).toEqual(['Северный район', 'Южный район']);
  });

  it('plan', async () => {
    const body = await get<PlanResponse>('/api/charts/plan?period=2022-H1');
    expect(body.counts).toEqual([
      { status: 'done', label: 'Выполнено', count: 0 },
      { status: 'in_progress', label: 'В работе', count: 1 },
      { status: 'planned', label: 'Запланировано', count: 0 },
      { status: 'overdue', label: 'Просрочено', count: 1 },
    ]);
    expect(body.items[1]).toEqual({ code: '2.10', title: 'Апробация', expectedProduct: 'Справка', status: 'overdue', halfYears: ['2022-H1'] });
  });
});

describe('sites', () => {
  it('lists and searches sites', async () => {
    expect((await get<SitesResponse>('/api/sites')).rows).toHaveLength(3);
    const search = await get<SitesResponse>(`/api/sites?q=${encodeURIComponent('ИСТЁК')}`);
    expect(search.rows.map((r) => r.code)).toEqual(['SP3']);
    const south = await get<SitesResponse>('/api/sites?district=south');
    expect(south.rows).toMatchObject([{ code: 'SP2', districtName: 'Южный район', direction: 'inclusive', isTesting: true, events: 1, trainees: 2, resources: 1 }]);
    expect((await get<SitesResponse>('/api/sites?q=nothing-like-this')).rows).toEqual([]);
    await get('/api/sites?district=atlantis', 400);
  });

  it('says which sites\' status has ended and which has not begun yet, in the list and its files (days as dd.mm.yyyy)', async () => {
    const region = smallRegion();
    // SP4's status begins after the data's last day (a competition's winners named ahead).
    const app = await appWith({ ...region, sites: [...region.sites, { ...region.sites[0], code: 'SP4', name: 'Площадка четыре', status_granted_on: '2030-01-10', status_valid_until: '2033-01-10' }] });
    try {
      const rows = ((await app.inject('/api/sites', 'viewer')).json() as SitesResponse).rows;
      expect(rows.map((r) => [r.code, r.expired, r.pending]).sort()).toEqual([['SP1', false, false], ['SP2', false, false], ['SP3', true, false], ['SP4', false, true]]);
      const csv = Papa.parse<string[]>((await app.inject('/api/export/sites.csv', 'viewer')).body.replace(/^\uFEFF/, ''), { delimiter: ';' }).data;
      const column = (name: string) => csv[0].indexOf(name);
      const sp4 = csv.find((r) => r[1] === 'SP4')!;
      expect([sp4[column('Статус с')], sp4[column('Статус до')], sp4[column('Статус')]]).toEqual(['10.01.2030', '10.01.2033', 'ещё не действует']);
      expect(csv.find((r) => r[1] === 'SP3')![column('Статус')]).toBe('истёк');
    } finally {
      await app.close();
    }
  });

  it('shows a site card', async () => {
    const body = await get<SiteCardResponse>('/api/sites/SP1');
    expect(body.site).toMatchObject({ code: 'SP1', hostName: 'Организация N1', hostType: 'school', districtName: 'Северный район' });
    expect(body.events.map((e) => [e.code, e.enrolled])).toEqual([['E4', 0], ['E2', 2], ['E1', 2]]);
    expect(body.trainees).toEqual([{ schoolYear: 2021, enrolled: 4, attended: 3, reported: 2, certified: 1, distinctTeachers: 4, fromOtherOrgs: 4 }]);
    expect(body.resources.map((r) => [r.code, r.authors, r.users])).toEqual([['R2', 2, 1], ['R1', 2, 2]]);
    expect(body.reports).toEqual([
      { year: 2022, deadline: '2022-05-15', submittedOn: '2022-05-10', status: 'on_time', daysLate: null },
      { year: 2023, deadline: '2023-05-15', submittedOn: '2023-05-20', status: 'late', daysLate: 5 },
    ]);
  });

  it('404s an unknown site and an unknown API path in Russian', async () => {
    expect((await get<{ message: string }>('/api/sites/NOPE', 404)).message).toBe('Площадка «NOPE» не найдена');
    expect((await get<{ message: string }>('/api/nothing', 404)).message).toMatch(/Нет такого адреса/);
  });
});

describe('a KPI request whose numbers take too long', () => {
  it('is told in Russian that the server is busy (503), and the numbers are there when asked again', async () => {
    const slow = await appWith(smallRegion(), { answerWithinMs: 300 });
    try {
      // The cards' computation held back until the first answer has gone out.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const cards = KpiService.prototype.cards;
      const spy = vi.spyOn(KpiService.prototype, 'cards').mockImplementationOnce(async function (this: KpiService, ...args) {
        await held;
        return cards.apply(this, args);
      });
      const busy = await slow.inject('/api/kpis?period=2022-H1', 'viewer');
      expect(busy.statusCode).toBe(503);
      expect(busy.json().message).toMatch(/^Сервер занят расчётом показателей/);
      release();
      spy.mockRestore();
      // The computation went on after the 503: asked again, the page gets the numbers (at once, once they are ready).
      const again = await until(async () => {
        const response = await slow.inject('/api/kpis?period=2022-H1', 'viewer');
        return response.statusCode === 200 && response;
      }, 'the numbers after the 503');
      expect(again.json<KpisResponse>().cards.map((c) => c.code)).toEqual([...KPI_CODES]);
    } finally {
      await slow.close();
    }
  });
});
