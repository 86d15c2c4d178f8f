// seq-activity: seq's 200 sequential no-op steps as regular activities (`execution:
// activity`): the interpreter's cost per step on top of Temporal's round trip, as the ratio to
// raw-seq (a hand-written workflow calling a no-op activity), printed beside it.
import type { BenchContext } from '../bench-context.js';
import { round2 } from '../bench-numbers.js';
import type { BenchResult } from '../scenario.js';
import { verdict } from '../goals.js';
import { measureRawSequence } from './raw-seq.js';
import { measureSequence } from './seq.js';

export const name = 'seq-activity';

export async function run(context: BenchContext): Promise<BenchResult> {
  const raw = await measureRawSequence(context, 'activity');
  const measurement = await measureSequence(context, 'activity');
  const ratio = measurement.msPerStep / raw.msPerActivity;
  return {
    figure: round2(measurement.msPerStep),
    unit: 'ms/step',
    goal: '≤ 1.1 × raw-seq',
    verdict: verdict(
      ratio <= 1.1,
      () =>
        `${round2(ratio)} × raw-seq: a workflow task of the interpreter ran ${String(measurement.details.workflow_task_running_ms)} ms against raw-seq's ${raw.phases.workflow_task_running_ms} ms`,
    ),
    details: {
      raw_seq_ms: round2(raw.msPerActivity),
      ratio_to_raw_seq: round2(measurement.msPerStep / raw.msPerActivity),
      ...measurement.details,
    },
  };
}
