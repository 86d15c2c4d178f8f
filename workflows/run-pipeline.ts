// The one generic workflow: interprets a compiled pipeline (the IR) and returns the result
// document. A failed run throws PipelineFailed with the result document as its detail, so the
// Web UI shows it as failed and the client can still print every step. Long runs continue as
// new between steps, carrying the interpreter's state exactly.
import {
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  allHandlersFinished,
  isCancellation,
  condition,
  continueAsNew,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { ERROR_TYPES } from './activity-interfaces.js';
import { checkInputs } from './lang/inputs.js';
import { DEFAULT_MAX_RUNNING_STEPS, type RunPipelineInput } from './lang/ir.js';
import { unsupportedFeatures } from './lang/runnable.js';
import {
  ApprovalRegistry,
  BudgetTracker,
  LocalWindow,
  RunMemory,
  RunSlots,
  runTemplateOptions,
  buildResultDocument,
  coalescedDetails,
  progressTable,
  runList,
  runSecrets,
  runVariables,
  startReuse,
  stepReport,
  usageOf,
  waitingStatusOf,
  waitingStatusPublisher,
  type InterpreterContext,
  type ListState,
} from './interpreter/index.js';
import {
  answerApprovalUpdate,
  approvalSignal,
  pendingApprovalsQuery,
  progressQuery,
  raiseBudgetUpdate,
} from './messages.js';
import { PIPELINE_FAILED, type ResultDocument } from './result-document.js';
import { COST_USD_ATTRIBUTE, PIPELINE_ID_ATTRIBUTE, RUN_STATUS_ATTRIBUTE } from './search-attributes.js';

const DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS = 10_000;

export async function runPipeline(input: RunPipelineInput): Promise<ResultDocument> {
  const { ir } = input;
  const info = workflowInfo();
  const startedAtMs = input.resume?.started_at_ms ?? info.runStartTime.getTime();
  const state = (input.resume?.state ?? {}) as ListState;
  const approvals = new ApprovalRegistry();
  // Copied: raising it changes this run's limits, not the IR carried by continue-as-new.
  const budget = new BudgetTracker(ir.budget ? { ...ir.budget, ...input.resume?.budget } : undefined);
  const warnings = [...(input.resume?.warnings ?? [])];
  let status: 'running' | 'completed' | 'failed' = 'running';
  const eventBound = input.continue_as_new_after_events ?? DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS;
  const draining = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > eventBound;
  registerHandlers(ir.id, state, approvals, warnings, budget, () => status);
  setHandler(
    raiseBudgetUpdate,
    (raise) => {
      budget.raise(raise);
      return budget.limits;
    },
    {
      validator: (raise) => {
        const problem = budget.raiseProblem(raise);
        if (problem) throw new Error(problem);
      },
    },
  );
  if (input.search_attributes !== false && !input.resume)
    upsertSearchAttributes([
      { key: PIPELINE_ID_ATTRIBUTE, value: ir.id },
      { key: RUN_STATUS_ATTRIBUTE, value: 'running' },
    ]);

  const unsupported = unsupportedFeatures(ir);
  if (unsupported.length > 0)
    throw ApplicationFailure.create({
      type: ERROR_TYPES.unsupported,
      message: `this worker's interpreter cannot run: ${unsupported.join('; ')}`,
      nonRetryable: true,
    });
  const checked = checkInputs(ir.parameters, input.inputs);
  if (checked.problems.length > 0)
    throw ApplicationFailure.create({
      type: ERROR_TYPES.invalidInputs,
      message: `invalid inputs: ${checked.problems.join('; ')}`,
      nonRetryable: true,
    });
  const secrets = runSecrets(ir, input.redact_secrets);
  const reuse = input.reuse ? await startReuse(input.reuse, input.resume?.reuse_counts, warnings) : undefined;
  const now = () => new Date(Date.now()).toISOString();
  const templateOptions = runTemplateOptions(now);
  const details = coalescedDetails(() => progressTable(ir.steps, state, Date.now(), approvals.list()));
  const publishWaiting = waitingStatusPublisher(input.search_attributes !== false, () =>
    waitingStatusOf(approvals.list().length, budget.waitingSince !== undefined),
  );
  const changed = () => {
    details.changed();
    publishWaiting();
  };
  const memory = new RunMemory(input.resume?.memory);
  const context: InterpreterContext = {
    ir,
    inputs: checked.values,
    variables: runVariables(
      ir,
      { workflowId: info.workflowId, runId: input.resume?.first_run_id ?? info.runId, startedAtMs },
      secrets,
    ),
    secrets,
    workflowId: info.workflowId,
    clock: () => Date.now(),
    now,
    templateOptions,
    changed,
    approvals,
    budget,
    draining,
    warnings,
    slots: new RunSlots(ir.defaults?.max_running_steps ?? DEFAULT_MAX_RUNNING_STEPS),
    ...(reuse ? { reuse } : {}),
    localWindow: new LocalWindow(),
    memory,
    runList: (steps, frame) => runList(steps, frame, context),
  };
  // What earlier runs of a continued run spent still counts.
  const spent = usageOf(Object.fromEntries(Object.entries(state).map(([id, step]) => [id, stepReport(step)])));
  budget.charge(spent.cost_usd, spent.input_tokens + spent.output_tokens);
  details.flush();
  const markCancelled = () => {
    // Cancelled: running activities were cancelled; say so where operators filter runs.
    if (input.search_attributes !== false) upsertSearchAttributes([{ key: RUN_STATUS_ATTRIBUTE, value: 'cancelled' }]);
    details.flush();
  };
  let outcome;
  try {
    outcome = await context.runList(ir.steps, { state, path: '', variables: {} });
  } catch (error) {
    if (isCancellation(error)) markCancelled();
    throw error;
  }
  if (CancellationScope.current().consideredCancelled) {
    markCancelled();
    throw new CancelledFailure('the run was cancelled');
  }
  if (outcome.paused) {
    await condition(allHandlersFinished);
    return continueAsNew<typeof runPipeline>({
      ...input,
      inputs: checked.values,
      resume: {
        budget: budget.limits,
        state,
        started_at_ms: startedAtMs,
        first_run_id: input.resume?.first_run_id ?? info.runId,
        warnings,
        continued: (input.resume?.continued ?? 0) + 1,
        ...(reuse ? { reuse_counts: { ...reuse.counts } } : {}),
        ...(memory.saved().length ? { memory: memory.saved() } : {}),
      },
    });
  }
  const document = buildResultDocument(ir, context, state, startedAtMs, outcome.stoppedBy);
  status = document.status === 'completed' ? 'completed' : 'failed';
  // The run's cost rides along with its final status, so `orc list` and the Web UI can show it.
  if (input.search_attributes !== false)
    upsertSearchAttributes([
      { key: RUN_STATUS_ATTRIBUTE, value: status },
      { key: COST_USD_ATTRIBUTE, value: document.usage.cost_usd },
    ]);
  details.flush();
  await condition(allHandlersFinished);
  if (document.error)
    throw ApplicationFailure.create({
      type: PIPELINE_FAILED,
      message: `step "${document.error.step}" failed: ${document.error.type}: ${document.error.message}`,
      nonRetryable: true,
      details: [document],
    });
  return document;
}

function registerHandlers(
  pipelineId: string,
  state: ListState,
  approvals: ApprovalRegistry,
  warnings: string[],
  budget: BudgetTracker,
  status: () => 'running' | 'completed' | 'failed',
): void {
  setHandler(progressQuery, () => {
    const steps = Object.fromEntries(Object.entries(state).map(([id, step]) => [id, stepReport(step)]));
    return {
      pipeline_id: pipelineId,
      status: status(),
      steps,
      pending_approvals: approvals.list().map(({ step, title, requested_at }) => ({ step, title, requested_at })),
      usage: usageOf(steps),
      ...(budget.waitingSince ? { budget_paused_since: budget.waitingSince } : {}),
    };
  });
  setHandler(pendingApprovalsQuery, () => approvals.list());
  setHandler(
    answerApprovalUpdate,
    (answer) => {
      approvals.accept(answer);
      return { step: answer.step, approved: answer.approved };
    },
    {
      validator: (answer) => {
        const problem = approvals.problem(answer);
        if (problem) throw new Error(problem);
      },
    },
  );
  setHandler(approvalSignal, (answer) => {
    const problem = approvals.problem(answer);
    if (problem) warnings.push(`an approval signal was ignored: ${problem}`);
    else approvals.accept(answer);
  });
}
