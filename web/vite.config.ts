import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { firstPageModules } from './shell-preloads.js';

export default defineConfig({
  plugins: [sveltekit(), firstPageModules()],
  // `npm run dev:web` serves the app with hot reload and sends API calls to `npm run serve`.
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  // Kit 2 needs cookie@0.6 while Fastify's light-my-request hoists cookie@2 to the top of
  // node_modules; bundling it resolves kit's own copy at build time.
  ssr: { noExternal: ['cookie'] },
});
