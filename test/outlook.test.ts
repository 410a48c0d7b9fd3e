import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiCard, KpisResponse, KpiTrendResponse, OutlookResponse, PeriodInfo } from '../web/src/lib/shared/api.js';
import { formatProjected, halfYearIndex, kpiSentence, linearFit, projectKpi, summarize } from '../web/src/lib/shared/outlook.js';
import { reportKpiCells } from '../web/src/lib/shared/report.js';
import { partialNote } from '../web/src/lib/shared/caption.js';
import { verdictOf, verdictWords } from '../web/src/lib/shared/verdict.js';
import { meetsTarget } from '../web/src/lib/shared/format.js';
import { Queries } from '../server/db/queries.js';
import { KpiService } from '../server/domain/kpis.js';
import { loadPassports } from '../server/domain/passports.js';
import { parsePeriod } from '../server/domain/periods.js';
import { localDay } from '../server/local-day.js';
import { addDays } from '../web/src/lib/shared/format.js';
import { periodInfo } from '../server/domain/scope.js';
import { smallRegion } from './fixtures/small-region.js';
import { appWith, type TestApp } from './helpers/server.js';

const info = (code: string): PeriodInfo => periodInfo(parsePeriod(code)!);
const card = (code: KpiCard['code'], value: number | null, before: number | null | undefined, target: number | null): KpiCard => ({
  code, title: code, unit: code.endsWith('_orgs') ? 'count' : 'percent', value, numerator: 0, denominator: null, target,
  met: value === null || target === null ? null : meetsTarget(value, target, code.endsWith('_orgs') ? 'count' : 'percent'), passport: {} as KpiCard['passport'],
  previous: before === undefined ? null : { period: info('2022-H1'), value: before }, delta: null,
});

