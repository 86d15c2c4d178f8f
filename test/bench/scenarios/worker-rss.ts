// worker-rss: the peak resident memory of a real `orc worker` process (the kernel's VmHWM,
// since the process started) by the end of fanout's 2,000 regular steps. Shares fanout's one
// measurement, or runs fanout for it.
import type { BenchContext } from '../bench-context.js';
import { megabytes } from '../bench-numbers.js';
import { verdict } from '../goals.js';
import type { BenchResult } from '../scenario.js';
import { FANOUT_ITEMS, FANOUT_MAX_PARALLEL, measureFanout } from './fanout.js';

export const name = 'worker-rss';

export async function run(context: BenchContext): Promise<BenchResult> {
  const { usage } = await measureFanout(context, 'activity');
  const peak = megabytes(usage.peakBytes);
  return {
    figure: peak,
    unit: 'MB',
    goal: '≤ 400 MB',
    verdict: verdict(
      peak <= 400,
      () =>
        `the worker held ${megabytes(usage.startBytes)} MB before fanout's first step (the SDK, its native core, the workflow bundle and the bench's TypeScript tool module through tsx; tools' own dependencies load on first use) and ${megabytes(usage.peakBytes - usage.startBytes)} MB more during it (2,000 items with 100 activities in flight)`,
    ),
    details: {
      during: `orc worker through fanout of ${FANOUT_ITEMS} items, max_parallel ${FANOUT_MAX_PARALLEL}`,
      rss_before_fanout_mb: megabytes(usage.startBytes),
    },
  };
}
