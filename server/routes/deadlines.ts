import type { FastifyInstance } from 'fastify';
import {
  CompletenessResponse, DeadlineCalendarResponse, DeadlinesResponse, ScopeQuery, UpdateDeadlineBody, UpdateExpectationsBody,
} from '../../web/src/lib/shared/api.js';
import { districtCompleteness, expectations } from '../domain/completeness.js';
import { EXPECTED_DATASETS } from '../../web/src/lib/shared/completeness.js';
import type { DeadlineKind } from '../../web/src/lib/shared/vocabulary.js';
import { currentUser } from '../auth/access.js';
import { checkDeadlineChange, deadlinesOfYear, schoolYearOfDeadline, toDeadlineItem } from '../domain/deadlines.js';
import { periodInfo, scopeParams } from '../domain/scope.js';
import type { AppContext } from './context.js';
import type { TypeBoxProvider } from './typed.js';

/** The «Сроки» panel and the admin's dates of the yearly cycle. */
export async function deadlineRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  app.get('/api/deadlines', {
    config: { access: 'viewer', cache: true },
    schema: { querystring: ScopeQuery, response: { 200: DeadlinesResponse } },
  }, async (req) => {
    const scope = ctx.catalog.resolve(req.query);
    const { today, calendar } = await deadlinesOfYear(ctx.queries, scope.period.schoolYear);
    const upcoming = await ctx.queries.run<{ kind: DeadlineKind; year: number; due_on: string; configured: boolean; days_from_today: number }>('deadlines_upcoming');
    type Overdue = { site_code: string; site_name: string; host_name: string; district_code: string; deadline: string; submitted_on: string | null; days_late: number };
    const overdue = await ctx.queries.run<Overdue>('site_reports_overdue', scopeParams(scope));
    return {
      period: periodInfo(scope.period),
      today,
      calendar,
      upcoming: upcoming.map(toDeadlineItem),
      overdue: overdue.map((r) => ({
        site: r.site_code, name: r.site_name, host: r.host_name, district: r.district_code, districtName: ctx.catalog.districtName(r.district_code),
        deadline: r.deadline, submittedOn: r.submitted_on, daysLate: r.days_late,
      })),
    };
  });

  app.get('/api/completeness', {
    config: { access: 'viewer', cache: true },
    schema: { querystring: ScopeQuery, response: { 200: CompletenessResponse } },
  }, async (req) => districtCompleteness(ctx.queries, ctx.catalog.resolvePeriod(req.query.period)));

  /**
   * What the districts are expected to send and by when: the completeness page, the reminders and
   * every «данные не поступили» mark follow it. Only what differs is written and audited.
   */
  app.put('/api/admin/data-expectations', {
    config: { access: 'admin' },
    schema: { querystring: ScopeQuery, body: UpdateExpectationsBody, response: { 200: CompletenessResponse } },
  }, async (req) => {
    const current = await expectations(ctx.queries);
    const changes = req.body.expectations.filter((e) => {
      const was = current.find((c) => c.dataset === e.dataset)!;
      return was.expected !== e.expected || was.dueDays !== e.dueDays;
    });
    if (changes.length > 0) {
      await ctx.db.transaction(async (tx) => {
        for (const e of changes) await ctx.queries.on(tx, 'data_expectation_set', { dataset: e.dataset, expected: e.expected, due_days: e.dueDays });
        await ctx.audit.record('expectations_changed', currentUser(req).login,
          changes.map((e) => `${EXPECTED_DATASETS[e.dataset]}: ${e.expected ? `в течение ${e.dueDays} дн.` : 'не ожидается'}`).join('; '), req.ip, tx);
      });
      ctx.cache.invalidate();
      void ctx.db.checkpoint();
    }
    return districtCompleteness(ctx.queries, ctx.catalog.resolvePeriod(req.query.period));
  });

  app.put('/api/admin/deadlines', {
    config: { access: 'admin' },
    schema: { body: UpdateDeadlineBody, response: { 200: DeadlineCalendarResponse } },
  }, async (req): Promise<DeadlineCalendarResponse> => {
    const change = req.body;
    const schoolYear = schoolYearOfDeadline(change.kind, change.year);
    checkDeadlineChange(change, (await deadlinesOfYear(ctx.queries, schoolYear)).calendar);
    if (change.date === null) await ctx.queries.run('deadline_clear', { kind: change.kind, year: change.year });
    else await ctx.queries.run('deadline_set', { kind: change.kind, year: change.year, due_on: change.date });
    ctx.cache.invalidate();
    await ctx.audit.record('deadline_changed', currentUser(req).login, `${change.kind} ${change.year}: ${change.date ?? 'по умолчанию'}`, req.ip);
    // The change is in the write-ahead log already; the checkpoint waits for a running import.
    void ctx.db.checkpoint();
    return { calendar: (await deadlinesOfYear(ctx.queries, schoolYear)).calendar };
  });
}
