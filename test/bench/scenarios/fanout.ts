// fanout: for_each over 2,000 items, at most 100 at a time, each iteration one no-op tool step,
// on a real worker: steps per second. The bench process's resident memory is sampled during
// the timed run; the worker-rss scenario reports that peak, measuring fanout itself when
// fanout has not run.
import type { BenchContext } from '../bench-context.js';
import { megabytes, round1 } from '../bench-numbers.js';
import { compileBenchPipeline } from '../bench-tool.js';
import { runPipelineTimed, withBenchWorker } from '../bench-worker.js';
import { fetchRunChain, type RunInChain } from '../history-timing.js';
import { withRssSampled, type RssSummary } from '../rss-sampler.js';
import type { BenchResult } from '../scenario.js';

export const name = 'fanout';

export const FANOUT_ITEMS = 2_000;
export const FANOUT_MAX_PARALLEL = 100;
/** Loads the pipeline bundle into the worker's sandbox before the timed run. */
const WARM_UP_ITEMS = 100;
const TIMEOUT_MS = 10 * 60_000;
const RSS_SAMPLE_EVERY_MS = 100;

const PIPELINE = `id: bench_fanout
name: Fan-out of no-op steps
parameters:
  count: {type: integer, default: ${FANOUT_ITEMS}}
steps:
  - id: each
    for_each: "{{ range(count) }}"
    max_parallel: ${FANOUT_MAX_PARALLEL}
    steps:
      - {id: work, tool: bench, action: noop}
`;

export interface FanoutMeasurement {
  ms: number;
  warmUpMs: number;
  rss: RssSummary;
  runs: RunInChain[];
}

const measurements = new WeakMap<BenchContext, Promise<FanoutMeasurement>>();

/** Measured once per `npm run bench`, whether fanout or worker-rss asks first. */
export function measureFanout(context: BenchContext): Promise<FanoutMeasurement> {
  let measurement = measurements.get(context);
  if (!measurement) {
    measurement = measure(context);
    measurements.set(context, measurement);
  }
  return measurement;
}

async function measure(context: BenchContext): Promise<FanoutMeasurement> {
  const ir = compileBenchPipeline(PIPELINE, 'bench/fanout.yaml');
  return withBenchWorker(context, { scenario: name }, async (engine) => {
    const warmUp = await runPipelineTimed(
      engine,
      ir,
      { count: WARM_UP_ITEMS },
      { timeoutMs: TIMEOUT_MS, label: 'fanout-warm-up' },
    );
    const { value: timed, rss } = await withRssSampled(
      () => runPipelineTimed(engine, ir, { count: FANOUT_ITEMS }, { timeoutMs: TIMEOUT_MS, label: 'fanout' }),
      RSS_SAMPLE_EVERY_MS,
    );
    const iterations = timed.document.steps.each?.iterations;
    if (iterations !== FANOUT_ITEMS)
      throw new Error(`fanout ran ${String(iterations)} iterations, not ${FANOUT_ITEMS}`);
    return { ms: timed.ms, warmUpMs: warmUp.ms, rss, runs: await fetchRunChain(engine.client, timed.workflowId) };
  });
}

export async function run(context: BenchContext): Promise<BenchResult> {
  const measurement = await measureFanout(context);
  return {
    figure: round1(FANOUT_ITEMS / (measurement.ms / 1000)),
    unit: 'steps/s',
    details: {
      items: FANOUT_ITEMS,
      max_parallel: FANOUT_MAX_PARALLEL,
      total_ms: round1(measurement.ms),
      warm_up_ms: round1(measurement.warmUpMs),
      runs: measurement.runs.length,
      history_events: measurement.runs.map((entry) => entry.events),
      peak_rss_mb: megabytes(measurement.rss.peakBytes),
    },
  };
}