describe('summary sentences', () => {
  it('say where a KPI went and where it stands against its target', () => {
    // The example.
    expect(kpiSentence(card('authors_share', 3.4, 2.1, 3)))
      .toBe('Доля педагогов — авторов ресурсов выросла с 2,1\u202f% до 3,4\u202f% и достигла цели (3,0\u202f%).');
    expect(kpiSentence(card('users_share', 8.2, 9.5, 10)))
      .toBe('Доля педагогов — пользователей ресурсов снизилась с 9,5\u202f% до 8,2\u202f%; до цели (10,0\u202f%) не хватает 1,8\u00a0п.\u00a0п.');
    // The period before is approved and compared by today's data: said so, as on the card.
    expect(kpiSentence({ ...card('users_share', 11.1, 8, 10), previous: { period: info('2022-H1'), value: 8, live: true } }))
      .toBe('Доля педагогов — пользователей ресурсов выросла с 8,0 % (по текущим данным) до 11,1 % и достигла цели (10,0 %).');
    expect(kpiSentence(card('competition_share', 25, 22, 20)))
      .toBe('Доля ОО — участников конкурса на статус выросла с 22,0\u202f% до 25,0\u202f%; цель (20,0\u202f%) достигнута.');
    // Neuter subject, a count; unchanged; no previous period; no data.
    expect(kpiSentence(card('testing_orgs', 5, 5, 7))).toBe('Число ОО — участников апробации процедур не изменилось (5); до цели (7) не хватает 2.');
    expect(kpiSentence(card('pilot_orgs', 3, undefined, 3))).toBe('Число пилотных организаций составило 3 и достигло цели (3).');
    expect(kpiSentence(card('pilot_orgs', null, 2, 3))).toBe('Число пилотных организаций: нет данных за период.');
    // A participial phrase is closed by a comma before the verb.
    expect(kpiSentence(card('reach_share', 12, 10, null))).toBe('Доля педагогов, прошедших стажировку, выросла с 10,0\u202f% до 12,0\u202f%.');
  });

  it('open with the targets met, in correct plural forms', () => {
    const period = info('2022-H2');
    const cards = (met: number, total: number) => Array.from({ length: total }, (_, i) => card('authors_share', i < met ? 5 : 1, 1, 3));
    expect(summarize(period, cards(1, 5))[0]).toBe('2022, 2 п/г: цели достигнуты по 1 показателю из 5, для которых они установлены. Изменения — по сравнению с 2022, 1 п/г.');
    expect(summarize(period, cards(2, 5))[0]).toBe('2022, 2 п/г: цели достигнуты по 2 показателям из 5, для которых они установлены. Изменения — по сравнению с 2022, 1 п/г.');
    expect(summarize(period, cards(0, 1))[0]).toBe('2022, 2 п/г: цели пока не достигнуты ни по одному из 1 показателя, для которых они установлены. Изменения — по сравнению с 2022, 1 п/г.');
    expect(summarize(period, cards(0, 5))[0]).toBe('2022, 2 п/г: цели пока не достигнуты ни по одному из 5 показателей, для которых они установлены. Изменения — по сравнению с 2022, 1 п/г.');
    expect(summarize(period, [card('reach_share', 12, 10, null)])).toEqual(['2022, 2 п/г: целевые значения показателей не установлены.']);
    expect(summarize(period, cards(2, 3))).toHaveLength(4);
    // A school year compared with: its label's own dot ends the sentence.
    const schoolYear = [{ ...card('authors_share', 5, 1, 3), previous: { period: info('2021-22'), value: 1 } }];
    expect(summarize(info('2022-23'), schoolYear)[0]).toMatch(/ Изменения — по сравнению с 2021\/22 уч\. г\.$/);
    // A period still going on says how far its data go, as its captions do.
    const going = partialNote({ inProgress: ['2022-H2', '2023-H1'], partialUntil: '2022-11-20', notBegun: ['2023-H1'] }, '2022-H2');
    expect(summarize(period, cards(1, 5), going)[0]).toBe('2022, 2 п/г (период не завершён, данные по 20.11.2022): цели достигнуты по 1 показателю из 5, для которых они установлены. Изменения — по сравнению с 2022, 1 п/г.');
    expect(partialNote({ inProgress: ['2022-H2', '2023-H1'], partialUntil: '2022-11-20', notBegun: ['2023-H1'] }, '2022-H1')).toBe('');
    // A period ahead (a planned event lies in it) is told as not begun, not as going on.
    expect(partialNote({ inProgress: ['2022-H2', '2023-H1'], partialUntil: '2022-11-20', notBegun: ['2023-H1'] }, '2023-H1')).toBe(' (период ещё не начался)');
  });

  it('never count a KPI without a value as unmet: they are said apart, as having no data to judge', () => {
    const period = info('2022-H2');
    // The tester's case: 3 of 5 without a value (no organisations, no headcount), the other 2 below their targets.
    const unmet = [card('competition_share', null, 10, 20), card('authors_share', null, 1, 3), card('users_share', null, 2, 10), card('pilot_orgs', 1, 1, 3), card('testing_orgs', 2, 2, 7)];
    expect(summarize(period, unmet)[0]).toBe('2022, 2 п/г: цели пока не достигнуты ни по одному из 2 показателей, которые можно оценить; '
      + 'ещё по 3 из 5, для которых цели установлены, нет данных для оценки. Изменения — по сравнению с 2022, 1 п/г.');
    const oneMet = [card('competition_share', 25, 10, 20), card('authors_share', null, 1, 3)];
    expect(summarize(period, oneMet)[0]).toBe('2022, 2 п/г: цели достигнуты по 1 показателю из 1, который можно оценить; '
      + 'ещё по 1 из 2, для которых цели установлены, нет данных для оценки. Изменения — по сравнению с 2022, 1 п/г.');
    const none = [card('competition_share', null, undefined, 20), card('authors_share', null, undefined, 3)];
    expect(summarize(period, none)).toEqual([
      '2022, 2 п/г: нет данных для оценки ни по одному из 2 показателей, для которых установлены цели.',
      'Доля ОО — участников конкурса на статус: нет данных за период.',
      'Доля педагогов — авторов ресурсов: нет данных за период.',
    ]);
  });

  it('agree with the card\'s verdict when the value rounds to its target: a met KPI never lacks anything', () => {
    // 7 of 354 = 1,977 %, shown «2,0 %»: the card says «достигнута» (README: a value that rounds to the target meets it).
    const rounded = card('authors_share', (100 * 7) / 354, 1.5, 2);
    expect(rounded.met).toBe(true);
    expect(kpiSentence(rounded)).toBe('Доля педагогов — авторов ресурсов выросла с 1,5\u202f% до 2,0\u202f% и достигла цели (2,0\u202f%).');
    // Met the period before too, as shown.
    expect(kpiSentence(card('authors_share', 2.04, 1.96, 2))).toBe('Доля педагогов — авторов ресурсов не изменилась (2,0\u202f%); цель (2,0\u202f%) достигнута.');
    expect(summarize(info('2022-H2'), [rounded])[0]).toMatch(/^2022, 2 п\/г: цели достигнуты по 1 показателю из 1,/);
  });
});

