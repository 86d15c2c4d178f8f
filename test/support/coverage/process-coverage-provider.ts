// vitest's v8 provider, plus the coverage of what the tests started: after vitest has built its
// coverage map of the test processes (every measured file, untested ones at 0 when the whole suite
// ran), the raw coverage the spawned processes and worker threads wrote is added to it
// (merge-raw-coverage.ts), so the reports count code wherever it ran.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { V8CoverageProvider } from '@vitest/coverage-v8/dist/provider.js';
import type { ReportContext } from 'vitest/node';
import type { FileCoverageData } from './file-probes.js';
import { mergeRawCoverage, readWorkflowBundles } from './merge-raw-coverage.js';
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

  override async clean(clean = true): Promise<void> {
    await super.clean(clean);
    if (clean) await rm(RAW_COVERAGE_DIRECTORY, { recursive: true, force: true });
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
    const report = await mergeRawCoverage({
      directory: RAW_COVERAGE_DIRECTORY,
      isMeasured: (path) => this.isIncluded(path),
      fileCoverage: (path) =>
        covered.has(path)
          ? coverageMap.fileCoverageFor(path).data
          : otherFiles.has(path)
            ? others!.fileCoverageFor(path).data
            : undefined,
      bundles: await readWorkflowBundles(this.bundleFolders()),
    });
    for (const path of otherFiles) {
      const coverage = others!.fileCoverageFor(path);
      if (Object.values(coverage.data.s).some((count) => count > 0)) coverageMap.addFileCoverage(coverage);
    }
    await rm(RAW_COVERAGE_DIRECTORY, { recursive: true, force: true });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    this.ctx.logger.log(
      `coverage: added ${report.scripts} scripts from ${report.files} processes and threads in ${seconds} s` +
        (report.unreadable ? `; ${report.unreadable} raw files were cut short` : '') +
        (report.unmapped ? `; ${report.unmapped} scripts had no source map or bundle to read them with` : ''),
    );
    return coverageMap;
  }

  /** The suite's data folder (test/support/global-setup.ts), where the workflow bundle is cached. */
  private bundleFolders(): string[] {
    const dataDir = this.ctx.getRootProject().getProvidedContext().dataDir;
    return dataDir ? [join(dataDir, 'bundles')] : [];
  }
}
