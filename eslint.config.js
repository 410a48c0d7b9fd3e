// ESLint: TypeScript (typescript-eslint) and Svelte (eslint-plugin-svelte) rules, recommended sets.
// `npm run check` runs it; a warning fails it like an error.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

export default ts.config(
  { ignores: ['web/build/', 'web/.svelte-kit/', 'data/', 'node_modules/', 'tmp-perf/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // A leading underscore marks what is deliberately left unused (a field taken out of an object).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Fastify serves the app at the site's root (no base path), and most hrefs here are API
      // downloads rather than pages, which resolve() does not know.
      'svelte/no-navigation-without-resolve': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser } },
  },
);