describe('verdicts', () => {
  it('a card with a target and no value is not judged: «нет данных для оценки», never «не достигнута»', () => {
    expect([card('authors_share', 5, 1, 3), card('authors_share', 1, 1, 3), card('authors_share', null, 1, 3), card('reach_share', 5, 1, null)].map(verdictOf))
      .toEqual(['met', 'missed', 'unjudged', 'none']);
    // The tester's card: «ОО — участники конкурса: — / 0 из 0 / Цель 20,0 %».
    const empty = { ...card('competition_share', null, undefined, 20), numerator: 0, denominator: 0 };
    expect(verdictWords(empty)).toBe('нет данных для оценки');
    // The print report's (and its PDF's) «Итог» column.
    expect(reportKpiCells(empty)[4]).toBe('нет данных для оценки');
    expect(reportKpiCells(card('authors_share', 1, 1, 3))[4]).toBe('не достигнута');
    expect(reportKpiCells(card('reach_share', 5, 1, null))[4]).toBe('—');
  });

  it('the print report says what a value is computed from as its card does: a mean\'s questionnaires are not a numerator over its participants', () => {
    expect(reportKpiCells({ ...card('authors_share', 1.35, undefined, 3), numerator: 314, denominator: 23286 })[2]).toBe('314 из 23\u00a0286');
    expect(reportKpiCells({ ...card('satisfaction', 4.32, undefined, null), unit: 'average', numerator: 19, denominator: 40 })[2]).toBe('19 анкет от 40 участников (47,5\u202f%)');
    expect(reportKpiCells({ ...card('pilot_orgs', 3, undefined, 3), numerator: 3, denominator: null })[2]).toBe('3');
  });
});

