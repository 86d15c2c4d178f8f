// An approval: the run waits, durably, until someone answers (update or signal), or the
// approval's timeout decides. A rejection completes the step with approved: false; only
// `on_timeout: fail` fails it.
import { ActivityFailure, condition, patched } from '@temporalio/workflow';
import { ERROR_TYPES } from '../../activity-interfaces.js';
import { renderValue } from '../../lang/expr/index.js';
import type { ApprovalIR, ApprovalStepIR } from '../../lang/ir.js';
import { withFormDefaults, type ApprovalAnswer, type PendingApproval } from '../../messages.js';
import { autoFailure } from '../auto-conditions.js';
import { cancelledOrThrow } from '../cancellation.js';
import type { Frame, InterpreterContext } from '../context.js';
import { renderOrFail } from '../failures.js';
import type { StepState } from '../run-state.js';
import { templateScope } from '../scope.js';
import { answerAutoTags } from '../auto-answers.js';
import { parseJsonOr } from '../../lang/json-text.js';
import { feedbackFields } from '../feedback-summary.js';

const FORM_DEFAULTS_PATCH = 'approval-form-defaults';

export async function executeApprovalStep(
  step: ApprovalStepIR,
  frame: Frame,
  context: InterpreterContext,
): Promise<StepState> {
  const path = `${frame.path}${step.id}`;
  const rendered = renderOrFail(
    step,
    () => renderValue(step.approval, templateScope(context, frame), context.templateOptions) as ApprovalIR,
  );
  if ('failure' in rendered) return rendered.failure;
  let shown = rendered.value;
  if (!step.auto_tags?.length) return awaitAnswer(step, path, shown, context);
  // <AUTO> tags in what the approver sees are answered before the request opens.
  const auto: Record<string, unknown> = {};
  try {
    shown = (await answerAutoTags(shown, { step, path }, auto, '/approval')) as ApprovalIR;
  } catch (failure) {
    if (failure instanceof ActivityFailure) return autoFailure(failure);
    throw failure;
  }
  const state = await awaitAnswer(step, path, shown, context);
  return { ...state, extra: { ...state.extra, auto } };
}

async function awaitAnswer(
  step: ApprovalStepIR,
  path: string,
  shown: ApprovalIR,
  context: InterpreterContext,
): Promise<StepState> {
  const requestedAt = context.clock();
  const pending: PendingApproval = {
    step: path,
    title: String(shown.title),
    ...(shown.content !== undefined ? { content: shown.content } : {}),
    ...(shown.fields ? { fields: shown.fields } : {}),
    allow_edit: shown.allow_edit,
    require_comment: shown.require_comment === true,
    ...(shown.prompt ? { prompt: { ...shown.prompt, choices: parseChoices(shown.prompt.choices) } } : {}),
    requested_at: new Date(requestedAt).toISOString(),
    ...(step.approval.timeout_ms ? { timeout_at: new Date(requestedAt + step.approval.timeout_ms).toISOString() } : {}),
    on_timeout: step.approval.on_timeout,
  };
  // Form defaults fill what an answer leaves out; a marker keeps runs recorded before that
  // replaying as they ran (a missing field used to fail the step that read it).
  const fillsDefaults = shown.fields !== undefined && patched(FORM_DEFAULTS_PATCH);
  context.approvals.open(pending, fillsDefaults);
  context.changed();
  // Without a timeout, condition() resolves to nothing: the answer itself says what happened.
  try {
    if (step.approval.timeout_ms === undefined) await condition(() => context.approvals.answerOf(path) !== undefined);
    else await condition(() => context.approvals.answerOf(path) !== undefined, step.approval.timeout_ms);
  } catch (error) {
    // Cancelled while waiting: the request closes (nobody can answer it any more).
    context.approvals.close(path);
    context.changed();
    return cancelledOrThrow(error, 'the approval was cancelled before anyone answered');
  }
  const answer = context.approvals.answerOf(path);
  context.approvals.close(path);
  const formAnswers = (given: Record<string, unknown>) =>
    fillsDefaults ? withFormDefaults(shown.fields, given) : given;
  if (!answer) return timedOut(step, shown, formAnswers({}));
  return answeredState(answer, shown, formAnswers(answer.answers ?? {}));
}

function answeredState(answer: ApprovalAnswer, shown: ApprovalIR, answers: Record<string, unknown>): StepState {
  const result = {
    approved: answer.approved,
    comment: answer.comment ?? null,
    by: answer.by ?? null,
    answers,
    content: answer.content ?? shown.content ?? null,
    // py-orc's approval gate returns these, and its pipelines read them.
    rejection_reason: answer.approved ? null : (answer.comment ?? null),
    modified_content: answer.content ?? null,
    ...(shown.prompt ? { value: answer.value ?? shown.prompt.default ?? null } : {}),
    ...(shown.origin === 'feedback-collection' ? feedbackFields(shown.fields, answers) : {}),
    ...answers,
  };
  return {
    status: 'completed',
    result,
    attempts: 1,
    extra: {
      approved: answer.approved,
      ...(answer.comment ? { comment: answer.comment } : {}),
      ...(answer.by ? { by: answer.by } : {}),
    },
  };
}

function timedOut(step: ApprovalStepIR, shown: ApprovalIR, answers: Record<string, unknown>): StepState {
  if (step.approval.on_timeout === 'fail') {
    return {
      status: 'failed',
      attempts: 1,
      error: { type: ERROR_TYPES.approvalTimeout, message: `nobody answered "${shown.title}" in time` },
    };
  }
  const approved = step.approval.on_timeout === 'approve';
  const result = {
    approved,
    comment: null,
    by: 'timeout',
    answers,
    content: shown.content ?? null,
    rejection_reason: null,
    modified_content: null,
    timed_out: true,
    ...(shown.prompt ? { value: shown.prompt.default ?? null } : {}),
    ...(shown.origin === 'feedback-collection' ? feedbackFields(shown.fields, answers) : {}),
    ...answers,
  };
  return { status: 'completed', result, attempts: 1, extra: { approved, by: 'timeout' } };
}

/** py-orc's user-prompt may render its choices as JSON text. */
function parseChoices(choices: unknown): unknown {
  return typeof choices === 'string' ? parseJsonOr(choices, choices) : choices;
}
