// worker-rss: the peak resident memory of a real `orc worker` process (the kernel's VmHWM,
// since the process started) by the end of fanout's 2,000 regular steps. Shares fanout's one
// measurement, or runs fanout for it.
import type { BenchContext } from '../bench-context.js';
import { megabytes } from '../bench-numbers.js';
import type { BenchResult } from '../scenario.js';
import { FANOUT_ITEMS, FANOUT_MAX_PARALLEL, measureFanout } from './fanout.js';

export const name = 'worker-rss';

export async function run(context: BenchContext): Promise<BenchResult> {
  const { usage } = await measureFanout(context, 'activity');
  return {
    figure: megabytes(usage.peakBytes),
    unit: 'MB',
    details: {
      during: `orc worker through fanout of ${FANOUT_ITEMS} items, max_parallel ${FANOUT_MAX_PARALLEL}`,
      rss_before_fanout_mb: megabytes(usage.startBytes),
    },
  };
}
