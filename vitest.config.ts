import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The test files that take longest, in the order to start them. Two files run at a time: one of
 * them started last would leave a core idle at the end (a fresh clone, as CI has, has no timings
 * for Vitest to go by). The browser files stand apart: two Chromiums beside two servers on two
 * cores take twice as long each.
 */
const SLOWEST = [
  'crash-recovery', 'browser/access', 'upload-corpus', 'backup', 'browser/dashboard', 'ingest-readers', 'ingest.test',
  'browser/uploads', 'upload-transport', 'bench', 'browser/auth', 'templates', 'hostile-files', 'security/authorization',
  'security/sessions', 'cache', 'uploads-api', 'upload-ownership', 'exports',
];

class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = SLOWEST.findIndex((name) => file.moduleId.includes(name));
      return index === -1 ? SLOWEST.length : index;
    };
    return [...(await super.sort(files))].sort((a, b) => rank(a) - rank(b));
  }
}

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
    // Test files share a worker's loaded modules instead of loading the server anew each (a
    // minute of the run): no test changes module state, and spies are restored after each test.
    isolate: false,
    restoreMocks: true,
    sequence: { sequencer: SlowestFirst },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    expect: { poll: { timeout: 20_000 } },
  },
});
