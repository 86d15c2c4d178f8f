// Adds the raw V8 coverage that spawned processes and worker threads wrote to the coverage map
// vitest made of the test processes: every script of ours they ran — a .ts file through tsx, a
// compiled .js file with a source map, or the workflow bundle in the SDK's sandbox — read back to
// our files through its source map.
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExecutionCounts } from './execution-counts.js';
import { FileProbes, type FileCoverageData } from './file-probes.js';
import { GeneratedPositions } from './generated-positions.js';
import { readRawCoverage, type RawCoverageFile, type RawSourceMap, type ScriptCoverage } from './raw-coverage-file.js';

export interface MergeOptions {
  directory: string;
  /** Whether a source file is measured (vitest's coverage include and exclude). */
  isMeasured(path: string): boolean;
  /** The coverage entry a measured file's counts are added to. */
  fileCoverage(path: string): FileCoverageData | undefined;
  /** Workflow bundles by file name (`workflow-bundle-<hash>.js`, what the SDK names the script). */
  bundles: Map<string, { map: RawSourceMap; lineLengths: number[] }>;
}

export interface MergeReport {
  files: number;
  scripts: number;
  /** Raw files cut short (a process still writing when the run ended). */
  unreadable: number;
  /** Scripts of ours that could not be read back (a bundle built elsewhere, a .ts script without a source map). */
  unmapped: number;
}

const BUNDLE_URL = /\/workflow-bundle-[0-9a-f]+\.js$/;
/** JavaScript outside node_modules: maybe our code compiled (with a source map that says so), maybe not ours. */
const COMPILED_URL = /^file:\/\/(?!.*\/node_modules\/).*\.[cm]?js$/;

export async function mergeRawCoverage(options: MergeOptions): Promise<MergeReport> {
  const report: MergeReport = { files: 0, scripts: 0, unreadable: 0, unmapped: 0 };
  const names = (await readdir(options.directory).catch(() => [] as string[])).filter((name) => name.endsWith('.json'));
  const isOurScript = (url: string) => BUNDLE_URL.test(url) || isMeasuredUrl(url, options) || COMPILED_URL.test(url);
  const probesByScript = new Map<string, FileProbes[] | undefined>();
  for (const name of names) {
    const raw = readRawCoverage(await readFile(join(options.directory, name)), isOurScript);
    if (!raw) {
      report.unreadable++;
      continue;
    }
    report.files++;
    for (const script of raw.scripts) {
      const probes = probesFor(script, raw, probesByScript, options);
      if (!probes) {
        if (BUNDLE_URL.test(script.url) || !COMPILED_URL.test(script.url)) report.unmapped++;
        continue;
      }
      report.scripts++;
      const counts = new ExecutionCounts(script.functions);
      for (const file of probes) file.add(counts);
    }
  }
  return report;
}

function probesFor(
  script: ScriptCoverage,
  raw: RawCoverageFile,
  cache: Map<string, FileProbes[] | undefined>,
  options: MergeOptions,
): FileProbes[] | undefined {
  if (BUNDLE_URL.test(script.url)) {
    const name = basename(script.url);
    if (!cache.has(name)) {
      const bundle = options.bundles.get(name);
      cache.set(name, bundle && probesOf(bundle.map, bundle.lineLengths, options));
    }
    return cache.get(name);
  }
  // One transform of a file: Node records its source map and line lengths with each process's coverage.
  const cached = raw.sourceMap(script.url);
  if (!cached) return undefined;
  const key = `${script.url}\n${cached.lineLengthsText}`;
  if (!cache.has(key)) {
    const map = cached.map();
    cache.set(key, map && probesOf(map, cached.lineLengths(), options));
  }
  return cache.get(key);
}

function probesOf(map: RawSourceMap, lineLengths: number[], options: MergeOptions): FileProbes[] {
  const positions = new GeneratedPositions(map, lineLengths, options.isMeasured);
  return positions.sources().flatMap((path) => {
    const data = options.fileCoverage(path);
    return data ? [new FileProbes(data, positions)] : [];
  });
}

function isMeasuredUrl(url: string, options: MergeOptions): boolean {
  try {
    return url.startsWith('file://') && url.endsWith('.ts') && options.isMeasured(fileURLToPath(url));
  } catch {
    return false;
  }
}

/** The workflow bundles cached in `folders` (workers/workflow-bundle.ts), by the name the SDK gives their script. */
export async function readWorkflowBundles(folders: string[]): Promise<MergeOptions['bundles']> {
  const bundles: MergeOptions['bundles'] = new Map();
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
