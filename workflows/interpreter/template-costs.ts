// Templates pay for the work they really do (workflows/lang/expr/shared/limits.ts). Runs recorded
// before that cost model charged less for the same template, so one that stayed under the
// step limit then could hit it when replayed now, and end differently. Those runs (no patch
// marker at their start) render with four times the step limit: what passed before still
// passes, and a template still ends within seconds, below the workflow task's timeout.
import { patched } from '@temporalio/workflow';
import { DEFAULT_LIMITS, type RenderOptions } from '../lang/expr/index.js';

export const TEMPLATE_COSTS_PATCH = 'orc-template-costs';
const EARLIER_RUNS_STEP_FACTOR = 4;

/** The run's template options; asked once, when the run starts. */
export function runTemplateOptions(now: () => string): RenderOptions {
  if (patched(TEMPLATE_COSTS_PATCH)) return { now };
  return { now, limits: { maxSteps: DEFAULT_LIMITS.maxSteps * EARLIER_RUNS_STEP_FACTOR } };
}
