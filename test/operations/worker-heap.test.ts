// A real `orc worker` keeps the young generation of its workflow thread's heap small
// (workers/heap-settings.ts): Node's default nursery of 32 MB per heap kept the worker's peak
// above 400 MB during a 2,000-step fan-out (docs/performance.md). A probe preloaded into every
// thread churns garbage and records how large each young generation grew: the main thread's,
// sized before orc starts, shows the default the probe can see; the workflow thread's stays small.
import { readFile, readdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { WORKER_SEMI_SPACE_MB } from '../../workers/heap-settings.js';
import { repoRoot, uniqueTaskQueue } from '../support/temporal.js';
import { spawnWorker } from './spawn-worker.js';

interface ThreadHeap {
  threadId: number;
  youngMegabytes: number;
}

async function heapsIn(folder: string): Promise<ThreadHeap[]> {
  const files = (await readdir(folder)).filter((name) => name.startsWith('heap.json.'));
  return Promise.all(files.map(async (name) => JSON.parse(await readFile(join(folder, name), 'utf8')) as ThreadHeap));
}

async function waitForHeaps(folder: string, count: number, timeoutMs: number): Promise<ThreadHeap[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const heaps = await heapsIn(folder);
    if (heaps.length >= count || Date.now() > deadline) return heaps;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('orc worker heap', () => {
  it("limits the workflow thread's young generation", async () => {
    const folder = await mkdtemp(join(tmpdir(), 'orc-heap-'));
    const probe = join(repoRoot, 'test', 'operations', 'fixtures', 'young-generation-probe.mjs');
    const worker = await spawnWorker({
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      ORC_DATA_DIR: inject('dataDir'),
      ORC_WORKSPACE: folder,
      ORC_TASK_QUEUE: uniqueTaskQueue('heap'),
      ORC_LOG_FORMAT: 'text',
      NODE_OPTIONS: `--import ${pathToFileURL(probe).href}`,
      ORC_TEST_HEAP_FILE: join(folder, 'heap.json'),
    });
    try {
      const heaps = await waitForHeaps(folder, 2, 60_000);
      const main = heaps.find((heap) => heap.threadId === 0);
      const threads = heaps.filter((heap) => heap.threadId !== 0);
      // The probe sees a default nursery: the main thread's, sized before orc ran.
      expect(main?.youngMegabytes).toBeGreaterThan(2 * WORKER_SEMI_SPACE_MB);
      expect(threads.length).toBeGreaterThan(0);
      for (const thread of threads) expect(thread.youngMegabytes).toBeLessThanOrEqual(2 * WORKER_SEMI_SPACE_MB);
    } finally {
      await worker.stop();
    }
  }, 120_000);
});
