import type { FastifyInstance } from 'fastify';
import {
  CompareQuery, KPI_CODES, KpiByDistrictResponse, KpiQuery, KpisResponse, KpiTrendResponse, OutlookResponse, ScopeQuery,
  ScorecardResponse, type KpiCode,
} from '../../web/src/lib/shared/api.js';
import { bandOf } from '../../web/src/lib/shared/scorecard.js';
import { COMPARE_CODES } from '../../web/src/lib/shared/codes.js';
import { badRequest } from '../errors.js';
import { KPI_META } from '../../web/src/lib/shared/kpis.js';
import { halfYearIndex, projectionAssumptions, projectKpi, summarize } from '../../web/src/lib/shared/outlook.js';
import { isMet } from '../domain/kpis.js';
import { comparisonPeriod, parsePeriod, type Period } from '../domain/periods.js';
import { periodInfo, type Scope } from '../domain/scope.js';
import type { AppContext } from './context.js';
import { inTime } from './in-time.js';
import type { TypeBoxProvider } from './typed.js';

export async function kpiRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  app.get('/api/kpis', { config: { access: 'viewer', cache: true }, schema: { querystring: CompareQuery, response: { 200: KpisResponse } } }, async (req) => {
    const scope = ctx.catalog.resolve(req.query);
    const compareWith = comparedWith(scope, req.query.compare);
    const cards = await inTime(ctx.kpis.cards(scope, (p) => ctx.catalog.hasPeriod(p.code), undefined, req.gone, compareWith), ctx.answerWithinMs);
    return { period: periodInfo(scope.period), cards };
  });

  app.get('/api/kpis/outlook', { config: { access: 'viewer', cache: true }, schema: { querystring: CompareQuery, response: { 200: OutlookResponse } } }, async (req) => {
    const scope = ctx.catalog.resolve(req.query);
    return inTime(outlook(scope, comparedWith(scope, req.query.compare), req.gone), ctx.answerWithinMs);
  });

  /**
   * The period the cards compare with. A period the region's data do not cover, or one that does
   * not end before the chosen period begins (a change would run backwards), is a Russian 400.
   */
  function comparedWith(scope: Scope, compare: string | undefined): Period {
    const period = comparisonPeriod(scope.period, compare);
    const named = compare !== undefined && !(COMPARE_CODES as readonly string[]).includes(compare);
    if (!period || (named && !ctx.catalog.hasPeriod(period.code))) throw badRequest(`Нет периода «${compare}» для сравнения в данных региона`);
    if (period.end >= scope.period.start) throw badRequest(`Сравнивать можно только с периодом, который закончился до начала выбранного (${scope.period.label}): «${period.label}» не такой`);
    return period;
  }

  async function outlook(scope: Scope, compareWith: Period, gone: AbortSignal): Promise<OutlookResponse> {
    // Only the KPIs with a target are told and projected: the other cards are not measured again.
    const targeted = [...(await ctx.kpis.targets()).keys()];
    const cards = await ctx.kpis.cards(scope, (p) => ctx.catalog.hasPeriod(p.code), targeted, gone, compareWith);
    const [plan] = await ctx.queries.run<{ half_year: string | null }>('plan_end');
    const planEnd = parsePeriod(plan?.half_year ?? ctx.catalog.defaultPeriod.code)!;
    // The line is fitted to the half-years up to the chosen period's last one.
    const upTo = halfYearIndex(scope.period.halfYears[scope.period.halfYears.length - 1]);
    const halfYears = ctx.catalog.halfYears.filter((p) => halfYearIndex(p.code) <= upTo);
    const projections = [];
    for (const card of cards) {
      if (card.target === null) continue;
      const points = await ctx.kpis.trend(card.code, scope, halfYears, gone);
      projections.push(projectKpi({
        card: { ...card, target: card.target },
        points: points.map((p) => ({ period: periodInfo(p.period), value: p.value })),
        planEnd: periodInfo(planEnd),
      }));
    }
    return {
      period: periodInfo(scope.period),
      planEnd: periodInfo(planEnd),
      summary: summarize(periodInfo(scope.period), cards),
      projections,
      assumptions: projectionAssumptions(periodInfo(planEnd)),
    };
  }

  app.get('/api/kpis/trend', { config: { access: 'viewer', cache: true }, schema: { querystring: KpiQuery, response: { 200: KpiTrendResponse } } }, async (req) => {
    const query = req.query;
    const scope = ctx.catalog.resolve(query);
    const target = (await ctx.kpis.targets()).get(query.kpi) ?? null;
    const points = await inTime(ctx.kpis.trend(query.kpi, scope, ctx.catalog.halfYears, req.gone), ctx.answerWithinMs);
    return {
      code: query.kpi,
      title: KPI_META[query.kpi].title,
      unit: KPI_META[query.kpi].unit,
      target,
      counts: ctx.kpis.counts(query.kpi),
      points: points.map(({ period, ...m }) => ({ period: periodInfo(period), ...m })),
    };
  });

  app.get('/api/scorecard', { config: { access: 'viewer', cache: true }, schema: { querystring: ScopeQuery, response: { 200: ScorecardResponse } } }, async (req) => {
    // Every district is a row: a district filter would leave one.
    const scope = { ...ctx.catalog.resolve(req.query), district: null };
    const targets = await ctx.kpis.targets();
    const measured = await inTime(Promise.all(KPI_CODES.map(async (code) => ({
      code, total: await ctx.kpis.measure(code, scope, req.gone), districts: await ctx.kpis.byDistrict(code, scope, req.gone),
    }))), ctx.answerWithinMs);
    const cell = (code: KpiCode, m: { value: number | null; numerator: number; denominator: number | null }, region: boolean) =>
      ({ value: m.value, numerator: m.numerator, denominator: m.denominator, band: bandOf(code, m, targets.get(code) ?? null, region) });
    const districts = [...ctx.catalog.districts].sort((a, b) => a.name.localeCompare(b.name, 'ru'));
    const nothing = { value: null, numerator: 0, denominator: null };
    return {
      period: periodInfo(scope.period),
      kpis: KPI_CODES.map((code) => ({
        code, title: KPI_META[code].title, unit: KPI_META[code].unit, target: targets.get(code) ?? null, fewBelow: KPI_META[code].fewBelow ?? null,
      })),
      rows: districts.map((d) => ({
        district: d.code,
        name: d.name,
        cells: measured.map((m) => cell(m.code, m.districts.find((r) => r.district === d.code) ?? nothing, false)),
      })),
      total: measured.map((m) => cell(m.code, m.total, true)),
    };
  });

  app.get(
    '/api/kpis/by-district',
    { config: { access: 'viewer', cache: true }, schema: { querystring: KpiQuery, response: { 200: KpiByDistrictResponse } } },
    async (req) => {
      const query = req.query;
      // The breakdown is over all districts; a district filter would leave one bar.
      const scope = { ...ctx.catalog.resolve(query), district: null };
      const target = (await ctx.kpis.targets()).get(query.kpi) ?? null;
      const rows = (await inTime(ctx.kpis.byDistrict(query.kpi, scope, req.gone), ctx.answerWithinMs))
        .map((r) => ({ ...r, name: ctx.catalog.districtName(r.district), met: isMet(r.value, target, KPI_META[query.kpi].unit) }))
        .sort((a, b) => (b.value ?? -1) - (a.value ?? -1) || a.name.localeCompare(b.name, 'ru'));
      return {
        code: query.kpi,
        title: KPI_META[query.kpi].title,
        unit: KPI_META[query.kpi].unit,
        target,
        period: periodInfo(scope.period),
        rows,
      };
    },
  );
}
