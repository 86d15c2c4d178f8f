// worker-rss: the worker's peak resident memory during fanout (the worker runs in the bench
// process, sampled every 100 ms). Shares fanout's one measurement, or runs fanout for it.
import type { BenchContext } from '../bench-context.js';
import { megabytes } from '../bench-numbers.js';
import type { BenchResult } from '../scenario.js';
import { FANOUT_ITEMS, FANOUT_MAX_PARALLEL, measureFanout } from './fanout.js';

export const name = 'worker-rss';

export async function run(context: BenchContext): Promise<BenchResult> {
  const { rss } = await measureFanout(context);
  return {
    figure: megabytes(rss.peakBytes),
    unit: 'MB',
    details: {
      during: `fanout of ${FANOUT_ITEMS} items, max_parallel ${FANOUT_MAX_PARALLEL}`,
      rss_at_start_mb: megabytes(rss.startBytes),
      growth_mb: megabytes(rss.peakBytes - rss.startBytes),
      samples: rss.samples,
    },
  };
}
