// fanout: for_each over 2,000 items, at most 100 at a time, each iteration one no-op tool step
// as a regular activity, on a real `orc worker` process: steps per second, and the worker's
// CPU and memory (its own /proc figures). fanout-local runs the same with local steps. The
// worker-rss scenario reports this run's peak, measuring fanout itself when fanout has not run.
import type { BenchContext } from '../bench-context.js';
import { megabytes, round1, round2 } from '../bench-numbers.js';
import { compileBenchPipeline } from '../bench-tool.js';
import { runPipelineTimed, withSpawnedBenchWorker } from '../bench-worker.js';
import { fetchRunChain, workflowTaskStats, type RunInChain, type WorkflowTaskStats } from '../history-timing.js';
import { processCpuMs } from '../cpu-time.js';
import { ceilingOnTwoCores, verdict } from '../goals.js';
import { withProcessMeasured, type ProcessUsage } from '../process-stats.js';
import type { BenchResult } from '../scenario.js';

export const name = 'fanout';

export const FANOUT_ITEMS = 2_000;
export const FANOUT_MAX_PARALLEL = 100;
/** Loads the pipeline bundle into the worker's sandbox before the timed run. */
const WARM_UP_ITEMS = 100;
const TIMEOUT_MS = 10 * 60_000;

export type FanoutExecution = 'activity' | 'local';

const pipeline = (execution: FanoutExecution) => `id: bench_fanout
name: Fan-out of no-op steps
parameters:
  count: {type: integer, default: ${FANOUT_ITEMS}}
steps:
  - id: each
    for_each: "{{ range(count) }}"
    max_parallel: ${FANOUT_MAX_PARALLEL}
    steps:
      - {id: work, tool: bench, action: noop, execution: ${execution}}
`;

export interface FanoutMeasurement {
  ms: number;
  warmUpMs: number;
  usage: ProcessUsage;
  /** CPU the dev server spent on the timed run, when /proc can say. */
  serverCpuMs?: number;
  runs: RunInChain[];
  tasks: WorkflowTaskStats;
}

const measurements = new WeakMap<BenchContext, Map<FanoutExecution, Promise<FanoutMeasurement>>>();

/** Measured once per `npm run bench` and execution, whether fanout or worker-rss asks first. */
export function measureFanout(
  context: BenchContext,
  execution: FanoutExecution = 'activity',
): Promise<FanoutMeasurement> {
  let byExecution = measurements.get(context);
  if (!byExecution) measurements.set(context, (byExecution = new Map()));
  let measurement = byExecution.get(execution);
  if (!measurement) {
    measurement = measure(context, execution);
    byExecution.set(execution, measurement);
  }
  return measurement;
}

async function measure(context: BenchContext, execution: FanoutExecution): Promise<FanoutMeasurement> {
  const ir = compileBenchPipeline(pipeline(execution), 'bench/fanout.yaml');
  const { serverPid } = await context.temporal();
  return withSpawnedBenchWorker(context, `fanout-${execution}`, async (engine, workerPid) => {
    const warmUp = await runPipelineTimed(
      engine,
      ir,
      { count: WARM_UP_ITEMS },
      { timeoutMs: TIMEOUT_MS, label: 'fanout-warm-up' },
    );
    const serverBefore = processCpuMs(serverPid);
    const { value: timed, usage } = await withProcessMeasured(workerPid, () =>
      runPipelineTimed(engine, ir, { count: FANOUT_ITEMS }, { timeoutMs: TIMEOUT_MS, label: `fanout-${execution}` }),
    );
    const serverAfter = processCpuMs(serverPid);
    const serverCpuMs =
      serverBefore === undefined || serverAfter === undefined ? undefined : serverAfter - serverBefore;
    const iterations = timed.document.steps.each?.iterations;
    if (iterations !== FANOUT_ITEMS)
      throw new Error(`fanout ran ${String(iterations)} iterations, not ${FANOUT_ITEMS}`);
    const runs = await fetchRunChain(engine.client, timed.workflowId);
    // The first run of the chain: where a large fan-out's events and bytes go.
    const tasks = await workflowTaskStats(engine.client, timed.workflowId, runs[0]?.runId);
    return { ms: timed.ms, warmUpMs: warmUp.ms, usage, serverCpuMs, runs, tasks };
  });
}

/** The figure and details of a fanout measurement (fanout, fanout-local). */
export function fanoutResult(measurement: FanoutMeasurement, execution: FanoutExecution): BenchResult {
  const { tasks } = measurement;
  const stepsPerSecond = FANOUT_ITEMS / (measurement.ms / 1000);
  const goal = execution === 'local' ? 1000 : 300;
  const workerCpu = measurement.usage.cpuMs / FANOUT_ITEMS;
  const serverCpu = (measurement.serverCpuMs ?? 0) / FANOUT_ITEMS;
  return {
    figure: round1(stepsPerSecond),
    unit: 'steps/s',
    goal: `≥ ${goal} steps/s`,
    verdict: verdict(
      stepsPerSecond >= goal,
      () =>
        `a step cost ${round2(workerCpu)} ms of worker CPU and ${round2(serverCpu)} ms of the dev server's: two idle cores allow at most ${ceilingOnTwoCores(workerCpu + serverCpu)} steps/s, and the machine was shared (its load beside)`,
    ),
    details: {
      items: FANOUT_ITEMS,
      max_parallel: FANOUT_MAX_PARALLEL,
      total_ms: round1(measurement.ms),
      warm_up_ms: round1(measurement.warmUpMs),
      runs: measurement.runs.length,
      history_events: measurement.runs.map((entry) => entry.events),
      first_run: {
        workflow_tasks: tasks.workflow_tasks,
        events_per_workflow_task: tasks.events_per_workflow_task,
        events_per_step: tasks.events_per_step,
        workflow_task_running_ms: tasks.workflow_task_running_ms,
      },
      worker_cpu_ms_per_step: round2(measurement.usage.cpuMs / FANOUT_ITEMS),
      ...(measurement.serverCpuMs === undefined
        ? {}
        : { server_cpu_ms_per_step: round2(measurement.serverCpuMs / FANOUT_ITEMS) }),
      worker_peak_rss_mb: megabytes(measurement.usage.peakBytes),
    },
  };
}

export async function run(context: BenchContext): Promise<BenchResult> {
  return fanoutResult(await measureFanout(context, 'activity'), 'activity');
}
