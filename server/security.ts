import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';

/** SHA-256 hashes of the inline scripts of the built app shell, for the CSP's script-src. */
export function inlineScriptHashes(indexHtml: string): string[] {
  return [...indexHtml.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
    .map((m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`);
}

/**
 * Security headers (helmet) with a CSP the SvelteKit shell and ECharts work under: scripts only
 * from the app and its own inline bootstrap (by hash), no inline event handlers, no framing.
 * Styles allow inline attributes: Svelte's style: directives and ECharts set element styles.
 * Workers from blob: serve the XLSX preview. API answers are never stored by browsers or proxies.
 * Plus the rate limiter the login route uses.
 */
export async function installSecurity(app: FastifyInstance, indexHtmlPath: string | null): Promise<void> {
  const hashes = indexHtmlPath ? inlineScriptHashes(readFileSync(indexHtmlPath, 'utf8')) : [];
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...hashes],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Downloads and the print report open same-origin resources only.
    crossOriginEmbedderPolicy: false,
  });
  // Answers hold the region's figures and people's names: no browser or proxy keeps a copy.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `Слишком много попыток входа. Повторите через ${Math.ceil(context.ttl / 1000)} с.`,
    }),
  });
}
