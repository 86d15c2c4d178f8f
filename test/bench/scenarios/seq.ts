// seq: a pipeline of 200 no-op tool steps, each depending on the one before, on a real worker:
// the interpreter's cost per step on top of Temporal's, reported as the ratio to raw-seq.
import type { BenchContext } from '../bench-context.js';
import { round1, round2 } from '../bench-numbers.js';
import { compileBenchPipeline } from '../bench-tool.js';
import { runPipelineTimed, withBenchWorker } from '../bench-worker.js';
import { fetchRunChain, sequentialActivityPhases } from '../history-timing.js';
import type { BenchResult } from '../scenario.js';
import { measureRawSequence, phaseDetails } from './raw-seq.js';

export const name = 'seq';

const STEPS = 200;
/** Loads the pipeline bundle into the worker's sandbox before the timed run. */
const WARM_UP_STEPS = 10;
const TIMEOUT_MS = 5 * 60_000;

export function sequentialPipeline(steps: number): string {
  const lines = [
    `id: bench_seq_${steps}`,
    'name: Sequential no-op steps',
    'steps:',
    '  - {id: s0, tool: bench, action: noop}',
  ];
  for (let index = 1; index < steps; index++)
    lines.push(`  - {id: s${index}, tool: bench, action: noop, depends_on: [s${index - 1}]}`);
  return `${lines.join('\n')}\n`;
}

export async function run(context: BenchContext): Promise<BenchResult> {
  // Before seq's own worker starts, so the two never share the machine.
  const raw = await measureRawSequence(context);
  const warmUpIr = compileBenchPipeline(sequentialPipeline(WARM_UP_STEPS), 'bench/seq-warm-up.yaml');
  const ir = compileBenchPipeline(sequentialPipeline(STEPS), 'bench/seq.yaml');
  return withBenchWorker(context, { scenario: name }, async (engine) => {
    const warmUp = await runPipelineTimed(engine, warmUpIr, {}, { timeoutMs: TIMEOUT_MS, label: 'seq-warm-up' });
    const timed = await runPipelineTimed(engine, ir, {}, { timeoutMs: TIMEOUT_MS, label: 'seq' });
    const completed = Object.values(timed.document.steps).filter((step) => step.status === 'completed').length;
    if (completed !== STEPS) throw new Error(`seq completed ${completed} of ${STEPS} steps`);
    const phases = await sequentialActivityPhases(engine.client, timed.workflowId);
    const [history] = await fetchRunChain(engine.client, timed.workflowId);
    const msPerStep = timed.ms / STEPS;
    return {
      figure: round2(msPerStep),
      unit: 'ms/step',
      details: {
        ratio_to_raw_seq: round2(msPerStep / raw.msPerActivity),
        raw_seq_ms_per_activity: round2(raw.msPerActivity),
        steps: STEPS,
        total_ms: round1(timed.ms),
        warm_up_ms: round1(warmUp.ms),
        history_events: history?.events ?? 0,
        ...phaseDetails(phases),
      },
    };
  });
}