describe('linear projection', () => {
  it('fits a least-squares line', () => {
    expect(linearFit([{ x: 0, y: 1 }, { x: 1, y: 3 }, { x: 2, y: 5 }])).toEqual({ slope: 2, intercept: 1 });
    const fit = linearFit([{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 2, y: 1 }, { x: 3, y: 1 }])!;
    expect([fit.slope, fit.intercept].map((v) => Math.round(v * 1e9) / 1e9)).toEqual([0.4, -0.1]);
    expect(linearFit([{ x: 1, y: 1 }])).toBeNull();
    expect(halfYearIndex('2023-H1') - halfYearIndex('2022-H2')).toBe(1);
  });

  /** Half-years from `first` on; the last `goingOn` of them have not ended. */
  const series = (values: (number | null)[], first = '2020-H2', goingOn = 0) => {
    let index = halfYearIndex(first);
    return values.map((value, i) => {
      const code = `${Math.floor(index / 2)}-H${(index % 2) + 1}`;
      index += 1;
      return { period: info(code), value, inProgress: i >= values.length - goingOn };
    });
  };
  const project = (values: (number | null)[], target: number, unit: KpiCard['unit'] = 'percent', planEnd = '2023-H1', goingOn = 0, counts: KpiTrendResponse['counts'] = 'in_period') =>
    projectKpi({ card: { code: 'users_share', title: 'T', unit, target }, points: series(values, '2020-H2', goingOn), planEnd: info(planEnd), counts });

  it('tells whether the trend reaches the target by the end of the plan', () => {
    // 2, 4, 6 in 2020-H2…2021-H2 → +2 a half-year → 10 in 2023-H1.
    expect(project([2, 4, 6], 9)).toMatchObject({
      status: 'on_track', current: 6, slope: 2, projected: 12, basis: { from: '2020, 2 п/г', to: '2021, 2 п/г', points: 3 },
      text: 'При сохранении тренда (+2,0\u00a0п.\u00a0п. за полугодие) к концу плана (2023, 1 п/г) — 12,0\u202f%: цель (9,0\u202f%) будет достигнута.',
    });
    // Three half-years left to gain 9 points: 3 a half-year needed.
    expect(project([2, 2.5, 3], 12).text)
      .toBe('При сохранении тренда (+0,5\u00a0п.\u00a0п. за полугодие) к концу плана (2023, 1 п/г) — 4,5\u202f%: цель (12,0\u202f%) не будет достигнута; нужен темп +3,0\u00a0п.\u00a0п. за полугодие.');
    expect(project([4, 5, 6], 5)).toMatchObject({ status: 'met', projected: 9 });
    // 1,977 % is shown «2,0 %» and meets 2 %, as on the card: no pace «needed» to reach it.
    expect(project([1.9, 1.95, 1.977], 2)).toMatchObject({ status: 'met', text: expect.stringMatching(/^Цель \(2,0\u202f%\) уже достигнута;/) });
    expect(project([9, 7, 6], 5)).toMatchObject({ status: 'off_track', text: expect.stringContaining('Цель (5,0\u202f%) достигнута, но при сохранении тренда') });
    // A share stops at 100 %; a count shows its fractional pace.
    expect(project([60, 80, 95], 90).projected).toBe(100);
    expect(project([1, 1, 2, 2], 3, 'count')).toMatchObject({ slope: 0.4, projected: 2.9, status: 'off_track' });
    expect(project([1, 1, 2, 2], 3, 'count').text).toContain('(+0,4 за полугодие) к концу плана (2023, 1 п/г) — ≈\u00a02,9: цель (3) не будет достигнута; нужен темп +0,5 за полугодие.');
  });

  it('draws the line through the half-years that have ended: one going on holds part of its events', () => {
    // 2, 4, 6, then 1 so far in 2022-H1: +2 a half-year through the three, 12 by 2023-H1 — not
    // the line through all four (−0,1, pulled down by the half-year's first months).
    expect(project([2, 4, 6, 1], 9, 'percent', '2023-H1', 1)).toMatchObject({
      status: 'on_track', current: 1, slope: 2, projected: 12, basis: { from: '2020, 2 п/г', to: '2021, 2 п/г', points: 3 },
      text: 'При сохранении тренда завершённых полугодий (+2,0\u00a0п.\u00a0п. за полугодие) к концу плана (2023, 1 п/г) — 12,0\u202f%: цель (9,0\u202f%) будет достигнута.',
    });
    // The value so far is the current one: it is what meets the target, or what is short of it.
    expect(project([2, 4, 6, 9.5], 9, 'percent', '2023-H1', 1)).toMatchObject({ status: 'met', current: 9.5 });
    expect(project([1, 2, 3], 5, 'percent', '2023-H1', 1)).toMatchObject({
      status: 'insufficient', text: 'Мало данных для прогноза: значения есть за 2 завершённых полугодия, нужно не меньше 3.',
    });
    // A value counted to date, already past the line of the half-years that ended: no lower at the
    // plan's end than now (3, 3,2, 3,4, then 4,0 so far: the line gives 3,8 by 2022-H2).
    expect(project([3, 3.2, 3.4, 4], 10, 'percent', '2022-H2', 1, 'cumulative')).toMatchObject({
      status: 'off_track', projected: 4,
      text: 'При сохранении тренда завершённых полугодий (+0,2\u00a0п.\u00a0п. за полугодие) к концу плана (2022, 2 п/г) — 4,0\u202f% (не меньше, чем сейчас): цель (10,0\u202f%) не будет достигнута; нужен темп +6,0\u00a0п.\u00a0п. за полугодие.',
    });
    // A half-year's own count may well end lower: the line stands.
    expect(project([3, 3.2, 3.4, 4], 10, 'percent', '2022-H2', 1, 'in_period')).toMatchObject({ projected: 3.8 });
    // The plan's last half-year going on: not over yet, and what is missing is needed within it.
    expect(project([1, 2, 3, 4, 5, 5.5], 8, 'percent', '2023-H1', 1)).toMatchObject({
      status: 'off_track', projected: 6,
      text: 'При сохранении тренда завершённых полугодий (+1,0\u00a0п.\u00a0п. за полугодие) к концу плана (2023, 1 п/г) — 6,0\u202f%: цель (8,0\u202f%) не будет достигнута; нужен темп +2,5\u00a0п.\u00a0п. за полугодие.',
    });
  });

  it('says when it cannot project: too few values, or the plan is over', () => {
    expect(project([null, 1, 2], 5)).toMatchObject({
      status: 'insufficient', basis: null, projected: null, text: 'Мало данных для прогноза: значения есть за 2 полугодия, нужно не меньше 3.',
    });
    expect(project([1, 2, 3, 4, 5, 6], 5)).toMatchObject({ status: 'ended', text: 'План завершён (2023, 1 п/г): 6,0\u202f% при цели 5,0\u202f% — цель достигнута.' });
  });
});

