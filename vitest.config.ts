import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Snapshots (test/fixtures/**/*.snap, test/corpus/*/findings.snap) are written only by
    // `vitest run <files> -u` (`npm test -- -u`): a missing one fails, as in CI, instead of being created silently.
    update: 'none',
  },
});
