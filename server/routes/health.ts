import type { FastifyInstance } from 'fastify';
import { HealthResponse } from '../../web/src/lib/shared/api.js';
import type { AppContext } from './context.js';

export async function healthRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  app.get('/api/health', { config: { access: 'public' }, schema: { response: { 200: HealthResponse } } }, async () => {
    const row = await ctx.db.one<{ n: number }>('SELECT count(*) AS n FROM organizations');
    return { status: 'ok' as const, organizations: row?.n ?? 0 };
  });
}
