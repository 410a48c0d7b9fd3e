import type { FastifyInstance } from 'fastify';
import {
  ApproveBody, PublicationInfo, PublicationParams, PublicationsResponse, WithdrawBody,
} from '../../web/src/lib/shared/api.js';
import { currentUser } from '../auth/access.js';
import { Refusal } from '../errors.js';
import { measureForApproval } from '../domain/publications.js';
import { formatDate, formatInteger } from '../../web/src/lib/shared/format.js';
import { impossibleShare, KPI_META } from '../../web/src/lib/shared/kpis.js';
import { localDay } from '../local-day.js';
import type { AppContext } from './context.js';
import type { TypeBoxProvider } from './typed.js';

/**
 * Published results: the admin approves a period's results («утвердить итоги»), which stores
 * every KPI of every district and of the region as measured then; the overview shows them for
 * that period from then on. A withdrawal is recorded, never a silent change.
 */
export async function publicationRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  const admin = { access: 'admin' as const };

  const list = async (): Promise<PublicationsResponse> => {
    const { periods, inProgress } = ctx.catalog.toResponse();
    return {
      publications: await ctx.publications.history(),
      approvable: periods.filter((p) => !inProgress.includes(p.code) && !ctx.publications.of(p.code)),
    };
  };

  app.get('/api/admin/publications', { config: admin, schema: { response: { 200: PublicationsResponse } } }, list);

  /** A share above 100 % is wrong data, never a result: no approval makes it the region's figure. */
  const refuseImpossible = ({ measured }: Awaited<ReturnType<typeof measureForApproval>>, label: string) => {
    const found = [...measured].flatMap(([code, m]) => [{ district: null as string | null, ...m.total }, ...m.districts]
      .filter((d) => impossibleShare(code, d))
      .map((d) => `«${KPI_META[code].title}» ${d.district === null ? 'по региону' : `(${ctx.catalog.districtName(d.district)})`} — ${formatInteger(d.numerator)} из ${formatInteger(d.denominator!)}`));
    if (found.length === 0) return;
    const shown = found.slice(0, 5).join('; ') + (found.length > 5 ? ` и ещё ${found.length - 5}` : '');
    throw new Refusal('conflict', `Итоги за «${label}» не утверждены: доли больше 100 % — так быть не может: ${shown}. Проверьте данные («Кто за этой цифрой» назовёт организации) и утвердите итоги после исправления.`);
  };

  app.post('/api/admin/publications', { config: admin, schema: { body: ApproveBody, response: { 201: PublicationInfo } } }, async (req, reply) => {
    const period = ctx.catalog.resolvePeriod(req.body.period);
    if (period.end >= localDay()) {
      throw new Refusal('conflict', `Период «${period.label}» ещё не завершён: утвердить итоги можно после ${formatDate(period.end)}.`);
    }
    const note = req.body.note?.trim() || null;
    const login = currentUser(req).login;
    // In turn with the imports: no upload commits between measuring the figures and storing them.
    const approved = await ctx.db.inTurn(async () => {
      if (req.body.dataVersion !== undefined && req.body.dataVersion !== ctx.cache.currentText()) {
        throw new Refusal('conflict', `Данные изменились после того, как вы смотрели показатели (загрузка, откат или другое изменение): итоги за «${period.label}» не утверждены. `
          + 'Откройте обзор и районы снова, проверьте показатели и утвердите ещё раз.');
      }
      const measured = await measureForApproval(ctx.kpis, ctx.queries, period);
      refuseImpossible(measured, period.label);
      return ctx.publications.approve(
        { period, by: login, note, ...measured },
        (tx) => ctx.audit.record('results_approved', login, `${period.label}${note ? `: ${note}` : ''}`, req.ip, tx),
      );
    });
    if (!approved) throw new Refusal('conflict', `Итоги за «${period.label}» уже утверждены. Чтобы утвердить их заново, сначала отмените утверждение.`);
    ctx.cache.invalidate();
    void ctx.db.checkpoint();
    // The subscribers «after approval» get the approved figures; the admin does not wait for the letters.
    void ctx.mail.afterApproval(period.code).catch((error: unknown) => req.log.error(error));
    return reply.status(201).send(ctx.publications.of(period.code)!.info);
  });

  app.post('/api/admin/publications/:period/withdraw', { config: admin, schema: { params: PublicationParams, body: WithdrawBody, response: { 200: PublicationsResponse } } }, async (req) => {
    const period = ctx.catalog.resolvePeriod(req.params.period);
    const login = currentUser(req).login;
    const reason = req.body.reason.trim();
    const withdrawn = await ctx.publications.withdraw(period.code, login, reason,
      (tx) => ctx.audit.record('results_withdrawn', login, `${period.label}: ${reason}`, req.ip, tx));
    if (!withdrawn) throw new Refusal('not_found', `Итоги за «${period.label}» не утверждены: отменять нечего.`);
    ctx.cache.invalidate();
    void ctx.db.checkpoint();
    return list();
  });
}
