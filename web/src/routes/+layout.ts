// A single-page app: Fastify serves the shell, data comes from /api on the client.
export const ssr = false;
export const prerender = false;
