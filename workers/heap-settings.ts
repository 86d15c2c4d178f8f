// The young generation of the worker's V8 heaps. Node's default lets each heap's nursery grow to
// 32 MB (two 16 MB semi-spaces); the worker's workflow thread and main thread each reached it
// during a 2,000-step fan-out, which kept the worker's peak above 400 MB (docs/performance.md,
// "Memory"). Short-lived objects die young either way: a 4 MB semi-space cost no measurable
// CPU per step and lowered the peak by ~50 MB with both heaps limited.
import { setFlagsFromString } from 'node:v8';

export const WORKER_SEMI_SPACE_MB = 4;

let limited = false;

/**
 * Limits the young generation of V8 heaps created from now on: the SDK's workflow thread is
 * created by `Worker.create`, after this call. The main thread's heap was sized when the process
 * started; `NODE_OPTIONS=--max-semi-space-size=4` limits it too (docs/operations.md).
 */
export function limitYoungGeneration(): void {
  if (limited) return;
  setFlagsFromString(`--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`);
  limited = true;
}
