import type { FastifyInstance } from 'fastify';
import {
  AuditQuery, AuditResponse, CreateUserBody, KPI_CODES, PasswordBody, TargetsResponse, UpdateTargetsBody, UpdateUserBody, UserInfo,
  UserParams, UsersResponse,
} from '../../web/src/lib/shared/api.js';
import { KPI_META } from '../../web/src/lib/shared/kpis.js';
import { currentUser } from '../auth/access.js';
import { badRequest, notFound } from '../errors.js';
import type { AppContext } from './context.js';
import type { TypeBoxProvider } from './typed.js';

/** Users, KPI targets and the audit log: the admin's pages. */
export async function adminRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  const admin = { access: 'admin' as const };
  const checkDistricts = (districts: string[]) => districts.forEach((d) => ctx.catalog.checkDistrict(d));

  app.get('/api/admin/users', { config: admin, schema: { response: { 200: UsersResponse } } }, async () => ({ users: await ctx.users.list() }));

  app.post('/api/admin/users', { config: admin, schema: { body: CreateUserBody, response: { 201: UserInfo } } }, async (req, reply) => {
    const body = req.body;
    checkDistricts(body.districts);
    const id = await ctx.users.create(body);
    await ctx.audit.record('user_created', currentUser(req).login, `${body.login}: ${body.role}${body.districts.length ? ` (${body.districts.join(', ')})` : ''}`, req.ip);
    return reply.status(201).send((await ctx.users.get(id))!);
  });

  app.put('/api/admin/users/:id', { config: admin, schema: { params: UserParams, body: UpdateUserBody, response: { 200: UserInfo } } }, async (req) => {
    const { id } = req.params;
    const body = req.body;
    checkDistricts(body.districts);
    await ctx.users.update(id, body);
    const user = (await ctx.users.get(id))!;
    await ctx.audit.record('user_updated', currentUser(req).login,
      `${user.login}: ${body.role}${body.disabled ? ', отключён' : ''}${body.districts.length ? ` (${body.districts.join(', ')})` : ''}`, req.ip);
    return user;
  });

  app.post('/api/admin/users/:id/password', { config: admin, schema: { params: UserParams, body: PasswordBody } }, async (req, reply) => {
    const { id } = req.params;
    await ctx.users.setPassword(id, req.body.password);
    await ctx.audit.record('password_reset', currentUser(req).login, (await ctx.users.get(id))!.login, req.ip);
    return reply.status(204).send();
  });

  const targets = async () => {
    const set = await ctx.kpis.targets();
    return { targets: KPI_CODES.map((kpi) => ({ kpi, title: KPI_META[kpi].title, unit: KPI_META[kpi].unit, threshold: set.get(kpi) ?? null })) };
  };

  app.get('/api/admin/targets', { config: admin, schema: { response: { 200: TargetsResponse } } }, targets);

  app.put('/api/admin/targets', { config: admin, schema: { body: UpdateTargetsBody, response: { 200: TargetsResponse } } }, async (req) => {
    // The page sends every KPI's field: only what differs is written and recorded.
    const current = await ctx.kpis.targets();
    const changes = req.body.targets.filter((t) => (current.get(t.kpi) ?? null) !== t.threshold);
    for (const { kpi, threshold } of changes) {
      const { unit, max, title } = KPI_META[kpi];
      if (threshold === null) continue;
      if (unit === 'percent' && threshold > 100) throw badRequest(`Цель в процентах не может быть больше 100: ${title}`);
      if (max !== undefined && threshold > max) throw badRequest(`Цель не может быть больше ${max}: ${title}`);
    }
    if (changes.length === 0) return targets();
    await ctx.db.transaction(async (tx) => {
      for (const { kpi, threshold } of changes) {
        if (threshold === null) await ctx.queries.on(tx, 'target_delete', { kpi_code: kpi });
        else await ctx.queries.on(tx, 'target_update', { kpi_code: kpi, threshold, unit: KPI_META[kpi].unit });
      }
    });
    ctx.cache.invalidate();
    await ctx.audit.record('targets_changed', currentUser(req).login, changes.map((t) => `${t.kpi}=${t.threshold ?? 'нет'}`).join(', '), req.ip);
    // The change is in the write-ahead log already; the checkpoint waits for a running import.
    void ctx.db.checkpoint();
    return targets();
  });

  app.get('/api/admin/audit', { config: admin, schema: { querystring: AuditQuery, response: { 200: AuditResponse } } }, async (req) => {
    const { action, limit } = req.query;
    return { entries: await ctx.audit.list(action ?? null, limit ?? 200) };
  });

  app.get('/api/admin/users/:id', { config: admin, schema: { params: UserParams, response: { 200: UserInfo } } }, async (req) => {
    const user = await ctx.users.get(req.params.id);
    if (!user) throw notFound('Пользователь не найден');
    return user;
  });
}
