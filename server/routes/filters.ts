import type { FastifyInstance } from 'fastify';
import { FiltersResponse } from '../../web/src/lib/shared/api.js';
import type { AppContext } from './context.js';

export async function filterRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  app.get('/api/filters', { config: { access: 'viewer', cache: true }, schema: { response: { 200: FiltersResponse } } }, async () => ctx.catalog.toResponse());
}
