import adapter from '@sveltejs/adapter-static';

/**
 * SvelteKit app in web/: a static single-page app (adapter-static with an index.html fallback)
 * that Fastify serves from web/build, each file also brotli- and gzip-compressed beside it.
 */
/** @type {import('@sveltejs/kit').Config} */
const config = {
  kit: {
    adapter: adapter({ pages: 'web/build', assets: 'web/build', fallback: 'index.html', strict: true, precompress: true }),
    files: { src: 'web/src', assets: 'web/static' },
    outDir: 'web/.svelte-kit',
  },
};

export default config;
