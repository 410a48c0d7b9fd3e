import type { FastifyInstance } from 'fastify';
import { HealthResponse } from '../../web/src/lib/shared/api.js';
import type { AppContext } from './context.js';
import type { TypeBoxProvider } from './typed.js';

export async function healthRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  app.get('/api/health', { config: { access: 'public' }, schema: { response: { 200: HealthResponse } } }, async () => {
    const row = await ctx.db.one<{ n: number }>('SELECT count(*) AS n FROM organizations');
    return { status: 'ok' as const, organizations: row?.n ?? 0, warm: ctx.warm(), computedAhead: ctx.computedAhead() };
  });
}
