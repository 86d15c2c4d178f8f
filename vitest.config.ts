import { configDefaults, defineConfig } from 'vitest/config';

// The forks pool: the Temporal SDK's native core crashes under worker threads.
export default defineConfig({
  test: {
    pool: 'forks',
    // Two test files at a time even on 2 cores: most tests wait on the Temporal server or a
    // spawned `orc`, so a second file roughly halves the suite's time (vitest's default on
    // 2 cores is one).
    maxWorkers: 2,
    include: ['test/**/*.test.ts'],
    // test/cluster needs the Temporal server built from source: `npm run test:cluster` runs it.
    exclude: [...configDefaults.exclude, 'test/cluster/**'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The JSON report is what .ci/run counts ("N passed, M failed").
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    // Line coverage of the engine's own code (`npm run coverage` measures it; not `npm test`, to keep
    // CI within its 20 minutes — coverage costs a third more CPU):
    // vitest's v8 coverage of the test processes, plus the raw V8 coverage of the `orc` processes
    // and worker threads (the workflow sandbox) they start (test/support/coverage/,
    // docs/development.md#coverage).
    coverage: {
      provider: 'custom',
      customProviderModule: 'test/support/coverage/provider-module.ts',
      include: ['workflows/**/*.ts', 'activities/**/*.ts', 'workers/**/*.ts', 'client/**/*.ts', 'temporal-dev/**/*.ts'],
      exclude: ['**/*.d.ts', 'test/**'],
      reporter: ['text-summary', ['json-summary', { file: 'coverage-summary.json' }]],
      reportsDirectory: 'test-results/coverage',
      reportOnFailure: true,
    },
  },
});
