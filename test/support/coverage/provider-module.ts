// The coverage provider of `npm test` (vitest.config.ts, coverage.customProviderModule): vitest's own
// v8 provider for the code the test processes run themselves, plus the raw V8 coverage of every
// process and thread they start — the spawned `orc` and `orc worker`, and the worker threads in
// which the Temporal SDK runs the workflow bundle — merged when the run ends
// (process-coverage-provider.ts; docs/development.md#coverage).
import type { CoverageProviderModule } from 'vitest/node';
import v8 from '@vitest/coverage-v8';
import { RAW_COVERAGE_DIRECTORY } from './raw-coverage-directory.js';

const providerModule: CoverageProviderModule = {
  ...v8,
  // Runs in each test process before its tests. Set now, after this process started, the variable
  // makes only what it starts from here on write raw coverage (child processes inherit it, new
  // worker threads copy it); this process's own code is measured by vitest's inspector session.
  startCoverage(options) {
    process.env.NODE_V8_COVERAGE = RAW_COVERAGE_DIRECTORY;
    // vitest ends a test process with SIGTERM, which would kill the worker threads still alive in
    // it (the HTML reader's idle threads) before they write their coverage; exiting writes it.
    if (process.listenerCount('SIGTERM') === 0) process.once('SIGTERM', () => process.exit());
    return v8.startCoverage?.(options);
  },
  async getProvider() {
    const { ProcessCoverageProvider } = await import('./process-coverage-provider.js');
    return new ProcessCoverageProvider();
  },
};

export default providerModule;
