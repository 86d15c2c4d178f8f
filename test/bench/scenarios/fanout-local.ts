// fanout-local: fanout's 2,000-item for_each with its no-op step as a local step.
import type { BenchContext } from '../bench-context.js';
import type { BenchResult } from '../scenario.js';
import { fanoutResult, measureFanout } from './fanout.js';

export const name = 'fanout-local';

export async function run(context: BenchContext): Promise<BenchResult> {
  return fanoutResult(await measureFanout(context, 'local'), 'local');
}
