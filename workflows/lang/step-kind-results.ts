// The results of the step kinds that are not tools (interpreter/steps/*: approval-step,
// loop-values, sub-pipeline-step, wait-step; models in model-results.ts): the fields
// `{{ step.field }}` reads are checked against at compile time, and what `orc schema --results`
// prints.
import type { ApprovalIR, PipelineIR } from './ir.js';
import { MODEL_RESULTS } from './model-results.js';
import { closedObject, type ResultShape } from './result-shape.js';

export interface KindResult {
  result: string;
  /** The fields every step of the kind has; more come from what the step says (its form). */
  returns: readonly string[] | null;
}

/** What every approval's result holds (steps/approval-step.ts, answeredState and timedOut). */
const APPROVAL_FIELDS = [
  'approved',
  'comment',
  'by',
  'answers',
  'content',
  'rejection_reason',
  'modified_content',
  'timed_out',
];
/** py-orc's feedback-collection fields (interpreter/feedback-summary.ts). */
const FEEDBACK_FIELDS = ['responses', 'response_count', 'completion_rate', 'summary'];

export const KIND_RESULTS: Readonly<Record<string, KindResult>> = {
  approval: {
    result:
      '{approved, comment, by, answers, content, rejection_reason, modified_content, timed_out?} and each form field (`fields` properties) by name',
    returns: APPROVAL_FIELDS,
  },
  'user-prompt': { result: 'an approval result with the answer in `value`', returns: [...APPROVAL_FIELDS, 'value'] },
  'feedback-collection': {
    result: 'an approval result with each question by id, `responses`, `response_count`, `completion_rate`, `summary`',
    returns: [...APPROVAL_FIELDS, ...FEEDBACK_FIELDS],
  },
  for_each: {
    result: "a list: each iteration's last body step result (also `create_parallel_queue`)",
    returns: [],
  },
  loop: { result: "a list: each iteration's last body step result (`while`/`until`)", returns: [] },
  pipeline: { result: "the sub-pipeline's outputs: the keys of its `outputs:`", returns: null },
  wait: { result: '{waited_ms}', returns: ['waited_ms'] },
};

/** The fields of an approval step's result: the form's fields count (answers are spread in). */
export function approvalResultFields(approval: ApprovalIR): string[] {
  const origin =
    approval.origin === 'user-prompt' || approval.origin === 'feedback-collection' ? approval.origin : 'approval';
  const form = Object.keys((approval.fields?.properties ?? {}) as Record<string, unknown>);
  return [...new Set([...(KIND_RESULTS[origin]!.returns ?? []), ...(approval.prompt ? ['value'] : []), ...form])];
}

/** feedback-collection's `summary` (interpreter/feedback-summary.ts); the rest is the user's. */
export function approvalResultShape(approval: ApprovalIR): ResultShape | undefined {
  if (approval.origin !== 'feedback-collection') return undefined;
  const summary = closedObject(['rating_average', 'boolean_summary', 'choice_summary']);
  return closedObject(approvalResultFields(approval), { summary });
}

/** A sub-pipeline's result is its outputs: exactly the keys its `outputs:` declares. */
export function pipelineResultFields(child: PipelineIR): string[] {
  return Object.keys(child.outputs);
}

/** `orc schema --results`: model actions and the other kinds, with what every step value has. */
export function stepKindResults(everyStep: readonly string[]) {
  const open = (spec: { result: string; returns?: readonly string[] | null }) => ({
    result: spec.result,
    returns: spec.returns ?? null,
  });
  return {
    model_actions: Object.fromEntries(Object.entries(MODEL_RESULTS).map(([action, spec]) => [action, open(spec)])),
    step_kinds: KIND_RESULTS,
    every_step: everyStep,
  };
}
