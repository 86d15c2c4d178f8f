// The bench process's resident memory, sampled on a timer: the worker runs in this process, so
// the peak during a scenario is the worker's peak (plus the client's small share).
export interface RssSummary {
  startBytes: number;
  peakBytes: number;
  samples: number;
}

export interface RssSampler {
  stop(): RssSummary;
}

export function sampleRss(everyMs = 100): RssSampler {
  const startBytes = process.memoryUsage.rss();
  let peakBytes = startBytes;
  let samples = 1;
  const timer = setInterval(() => {
    peakBytes = Math.max(peakBytes, process.memoryUsage.rss());
    samples++;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      peakBytes = Math.max(peakBytes, process.memoryUsage.rss());
      return { startBytes, peakBytes, samples: samples + 1 };
    },
  };
}

/** Runs `body` while sampling; the sampler stops however `body` ends. */
export async function withRssSampled<T>(body: () => Promise<T>, everyMs = 100): Promise<{ value: T; rss: RssSummary }> {
  const sampler = sampleRss(everyMs);
  try {
    const value = await body();
    return { value, rss: sampler.stop() };
  } finally {
    sampler.stop();
  }
}
