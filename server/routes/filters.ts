import type { FastifyInstance } from 'fastify';
import { FiltersResponse } from '../../web/src/lib/shared/api.js';
import type { AppContext } from './context.js';
import type { TypeBoxProvider } from './typed.js';

export async function filterRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  app.get('/api/filters', { config: { access: 'viewer', cache: true }, schema: { response: { 200: FiltersResponse } } }, async () => ({ ...ctx.catalog.toResponse(), approved: ctx.publications.approved() }));
}
