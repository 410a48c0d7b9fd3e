import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KPI_CODES, type KpiCode, type KpiOrganizationsResponse, type KpisResponse, type OrganizationCardResponse } from '../web/src/lib/shared/api.js';
import { KPI_META } from '../web/src/lib/shared/kpis.js';
import { totalRow, whoTable } from '../web/src/lib/shared/who.js';
import { smallRegion } from './fixtures/small-region.js';
import { appWith, type TestApp } from './helpers/server.js';

/**
 * «Кто за этой цифрой»: the organizations behind each KPI's value, hand-counted on the small
 * region (test/fixtures/small-region.ts), and the list adding up to the card.
 */
let t: TestApp;
beforeAll(async () => {
  t = await appWith(smallRegion());
});
afterAll(() => t.close());

const list = async (kpi: KpiCode, query: string): Promise<KpiOrganizationsResponse> => {
  const response = await t.inject({ url: `/api/kpis/organizations?kpi=${kpi}&${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as KpiOrganizationsResponse;
};
/** Each organization's code with its numerator, denominator and value, in code order. */
const counts = (data: KpiOrganizationsResponse) => Object.fromEntries([...data.rows]
  .sort((a, b) => a.organization.localeCompare(b.organization))
  .map((r) => [r.organization, [r.numerator, r.denominator, r.value]]));
const notes = (data: KpiOrganizationsResponse) => Object.fromEntries(data.rows.map((r) => [r.organization, r.note]));

describe('GET /api/kpis/organizations, hand-counted', () => {
  it('competition_share: every organization, whether it applied by the school year, with the years', async () => {
    // 2022-H1 is school year 2021/22: competitions 2020 (S2) and 2021 (N1, N2).
    const first = await list('competition_share', 'period=2022-H1');
    expect(counts(first)).toEqual({ N1: [1, 1, 100], N2: [1, 1, 100], N3: [0, 1, 0], S1: [0, 1, 0], S2: [1, 1, 100] });
    expect(notes(first)).toEqual({ N1: '2021', N2: '2021', N3: null, S1: null, S2: '2020' });
    expect(first.total).toEqual({ value: 60, numerator: 3, denominator: 5 });
    // A year on, N2 applied again and S1 for the first time; the district filter leaves the south.
    expect(notes(await list('competition_share', 'period=2022-H2'))).toMatchObject({ N2: '2021, 2022', S1: '2022' });
    expect(Object.keys(counts(await list('competition_share', 'period=2022-H2&district=south')))).toEqual(['S1', 'S2']);
  });

  it('authors_share and users_share: distinct teachers of each organization of its own headcount', async () => {
    // By 30.06.2023: N1-1 and N1-2 of N1 (50 teachers), S1-1 and S1-2 of S1 (20); the others none.
    expect(counts(await list('authors_share', 'period=2023-H1'))).toEqual({
      N1: [2, 50, 4], N2: [0, 10, 0], N3: [0, 40, 0], S1: [2, 20, 10], S2: [0, 30, 0],
    });
    // Users: N2-1 (N2, twice), N3-1 (N3), S2-1 (S2, two resources) — each once.
    const users = await list('users_share', 'period=2023-H1');
    // S2's one user of its 30 teachers: 3,333… %, as a card shows it.
    expect(counts(users)).toMatchObject({ N2: [1, 10, 10], N3: [1, 40, 2.5], S2: [1, 30, 3.3] });
    expect(users.total).toEqual({ value: 2, numerator: 3, denominator: 150 });
    // Kindergartens only: N2.
    expect(Object.keys(counts(await list('users_share', 'period=2023-H1&orgType=kindergarten')))).toEqual(['N2']);
  });

  it('pilot and testing organizations: the hosts whose sites\' status was in force in the period, with the sites', async () => {
    const pilots = await list('pilot_orgs', 'period=2023-H1');
    expect(counts(pilots)).toEqual({ N1: [1, null, 1], S1: [0, null, 0] });
    expect(notes(pilots)).toEqual({ N1: 'Площадка один', S1: 'Площадка два' });
    expect(counts(await list('testing_orgs', 'period=2023-H1'))).toEqual({ N1: [0, null, 0], S1: [1, null, 1] });
    // By 30.06.2022 SP2 (S1) had no status yet; SP3's (N3) had ended on 30.11.2021, in force in 2021-H2.
    expect(Object.keys(counts(await list('pilot_orgs', 'period=2022-H1')))).toEqual(['N1']);
    expect(counts(await list('testing_orgs', 'period=2021-H2'))).toEqual({ N1: [0, null, 0], N3: [1, null, 1] });
  });

  it('the trainee KPIs: trainees by the organization that sent them; organizations with none are left out where trainees divide', async () => {
    // 2022-H1 trainees: N2-1 (N2, attended, certificate), S2-1 (S2, attended), N3-1 (N3, attended), S1-3 (S1, absent),
    // all at SP1 of N1; N1-3 was a tutor. Teachers 2021/22: N1 40, N2 10, N3 30, S1 20, S2 20.
    expect(counts(await list('reach_share', 'period=2022-H1'))).toEqual({
      N1: [0, 40, 0], N2: [1, 10, 10], N3: [1, 30, 3.3], S1: [0, 20, 0], S2: [1, 20, 5], // N3: 1 of 30, 3,333… %
    });
    expect(counts(await list('completion_rate', 'period=2022-H1'))).toEqual({ N2: [1, 1, 100], N3: [0, 1, 0], S1: [0, 1, 0], S2: [0, 1, 0] });
    expect(counts(await list('cross_school_share', 'period=2022-H1'))).toEqual({ N2: [1, 1, 100], N3: [1, 1, 100], S1: [1, 1, 100], S2: [1, 1, 100] });
  });

  it('resource_reuse: the hosts\' resources and those another organization used', async () => {
    // R1 and R2 of SP1 (N1), reused by N2 and N3; R3 of SP2 (S1), reused by S2.
    expect(counts(await list('resource_reuse', 'period=2023-H1'))).toEqual({ N1: [2, 2, 100], S1: [1, 1, 100] });
    expect(counts(await list('resource_reuse', 'period=2022-H1'))).toEqual({ N1: [1, 1, 100] });
  });

  it('org_engagement: every organization, and how it took part', async () => {
    const first = await list('org_engagement', 'period=2022-H1');
    expect(notes(first)).toEqual({
      N1: 'педагоги — авторы ресурсов', N2: 'направляла стажёров, применяла ресурсы', N3: 'направляла стажёров',
      S1: 'направляла стажёров', S2: 'направляла стажёров',
    });
    // 2023-H1: N2-2 of N2 trained, S1-2 authored R3, S2-1 used it; N1 and N3 did nothing.
    const later = await list('org_engagement', 'period=2023-H1');
    expect(counts(later)).toEqual({ N1: [0, 1, 0], N2: [1, 1, 100], N3: [0, 1, 0], S1: [1, 1, 100], S2: [1, 1, 100] });
    expect(notes(later)).toMatchObject({ N1: null, S1: 'педагоги — авторы ресурсов', S2: 'применяла ресурсы' });
  });

  it('report_timeliness: the hosts of sites owing the report, and what became of the others', async () => {
    // Report 2023 (school year 2022/23), due 15.05.2023: SP1 (N1) came on 20 May, SP2 (S1) never.
    const late = await list('report_timeliness', 'period=2022-H2');
    expect(counts(late)).toEqual({ N1: [0, 1, 0], S1: [0, 1, 0] });
    expect(notes(late)).toEqual({ N1: 'с опозданием: 1', S1: 'не сдано: 1' });
    // Report 2022: only SP1 was in force on 15.05.2022, and its report came on 10 May.
    expect(counts(await list('report_timeliness', 'period=2022-H1'))).toEqual({ N1: [1, 1, 100] });
  });

  it('the event KPIs: each host\'s events, participants, questionnaires and sites in force', async () => {
    // 2022-H1: E1 (20 planned, 2 came) and E2 (30, 1) at SP1 of N1; questionnaires 5, 4 and 3.
    expect(counts(await list('avg_attendance', 'period=2022-H1'))).toEqual({ N1: [3, 2, 1.5] });
    expect(counts(await list('attendance_plan', 'period=2022-H1'))).toEqual({ N1: [3, 50, 6] });
    expect(counts(await list('events_per_site', 'period=2022-H1'))).toEqual({ N1: [2, 1, 2] });
    expect(counts(await list('satisfaction', 'period=2022-H1'))).toEqual({ N1: [3, 3, 4] });
    // 2023-H1: E3 at SP2 (S1); SP1 (N1) was in force without events: a site with none, no attendance to average.
    expect(counts(await list('events_per_site', 'period=2023-H1'))).toEqual({ N1: [0, 1, 0], S1: [1, 1, 1] });
    expect(counts(await list('avg_attendance', 'period=2023-H1'))).toEqual({ S1: [1, 1, 1] });
  });
});

describe('the list and the card', () => {
  it('for every KPI and period, the rows are in the card\'s scope and add up to at least its numerator; denominators add up exactly where they are headcounts', async () => {
    for (const period of ['2022-H1', '2022-H2', '2023-H1']) {
      const cards = (await (await t.inject({ url: `/api/kpis?period=${period}` })).json() as KpisResponse).cards;
      for (const kpi of KPI_CODES) {
        const data = await list(kpi, `period=${period}`);
        const card = cards.find((c) => c.code === kpi)!;
        expect(data.total, `${kpi} ${period}`).toEqual({ value: card.value, numerator: card.numerator, denominator: card.denominator });
        const sum = (pick: (r: KpiOrganizationsResponse['rows'][number]) => number | null) => data.rows.reduce((s, r) => s + (pick(r) ?? 0), 0);
        // Hosts and yes-or-no answers are counted once each: their rows add up exactly; teachers may be named with two organizations.
        if (KPI_META[kpi].who.of === 'hosts' || !KPI_META[kpi].who.denominator) expect(sum((r) => r.numerator), `${kpi} ${period}`).toBe(card.numerator);
        else expect(sum((r) => r.numerator), `${kpi} ${period}`).toBeGreaterThanOrEqual(card.numerator);
        if (KPI_META[kpi].who.denominator === 'Педагогов') expect(sum((r) => r.denominator), `${kpi} ${period}`).toBe(card.denominator);
      }
    }
  });

  it('names the districts and sorts by district, then name; the download has the page\'s columns', async () => {
    const data = await list('authors_share', 'period=2023-H1');
    expect(data.rows.map((r) => `${r.districtName}: ${r.name}`)).toEqual([
      'Северный район: Организация N1', 'Северный район: Организация N2', 'Северный район: Организация N3',
      'Южный район: Организация S1', 'Южный район: Организация S2',
    ]);
    // No organization has a note: no column of them.
    expect(whoTable(data).headers).toEqual(['Организация', 'Район', 'Тип', 'Авторов ресурсов', 'Педагогов', 'Доля, %']);
    const csv = await t.inject({ url: '/api/export/organizations.csv?kpi=competition_share&period=2022-H1' });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(decodeURIComponent(csv.headers['content-disposition'] as string)).toContain('Кто_за_этой_цифрой_ОО_участники_конкурса_на_статус_2022_1пг.csv');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('Организация;Район;Тип;Подавала заявку;Годы конкурса');
    expect(lines).toContain('Организация N3;Северный район;Гимназия;нет;');
    // The card's figures last, as on the page.
    expect(lines.at(-1)).toBe('Итого, как на карточке;;;3 из 5 (60,0\u202f%);');
    // An approved period: the card shows the approved figures, the list today's — its total says whose it is.
    const today = await list('reach_share', 'period=2022-H1');
    const published = { id: 1, period: '2022-H1', periodLabel: '2022, 1 п/г', approvedAt: '2022-07-10T10:00:00.000Z', approvedBy: 'Тест', note: null, withdrawnAt: null, withdrawnBy: null, withdrawReason: null };
    expect(totalRow(today)).toBe('Итого, как на карточке');
    expect(totalRow({ ...today, published, approvedValue: null })).toBe('Итого по текущим данным');
    const differs = { ...today, published, approvedValue: 6.5 };
    expect(totalRow(differs)).toBe('Итого по текущим данным (на карточке утверждено 6,5\u202f%)');
    expect(whoTable(differs).rows.at(-1)![0]).toBe('Итого по текущим данным (на карточке утверждено 6,5\u202f%)');
    const xlsx = await t.inject({ url: '/api/export/organizations.xlsx?kpi=reach_share&period=2022-H1&district=south' });
    expect([xlsx.statusCode, xlsx.headers['content-type']]).toEqual([200, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
  });

  it('says which districts have not sent the data, and refuses what it does not know in Russian', async () => {
    // 2023-H1: the north, with SP1 in force, sent no participations.
    expect((await list('reach_share', 'period=2023-H1')).notArrived).toEqual(['Северный район']);
    expect((await list('authors_share', 'period=2023-H1')).notArrived).toEqual([]);
    // The north chosen: its card has no value, nor has the list's total.
    const north = await list('reach_share', 'period=2023-H1&district=north');
    expect([north.notArrived, north.total.value]).toEqual([['Северный район'], null]);
    expect((await list('authors_share', 'period=2023-H1&district=north')).total.value).toBe(2);
    const unknown = await t.inject({ url: '/api/kpis/organizations?kpi=nothing&period=2023-H1' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toMatch(/[а-я]/);
    expect((await t.inject({ url: '/api/kpis/organizations?kpi=authors_share&period=2023-H1' }, 'anonymous')).statusCode).toBe(401);
  });
});

describe('GET /api/organizations/:code', () => {
  const card = async (code: string) => {
    const response = await t.inject({ url: `/api/organizations/${code}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as OrganizationCardResponse;
  };

  it('a kindergarten that sends trainees and uses resources: its teachers counted per school year, never named', async () => {
    const n2 = await card('N2');
    expect(n2.organization).toMatchObject({ code: 'N2', name: 'Организация N2', orgType: 'kindergarten', district: 'north', districtName: 'Северный район' });
    expect(n2.headcounts).toEqual([{ schoolYear: 2021, teachers: 10 }, { schoolYear: 2022, teachers: 10 }]);
    expect(n2.sites).toEqual([]);
    expect(n2.applications.map((a) => [a.year, a.directionName, a.outcome])).toEqual([
      [2021, 'Инклюзивное образование', 'rejected'], [2022, 'Современные образовательные технологии', 'rejected'],
    ]);
    // 2021/22: N2-1 trained at SP1 (N1's) with a certificate and used R1 twice; 2022/23: N2-2, enrolled twice at SP2.
    expect(n2.activity).toEqual([
      { schoolYear: 2021, trainees: 1, completed: 1, certified: 1, trainedElsewhere: 1, authors: 0, resourcesAuthored: 0, users: 1, resourcesUsed: 1 },
      { schoolYear: 2022, trainees: 1, completed: 1, certified: 1, trainedElsewhere: 1, authors: 0, resourcesAuthored: 0, users: 0, resourcesUsed: 0 },
    ]);
    expect(JSON.stringify(n2)).not.toMatch(/N2-[12]/);
  });

  it('a host school: its site, its authors by the resource\'s school year, and its tutor not counted as a trainee', async () => {
    const n1 = await card('N1');
    expect(n1.sites.map((s) => [s.code, s.isPilot, s.statusGrantedOn])).toEqual([['SP1', true, '2021-12-01']]);
    expect(n1.activity.map((a) => [a.schoolYear, a.trainees, a.authors, a.resourcesAuthored])).toEqual([[2021, 0, 2, 1], [2022, 0, 1, 1]]);
  });

  it('an unknown organization is a Russian 404', async () => {
    const response = await t.inject({ url: '/api/organizations/NOPE' });
    expect([response.statusCode, response.json().message]).toEqual([404, 'Организация «NOPE» не найдена']);
  });
});
