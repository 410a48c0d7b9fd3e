import { defineConfig } from 'vitest/config';

/**
 * CI runs on a busy 2-core machine: an import, a page load or a PPTX can take seconds there.
 * Tests that need longer say so themselves; these are the floors.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    expect: { poll: { timeout: 10_000 } },
  },
});
