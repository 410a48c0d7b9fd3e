import type { FastifyInstance } from 'fastify';
import {
  CreateSubscriptionBody, OwnSubscriptionBody, SendResult, SubscriptionInfo, SubscriptionParams, SubscriptionsResponse, type CreateSubscriptionBody as NewSubscription,
} from '../../web/src/lib/shared/api.js';
import { SUBSCRIPTION_REPORTS, SUBSCRIPTION_SCHEDULES } from '../../web/src/lib/shared/codes.js';
import { currentUser } from '../auth/access.js';
import { notFound, Refusal } from '../errors.js';
import type { AppContext } from './context.js';
import type { TypeBoxProvider } from './typed.js';

/** How many subscriptions an account may make for itself. */
const OWN_LIMIT = 10;

/**
 * Reports by e-mail: an official subscribes herself to the reports of her filters; the admin
 * subscribes officials and methodologists, and may send a letter now.
 */
export async function mailRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  const admin = { access: 'admin' as const };
  const viewer = { access: 'viewer' as const };

  /** Creates and audits a subscription, its filters checked against the region's lists. */
  async function subscribe(body: NewSubscription, login: string, ip: string, ownerId: number | null): Promise<SubscriptionInfo> {
    ctx.catalog.checkDistrict(body.district ?? undefined);
    ctx.catalog.checkDirection(body.direction ?? undefined);
    const created = await ctx.mail.create(body, login, ownerId);
    await ctx.audit.record('subscription_created', login,
      `№ ${created.id}: ${created.email}, ${SUBSCRIPTION_REPORTS[created.report]}, ${SUBSCRIPTION_SCHEDULES[created.schedule]}`, ip);
    return created;
  }

  app.get('/api/subscriptions', { config: viewer, schema: { response: { 200: SubscriptionsResponse } } }, async (req) => ({
    enabled: ctx.mail.enabled, from: ctx.mail.from, subscriptions: await ctx.mail.list(currentUser(req).id),
  }));

  app.post('/api/subscriptions', { config: viewer, schema: { body: OwnSubscriptionBody, response: { 201: SubscriptionInfo } } }, async (req, reply) => {
    const user = currentUser(req);
    if ((await ctx.mail.list(user.id)).length >= OWN_LIMIT) {
      throw new Refusal('conflict', `Подписок уже ${OWN_LIMIT}: отпишитесь от ненужной, чтобы добавить новую.`);
    }
    return reply.status(201).send(await subscribe({ ...req.body, recipient: user.displayName }, user.login, req.ip, user.id));
  });

  app.delete('/api/subscriptions/:id', { config: viewer, schema: { params: SubscriptionParams } }, async (req, reply) => {
    const user = currentUser(req);
    const own = (await ctx.mail.list(user.id)).find((s) => s.id === req.params.id);
    if (!own || !(await ctx.mail.remove(own.id))) throw notFound(`У вас нет подписки № ${req.params.id}`);
    await ctx.audit.record('subscription_deleted', user.login, `№ ${own.id}: ${own.email}`, req.ip);
    return reply.status(204).send();
  });

  app.get('/api/admin/subscriptions', { config: admin, schema: { response: { 200: SubscriptionsResponse } } }, async () => ({
    enabled: ctx.mail.enabled, from: ctx.mail.from, subscriptions: await ctx.mail.list(),
  }));

  app.post('/api/admin/subscriptions', { config: admin, schema: { body: CreateSubscriptionBody, response: { 201: SubscriptionInfo } } }, async (req, reply) => {
    return reply.status(201).send(await subscribe(req.body, currentUser(req).login, req.ip, null));
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
    return ctx.mail.send(subscription, undefined, new Date(), true);
  });
}
