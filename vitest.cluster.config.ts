import { configDefaults, defineConfig } from 'vitest/config';

// `npm run test:cluster`: the workflow, CLI and reliability layers, and test/cluster (the
// services killed mid-run), against Temporal built from source on PostgreSQL
// (test/support/cluster-global-setup.ts). docs/reliability.md has the last run's result.
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    include: [
      'test/workflows/**/*.test.ts',
      'test/cli/**/*.test.ts',
      'test/reliability/**/*.test.ts',
      'test/cluster/**/*.test.ts',
    ],
    exclude: [
      ...configDefaults.exclude,
      // About the dev server itself: `orc run` with nothing configured starts one on :7233.
      'test/cli/auto-start.test.ts',
    ],
    globalSetup: ['test/support/cluster-global-setup.ts'],
    testTimeout: 60_000,
    // The cluster test starts a second cluster of its own in its beforeAll.
    hookTimeout: 300_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest-cluster.json' }]],
  },
});
