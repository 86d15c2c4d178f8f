// Conditions that hold runtime <AUTO> tags (spec §8.7): `if`, `while`, `until` and a
// for_each's list. The templates inside each tag are rendered first, the tag is answered by the
// `resolveAuto` activity (recorded in history, never asked again on replay) — a boolean for a
// condition, a list for a for_each, unless the tag's `type` says otherwise — and the answer
// takes the tag's place before the expression is evaluated.
import { patched } from '@temporalio/workflow';
import { findAutoTagSpans } from '../lang/auto-tag-spans.js';
import { evaluateExpression, renderTemplate } from '../lang/expr/index.js';
import type { StepIR } from '../lang/ir.js';
import { CANCEL_ENDS_STEPS_PATCH } from './cancellation.js';
import type { InterpreterContext } from './context.js';
import { describeFailure } from './failures.js';
import type { StepState } from './run-state.js';
type Scope = Record<string, unknown>;
import { answerAutoTags } from './auto-answers.js';

export interface AutoConditionTarget {
  step: StepIR;
  path: string;
  /** Where the answers are recorded in the step's `auto` field: `/if`, `/while[2]`, `/items`. */
  pointer: string;
  type: 'boolean' | 'list';
  answers: Record<string, unknown>;
}

/** A condition's value now, or the answer still to come from the `resolveAuto` activity. */
export type Evaluation = { value: unknown } | { awaiting: Promise<unknown> };

/**
 * Evaluates `expression` synchronously when it holds no <AUTO> tag — an extra await would
 * reorder the commands of parallel branches and break the replay of runs started earlier — and
 * through `resolveAuto` when it does (`target` is asked for only then). A template error in
 * the synchronous case is thrown at once.
 */
export function evaluateUnlessAuto(
  expression: string,
  scope: Scope,
  context: InterpreterContext,
  target: () => AutoConditionTarget,
): Evaluation {
  if (!expression.includes('<AUTO')) return { value: evaluateExpression(expression, scope, context.templateOptions) };
  return { awaiting: evaluateWithAuto(expression, scope, context, target()) };
}

export async function evaluateWithAuto(
  expression: string,
  scope: Scope,
  context: InterpreterContext,
  target: AutoConditionTarget,
): Promise<unknown> {
  const options = context.templateOptions;
  if (!expression.includes('<AUTO')) return evaluateExpression(expression, scope, options);
  const spans = findAutoTagSpans(expression);
  const whole =
    spans.length === 1 &&
    expression.slice(0, spans[0]!.start).trim() === '' &&
    expression.slice(spans[0]!.end).trim() === '';
  let rebuilt = '';
  let cursor = 0;
  for (const [index, span] of spans.entries()) {
    const tag = renderTemplate(expression.slice(span.start, span.end), scope, options);
    const pointer = spans.length === 1 ? target.pointer : `${target.pointer}/${index}`;
    const answer = await answerAutoTags(
      tag,
      { step: target.step, path: target.path, defaultType: target.type },
      target.answers,
      pointer,
    );
    if (whole) return answer;
    rebuilt += `${expression.slice(cursor, span.start)}${JSON.stringify(answer)}`;
    cursor = span.end;
  }
  return evaluateExpression(rebuilt + expression.slice(cursor), scope, options);
}

/** A step whose <AUTO> question could not be answered (no model, provider down): it fails. */
export function autoFailure(failure: unknown): StepState {
  const described = describeFailure(failure, { maximumAttempts: 3 });
  if (described.cancelled && patched(CANCEL_ENDS_STEPS_PATCH)) return { status: 'cancelled', error: described.error };
  return { status: 'failed', attempts: 0, error: described.error };
}
