// The run-wide cap on steps running at once (`defaults.max_running_steps`). Nested for_each
// loops multiply their `max_parallel`s; Temporal refuses more than 2,000 pending activities or
// child workflows per run, so a run holds its tool, model and sub-pipeline steps below a cap.
// Approvals, timers and loops wait without holding anything and take no slot. A step held back
// stays pending until a slot frees anywhere in the run.
import { patched } from '@temporalio/workflow';
import type { StepIR } from '../lang/ir.js';

/** Runs recorded before the cap (no marker) start their steps as they did. */
export const RUN_PARALLEL_CAP_PATCH = 'orc-run-parallel-cap';

const SLOT_KINDS: ReadonlySet<StepIR['kind']> = new Set(['tool', 'model', 'pipeline']);

export class RunSlots {
  private inUse = 0;

  constructor(readonly limit: number) {}

  get free(): number {
    return this.limit - this.inUse;
  }

  /** True when `step` may start now (a slot taken if its kind needs one). */
  take(step: StepIR): boolean {
    if (!SLOT_KINDS.has(step.kind)) return true;
    // The patch is asked only when the cap bites, so runs that never reach it are unchanged.
    if (this.inUse >= this.limit && patched(RUN_PARALLEL_CAP_PATCH)) return false;
    this.inUse++;
    return true;
  }

  release(step: StepIR): void {
    if (SLOT_KINDS.has(step.kind)) this.inUse--;
  }
}
