/**
 * The app shell (web/build/index.html) names the overview's modules and stylesheets (and the
 * error page's, which the router loads at its start), so a first visit asks for all of them at once. Without this, the browser learns them only once the router
 * has run: a second wave of requests, a few hundred milliseconds in a just-started browser.
 *
 * The client build records them (firstPageModules, a Vite plugin); after the adapter has written
 * the shell, `tsx web/shell-preloads.ts` adds them to it and compresses it again.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/**
 * The overview, and the error page the router loads with any page at its start (its scripts only:
 * a stylesheet preloaded and not applied within seconds is a warning in the browser's console).
 */
const FIRST_PAGES = [
  { page: resolve('web/src/routes/+page.svelte'), styles: true },
  { page: resolve('web/src/routes/+error.svelte'), styles: false },
];
const RECORD = resolve('web/.svelte-kit/first-page-modules.json');
const SHELL = resolve('web/build/index.html');

interface FirstPageModules {
  js: string[];
  css: string[];
}

/** A chunk as the bundle describes it: enough to follow its static imports. */
interface BundleChunk {
  type: 'chunk';
  fileName: string;
  moduleIds: string[];
  imports: string[];
  viteMetadata?: { importedCss: Set<string> };
}

/** Records the chunks of the first pages and every chunk and stylesheet they import statically. */
export function firstPageModules(): Plugin {
  let ssr = false;
  return {
    name: 'ploshchadki-first-page-modules',
    apply: 'build',
    configResolved(config) {
      ssr = Boolean(config.build.ssr);
    },
    writeBundle(_options, bundle) {
      if (ssr) return;
      const chunks = new Map(Object.values(bundle).filter((c) => c.type === 'chunk').map((c) => [c.fileName, c as unknown as BundleChunk]));
      const js = new Set<string>();
      const css = new Set<string>();
      const follow = (chunk: BundleChunk, styles: boolean) => {
        if (js.has(chunk.fileName)) return;
        js.add(chunk.fileName);
        if (styles) for (const sheet of chunk.viteMetadata?.importedCss ?? []) css.add(sheet);
        for (const name of chunk.imports) follow(chunks.get(name)!, styles);
      };
      for (const { page, styles } of FIRST_PAGES) {
        const chunk = [...chunks.values()].find((c) => c.moduleIds.includes(page));
        if (!chunk) throw new Error(`The client bundle has no chunk of ${page}`);
        follow(chunk, styles);
      }
      const record: FirstPageModules = { js: [...js], css: [...css] };
      writeFileSync(RECORD, JSON.stringify(record));
    },
  };
}

/** The shell with a preload of each recorded file it does not name yet, before its </head>. */
export function withPreloads(shell: string, modules: FirstPageModules): string {
  const links = [
    ...modules.js.map((file) => `<link href="/${file}" rel="modulepreload">`),
    // Preloaded, not applied: the router applies each page's stylesheets itself, with
    // `crossorigin` (without it here, the browser would not use the preload and fetch them again).
    ...modules.css.map((file) => `<link href="/${file}" rel="preload" as="style" crossorigin>`),
  ].filter((link) => !shell.includes(`"${/href="([^"]+)"/.exec(link)![1]}"`));
  return shell.replace('</head>', `${links.join('\n\t\t')}\n  </head>`);
}

function addPreloadsToShell(): void {
  const shell = withPreloads(readFileSync(SHELL, 'utf8'), JSON.parse(readFileSync(RECORD, 'utf8')) as FirstPageModules);
  writeFileSync(SHELL, shell);
  // As the adapter compresses (precompress): Fastify serves these to browsers that accept them.
  writeFileSync(`${SHELL}.gz`, gzipSync(shell, { level: constants.Z_BEST_COMPRESSION }));
  writeFileSync(`${SHELL}.br`, brotliCompressSync(shell, {
    params: { [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
  }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) addPreloadsToShell();
