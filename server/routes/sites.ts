import type { FastifyInstance } from 'fastify';
import { SiteCardResponse, SiteParams, SitesQuery, SitesResponse } from '../../web/src/lib/shared/api.js';
import type { Row } from '../db/database.js';
import { notFound } from '../errors.js';
import type { AppContext } from './context.js';

/** snake_case SQL columns to the API's camelCase. */
function camel<T>(row: Row): T {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v])) as T;
}

/** Maps the SQL names of site columns to the API's names where they differ. */
function siteFields(row: Row) {
  const { directionCode, districtCode, ...rest } = camel<Record<string, unknown>>(row);
  return { ...rest, direction: directionCode, district: districtCode };
}

export async function siteRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  app.get('/api/sites', { config: { access: 'viewer', cache: true }, schema: { querystring: SitesQuery, response: { 200: SitesResponse } } }, async (req) => {
    const query = req.query as SitesQuery;
    const q = query.q?.trim();
    const rows = await ctx.queries.run('sites_list', {
      q: q ? q : null,
      district: ctx.catalog.checkDistrict(query.district),
      direction: ctx.catalog.checkDirection(query.direction),
    });
    return { rows: rows.map(siteFields) };
  });

  app.get(
    '/api/sites/:code',
    { config: { access: 'viewer', cache: true }, schema: { params: SiteParams, response: { 200: SiteCardResponse } } },
    async (req) => {
      const { code } = req.params as { code: string };
      const [site] = await ctx.queries.run('site_card', { code });
      if (!site) throw notFound(`Площадка «${code}» не найдена`);
      const [events, trainees, resources, reports] = await Promise.all(
        (['site_events', 'site_trainees', 'site_resources', 'site_reports'] as const).map((name) => ctx.queries.run(name, { code })),
      );
      return {
        site: siteFields(site),
        events: events.map((e) => {
          const { plannedParticipants, actualParticipants, ...rest } = camel<Record<string, unknown>>(e);
          return { ...rest, planned: plannedParticipants, actual: actualParticipants };
        }),
        trainees: trainees.map((r) => camel(r)),
        resources: resources.map((r) => camel(r)),
        reports: reports.map((r) => camel(r)),
      };
    },
  );
}
