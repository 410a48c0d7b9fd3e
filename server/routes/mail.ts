import type { FastifyInstance } from 'fastify';
import {
  CreateSubscriptionBody, SendResult, SubscriptionInfo, SubscriptionParams, SubscriptionsResponse,
} from '../../web/src/lib/shared/api.js';
import { SUBSCRIPTION_REPORTS, SUBSCRIPTION_SCHEDULES } from '../../web/src/lib/shared/codes.js';
import { currentUser } from '../auth/access.js';
import { notFound, Refusal } from '../errors.js';
import type { AppContext } from './context.js';
import type { TypeBoxProvider } from './typed.js';

/** Reports by e-mail: the admin subscribes officials and methodologists, and may send a letter now. */
export async function mailRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  const admin = { access: 'admin' as const };

  app.get('/api/admin/subscriptions', { config: admin, schema: { response: { 200: SubscriptionsResponse } } }, async () => ({
    enabled: ctx.mail.enabled, from: ctx.mail.from, subscriptions: await ctx.mail.list(),
  }));

  app.post('/api/admin/subscriptions', { config: admin, schema: { body: CreateSubscriptionBody, response: { 201: SubscriptionInfo } } }, async (req, reply) => {
    const body = req.body;
    ctx.catalog.checkDistrict(body.district ?? undefined);
    ctx.catalog.checkDirection(body.direction ?? undefined);
    const login = currentUser(req).login;
    const created = await ctx.mail.create(body, login);
    await ctx.audit.record('subscription_created', login,
      `№ ${created.id}: ${created.email}, ${SUBSCRIPTION_REPORTS[created.report]}, ${SUBSCRIPTION_SCHEDULES[created.schedule]}`, req.ip);
    return reply.status(201).send(created);
  });

  app.delete('/api/admin/subscriptions/:id', { config: admin, schema: { params: SubscriptionParams } }, async (req, reply) => {
    const { id } = req.params;
    const subscription = (await ctx.mail.list()).find((s) => s.id === id);
    if (!subscription || !(await ctx.mail.remove(id))) throw notFound(`Подписка № ${id} не найдена`);
    await ctx.audit.record('subscription_deleted', currentUser(req).login, `№ ${id}: ${subscription.email}`, req.ip);
    return reply.status(204).send();
  });

  app.post('/api/admin/subscriptions/:id/send', { config: admin, schema: { params: SubscriptionParams, response: { 200: SendResult } } }, async (req) => {
    if (!ctx.mail.enabled) throw new Refusal('conflict', 'Почта выключена: на сервере не задан SMTP-сервер (PLOSHCHADKI_SMTP_HOST, см. README).');
    const subscription = (await ctx.mail.list()).find((s) => s.id === req.params.id);
    if (!subscription) throw notFound(`Подписка № ${req.params.id} не найдена`);
    return ctx.mail.send(subscription);
  });
}
