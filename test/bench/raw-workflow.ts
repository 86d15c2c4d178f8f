// raw-seq's and raw-local-seq's workflows, bundled on their own (not part of workflows/): the
// least a Temporal workflow can do to run activities (or local activities) one after another,
// so their time per activity is the floor Temporal itself sets under the pipeline interpreter.
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';

export interface RawBenchActivities {
  benchNoop(): Promise<null>;
}

const regular = proxyActivities<RawBenchActivities>({ startToCloseTimeout: '1 minute' });
const local = proxyLocalActivities<RawBenchActivities>({ startToCloseTimeout: '1 minute' });

export async function rawSequence(count: number): Promise<number> {
  for (let index = 0; index < count; index++) await regular.benchNoop();
  return count;
}

export async function rawLocalSequence(count: number): Promise<number> {
  for (let index = 0; index < count; index++) await local.benchNoop();
  return count;
}
