// long-loop: a `while` loop whose body is one no-op tool step, run for N iterations on a real
// worker; it must finish through continue-as-new. Figure: total seconds; details: the largest
// single run's history (the continue-as-new chain walked back from the last run).
//
// N is BENCH_LONG_LOOP_ITERATIONS or --long-loop-iterations=N (default 20,000, as the design
// asks). Each iteration costs about one activity round trip (~50 ms on a 2-core machine), so
// the default takes about 17 minutes. A run continues as new when the server suggests it (the
// dev server does at ~4,096 events, about 680 iterations here) or at the workflow's own bound
// (10,000 events); BENCH_LONG_LOOP_EVENT_BOUND / --long-loop-event-bound=N lowers the latter.
// Each run's input carries every finished iteration's state, so it grows with N.
import type { BenchContext } from '../bench-context.js';
import { round1, round2 } from '../bench-numbers.js';
import { compileBenchPipeline } from '../bench-tool.js';
import { withBenchWorker } from '../bench-worker.js';
import { resultWithin } from '../bounded-result.js';
import { fetchRunChain } from '../history-timing.js';
import type { BenchResult } from '../scenario.js';
import type { RunPipelineInput } from '../../../workflows/lang/ir.js';
import type { ResultDocument } from '../../../workflows/result-document.js';

export const name = 'long-loop';

const DEFAULT_ITERATIONS = 20_000;
/** Generous against ~50 ms per iteration, yet bounded: a run that stalls fails, not hangs. */
const timeoutMsFor = (iterations: number) => 2 * 60_000 + iterations * 250;

const PIPELINE = `id: bench_long_loop
name: A long while loop of no-op steps
parameters:
  iterations: {type: integer, default: ${DEFAULT_ITERATIONS}}
steps:
  - id: spin
    while: "spin.iteration < iterations"
    max_iterations: "{{ iterations }}"
    steps:
      - {id: tick, tool: bench, action: noop}
`;

/** A positive whole number from --flag=N or the environment variable, else the fallback. */
function option(flag: string, variable: string, fallback: number | undefined): number | undefined {
  const argument = process.argv.find((entry) => entry.startsWith(`--${flag}=`))?.slice(flag.length + 3);
  const text = argument ?? process.env[variable];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${variable} (--${flag}) must be a whole number above 0, not "${text}"`);
  return value;
}

export async function run(context: BenchContext): Promise<BenchResult> {
  const iterations = option('long-loop-iterations', 'BENCH_LONG_LOOP_ITERATIONS', DEFAULT_ITERATIONS)!;
  const eventBound = option('long-loop-event-bound', 'BENCH_LONG_LOOP_EVENT_BOUND', undefined);
  const ir = compileBenchPipeline(PIPELINE, 'bench/long-loop.yaml');
  return withBenchWorker(context, { scenario: name }, async (engine) => {
    const workflowId = `long-loop-${engine.taskQueue}`;
    const input: RunPipelineInput = {
      ir,
      inputs: { iterations },
      ...(eventBound ? { continue_as_new_after_events: eventBound } : {}),
    };
    const started = performance.now();
    const handle = await engine.client.workflow.start('runPipeline', {
      taskQueue: engine.taskQueue,
      workflowId,
      args: [input],
    });
    const document = await resultWithin<ResultDocument>(
      handle,
      timeoutMsFor(iterations),
      `long-loop of ${iterations} iterations`,
    );
    const ms = performance.now() - started;
    const done = document.steps.spin?.iterations;
    if (document.status !== 'completed' || done !== iterations)
      throw new Error(`long-loop ended ${document.status} after ${String(done)} of ${iterations} iterations`);
    const runs = await fetchRunChain(engine.client, workflowId);
    if (runs.length < 2)
      throw new Error(
        `long-loop finished in one run of ${runs[0]?.events} events, without continue-as-new; for ${iterations} iterations set BENCH_LONG_LOOP_EVENT_BOUND below that`,
      );
    return {
      figure: round1(ms / 1000),
      unit: 's',
      details: {
        iterations,
        ms_per_iteration: round2(ms / iterations),
        event_bound: eventBound ?? 'workflow default',
        runs: runs.length,
        largest_history_events: Math.max(...runs.map((entry) => entry.events)),
        largest_run_input_bytes: Math.max(...runs.map((entry) => entry.inputBytes)),
        result_bytes: Buffer.byteLength(JSON.stringify(document)),
      },
    };
  });
}
