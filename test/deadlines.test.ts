import { headedSheet } from './helpers/xlsx.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeadlineCalendarResponse, DeadlinesResponse, KpisResponse, ReportsResponse, SiteCardResponse } from '../web/src/lib/shared/api.js';
import { cardDetail } from '../web/src/lib/shared/kpis.js';
import { smallRegion } from './fixtures/small-region.js';
import { appWith, type TestApp } from './helpers/server.js';

let t: TestApp;
beforeAll(async () => {
  t = await appWith(smallRegion());
});
afterAll(() => t.close());

const get = async <T>(url: string) => (await t.inject(url)).json() as T;
const put = (payload: object) => t.inject({ method: 'PUT', url: '/api/admin/deadlines', payload });
/** Whole days from a date to today, as the server counts them (its local date). */
const daysSince = (iso: string) => {
  const now = new Date();
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round((today - Date.parse(`${iso}T00:00:00Z`)) / 86_400_000);
};
const timeliness = async (period: string) => (await get<KpisResponse>(`/api/kpis?period=${period}`)).cards.find((c) => c.code === 'report_timeliness')!;

describe('«Сроки»: the report deadline, competition stages, overdue sites', () => {
  it('school year 2022/23: the default 15 May deadline; SP2 never reported, SP1 reported 5 days late', async () => {
    const body = await get<DeadlinesResponse>('/api/deadlines?period=2022-23');
    expect(body.calendar.map((i) => [i.kind, i.year, i.date, i.configured])).toEqual([
      ['applications_open', 2022, null, false],
      ['applications_close', 2022, null, false],
      ['expert_review', 2022, null, false],
      ['result_order', 2022, null, false],
      ['site_report', 2023, '2023-05-15', false],
    ]);
    expect(body.calendar[4]).toMatchObject({ label: 'Срок годовых отчётов площадок', daysFromToday: -daysSince('2023-05-15') });
    expect(body.today).toBe(new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 10));
    // Not submitted first (counted to today), then the late one.
    expect(body.overdue).toEqual([
      { site: 'SP2', name: 'Площадка два', host: expect.any(String), district: 'south', districtName: 'Южный район', deadline: '2023-05-15', submittedOn: null, daysLate: daysSince('2023-05-15') },
      { site: 'SP1', name: 'Площадка один', host: expect.any(String), district: 'north', districtName: 'Северный район', deadline: '2023-05-15', submittedOn: '2023-05-20', daysLate: 5 },
    ]);
    // The filters apply: the northern district has only SP1.
    expect((await get<DeadlinesResponse>('/api/deadlines?period=2022-23&district=north')).overdue.map((o) => o.site)).toEqual(['SP1']);
    // 2021/22: SP1 reported on 10 May, in time.
    expect((await get<DeadlinesResponse>('/api/deadlines?period=2022-H1')).overdue).toEqual([]);
  });

  it('a deadline the admin moves counts everywhere: the KPI, the reports chart, the site card, the panel', async () => {
    expect(await timeliness('2022-23')).toMatchObject({ numerator: 0, denominator: 2 });
    const response = await put({ kind: 'site_report', year: 2023, date: '2023-05-20' });
    expect(response.statusCode).toBe(200);
    expect((response.json() as DeadlineCalendarResponse).calendar[4]).toMatchObject({ date: '2023-05-20', configured: true });

    expect(await timeliness('2022-23')).toMatchObject({ numerator: 1, denominator: 2, value: 50 });
    const chart = await get<ReportsResponse>('/api/charts/reports?period=2022-23');
    expect([chart.deadline, chart.total]).toEqual(['2023-05-20', { onTime: 1, late: 0, missing: 1, pending: 0 }]);
    const card = await get<SiteCardResponse>('/api/sites/SP1');
    expect(card.reports.find((r) => r.year === 2023)).toMatchObject({ deadline: '2023-05-20', status: 'on_time', daysLate: null });
    expect((await get<DeadlinesResponse>('/api/deadlines?period=2022-23')).overdue.map((o) => [o.site, o.daysLate]))
      .toEqual([['SP2', daysSince('2023-05-20')]]);

    // Cleared: 15 May again.
    expect((await put({ kind: 'site_report', year: 2023, date: null })).statusCode).toBe(200);
    expect(await timeliness('2022-23')).toMatchObject({ numerator: 0, denominator: 2 });
    const audit = (await t.inject('/api/admin/audit?action=deadline_changed')).json() as { entries: { details: string }[] };
    expect(audit.entries.map((e) => e.details)).toEqual(['site_report 2023: по умолчанию', 'site_report 2023: 2023-05-20']);
  });

  it('the KPI card without reports to count says why: no site in the filters owes one, though the deadline has passed', async () => {
    // 2021/22: 15.05.2022 has passed; the south had no site in force that day, the north had SP1.
    const south = (await get<KpisResponse>('/api/kpis?period=2022-H1&district=south')).cards.find((c) => c.code === 'report_timeliness')!;
    expect(south).toMatchObject({ value: null, met: null, numerator: 0, denominator: 0, inScope: 0 });
    expect(cardDetail({ ...south, denominator: 0 })).toBe('нет площадок, обязанных сдать отчёт');
    expect(cardDetail({ ...(await timeliness('2022-H1')), denominator: 1 })).toBe('1 из 1');
  });

  it('competition stages are dated items of their school year, in order', async () => {
    for (const [kind, date] of [['applications_open', '2022-10-01'], ['applications_close', '2022-10-31'], ['result_order', '2022-12-01']]) {
      expect((await put({ kind, year: 2022, date })).statusCode).toBe(200);
    }
    const calendar = (await get<DeadlinesResponse>('/api/deadlines?period=2022-H2')).calendar;
    expect(calendar.map((i) => [i.kind, i.date])).toEqual([
      ['applications_open', '2022-10-01'], ['applications_close', '2022-10-31'], ['expert_review', null],
      ['result_order', '2022-12-01'], ['site_report', '2023-05-15'],
    ]);
    // The review cannot end after the result order, nor applications open after they close.
    const late = await put({ kind: 'expert_review', year: 2022, date: '2022-12-05' });
    expect([late.statusCode, late.json().message]).toEqual([400,
      'Этапы конкурса 2022 года идут по порядку: «Приказ об итогах конкурса» (01.12.2022) не может быть раньше, чем «Завершение экспертизы заявок» (05.12.2022)']);
    expect((await put({ kind: 'applications_open', year: 2022, date: '2022-11-01' })).statusCode).toBe(400);
    expect((await put({ kind: 'expert_review', year: 2022, date: '2022-11-20' })).statusCode).toBe(200);
  });

  it('refuses dates that cannot be right, in Russian', async () => {
    const cases: [object, string][] = [
      [{ kind: 'site_report', year: 2023, date: '2023-02-30' }, 'Такой даты нет: «2023-02-30»'],
      [{ kind: 'site_report', year: 2023, date: '2024-05-15' }, 'Срок отчётов 2023 года должен быть в 2023 году, а не 15.05.2024'],
      [{ kind: 'applications_open', year: 2021, date: '2023-10-01' }, 'Этапы конкурса 2021 года должны приходиться на 2021–2022 годы, а не на 01.10.2023'],
    ];
    for (const [payload, message] of cases) {
      const response = await put(payload);
      expect([response.statusCode, response.json().message]).toEqual([400, message]);
    }
    expect((await put({ kind: 'no_such_stage', year: 2023, date: '2023-05-15' })).statusCode).toBe(400);
  });

  it('the overdue list downloads as CSV and XLSX, with the filters', async () => {
    const csv = await t.inject('/api/export/overdue-reports.csv?period=2022-23', 'viewer');
    expect([csv.statusCode, csv.headers['content-disposition']]).toEqual([200, `attachment; filename="overdue-reports-2022-23.csv"; filename*=UTF-8''${encodeURIComponent('Несданные_отчёты_2022-23_уч._г.csv')}`]);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Площадка;Код площадки;Район;Базовая организация;Срок;Сдан;Просрочка, дней');
    expect(lines.slice(1).map((l) => l.split(';').slice(1, 7).filter((_, i) => i !== 2))).toEqual([
      // Dates as a Russian Excel reads them.
      ['SP2', 'Южный район', '15.05.2023', 'не сдан', String(daysSince('2023-05-15'))],
      ['SP1', 'Северный район', '15.05.2023', '20.05.2023', '5'],
    ]);
    const north = await t.inject('/api/export/overdue-reports.xlsx?period=2022-23&district=north', 'viewer');
    const { heading, rows } = await headedSheet(north.rawPayload);
    expect(heading.slice(0, 2)).toEqual(['Несданные отчёты площадок', 'Северный район · 2022/23 уч. г.']);
    expect(rows.map((r) => r[1])).toEqual(['SP1']);
    // Real dates in the workbook, as Excel sorts and filters them.
    expect(rows[0][4]).toEqual(new Date(Date.UTC(2023, 4, 15)));
    expect((await t.inject('/api/export/overdue-reports.pdf', 'viewer')).statusCode).toBe(400);
    expect((await t.inject('/api/export/overdue-reports.csv')).statusCode).toBe(200);
  });

  it('upcoming: dates from today on, nearest first, with the next report deadline', async () => {
    const year = new Date().getFullYear() + 1;
    expect((await put({ kind: 'applications_open', year, date: `${year}-10-01` })).statusCode).toBe(200);
    const { upcoming } = await get<DeadlinesResponse>('/api/deadlines');
    const reportYear = daysSince(`${year - 1}-05-15`) <= 0 ? year - 1 : year;
    expect(upcoming.map((i) => [i.kind, i.year, i.date, i.daysFromToday])).toEqual([
      ['site_report', reportYear, `${reportYear}-05-15`, -daysSince(`${reportYear}-05-15`)],
      ['applications_open', year, `${year}-10-01`, -daysSince(`${year}-10-01`)],
    ]);
  });
});
