import type { FastifyTypeProvider } from 'fastify';
import type { Static, TSchema } from 'typebox';

/**
 * Fastify's type provider for TypeBox: a route's handler sees its query, params and body as the
 * types of their schemas (Fastify has validated them before it runs), and what it returns is held
 * to the response schema's type. Each route plugin takes its app `withTypeProvider<TypeBoxProvider>()`.
 */
export interface TypeBoxProvider extends FastifyTypeProvider {
  validator: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
  serializer: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
}
