import type { FastifyInstance } from 'fastify';
import type { TSchema } from 'typebox';
import {
  EventsPerSiteResponse, EventsResponse, FunnelResponse, PlanResponse, ReportsResponse, ScopeQuery, SitesByDirectionResponse,
} from '../../web/src/lib/shared/api.js';
import { FUNNEL_STAGES, PLAN_STATUSES, type FunnelStage, type PlanStatus } from '../../web/src/lib/shared/vocabulary.js';
import { deadlinesOfYear } from '../domain/deadlines.js';
import { WHOLE_REGION } from '../domain/completeness.js';
import type { Period } from '../domain/periods.js';
import { periodInfo, scopeParams } from '../domain/scope.js';
import type { AppContext } from './context.js';
import type { TypeBoxProvider } from './typed.js';

/** One endpoint per chart of the overview; all take the filter bar's scope. */
export async function chartRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  /** The datasets the scope (a district, or the whole region) has not sent of the period. */
  const lacking = async (period: Period, district: string | null) => (await ctx.arrivals(period)).get(district ?? WHOLE_REGION);
  /** `notArrived` where the scope has not sent the period's events: its events charts say so, as its cards do. */
  const eventsNotArrived = async (period: Period, district: string | null) => ((await lacking(period, district))?.has('events') ? { notArrived: true } : {});
  const scoped = <R extends TSchema>(response: R) => ({ config: { access: 'viewer' as const, cache: true }, schema: { querystring: ScopeQuery, response: { 200: response } } });

  app.get('/api/charts/events', scoped(EventsResponse), async (req) => {
    const scope = ctx.catalog.resolve(req.query);
    const rows = await ctx.queries.run<{ half_year: string; format: string; mode: string; events: number; planned: number; actual: number | null; unreported: number }>(
      'events_by_format', scopeParams(scope));
    return {
      period: periodInfo(scope.period),
      rows: rows.map(({ half_year, ...r }) => ({ halfYear: half_year, ...r })),
      ...(await eventsNotArrived(scope.period, scope.district)),
    };
  });

  app.get('/api/charts/events-per-site', scoped(EventsPerSiteResponse), async (req) => {
    const scope = ctx.catalog.resolve(req.query);
    const rows = await ctx.queries.run<{ level: string; format: string | null; events: number; sites: number }>(
      'events_per_site_by_format', scopeParams(scope));
    return { period: periodInfo(scope.period), rows, ...(await eventsNotArrived(scope.period, scope.district)) };
  });

  app.get('/api/charts/funnel', scoped(FunnelResponse), async (req) => {
    const scope = ctx.catalog.resolve(req.query);
    const [row] = await ctx.queries.run<Record<FunnelStage | 'analytic_reports' | 'distinct_teachers', number>>(
      'trainee_funnel', scopeParams(scope));
    const stages = (Object.keys(FUNNEL_STAGES) as FunnelStage[]).map((stage) => ({
      stage, label: FUNNEL_STAGES[stage], count: row[stage],
    }));
    const lacked = await lacking(scope.period, scope.district);
    return {
      period: periodInfo(scope.period), stages,
      analyticReports: row.analytic_reports, distinctTeachers: row.distinct_teachers, notArrived: lacked?.has('participations') ?? false,
    };
  });

  app.get('/api/charts/sites-by-direction', scoped(SitesByDirectionResponse), async (req) => {
    const scope = ctx.catalog.resolve(req.query);
    const rows = await ctx.queries.run<{ direction_code: string; direction_name: string; level: string; sites: number }>(
      'sites_by_direction', scopeParams(scope));
    return {
      period: periodInfo(scope.period),
      rows: rows.map((r) => ({ direction: r.direction_code, name: r.direction_name, level: r.level, sites: r.sites })),
    };
  });

  app.get('/api/charts/reports', scoped(ReportsResponse), async (req) => {
    const scope = ctx.catalog.resolve(req.query);
    type Row = { district_code: string | null; is_total: boolean; on_time: number; late: number; missing: number; pending: number; deadline: string | null };
    const rows = await ctx.queries.run<Row>('site_reports_timeliness', scopeParams(scope));
    const counts = (r: Row | undefined) => ({ onTime: r?.on_time ?? 0, late: r?.late ?? 0, missing: r?.missing ?? 0, pending: r?.pending ?? 0 });
    const { calendar } = await deadlinesOfYear(ctx.queries, scope.period.schoolYear);
    const report = calendar.find((item) => item.kind === 'site_report')!;
    return {
      period: periodInfo(scope.period),
      reportYear: report.year,
      // The report's date is never unset: 15 May unless the admin chose another.
      deadline: report.date!,
      total: counts(rows.find((r) => r.is_total)),
      // By name as a Russian reader looks one up (ё with е), as the other charts list districts: not by code.
      rows: rows.filter((r) => !r.is_total).map((r) => ({
        district: r.district_code!, name: ctx.catalog.districtName(r.district_code!), ...counts(r),
      })).sort((a, b) => a.name.localeCompare(b.name, 'ru')),
    };
  });

  app.get('/api/charts/plan', scoped(PlanResponse), async (req) => {
    const scope = ctx.catalog.resolve(req.query);
    const items = await ctx.queries.run<{ code: string; title: string; expected_product: string; status: PlanStatus; half_years: string[] }>(
      'plan_items_by_status', scopeParams(scope));
    const counts = (Object.keys(PLAN_STATUSES) as PlanStatus[]).map((status) => ({
      status, label: PLAN_STATUSES[status], count: items.filter((i) => i.status === status).length,
    }));
    return {
      period: periodInfo(scope.period),
      counts,
      items: items.map((i) => ({
        code: i.code, title: i.title, expectedProduct: i.expected_product, status: i.status, halfYears: i.half_years,
      })),
    };
  });
}
