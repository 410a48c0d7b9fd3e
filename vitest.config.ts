import { defineConfig } from 'vitest/config';

/**
 * CI runs on a busy 2-core machine: an import, a page load or a PPTX can take seconds there.
 * Tests that need longer say so themselves; these are the floors.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Vitest's default leaves one of two cores idle; test files are independent (each its own
    // databases, servers on free ports), so two run at once.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    expect: { poll: { timeout: 10_000 } },
  },
});
