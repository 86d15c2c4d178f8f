// raw-seq: a hand-written workflow (test/bench/raw-workflow.ts, bundled on its own) calling a
// no-op activity 200 times in sequence, on a real worker: the floor Temporal itself sets per
// activity round trip. `seq` divides by this figure, so it runs it when raw-seq has not run.
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { BenchContext } from '../bench-context.js';
import { round1, round2 } from '../bench-numbers.js';
import { withBenchWorker, type BenchEngine } from '../bench-worker.js';
import { resultWithin } from '../bounded-result.js';
import { sequentialActivityPhases, type ActivityPhases } from '../history-timing.js';
import type { rawSequence } from '../raw-workflow.js';
import type { BenchResult } from '../scenario.js';

export const name = 'raw-seq';

const ACTIVITIES = 200;
/** The first workflow task loads the bundle into the worker's sandbox; keep that out of the figure. */
const WARM_UP_ACTIVITIES = 10;
const TIMEOUT_MS = 5 * 60_000;
const RAW_WORKFLOW_PATH = fileURLToPath(new URL('../raw-workflow.ts', import.meta.url));

export interface RawSequenceMeasurement {
  msPerActivity: number;
  totalMs: number;
  warmUpMs: number;
  phases: ActivityPhases;
}

const measurements = new WeakMap<BenchContext, Promise<RawSequenceMeasurement>>();

/** Measured once per `npm run bench`, whether raw-seq or seq asks first. */
export function measureRawSequence(context: BenchContext): Promise<RawSequenceMeasurement> {
  let measurement = measurements.get(context);
  if (!measurement) {
    measurement = measure(context);
    measurements.set(context, measurement);
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

async function measure(context: BenchContext): Promise<RawSequenceMeasurement> {
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: RAW_WORKFLOW_PATH, logger: quietLogger });
  const activities = { benchNoop: async () => null };
  return withBenchWorker(context, { scenario: name, workflowBundle, activities }, async (engine) => {
    const warmUp = await timedRun(engine, WARM_UP_ACTIVITIES, 'warm-up');
    const timed = await timedRun(engine, ACTIVITIES, 'timed');
    const phases = await sequentialActivityPhases(engine.client, timed.workflowId);
    return { msPerActivity: timed.ms / ACTIVITIES, totalMs: timed.ms, warmUpMs: warmUp.ms, phases };
  });
}

async function timedRun(
  engine: BenchEngine,
  count: number,
  label: string,
): Promise<{ ms: number; workflowId: string }> {
  const workflowId = `raw-seq-${label}-${engine.taskQueue}`;
  const started = performance.now();
  const handle = await engine.client.workflow.start<typeof rawSequence>('rawSequence', {
    taskQueue: engine.taskQueue,
    workflowId,
    args: [count],
  });
  const done = await resultWithin<number>(handle, TIMEOUT_MS, `raw-seq ${label}`);
  if (done !== count) throw new Error(`raw-seq ${label} ran ${done} activities, not ${count}`);
  return { ms: performance.now() - started, workflowId };
}

export async function run(context: BenchContext): Promise<BenchResult> {
  const measurement = await measureRawSequence(context);
  return {
    figure: round2(measurement.msPerActivity),
    unit: 'ms/activity',
    details: {
      activities: ACTIVITIES,
      total_ms: round1(measurement.totalMs),
      warm_up_ms: round1(measurement.warmUpMs),
      ...phaseDetails(measurement.phases),
    },
  };
}

/** The history's account of a sequential run, as details shared by raw-seq and seq. */
export function phaseDetails(phases: ActivityPhases): Record<string, number> {
  const { activities: _activities, ...perActivity } = phases;
  return perActivity;
}
