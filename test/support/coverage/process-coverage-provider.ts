// vitest's v8 provider, plus the coverage of what the tests started: while the suite runs, the raw
// coverage that spawned processes and worker threads wrote is added up after each test file
// (merge-raw-coverage.ts); after vitest has built its coverage map of the test processes (every
// measured file, untested ones at 0 when the whole suite ran), those totals are added to it, so
// the reports count code wherever it ran.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { V8CoverageProvider } from '@vitest/coverage-v8/dist/provider.js';
import type { ReportContext } from 'vitest/node';
import type { FileCoverageData } from './file-probes.js';
import { RawCoverageTotals, readWorkflowBundles } from './merge-raw-coverage.js';
import { RAW_COVERAGE_DIRECTORY } from './raw-coverage-directory.js';

/** What we use of istanbul's CoverageMap (vitest's provider types it from a package we do not install). */
interface CoverageMap {
  files(): string[];
  fileCoverageFor(path: string): { data: FileCoverageData };
  addFileCoverage(coverage: { data: FileCoverageData }): void;
}

/** The provider's own method that builds zero-count entries of the measured files no test loaded. */
interface UncoveredFiles {
  getCoverageMapForUncoveredFiles(testedFiles: string[]): Promise<CoverageMap>;
}

export class ProcessCoverageProvider extends V8CoverageProvider {
  // vitest hands the test processes `coverage.provider` set to the provider's name; "custom" makes
  // them load provider-module.ts (and so start writing raw coverage) instead of the plain v8 module.
  override readonly name = 'custom' as 'v8';

  /** Nobody writes a raw file for this long: its process has finished it. */
  private static readonly SETTLED_MS = 3_000;
  private totals!: RawCoverageTotals;
  private collecting: Promise<void> = Promise.resolve();

  override initialize(ctx: Parameters<V8CoverageProvider['initialize']>[0]): void {
    super.initialize(ctx);
    this.totals = this.newTotals();
  }

  override async clean(clean = true): Promise<void> {
    await super.clean(clean);
    await rm(RAW_COVERAGE_DIRECTORY, { recursive: true, force: true });
    this.totals = this.newTotals();
  }

  // After each test file: the processes it started have mostly ended; their files are added up in
  // the background, one pass at a time, while the next test files run.
  override onAfterSuiteRun(meta: Parameters<V8CoverageProvider['onAfterSuiteRun']>[0]): void {
    super.onAfterSuiteRun(meta);
    this.collecting = this.collecting
      .then(() => this.totals.collect(RAW_COVERAGE_DIRECTORY, ProcessCoverageProvider.SETTLED_MS))
      .catch((error: unknown) => this.ctx.logger.error('coverage: could not read raw coverage', error));
  }

  override async generateCoverage(context: ReportContext): Promise<CoverageMap> {
    const coverageMap = (await super.generateCoverage(context)) as CoverageMap;
    const started = performance.now();
    const covered = new Set(coverageMap.files());
    // A run of a few test files: vitest left out the files those tests did not load themselves,
    // but the processes they started may have run some; the ones that did are added below.
    const others = context.allTestsRun
      ? undefined
      : await (this as unknown as UncoveredFiles).getCoverageMapForUncoveredFiles([...covered]);
    const otherFiles = new Set(others?.files() ?? []);
    await this.collecting;
    await this.totals.collect(RAW_COVERAGE_DIRECTORY);
    this.totals.addTo((path) =>
      covered.has(path)
        ? coverageMap.fileCoverageFor(path).data
        : otherFiles.has(path)
          ? others!.fileCoverageFor(path).data
          : undefined,
    );
    for (const path of otherFiles) {
      const coverage = others!.fileCoverageFor(path);
      if (Object.values(coverage.data.s).some((count) => count > 0)) coverageMap.addFileCoverage(coverage);
    }
    await rm(RAW_COVERAGE_DIRECTORY, { recursive: true, force: true });
    const { report } = this.totals;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    this.ctx.logger.log(
      `coverage: added ${report.scripts} scripts from ${report.files} processes and threads (${seconds} s at the end)` +
        (report.unreadable ? `; ${report.unreadable} raw files were cut short` : '') +
        (report.unmapped ? `; ${report.unmapped} scripts had no source map or bundle to read them with` : '') +
        (report.unmappedJavaScript.size
          ? `; not counted, JavaScript of the project without a source map: ${[...report.unmappedJavaScript].slice(0, 3).join(', ')}${report.unmappedJavaScript.size > 3 ? ' …' : ''}`
          : ''),
    );
    return coverageMap;
  }

  private newTotals(): RawCoverageTotals {
    return new RawCoverageTotals({
      isMeasured: (path) => this.isIncluded(path),
      projectRoot: this.ctx.config.root,
      bundles: () => readWorkflowBundles(this.bundleFolders()),
    });
  }

  /** The suite's data folder (test/support/global-setup.ts), where the workflow bundle is cached. */
  private bundleFolders(): string[] {
    const dataDir = this.ctx.getRootProject().getProvidedContext().dataDir;
    return dataDir ? [join(dataDir, 'bundles')] : [];
  }
}
