// raw-seq's workflow, bundled on its own (not part of workflows/): the least a Temporal
// workflow can do to run activities one after another, so its time per activity is the floor
// Temporal itself sets under the pipeline interpreter.
import { proxyActivities } from '@temporalio/workflow';

export interface RawBenchActivities {
  benchNoop(): Promise<null>;
}

const { benchNoop } = proxyActivities<RawBenchActivities>({ startToCloseTimeout: '1 minute' });

export async function rawSequence(count: number): Promise<number> {
  for (let index = 0; index < count; index++) await benchNoop();
  return count;
}
