import type { FastifyInstance } from 'fastify';
import {
  OrganizationCardResponse, OrganizationParams, SiteCardResponse, SiteParams, SitesQuery, SitesResponse,
} from '../../web/src/lib/shared/api.js';
import type { Row } from '../db/database.js';
import { camelRow } from '../db/rows.js';
import { notFound } from '../errors.js';
import type { AppContext } from './context.js';
import type { TypeBoxProvider } from './typed.js';

type Site = SitesResponse['rows'][number];
type SiteCard = SiteCardResponse;

/** Maps the SQL names of site columns to the API's names where they differ. */
function siteFields<T extends { direction: string; district: string }>(row: Row): T {
  const { directionCode, districtCode, ...rest } = camelRow<Record<string, unknown>>(row);
  return { ...rest, direction: directionCode, district: districtCode } as T;
}

export async function siteRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  app.get('/api/sites', { config: { access: 'viewer', cache: true }, schema: { querystring: SitesQuery, response: { 200: SitesResponse } } }, async (req) => {
    const query = req.query;
    const q = query.q?.trim();
    const rows = await ctx.queries.run('sites_list', {
      q: q ? q : null,
      district: ctx.catalog.checkDistrict(query.district),
      direction: ctx.catalog.checkDirection(query.direction),
    });
    return { rows: rows.map((r) => siteFields<Site>(r)) };
  });

  app.get(
    '/api/sites/:code',
    { config: { access: 'viewer', cache: true }, schema: { params: SiteParams, response: { 200: SiteCardResponse } } },
    async (req) => {
      const { code } = req.params;
      const [site] = await ctx.queries.run('site_card', { code });
      if (!site) throw notFound(`Площадка «${code}» не найдена`);
      const [events, trainees, resources, reports] = await Promise.all(
        (['site_events', 'site_trainees', 'site_resources', 'site_reports'] as const).map((name) => ctx.queries.run(name, { code })),
      );
      return {
        site: siteFields<SiteCard['site']>(site),
        events: events.map((e) => {
          const { plannedParticipants, actualParticipants, ...rest } = camelRow<Record<string, unknown>>(e);
          return { ...rest, planned: plannedParticipants, actual: actualParticipants } as SiteCard['events'][number];
        }),
        trainees: trainees.map((r) => camelRow<SiteCard['trainees'][number]>(r)),
        resources: resources.map((r) => camelRow<SiteCard['resources'][number]>(r)),
        reports: reports.map((r) => camelRow<SiteCard['reports'][number]>(r)),
      };
    },
  );

  app.get(
    '/api/organizations/:code',
    { config: { access: 'viewer', cache: true }, schema: { params: OrganizationParams, response: { 200: OrganizationCardResponse } } },
    async (req) => {
      const { code } = req.params;
      const [organization] = await ctx.queries.run('organization_card', { code });
      if (!organization) throw notFound(`Организация «${code}» не найдена`);
      const [headcounts, sites, applications, activity] = await Promise.all(
        (['organization_headcounts', 'organization_sites', 'organization_applications', 'organization_activity'] as const)
          .map((name) => ctx.queries.run(name, { code })),
      );
      const { districtCode, ...own } = camelRow<Record<string, unknown>>(organization);
      type Card = OrganizationCardResponse;
      return {
        organization: { ...own, district: districtCode } as Card['organization'],
        headcounts: headcounts.map((r) => camelRow<Card['headcounts'][number]>(r)),
        sites: sites.map((r) => camelRow<Card['sites'][number]>(r)),
        applications: applications.map((r) => camelRow<Card['applications'][number]>(r)),
        activity: activity.map((r) => camelRow<Card['activity'][number]>(r)),
      };
    },
  );
}
