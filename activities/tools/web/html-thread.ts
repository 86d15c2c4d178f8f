// Reading HTML off the worker's event loop. Parsing a 5 MB page takes seconds of CPU; on the
// main thread no other activity of the worker could heartbeat, read a socket or resolve a name
// meanwhile. A small pool of worker threads does it instead, each request under a time limit
// (the thread is terminated when it runs over) and a memory limit.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { HtmlAnalysis, HtmlRequest } from './html-analysis.js';

export const HTML_TIME_LIMIT_MS = 60_000;
export const HTML_MEMORY_LIMIT_MB = 512;
const MAX_THREADS = 2;

export class HtmlReadError extends Error {
  constructor(
    readonly reason: 'time' | 'memory' | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'HtmlReadError';
  }
}

interface Job {
  request: HtmlRequest;
  timeLimitMs: number;
  signal?: AbortSignal;
  resolve(analysis: HtmlAnalysis): void;
  reject(error: unknown): void;
}

interface Thread {
  worker: Worker;
  /** Settles when the thread has loaded its modules (a second or so): the time limit starts then. */
  ready: Promise<void>;
}

const idle: Thread[] = [];
const queue: Job[] = [];
let threadCount = 0;

export function analyseHtmlOffThread(
  request: HtmlRequest,
  options: { signal?: AbortSignal; timeLimitMs?: number } = {},
): Promise<HtmlAnalysis> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(options.signal.reason);
    queue.push({
      request,
      timeLimitMs: options.timeLimitMs ?? HTML_TIME_LIMIT_MS,
      signal: options.signal,
      resolve,
      reject,
    });
    dispatch();
  });
}

function dispatch(): void {
  while (queue.length > 0) {
    const thread = idle.pop() ?? (threadCount < MAX_THREADS ? startThread() : undefined);
    if (thread === undefined) return;
    run(thread, queue.shift()!);
  }
}

function run(thread: Thread, job: Job): void {
  const { worker } = thread;
  let timer: NodeJS.Timeout | undefined;
  let done = false;
  const settle = (keepThread: boolean, finish: () => void) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    job.signal?.removeEventListener('abort', onAbort);
    if (keepThread) {
      worker.unref();
      idle.push(thread);
    } else {
      threadCount--;
      void worker.terminate();
    }
    finish();
    dispatch();
  };
  const onMessage = (message: { analysis?: HtmlAnalysis; error?: string; ready?: true }) => {
    if (message.ready) return;
    settle(true, () =>
      message.error === undefined
        ? job.resolve(message.analysis!)
        : job.reject(new HtmlReadError('failed', message.error!)),
    );
  };
  const onError = (error: Error & { code?: string }) =>
    settle(false, () =>
      job.reject(new HtmlReadError(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'failed', error.message)),
    );
  const onExit = (code: number) =>
    settle(false, () => job.reject(new HtmlReadError('failed', `the HTML reader stopped (exit code ${code})`)));
  const onAbort = () => settle(false, () => job.reject(job.signal!.reason));
  worker.ref();
  worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  job.signal?.addEventListener('abort', onAbort, { once: true });
  void thread.ready.then(() => {
    if (!done)
      timer = setTimeout(
        () =>
          settle(false, () =>
            job.reject(new HtmlReadError('time', `reading the HTML took more than ${job.timeLimitMs / 1000} s`)),
          ),
        job.timeLimitMs,
      );
  });
  worker.postMessage(job.request);
}

// The thread runs the same code as the rest of the worker: the compiled entry in dist/, or the
// TypeScript one through tsx (a dev dependency, loaded by file URL so that it resolves from this
// package, whatever the current folder) when the sources run.
const COMPILED = import.meta.url.endsWith('.js');
const ENTRY = new URL(COMPILED ? './html-thread-entry.js' : './html-thread-entry.ts', import.meta.url).href;
const TSX_API = COMPILED
  ? undefined
  : pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs'))
      .href;
const BOOTSTRAP = `const { workerData } = require('node:worker_threads');
if (workerData.api) import(workerData.api).then(({ tsImport }) => tsImport(workerData.entry, workerData.entry));
else import(workerData.entry);`;

function startThread(): Thread {
  threadCount++;
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    workerData: { api: TSX_API, entry: ENTRY },
    resourceLimits: { maxOldGenerationSizeMb: HTML_MEMORY_LIMIT_MB },
  });
  const ready = new Promise<void>((resolve) => {
    const onReady = (message: { ready?: true }) => {
      if (!message.ready) return;
      worker.off('message', onReady);
      resolve();
    };
    worker.on('message', onReady);
    // A thread that dies while loading settles its job through run()'s listeners.
    worker.once('exit', () => resolve());
  });
  const thread = { worker, ready };
  worker.once('exit', () => {
    // Died while idle: forget it (a running thread's exit is counted by run()).
    const index = idle.indexOf(thread);
    if (index === -1) return;
    idle.splice(index, 1);
    threadCount--;
  });
  return thread;
}
