// The results of the step kinds that are not tools, as `orc schema --results` prints them: the
// fields `{{ step.field }}` reads are checked against (null: open-ended, not checked).
import { STEP_VALUE_FIELDS } from './compile/index.js';
import { MODEL_RESULTS } from './model-results.js';

interface KindResult {
  result: string;
  returns: readonly string[] | null;
}

export const STEP_KIND_RESULTS: {
  model_actions: Record<string, KindResult>;
  /** Fields of every step's value besides its result's (status, success, result, usage…). */
  every_step: readonly string[];
} = {
  model_actions: Object.fromEntries(
    Object.entries(MODEL_RESULTS).map(([action, spec]) => [
      action,
      { result: spec.result, returns: spec.returns ?? null },
    ]),
  ),
  every_step: STEP_VALUE_FIELDS,
};
