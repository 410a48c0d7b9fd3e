import type { FastifyInstance } from 'fastify';
import { CatalogueQuery, CatalogueResponse } from '../../web/src/lib/shared/api.js';
import type { AppContext } from './context.js';
import type { TypeBoxProvider } from './typed.js';

type CatalogueRow = {
  code: string; name: string; level: string; direction_code: string; direction_name: string; host_name: string;
  host_short_name: string; address: string | null; email: string | null; website: string | null; district_code: string; district_name: string; valid_until: string; as_of: string;
  events: { title: string; held_on: string; format: string; mode: string; upcoming: boolean }[];
};

/**
 * The public catalogue of training sites: no sign-in, for teachers choosing where to go and for
 * the region's website to link to. The response schema lets through only the published fields.
 */
export async function catalogueRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  app.get(
    '/api/public/catalogue',
    { config: { access: 'public', cache: true }, schema: { querystring: CatalogueQuery, response: { 200: CatalogueResponse } } },
    async (req): Promise<CatalogueResponse> => {
      const query = req.query;
      const q = query.q?.trim();
      const rows = await ctx.queries.run<CatalogueRow>('catalogue_sites', {
        q: q ? q : null,
        district: ctx.catalog.checkDistrict(query.district),
        direction: ctx.catalog.checkDirection(query.direction),
        level: query.level ?? null,
      });
      return {
        region: ctx.catalog.region,
        asOf: rows[0]?.as_of ?? null,
        districts: ctx.catalog.districts,
        directions: ctx.catalog.directions,
        sites: rows.map((r) => ({
          code: r.code, name: r.name, level: r.level, direction: r.direction_code, directionName: r.direction_name,
          hostName: r.host_name, hostShortName: r.host_short_name, address: r.address, email: r.email, website: r.website, district: r.district_code, districtName: r.district_name,
          validUntil: r.valid_until,
          events: r.events.map((e) => ({ title: e.title, heldOn: e.held_on, format: e.format, mode: e.mode, upcoming: e.upcoming })),
        })),
      };
    },
  );
}
