// raw-seq: a hand-written workflow (test/bench/raw-workflow.ts, bundled on its own) calling a
// no-op activity 200 times in sequence, on a real worker: the floor Temporal itself sets per
// activity round trip. raw-local-seq does the same with a local activity. `seq` and
// `seq-activity` print them beside their own figures, so they run them when they have not run.
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { BenchContext } from '../bench-context.js';
import { round1, round2 } from '../bench-numbers.js';
import { withBenchWorker, type BenchEngine } from '../bench-worker.js';
import { resultWithin } from '../bounded-result.js';
import { withCpuMeasured, type CpuSpent } from '../cpu-time.js';
import { sequentialActivityPhases, workflowTaskStats, type ActivityPhases } from '../history-timing.js';
import type { BenchResult } from '../scenario.js';

export const name = 'raw-seq';

const ACTIVITIES = 200;
/** The first workflow task loads the bundle into the worker's sandbox; keep that out of the figure. */
const WARM_UP_ACTIVITIES = 10;
const TIMEOUT_MS = 5 * 60_000;
const RAW_WORKFLOW_PATH = fileURLToPath(new URL('../raw-workflow.ts', import.meta.url));

/** Which kind of activity the raw workflow calls. */
export type RawKind = 'activity' | 'local';
const WORKFLOW_TYPE: Record<RawKind, string> = { activity: 'rawSequence', local: 'rawLocalSequence' };

export interface RawSequenceMeasurement {
  msPerActivity: number;
  totalMs: number;
  warmUpMs: number;
  phases: ActivityPhases;
  workflowTasks: number;
  historyEvents: number;
  cpu: CpuSpent;
}

const measurements = new WeakMap<BenchContext, Map<RawKind, Promise<RawSequenceMeasurement>>>();

/** Measured once per `npm run bench` and kind, whichever scenario asks first. */
export function measureRawSequence(context: BenchContext, kind: RawKind = 'activity'): Promise<RawSequenceMeasurement> {
  let byKind = measurements.get(context);
  if (!byKind) measurements.set(context, (byKind = new Map()));
  let measurement = byKind.get(kind);
  if (!measurement) {
    measurement = measure(context, kind);
    byKind.set(kind, measurement);
  }
  return measurement;
}

const quietLogger = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

async function measure(context: BenchContext, kind: RawKind): Promise<RawSequenceMeasurement> {
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: RAW_WORKFLOW_PATH, logger: quietLogger });
  const activities = { benchNoop: async () => null };
  const scenario = kind === 'local' ? 'raw-local-seq' : name;
  const { serverPid } = await context.temporal();
  return withBenchWorker(context, { scenario, workflowBundle, activities }, async (engine) => {
    const warmUp = await timedRun(engine, kind, WARM_UP_ACTIVITIES, 'warm-up');
    const { value: timed, cpu } = await withCpuMeasured(serverPid, () => timedRun(engine, kind, ACTIVITIES, 'timed'));
    const phases = await sequentialActivityPhases(engine.client, timed.workflowId);
    const tasks = await workflowTaskStats(engine.client, timed.workflowId);
    return {
      msPerActivity: timed.ms / ACTIVITIES,
      totalMs: timed.ms,
      warmUpMs: warmUp.ms,
      phases,
      workflowTasks: tasks.workflow_tasks,
      historyEvents: tasks.history_events,
      cpu,
    };
  });
}

async function timedRun(
  engine: BenchEngine,
  kind: RawKind,
  count: number,
  label: string,
): Promise<{ ms: number; workflowId: string }> {
  const workflowId = `raw-${kind}-${label}-${engine.taskQueue}`;
  const started = performance.now();
  const handle = await engine.client.workflow.start(WORKFLOW_TYPE[kind], {
    taskQueue: engine.taskQueue,
    workflowId,
    args: [count],
  });
  const done = await resultWithin<number>(handle, TIMEOUT_MS, `raw ${kind} ${label}`);
  if (done !== count) throw new Error(`raw ${kind} ${label} ran ${done} activities, not ${count}`);
  return { ms: performance.now() - started, workflowId };
}

/** The figure and details of a raw measurement (raw-seq, raw-local-seq). */
export function rawResult(measurement: RawSequenceMeasurement, kind: RawKind): BenchResult {
  return {
    figure: round2(measurement.msPerActivity),
    unit: kind === 'local' ? 'ms/local activity' : 'ms/activity',
    details: {
      activities: ACTIVITIES,
      total_ms: round1(measurement.totalMs),
      warm_up_ms: round1(measurement.warmUpMs),
      history_events: measurement.historyEvents,
      workflow_tasks: measurement.workflowTasks,
      ...(kind === 'activity' ? phaseDetails(measurement.phases) : {}),
      worker_cpu_ms_per_activity: round2(measurement.cpu.worker_cpu_ms / ACTIVITIES),
      ...(measurement.cpu.server_cpu_ms === undefined
        ? {}
        : { server_cpu_ms_per_activity: round2(measurement.cpu.server_cpu_ms / ACTIVITIES) }),
    },
  };
}

export async function run(context: BenchContext): Promise<BenchResult> {
  return rawResult(await measureRawSequence(context, 'activity'), 'activity');
}

/** The history's account of a sequential run, as details shared by raw-seq and seq-activity. */
export function phaseDetails(phases: ActivityPhases): Record<string, number> {
  const { activities: _activities, ...perActivity } = phases;
  return perActivity;
}
