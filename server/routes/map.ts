import type { FastifyInstance } from 'fastify';
import { MapInfoResponse, MapUploadQuery, MapUploadResponse } from '../../web/src/lib/shared/api.js';
import { currentUser } from '../auth/access.js';
import { badRequest, Refusal } from '../errors.js';
import { GeoFileError, MAX_BYTES } from '../geo/boundaries.js';
import type { AppContext } from './context.js';
import type { TypeBoxProvider } from './typed.js';

/**
 * A region's detailed boundaries run to a few tens of megabytes (they are kept simplified, a few
 * hundred KB); the file is read in the request, so a larger one is refused before it is parsed.
 */
export const MAX_MAP_BYTES = MAX_BYTES;

/**
 * The district map: the admin uploads the region's boundaries as GeoJSON (matched to districts by
 * code, ОКТМО or name, with a report of what did not match) or removes them (the map is tiles).
 */
export async function mapRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  // The file is the raw body, whatever type the browser names (.geojson, .json): read here, not
  // by Fastify's JSON parser, whose errors would be in English and whose limit is 1 MB.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_MAP_BYTES }, (_req, body, done) => done(null, body));

  const info = (): MapInfoResponse => {
    const { missing, shapes } = ctx.maps.shapes(ctx.catalog.districts);
    return { kind: shapes.kind, source: ctx.maps.source(), missing: missing.map((d) => d.name) };
  };

  app.get('/api/map', { config: { access: 'viewer', cache: true }, schema: { response: { 200: MapInfoResponse } } }, async () => info());

  app.put('/api/admin/map', {
    config: { access: 'admin' },
    schema: { querystring: MapUploadQuery, response: { 200: MapUploadResponse } },
  }, async (req) => {
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw badRequest('Выберите файл GeoJSON с границами районов.');
    const fileName = req.query.name?.trim() || 'границы.geojson';
    const login = currentUser(req).login;
    try {
      const read = await ctx.maps.replace(req.body, fileName, login, ctx.catalog.districts,
        (tx, { geoJson, unmatchedFeatures, districtsWithout }) => ctx.audit.record('map_uploaded', login, [
          `${fileName}: районов на карте ${geoJson.features.length}`,
          districtsWithout.length > 0 ? `без границ ${districtsWithout.length}` : null,
          unmatchedFeatures.length > 0 ? `не сопоставлено объектов файла ${unmatchedFeatures.length}` : null,
        ].filter(Boolean).join('; '), req.ip, tx));
      ctx.cache.invalidate();
      void ctx.db.checkpoint();
      return { ...info(), matched: new Set(read.matched.map((m) => m.code)).size, unmatchedFeatures: read.unmatchedFeatures, skippedFeatures: read.skippedFeatures };
    } catch (error) {
      if (error instanceof GeoFileError) throw new Refusal('invalid', error.message);
      throw error;
    }
  });

  app.delete('/api/admin/map', { config: { access: 'admin' }, schema: { response: { 200: MapInfoResponse } } }, async (req) => {
    const login = currentUser(req).login;
    const removed = await ctx.maps.remove((tx) => ctx.audit.record('map_removed', login, 'карта районов — снова плитки', req.ip, tx));
    if (!removed) throw new Refusal('not_found', 'Границы районов не загружены: карта и так из плиток.');
    ctx.cache.invalidate();
    void ctx.db.checkpoint();
    return info();
  });
}