describe('projected values', () => {
  it('a count is a whole number or says it is an estimate; shares keep their decimal', () => {
    expect(formatProjected(3, 'count')).toBe('3');
    expect(formatProjected(2.96, 'count')).toBe('3');
    expect(formatProjected(2.94, 'count')).toBe('≈\u00a02,9');
    expect(formatProjected(12, 'percent')).toBe('12,0\u202f%');
    expect(formatProjected(null, 'count')).toBe('—');
  });
});

describe('GET /api/kpis/outlook on the small region', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appWith(smallRegion());
  });
  afterAll(() => t.close());
  const get = async <T>(url: string) => (await t.inject(url)).json() as T;

  it('2022-H2: the summary of the cards and a projection per KPI with a target, to the plan\'s last half-year', async () => {
    const body = await get<OutlookResponse>('/api/kpis/outlook?period=2022-H2');
    const { cards } = await get<KpisResponse>('/api/kpis?period=2022-H2');
    expect(body.planEnd.code).toBe('2023-H1');
    expect(body.summary).toEqual(summarize(body.period, cards));
    expect(body.summary.slice(0, 3)).toEqual([
      '2022, 2 п/г: цели достигнуты по 1 показателю из 5, для которых они установлены. Изменения — по сравнению с 2022, 1 п/г.',
      'Доля ОО — участников конкурса на статус выросла с 60,0\u202f% до 80,0\u202f%; цель (20,0\u202f%) достигнута.',
      'Доля педагогов — авторов ресурсов выросла с 1,7\u202f% до 2,0\u202f%; до цели (3,0\u202f%) не хватает 1,0\u00a0п.\u00a0п.',
    ]);
    expect(body.projections.map((p) => p.code)).toEqual(['competition_share', 'authors_share', 'users_share', 'pilot_orgs', 'testing_orgs']);
    // Authors: 0 % (2021-H2), 1,7 % (2022-H1: 2 of 120, as the trend shows it), 2 % (2022-H2) → slope (2 − 0) ÷ 2 = 1,0
    // through the mean 1,2333… at 2022-H1, so 1,2333… + 2 = 3,2333… in 2023-H1, said «3,2 %» ≥ 3 %.
    expect(body.projections[1]).toMatchObject({ status: 'on_track', current: 2, slope: 1, projected: 3.2, basis: { points: 3, from: '2021, 2 п/г' } });
    // Pilots: 0, 0, 1, 1, 1 (2020-H2…2022-H2) → 0.3 a half-year, 1.5 by 2023-H1 < 3.
    expect(body.projections[3]).toMatchObject({ status: 'off_track', slope: 0.3, projected: 1.5 });
    // The same line the trend chart's points give.
    const trend = await get<KpiTrendResponse>('/api/kpis/trend?kpi=users_share');
    const upTo = trend.points.filter((p) => halfYearIndex(p.period.code) <= halfYearIndex('2022-H2'));
    expect(body.projections[2]).toEqual(projectKpi({ card: { ...trend, target: trend.target! }, points: upTo, planEnd: body.planEnd, counts: trend.counts }));
    expect(body.assumptions).toContain('методом наименьших квадратов');
  });

  it('marks the half-year that has not ended on the day asked: the trend\'s points say so', async () => {
    const kpis = new KpiService(await Queries.load(t.db), await loadPassports(), () => 0);
    const halfYears = ['2022-H1', '2022-H2', '2023-H1'].map((code) => parsePeriod(code)!);
    const scope = { period: halfYears[0], district: null, orgType: null, direction: null };
    const going = async (today: string) => (await kpis.trend('users_share', scope, halfYears, undefined, today)).filter((p) => p.inProgress).map((p) => p.period.code);
    expect(await going('2022-12-31')).toEqual(['2022-H2', '2023-H1']);
    expect(await going('2023-01-01')).toEqual(['2023-H1']);
    // Today the small region's half-years are long over.
    const trend = await get<KpiTrendResponse>('/api/kpis/trend?kpi=users_share');
    expect(trend.points.map((p) => p.inProgress)).toEqual(trend.points.map(() => false));
  });

  it('follows the filters, and at the plan\'s end compares instead of projecting', async () => {
    const north = await get<OutlookResponse>('/api/kpis/outlook?period=2022-H2&district=north');
    expect(north.summary[0]).toMatch(/^2022, 2 п\/г: цели/);
    const last = await get<OutlookResponse>('/api/kpis/outlook?period=2023-H1');
    expect(last.projections.map((p) => p.status)).toEqual(['ended', 'ended', 'ended', 'ended', 'ended']);
    expect(last.projections[0].text).toBe('План завершён (2023, 1 п/г): 80,0\u202f% при цели 20,0\u202f% — цель достигнута.');
  });
});

describe('half-years ahead', () => {
  let t: TestApp;
  const ahead = addDays(localDay(), 400);
  beforeAll(async () => {
    const region = smallRegion();
    // An event planned more than a year ahead puts its half-year into the data.
    t = await appWith({ ...region, events: [...region.events, { ...region.events[0], code: 'E-AHEAD', held_on: ahead, actual_participants: null }] });
  });
  afterAll(() => t.close());

  it('are no points of the trend: a count to date would show today\'s value as theirs', async () => {
    const trend = (await t.inject('/api/kpis/trend?kpi=users_share')).json() as KpiTrendResponse;
    const filters = (await t.inject('/api/filters')).json() as { periods: PeriodInfo[] };
    const future = filters.periods.filter((p) => p.kind === 'half_year' && p.start > localDay());
    expect(future.length).toBeGreaterThan(0);
    expect(trend.points.filter((p) => p.period.start > localDay())).toEqual([]);
    expect(trend.points.at(-1)!.period.start <= localDay()).toBe(true);
  });
});

