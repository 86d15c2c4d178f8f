// Adds the raw V8 coverage that spawned processes and worker threads wrote to the coverage map
// vitest made of the test processes: every script of ours they ran — a .ts file through tsx, a
// compiled .js file with a source map, or the workflow bundle in the SDK's sandbox — read back to
// our files through its source map. Raw files are added up as they are finished (`collect`, while
// the suite runs) and the coverage entries filled once at the end (`addTo`).
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ExecutionCounts } from './execution-counts.js';
import { FileProbes, type FileCoverageData } from './file-probes.js';
import { GeneratedPositions } from './generated-positions.js';
import { readRawCoverage, type RawCoverageFile, type RawSourceMap, type ScriptCoverage } from './raw-coverage-file.js';
import { ScriptTotals } from './script-totals.js';

export type WorkflowBundles = Map<string, { map: RawSourceMap; lineLengths: number[] }>;

export interface TotalsOptions {
  /** Whether a source file is measured (vitest's coverage include and exclude). */
  isMeasured(path: string): boolean;
  /** The project's folder: its JavaScript outside test/ and node_modules without a source map is reported. */
  projectRoot?: string;
  /** Workflow bundles by file name (`workflow-bundle-<hash>.js`, what the SDK names the script); asked again for a name it lacked. */
  bundles(): Promise<WorkflowBundles>;
}

export interface MergeReport {
  files: number;
  scripts: number;
  /** Raw files cut short (a process killed while writing it). */
  unreadable: number;
  /** Scripts of ours that could not be read back (a bundle built elsewhere, a .ts script without a source map). */
  unmapped: number;
  /** The project's own JavaScript that ran without a source map back to .ts files (a build without maps?). */
  unmappedJavaScript: Set<string>;
}

const BUNDLE_URL = /\/workflow-bundle-[0-9a-f]+\.js$/;
/** JavaScript outside node_modules: maybe our code compiled (with a source map that says so), maybe not ours. */
const COMPILED_URL = /^file:\/\/(?!.*\/node_modules\/).*\.[cm]?js(\?|$)/;

export class RawCoverageTotals {
  readonly report: MergeReport = { files: 0, scripts: 0, unreadable: 0, unmapped: 0, unmappedJavaScript: new Set() };
  private readonly byScript = new Map<string, ScriptTotals | undefined>();
  private bundles: WorkflowBundles = new Map();

  constructor(private readonly options: TotalsOptions) {}

  /**
   * Adds up the raw files in `directory` and deletes them. `settledMs`: only files nobody has
   * written to for that long (a process may be writing one now); without it, every file, and
   * a file cut short counts as unreadable.
   */
  async collect(directory: string, settledMs?: number): Promise<void> {
    const names = (await readdir(directory).catch(() => [] as string[])).filter((name) => name.endsWith('.json'));
    for (const name of names) {
      const path = join(directory, name);
      if (settledMs !== undefined) {
        const modified = await stat(path).then((stats) => stats.mtimeMs, () => undefined);
        if (modified === undefined || Date.now() - modified < settledMs) continue;
      }
      const raw = readRawCoverage(await readFile(path), (url) => this.isOurScript(url));
      if (raw) await this.add(raw);
      else if (settledMs !== undefined) continue;
      else this.report.unreadable++;
      await rm(path, { force: true });
    }
  }

  /** Adds the totals to the coverage entries of the measured files (`fileCoverage`: undefined for a file with none). */
  addTo(fileCoverage: (path: string) => FileCoverageData | undefined): void {
    for (const totals of this.byScript.values()) {
      if (!totals) continue;
      for (const path of totals.positions.sources()) {
        const data = fileCoverage(path);
        if (data) new FileProbes(data, totals.positions).add(totals);
      }
    }
  }

  private isOurScript(url: string): boolean {
    return BUNDLE_URL.test(url) || this.isMeasuredUrl(url) || COMPILED_URL.test(url);
  }

  // tsx's tsImport (the HTML reader's thread) loads a module with a query: file:///….ts?tsx-namespace=….
  private isMeasuredUrl(url: string): boolean {
    try {
      return url.startsWith('file://') && /\.ts(\?|$)/.test(url) && this.options.isMeasured(fileURLToPath(url));
    } catch {
      return false;
    }
  }

  private isProjectJavaScript(url: string): boolean {
    const root = this.options.projectRoot && pathToFileURL(this.options.projectRoot).href.replace(/\/?$/, '/');
    return root !== undefined && url.startsWith(root) && !url.startsWith(`${root}test/`) && !url.startsWith(`${root}bin/`);
  }

  private async add(raw: RawCoverageFile): Promise<void> {
    this.report.files++;
    for (const script of raw.scripts) {
      const totals = await this.totalsOf(script, raw);
      if (totals) {
        this.report.scripts++;
        totals.add(new ExecutionCounts(script.functions));
      } else if (BUNDLE_URL.test(script.url) || !COMPILED_URL.test(script.url)) this.report.unmapped++;
      else if (this.isProjectJavaScript(script.url)) this.report.unmappedJavaScript.add(script.url);
    }
  }

  /** The totals of one transform of a script; undefined when its code cannot be read back. */
  private async totalsOf(script: ScriptCoverage, raw: RawCoverageFile): Promise<ScriptTotals | undefined> {
    if (BUNDLE_URL.test(script.url)) {
      const name = basename(script.url);
      if (!this.byScript.has(name)) {
        if (!this.bundles.has(name)) this.bundles = await this.options.bundles();
        const bundle = this.bundles.get(name);
        this.byScript.set(name, bundle && this.totalsFor(bundle.map, bundle.lineLengths));
      }
      return this.byScript.get(name);
    }
    // Node records each script's source map and line lengths with each process's coverage.
    const cached = raw.sourceMap(script.url);
    if (!cached) return undefined;
    const key = `${script.url}\n${cached.lineLengthsText}`;
    if (!this.byScript.has(key)) {
      const map = cached.map();
      this.byScript.set(key, map && this.totalsFor(map, cached.lineLengths()));
    }
    return this.byScript.get(key);
  }

  private totalsFor(map: RawSourceMap, lineLengths: number[]): ScriptTotals | undefined {
    const positions = new GeneratedPositions(map, lineLengths, (path) => this.options.isMeasured(path));
    return positions.sources().length > 0 ? new ScriptTotals(positions) : undefined;
  }
}

/** The workflow bundles cached in `folders` (workers/workflow-bundle.ts), by the name the SDK gives their script. */
export async function readWorkflowBundles(folders: string[]): Promise<WorkflowBundles> {
  const bundles: WorkflowBundles = new Map();
  for (const folder of folders) {
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names.filter((entry) => entry.endsWith('.js'))) {
      const code = await readFile(join(folder, name), 'utf8');
      const marker = code.lastIndexOf('//# sourceMappingURL=data:');
      if (marker === -1) continue;
      const base64 = code.slice(code.indexOf('base64,', marker) + 'base64,'.length).trim();
      const map = JSON.parse(Buffer.from(base64, 'base64').toString('utf8')) as RawSourceMap;
      if (map.file) bundles.set(basename(map.file), { map, lineLengths: code.split('\n').map((line) => line.length) });
    }
  }
  return bundles;
}
