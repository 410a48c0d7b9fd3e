import type { FastifyInstance } from 'fastify';
import {
  CompareQuery, KPI_CODES, KpiByDistrictResponse, KpiCompareQuery, KpiMapResponse, KpiOrganizationsResponse, KpiQuery, KpisResponse, KpiTrendResponse, OutlookResponse,
  ScorecardResponse, type KpiCard, type KpiCode,
} from '../../web/src/lib/shared/api.js';
import { bandOf, tooFewToJudge } from '../../web/src/lib/shared/scorecard.js';
import { COMPARE_CODES } from '../../web/src/lib/shared/codes.js';
import { badRequest } from '../errors.js';
import { impossibleShare, judgedTarget, KPI_META, ofPart } from '../../web/src/lib/shared/kpis.js';
import { halfYearIndex, projectionAssumptions, projectKpi, summarize } from '../../web/src/lib/shared/outlook.js';
import { partialNote } from '../../web/src/lib/shared/caption.js';
import { localDay } from '../local-day.js';
import { WHOLE_REGION } from '../domain/completeness.js';
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
    const published = ctx.kpis.publishedFor(scope);
    const cards = await inTime(ctx.kpis.cards(scope, (p) => ctx.catalog.hasPeriod(p.code), undefined, req.gone, compareWith), ctx.answerWithinMs);
    // Beside an approved figure, today's, where the data have changed since.
    const live = published
      ? new Map(await inTime(Promise.all(cards.map(async (c) => [c.code, (await ctx.kpis.measure(c.code, { ...scope, live: true }, req.gone)).value] as const)), ctx.answerWithinMs))
      : null;
    const arrived = await withoutMissing(scope, cards);
    // The region's figures without the districts whose data have not come: said with them.
    const missing = scope.district === null ? await missingIn(scope) : null;
    const without = missing ? ctx.catalog.districts.filter((d) => (missing.get(d.code)?.size ?? 0) > 0).map((d) => d.name) : [];
    return {
      period: periodInfo(scope.period),
      published: published?.info ?? null,
      ...(without.length > 0 ? { partialWithout: without } : {}),
      cards: arrived.map((card, i) => {
        const c = cards[i];
        // Both are rounded as shown (kpiValue): a figure that reads alike is no difference.
        return live && live.get(c.code) !== c.value ? { ...card, live: live.get(c.code) ?? null } : card;
      }),
    };
  });

  /**
   * A district that has not sent a KPI's data has no value for it, not a 0 that looks like one: no
   * value, no verdict (the cards, and the summary told from them).
   */
  async function withoutMissing(scope: Scope, cards: KpiCard[]): Promise<KpiCard[]> {
    // A period not begun has nothing to tell yet: a planned event's 0 % would read as a fall.
    if (scope.period.start > localDay()) return cards.map((c) => ({ ...c, value: null, met: null, delta: null, notBegun: true }));
    const missing = await missingIn(scope);
    // Nor is a value of the period compared with whose data did not come: no change from a 0 that was none.
    const compared = parsePeriod(cards.find((c) => c.previous)?.previous?.period.code ?? '');
    const missingBefore = compared ? await missingIn({ ...scope, period: compared }) : null;
    return cards.map((c) => {
      const card = missingBefore && c.previous && lacks(c.code, missingBefore, scope.district) ? { ...c, previous: { ...c.previous, value: null }, delta: null } : c;
      return lacks(c.code, missing, scope.district) ? { ...card, value: null, met: null, delta: null, notArrived: true } : card;
    });
  }

  app.get('/api/kpis/outlook', { config: { access: 'viewer', cache: true }, schema: { querystring: CompareQuery, response: { 200: OutlookResponse } } }, async (req) => {
    const scope = ctx.catalog.resolve(req.query);
    return inTime(outlook(scope, comparedWith(scope, req.query.compare), req.gone), ctx.answerWithinMs);
  });

  /**
   * Whether a district (null: the whole region) lacks the data a KPI is computed from in the period (KpiMeta.needs,
   * «Полнота данных»): `missing` is read once a request (notArrived), for every KPI.
   */
  const lacks = (kpi: KpiCode, missing: Map<string, Set<string>>, district: string | null) =>
    (KPI_META[kpi].needs ?? []).some((d) => missing.get(district ?? WHOLE_REGION)?.has(d) ?? false);

  /** Who had not sent what: as it was at the approval for published figures, else today. */
  const missingIn = async (scope: Scope): Promise<Map<string, Set<string>>> =>
    ctx.kpis.publishedFor(scope)?.missing ?? ctx.arrivals(scope.period);

  /**
   * The period the cards compare with. A period the region's data do not cover, or one that does
   * not end before the chosen period begins (a change would run backwards), is a Russian 400.
   */
  function comparedWith(scope: Scope, compare: string | undefined): Period {
    const period = comparisonPeriod(scope.period, compare);
    const named = compare !== undefined && !(COMPARE_CODES as readonly string[]).includes(compare);
    if (!period || (named && !ctx.catalog.hasPeriod(period.code))) throw badRequest(`Нет периода «${compare}» для сравнения в данных региона`);
    if (period.end >= scope.period.start) throw badRequest(`Сравнивать можно только с периодом, который закончился до начала выбранного (${scope.period.label}): «${period.label}» не такой`);
    // A half-year's events against a whole year's would read as a fall by half.
    if (period.kind !== scope.period.kind) {
      throw badRequest(`Сравнивать можно только период того же вида: полугодие с полугодием, учебный год с учебным годом — «${period.label}» и «${scope.period.label}» разного вида`);
    }
    return period;
  }

  /** The period compared with, when the data reach it (the first period has none before it). */
  function comparedInData(scope: Scope, compare: string | undefined): Period | null {
    const period = comparedWith(scope, compare);
    return ctx.catalog.hasPeriod(period.code) ? period : null;
  }

  /**
   * The half-years of the data that have begun: one ahead holds planned events only, and its
   * point would repeat today's value of a count to date as if it were that half-year's.
   */
  const begunHalfYears = (today = localDay()) => ctx.catalog.halfYears.filter((p) => p.start <= today);

  async function outlook(scope: Scope, compareWith: Period, gone: AbortSignal): Promise<OutlookResponse> {
    // Only the KPIs with a target are told and projected: the other cards are not measured again.
    const targeted = [...(await ctx.kpis.targets()).keys()];
    const cards = await ctx.kpis.cards(scope, (p) => ctx.catalog.hasPeriod(p.code), targeted, gone, compareWith);
    const [plan] = await ctx.queries.run<{ half_year: string | null }>('plan_end');
    const planEnd = parsePeriod(plan?.half_year ?? ctx.catalog.latestPeriod.code)!;
    // The line is fitted to the half-years up to the chosen period's last one.
    const upTo = halfYearIndex(scope.period.halfYears[scope.period.halfYears.length - 1]);
    const halfYears = begunHalfYears().filter((p) => halfYearIndex(p.code) <= upTo);
    const projections = [];
    for (const card of cards) {
      if (card.target === null) continue;
      const points = await ctx.kpis.trend(card.code, scope, halfYears, gone);
      projections.push(projectKpi({
        card: { ...card, target: card.target },
        points: points.map((p) => ({ period: periodInfo(p.period), value: p.value, inProgress: p.inProgress })),
        planEnd: periodInfo(planEnd),
        counts: ctx.kpis.counts(card.code),
      }));
    }
    return {
      period: periodInfo(scope.period),
      planEnd: periodInfo(planEnd),
      summary: summarize(periodInfo(scope.period), await withoutMissing(scope, cards), partialNote(ctx.catalog.toResponse(), scope.period.code)),
      projections,
      assumptions: projectionAssumptions(periodInfo(planEnd)),
    };
  }

  app.get('/api/kpis/trend', { config: { access: 'viewer', cache: true }, schema: { querystring: KpiQuery, response: { 200: KpiTrendResponse } } }, async (req) => {
    const query = req.query;
    const scope = ctx.catalog.resolve(query);
    const target = judgedTarget(query.kpi, (await ctx.kpis.targets()).get(query.kpi) ?? null, ofPart(scope));
    const points = await inTime(ctx.kpis.trend(query.kpi, scope, begunHalfYears(), req.gone), ctx.answerWithinMs);
    // A half-year whose data the scope has not sent has no value, as its card has none (one with
    // none to show, before the data begin, is a gap anyway).
    const absent = await Promise.all(points.map(async ({ period, value }) => value !== null && lacks(query.kpi, await missingIn({ ...scope, period }), scope.district)));
    // An approved point is judged by the target it was approved with, as its card is.
    const approvedTargets = await Promise.all(points.map(async ({ period, approved }) => {
      if (!approved) return undefined;
      const then = judgedTarget(query.kpi, (await ctx.kpis.targetsOf({ ...scope, period })).get(query.kpi) ?? null, ofPart(scope));
      return then === target ? undefined : then;
    }));
    return {
      code: query.kpi,
      title: KPI_META[query.kpi].title,
      unit: KPI_META[query.kpi].unit,
      target,
      counts: ctx.kpis.counts(query.kpi),
      points: points.map(({ period, ...m }, i) => ({
        period: periodInfo(period), ...m, ...(absent[i] ? { value: null, notArrived: true } : {}),
        ...(approvedTargets[i] !== undefined ? { approvedTarget: approvedTargets[i] } : {}),
      })),
    };
  });

  app.get(
    '/api/kpis/organizations',
    { config: { access: 'viewer', cache: true }, schema: { querystring: KpiQuery, response: { 200: KpiOrganizationsResponse } } },
    async (req) => {
      const { kpi } = req.query;
      const scope = ctx.catalog.resolve(req.query);
      const live = { ...scope, live: true };
      const [rows, total, shown] = await inTime(Promise.all([
        ctx.kpis.organizations(kpi, live, req.gone), ctx.kpis.measure(kpi, live, req.gone), ctx.kpis.measure(kpi, scope, req.gone),
      ]), ctx.answerWithinMs);
      const published = ctx.kpis.publishedFor(scope);
      // Today's: the list is today's data, whatever was missing when the period was approved.
      const missing = KPI_META[kpi].needs ? await ctx.arrivals(scope.period) : new Map<string, Set<string>>();
      const districts = scope.district ? [scope.district] : ctx.catalog.districts.map((d) => d.code);
      // The card of a district that has not sent the KPI's data has no value: nor has the list's total.
      const lacking = lacks(kpi, missing, scope.district);
      return {
        code: kpi,
        title: KPI_META[kpi].title,
        unit: KPI_META[kpi].unit,
        target: judgedTarget(kpi, (await ctx.kpis.targetsOf(scope)).get(kpi) ?? null, ofPart(scope)),
        period: periodInfo(scope.period),
        total: lacking ? { ...total, value: null } : total,
        published: published?.info ?? null,
        approvedValue: published && total.value !== shown.value ? shown.value : null,
        notArrived: districts.filter((d) => lacks(kpi, missing, d)).map((d) => ctx.catalog.districtName(d)),
        rows: rows.map((r) => ({ ...r, districtName: ctx.catalog.districtName(r.district) }))
          .sort((a, b) => a.districtName.localeCompare(b.districtName, 'ru') || a.name.localeCompare(b.name, 'ru')),
      };
    },
  );

  app.get('/api/scorecard', { config: { access: 'viewer', cache: true }, schema: { querystring: CompareQuery, response: { 200: ScorecardResponse } } }, async (req) => {
    // Every district is a row: a district filter would leave one.
    const scope = { ...ctx.catalog.resolve(req.query), district: null };
    const compared = comparedInData(scope, req.query.compare);
    const targets = await ctx.kpis.targetsOf(scope);
    const nothing = { value: null, numerator: 0, denominator: null };
    const measureIn = (code: KpiCode, s: Scope) => ctx.kpis.everyDistrict(code, s, req.gone);
    const measured = await inTime(Promise.all(KPI_CODES.map(async (code) => ({
      code, now: await measureIn(code, scope), before: compared ? (await ctx.kpis.everyDistrictCompared(code, scope, compared, req.gone)).measured : null,
    }))), ctx.answerWithinMs);
    type Measured = { value: number | null; numerator: number; denominator: number | null };
    const missing = await missingIn(scope);
    const cell = (code: KpiCode, m: Measured, before: Measured | undefined, district: string | null) => {
      const absent = lacks(code, missing, district);
      return {
        value: m.value, numerator: m.numerator, denominator: m.denominator, previous: before?.value ?? null, notArrived: absent,
        band: absent ? 'none' as const : bandOf(code, m, targets.get(code) ?? null, !ofPart({ ...scope, district })),
      };
    };
    const districts = [...ctx.catalog.districts].sort((a, b) => a.name.localeCompare(b.name, 'ru'));
    const inDistrict = (rows: (Measured & { district: string })[] | undefined, code: string) => rows?.find((r) => r.district === code);
    return {
      period: periodInfo(scope.period),
      compared: compared ? periodInfo(compared) : null,
      published: ctx.kpis.publishedFor(scope)?.info ?? null,
      kpis: KPI_CODES.map((code) => ({
        code, title: KPI_META[code].title, unit: KPI_META[code].unit, target: targets.get(code) ?? null, fewBelow: KPI_META[code].fewBelow ?? null,
      })),
      rows: districts.map((d) => ({
        district: d.code,
        name: d.name,
        cells: measured.map((m) => cell(m.code, inDistrict(m.now.districts, d.code) ?? nothing, inDistrict(m.before?.districts, d.code), d.code)),
      })),
      total: measured.map((m) => cell(m.code, m.now.total, m.before?.total, null)),
    };
  });

  /** A KPI in every district, best first, with the period compared with: the district chart's and the map's. */
  async function byDistrict(query: KpiCompareQuery, gone: AbortSignal): Promise<KpiByDistrictResponse> {
    // The breakdown is over all districts; a district filter would leave one bar.
    const scope = { ...ctx.catalog.resolve(query), district: null };
    const target = judgedTarget(query.kpi, (await ctx.kpis.targetsOf(scope)).get(query.kpi) ?? null, true);
    // Beside each district, its value in the period compared with, as on the cards.
    const compared = comparedInData(scope, query.compare);
    const [current, before] = await inTime(Promise.all([
      ctx.kpis.byDistrict(query.kpi, scope, gone),
      compared ? ctx.kpis.everyDistrictCompared(query.kpi, scope, compared, gone).then((c) => c.measured.districts) : [],
    ]), ctx.answerWithinMs);
    const missing = KPI_META[query.kpi].needs ? await missingIn(scope) : new Map<string, Set<string>>();
    // Every district of the region, one without organizations or sites too: its bar says what it lacks.
    const measured = new Map(current.map((r) => [r.district, r]));
    const rows = ctx.catalog.districts
      .map(({ code }) => measured.get(code) ?? { district: code, value: null, numerator: 0, denominator: null })
      .map((r) => {
        const few = tooFewToJudge(query.kpi, r);
        return {
          ...r, few, name: ctx.catalog.districtName(r.district), met: few || impossibleShare(query.kpi, r) ? null : isMet(r.value, target, KPI_META[query.kpi].unit),
          previous: before.find((b) => b.district === r.district)?.value ?? null,
          notArrived: lacks(query.kpi, missing, r.district),
        };
      })
      // A district whose data did not come goes last, as does one whose share passes 100 %: no result to rank.
      .sort((a, b) => Number(a.notArrived || impossibleShare(query.kpi, a)) - Number(b.notArrived || impossibleShare(query.kpi, b))
        || (b.value ?? -1) - (a.value ?? -1) || a.name.localeCompare(b.name, 'ru'));
    return {
      code: query.kpi,
      title: KPI_META[query.kpi].title,
      unit: KPI_META[query.kpi].unit,
      target,
      period: periodInfo(scope.period),
      compared: compared ? periodInfo(compared) : null,
      published: ctx.kpis.publishedFor(scope)?.info ?? null,
      rows,
    };
  }

  app.get(
    '/api/kpis/by-district',
    { config: { access: 'viewer', cache: true }, schema: { querystring: KpiCompareQuery, response: { 200: KpiByDistrictResponse } } },
    async (req) => byDistrict(req.query, req.gone),
  );

  app.get(
    '/api/kpis/map',
    // Not kept by URL: each answer carries the shapes (hundreds of KB), and every KPI, period and
    // filter would keep its own copy. The numbers under it are kept by the KPI service anyway.
    { config: { access: 'viewer', cache: false }, schema: { querystring: KpiCompareQuery, response: { 200: KpiMapResponse } } },
    async (req) => {
      const { shapes, missing } = ctx.maps.shapes(ctx.catalog.districts);
      return { ...(await byDistrict(req.query, req.gone)), map: shapes, missing: missing.map((d) => d.name) };
    },
  );
}
