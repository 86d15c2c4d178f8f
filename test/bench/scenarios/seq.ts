// seq: a pipeline of 200 cheap steps (the bench tool's no-op as local steps, `execution:
// local`), each depending on the one before, on a real worker: the interpreter's cost per step
// with Temporal's round trip taken away. raw-local-seq (a hand-written workflow calling a no-op
// local activity) is its floor and raw-seq the regular-activity floor; both are printed beside
// it. seq-activity runs the same pipeline with regular activities.
import type { BenchContext } from '../bench-context.js';
import { round1, round2 } from '../bench-numbers.js';
import { compileBenchPipeline } from '../bench-tool.js';
import { runPipelineTimed, withBenchWorker } from '../bench-worker.js';
import { withCpuMeasured } from '../cpu-time.js';
import { sequentialActivityPhases, workflowTaskStats } from '../history-timing.js';
import type { BenchResult } from '../scenario.js';
import { verdict } from '../goals.js';
import { measureRawSequence, phaseDetails } from './raw-seq.js';

export const name = 'seq';

export const SEQ_STEPS = 200;
/** Loads the pipeline bundle into the worker's sandbox before the timed run. */
const WARM_UP_STEPS = 10;
const TIMEOUT_MS = 5 * 60_000;

export type StepExecution = 'local' | 'activity';

export function sequentialPipeline(steps: number, execution: StepExecution = 'local'): string {
  const lines = [`id: bench_seq_${steps}`, 'name: Sequential no-op steps', 'steps:'];
  for (let index = 0; index < steps; index++)
    lines.push(
      `  - {id: s${index}, tool: bench, action: noop, execution: ${execution}${index ? `, depends_on: [s${index - 1}]` : ''}}`,
    );
  return `${lines.join('\n')}\n`;
}

export interface SequenceMeasurement {
  msPerStep: number;
  details: Record<string, unknown>;
}

/** Runs the sequential pipeline of `execution` steps; the raw floors are measured first. */
export async function measureSequence(context: BenchContext, execution: StepExecution): Promise<SequenceMeasurement> {
  const warmUpIr = compileBenchPipeline(sequentialPipeline(WARM_UP_STEPS, execution), 'bench/seq-warm-up.yaml');
  const ir = compileBenchPipeline(sequentialPipeline(SEQ_STEPS, execution), 'bench/seq.yaml');
  const { serverPid } = await context.temporal();
  return withBenchWorker(context, { scenario: `seq-${execution}` }, async (engine) => {
    const warmUp = await runPipelineTimed(engine, warmUpIr, {}, { timeoutMs: TIMEOUT_MS, label: 'seq-warm-up' });
    const { value: timed, cpu } = await withCpuMeasured(serverPid, () =>
      runPipelineTimed(engine, ir, {}, { timeoutMs: TIMEOUT_MS, label: `seq-${execution}` }),
    );
    const steps = Object.values(timed.document.steps);
    const completed = steps.filter((step) => step.status === 'completed' && step.execution === execution).length;
    if (completed !== SEQ_STEPS) throw new Error(`seq completed ${completed} of ${SEQ_STEPS} steps as ${execution}`);
    const tasks = await workflowTaskStats(engine.client, timed.workflowId);
    const phases =
      execution === 'activity' ? phaseDetails(await sequentialActivityPhases(engine.client, timed.workflowId)) : {};
    return {
      msPerStep: timed.ms / SEQ_STEPS,
      details: {
        steps: SEQ_STEPS,
        total_ms: round1(timed.ms),
        warm_up_ms: round1(warmUp.ms),
        ...tasks,
        ...phases,
        worker_cpu_ms_per_step: round2(cpu.worker_cpu_ms / SEQ_STEPS),
        ...(cpu.server_cpu_ms === undefined ? {} : { server_cpu_ms_per_step: round2(cpu.server_cpu_ms / SEQ_STEPS) }),
      },
    };
  });
}

export async function run(context: BenchContext): Promise<BenchResult> {
  // Before seq's own worker starts, so they never share the machine.
  const rawLocal = await measureRawSequence(context, 'local');
  const raw = await measureRawSequence(context, 'activity');
  const measurement = await measureSequence(context, 'local');
  const cpu = measurement.details.worker_cpu_ms_per_step as number;
  return {
    figure: round2(measurement.msPerStep),
    unit: 'ms/step',
    goal: '≤ 5 ms/step',
    verdict: verdict(measurement.msPerStep <= 5, () =>
      rawLocal.msPerActivity > 5
        ? `raw-local-seq alone, Temporal's floor for a local activity, took ${round2(rawLocal.msPerActivity)} ms here; the interpreter adds ${round2(measurement.msPerStep - rawLocal.msPerActivity)} ms (worker CPU ${cpu} ms/step)`
        : `the interpreter adds ${round2(measurement.msPerStep - rawLocal.msPerActivity)} ms/step over raw-local-seq (worker CPU ${cpu} ms/step)`,
    ),
    details: {
      raw_local_seq_ms: round2(rawLocal.msPerActivity),
      raw_seq_ms: round2(raw.msPerActivity),
      ratio_to_raw_local_seq: round2(measurement.msPerStep / rawLocal.msPerActivity),
      ...measurement.details,
    },
  };
}
