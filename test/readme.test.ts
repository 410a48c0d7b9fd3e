import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { datasetsMarkdown } from '../server/cli/datasets-doc.js';

describe('README', () => {
  it('documents the upload formats exactly as the code defines them (npm run docs:datasets)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = /<!-- datasets:start -->\n([\s\S]*?)\n<!-- datasets:end -->/.exec(readme)?.[1];
    expect(section).toBe(datasetsMarkdown());
  });
});
