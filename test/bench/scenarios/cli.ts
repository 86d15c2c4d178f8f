// cli: what a user waits for, with the compiled command (dist/, built first): `orc --help` and
// `orc validate pipelines/hello.yaml` (wall time and peak memory, median of 5 after a warm-up),
// `orc run pipelines/hello.yaml` with a server and a lasting worker up (whose memory at start is
// noted), and the first run with nothing up (the dev server auto-started on 7233, an in-process
// worker), next to the time the dev server alone takes to start.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureLocalDevServer, isServing, obtainTemporalCli, stopLocalDevServer } from '../../../temporal-dev/index.js';
import { SEARCH_ATTRIBUTE_TYPES } from '../../../workflows/search-attributes.js';
import { repoRoot } from '../../support/temporal.js';
import type { BenchContext } from '../bench-context.js';
import { compiledEnvironment, measureCli, startCompiledWorker, type CliMeasurement } from '../cli-process.js';
import type { BenchResult } from '../scenario.js';

export const name = 'cli';

const RUNS = 5;
const round = (value: number | undefined) => (value === undefined ? undefined : Math.round(value));

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function succeeded(measurement: CliMeasurement, what: string): CliMeasurement {
  if (measurement.code !== 0) throw new Error(`${what} exited ${measurement.code}:\n${measurement.stderr}`);
  return measurement;
}

/** Median wall time and peak memory of RUNS runs after one warm-up. */
async function repeated(args: string[], env?: NodeJS.ProcessEnv) {
  succeeded(await measureCli(args, env), `orc ${args.join(' ')}`);
  const runs: CliMeasurement[] = [];
  for (let index = 0; index < RUNS; index++) runs.push(succeeded(await measureCli(args, env), `orc ${args.join(' ')}`));
  const peaks = runs.flatMap((run) => (run.peakMb === undefined ? [] : [run.peakMb]));
  const cpu = runs.flatMap((run) => (run.cpuMs === undefined ? [] : [run.cpuMs]));
  return {
    ms: Math.round(median(runs.map((run) => run.ms))),
    peakMb: peaks.length ? Math.round(median(peaks)) : undefined,
    cpuMs: cpu.length ? Math.round(median(cpu)) : undefined,
    runsMs: runs.map((run) => Math.round(run.ms)),
  };
}

async function runWithWorkerUp(context: BenchContext) {
  const { address, dataDir } = await context.temporal();
  const env = compiledEnvironment({
    TEMPORAL_ADDRESS: address,
    ORC_DATA_DIR: dataDir,
    ORC_WORKSPACE: join(dataDir, 'cli-workspace'),
    ORC_TASK_QUEUE: `bench-cli-${process.pid}`,
  });
  const worker = await startCompiledWorker(env);
  try {
    const run = await repeated(['run', 'pipelines/hello.yaml', '--json'], env);
    return { ...run, workerRssAtStartMb: round(worker.rssAtStartMb) };
  } finally {
    await worker.stop();
  }
}

/** The first `orc run` on a machine with nothing up, and the dev server's own start for comparison. */
async function firstRun() {
  if (await isServing('127.0.0.1:7233')) return { skipped: 'a Temporal server already answers on 127.0.0.1:7233' };
  // The Temporal CLI is obtained beforehand: its one-time install is not what is measured.
  const cli = await obtainTemporalCli({
    explicitPath: process.env.ORC_TEMPORAL_CLI,
    dataDir: process.env.ORC_DATA_DIR,
  });
  const serverOnly = await mkdtemp(join(tmpdir(), 'orc-bench-server-'));
  const fresh = await mkdtemp(join(tmpdir(), 'orc-bench-first-'));
  try {
    const started = performance.now();
    await ensureLocalDevServer({
      dataDir: serverOnly,
      searchAttributes: SEARCH_ATTRIBUTE_TYPES,
      obtain: { explicitPath: cli },
    });
    const serverMs = performance.now() - started;
    await stopLocalDevServer(serverOnly);
    const run = succeeded(
      await measureCli(
        ['run', 'pipelines/hello.yaml', '--json'],
        compiledEnvironment({ ORC_DATA_DIR: fresh, ORC_WORKSPACE: join(fresh, 'workspace'), ORC_TEMPORAL_CLI: cli }),
      ),
      'the first orc run',
    );
    return {
      ms: Math.round(run.ms),
      serverStartMs: Math.round(serverMs),
      beyondServerMs: Math.round(run.ms - serverMs),
    };
  } finally {
    await stopLocalDevServer(fresh);
    await stopLocalDevServer(serverOnly);
    await rm(serverOnly, { recursive: true, force: true });
    await rm(fresh, { recursive: true, force: true });
  }
}

export async function run(context: BenchContext): Promise<BenchResult> {
  // The figures are the compiled command's, so the compiled code must be today's sources.
  await promisify(execFile)('npm', ['run', '--silent', 'build'], { cwd: repoRoot, timeout: 600_000 });
  // Wall times on a shared machine say little without its load (1-minute average; 2 cores here).
  const loadAtStart = Math.round(loadavg()[0]! * 10) / 10;
  const help = await repeated(['--help']);
  const validate = await repeated(['validate', 'pipelines/hello.yaml']);
  const fromSource = await measureCli(['--help'], compiledEnvironment({ ORC_FROM_SOURCE: '1' }));
  if (fromSource.code !== 0) throw new Error(`orc --help from the sources exited ${fromSource.code}`);
  const warm = await runWithWorkerUp(context);
  const first = await firstRun();
  return {
    figure: help.ms,
    unit: 'ms (orc --help)',
    details: {
      help_ms: help.ms,
      help_cpu_ms: help.cpuMs,
      help_peak_mb: help.peakMb,
      help_from_source_ms: Math.round(fromSource.ms),
      help_from_source_cpu_ms: round(fromSource.cpuMs),
      validate_ms: validate.ms,
      validate_cpu_ms: validate.cpuMs,
      validate_peak_mb: validate.peakMb,
      run_with_worker_up_ms: warm.ms,
      run_cpu_ms: warm.cpuMs,
      run_peak_mb: warm.peakMb,
      worker_rss_at_start_mb: warm.workerRssAtStartMb,
      first_run_ms: 'ms' in first ? first.ms : first.skipped,
      ...('ms' in first
        ? { server_start_ms: first.serverStartMs, first_run_beyond_server_ms: first.beyondServerMs }
        : {}),
      load_average_at_start: loadAtStart,
      help_runs_ms: help.runsMs,
      validate_runs_ms: validate.runsMs,
      run_runs_ms: warm.runsMs,
    },
  };
}
