import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { datasetsMarkdown } from '../server/cli/datasets-doc.js';
import { kpisMarkdown } from '../server/cli/kpis-doc.js';
import { loadPassports } from '../server/domain/passports.js';

describe('README', () => {
  it('documents the upload formats exactly as the code defines them (npm run docs:datasets)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = /<!-- datasets:start -->\n([\s\S]*?)\n<!-- datasets:end -->/.exec(readme)?.[1];
    expect(section).toBe(datasetsMarkdown());
  });

  it('lists every KPI with its passport exactly as queries/ defines it (npm run docs:kpis)', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = /<!-- kpis:start -->\n([\s\S]*?)\n<!-- kpis:end -->/.exec(readme)?.[1];
    expect(section).toBe(kpisMarkdown(await loadPassports()));
  });
});
