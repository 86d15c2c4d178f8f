// Which kind a step is, and its kind-specific IR. Exactly one kind per step.
import type { Node } from 'yaml';
import type { ApprovalStepIR, CacheIR, ModelChoiceIR, RetryIR, StepIR, SubPipelineStepIR } from '../../ir.js';
import type { CompileContext, CompiledStep } from '../context.js';
import type { Entry } from '../mapping.js';
import { MODEL_ACTIONS } from '../key-tables.js';
import { compileApprovalStep, compileLegacyApprovalTool, LEGACY_APPROVAL_TOOLS } from './approval-step.js';
import { compileForEachStep, compileLoopStep, compileParallelQueueStep } from './loop-steps.js';
import { compileModelStep } from './model-step.js';
import { compilePipelineStep, compilePipelineExecutorTool } from './pipeline-step.js';
import { compileToolStep, ownEntry } from './tool-step.js';
import { compileWaitStep } from './wait-step.js';
import { compileAutoActionStep, isAutoAction } from './auto-action-step.js';
import {
  KIND_RESULTS,
  approvalResultFields,
  approvalResultShape,
  pipelineResultFields,
} from '../../step-kind-results.js';
import { plainValue } from '../values.js';
import { closestMatch } from '../../diagnostics.js';

export { compileExecution, LOCAL_BY_DEFAULT } from './execution.js';
export { isAutoAction, withoutTags } from './auto-action-step.js';

export interface StepDefaults {
  timeout_ms: number;
  retry: RetryIR;
  model?: ModelChoiceIR;
  task_queue?: string;
  max_parallel: number;
  /** The pipeline's `cache:`, for its model steps. */
  cache?: CacheIR;
}

/** The kind's fields of the IR (the common fields are filled by compileStep). */
export type KindFields = Omit<StepIR, 'id' | 'depends_on' | 'timeout_ms' | 'retry' | 'on_failure' | 'location'>;

const FAMILIES: Record<string, string> = {
  tool: 'tool step',
  for_each: 'for_each loop',
  create_parallel_queue: 'for_each loop',
  while: 'while/until loop',
  until: 'while/until loop',
  action_loop: 'while/until loop',
  approval: 'approval',
  pipeline: 'sub-pipeline',
  wait: 'wait',
};

export function compileStepKind(
  context: CompileContext,
  id: string,
  node: Node,
  entries: Map<string, Entry>,
  step: CompiledStep,
  defaults: StepDefaults,
): KindFields | undefined {
  const fields = compileKind(context, id, node, entries, step, defaults);
  if (fields) declareResult(step, fields);
  return fields;
}

/**
 * The fields of the step's result, for the kinds whose compiler does not say (tool and model
 * steps do): reads of them are checked (result-fields.ts). A step with <AUTO> answers in its
 * own keys stays open: each answered parameter is a field too (run-state.ts, autoParameters).
 */
function declareResult(step: CompiledStep, fields: KindFields): void {
  if (fields.kind === 'model' && step.resultFields?.length === 0) step.resultSummary = "text (the model's answer)";
  if (step.resultFields !== undefined || ('auto_tags' in fields && fields.auto_tags?.length)) return;
  if (fields.kind === 'approval') {
    const { approval } = fields as ApprovalStepIR;
    step.resultFields = approvalResultFields(approval);
    step.resultShape = approvalResultShape(approval);
  } else if (fields.kind === 'pipeline')
    step.resultFields = pipelineResultFields((fields as SubPipelineStepIR).pipeline);
  else if (fields.kind === 'wait') step.resultFields = KIND_RESULTS.wait!.returns!;
  else if (fields.kind === 'for_each' || fields.kind === 'loop') {
    step.resultFields = [];
    step.resultSummary = "a list (each iteration's last body step result)";
  }
}

function compileKind(
  context: CompileContext,
  id: string,
  node: Node,
  entries: Map<string, Entry>,
  step: CompiledStep,
  defaults: StepDefaults,
): KindFields | undefined {
  const written = plainValue(entries.get('action')?.value ?? null);
  const loopish = Object.keys(FAMILIES).some((key) => key !== 'tool' && entries.has(key));
  if (isAutoAction(written) && !loopish) return compileAutoActionStep(context, id, entries, step, defaults);
  if (typeof written === 'string' && /<AUTO[\s>]/.test(written))
    return reportNoKind(context, id, node, entries, step, written);
  const families = [
    ...new Set(
      Object.keys(FAMILIES)
        .filter((key) => entries.has(key))
        .map((key) => FAMILIES[key]!),
    ),
  ];
  const action = plainValue(entries.get('action')?.value ?? null);
  if (families.length > 1) {
    const keys = Object.keys(FAMILIES).filter((key) => entries.has(key));
    context.source.report(
      'error',
      'E_STEP_KIND',
      entries.get(keys[1]!)?.keyNode ?? node,
      step.pointer,
      `step "${id}" is more than one kind of step (${families.join(' and ')}: ${keys.join(', ')})`,
      'split it into two steps',
    );
    return undefined;
  }
  const toolName = plainValue(entries.get('tool')?.value ?? null);
  if (typeof toolName === 'string' && LEGACY_APPROVAL_TOOLS.includes(toolName))
    return compileLegacyApprovalTool(context, id, toolName, entries, step);
  if (toolName === 'pipeline-executor') return compilePipelineExecutorTool(context, id, entries, step);
  switch (families[0]) {
    case 'tool step':
      return compileToolStep(context, id, entries, step);
    case 'for_each loop':
      return entries.has('create_parallel_queue')
        ? compileParallelQueueStep(context, id, entries, step, defaults)
        : compileForEachStep(context, id, entries, step, defaults);
    case 'while/until loop':
      return compileLoopStep(context, id, entries, step, defaults);
    case 'approval':
      return compileApprovalStep(context, id, entries, step);
    case 'sub-pipeline':
      return compilePipelineStep(context, id, entries, step);
    case 'wait':
      return compileWaitStep(context, id, entries, step);
  }
  const modelAction = typeof action === 'string' ? ownEntry(MODEL_ACTIONS, action) : undefined;
  if (modelAction) return compileModelStep(context, id, modelAction, entries, step, defaults);
  return reportNoKind(context, id, node, entries, step, action);
}

function reportNoKind(
  context: CompileContext,
  id: string,
  node: Node,
  entries: Map<string, Entry>,
  step: CompiledStep,
  action: unknown,
): undefined {
  const actionEntry = entries.get('action');
  if (typeof action === 'string' && /<AUTO[\s>]/.test(action)) {
    context.source.report(
      'error',
      'E_UNSUPPORTED',
      actionEntry?.value ?? node,
      actionEntry?.pointer ?? step.pointer,
      `step "${id}": an action written in natural language is a step of its own: the whole action one <AUTO>…</AUTO> tag, not beside other text nor as a loop's own action`,
      'write the step as action: "<AUTO>instruction</AUTO>" (optionally tool, produces, location, requires_model), or a model step',
    );
    return undefined;
  }
  if (actionEntry) {
    context.source.report(
      'error',
      'E_UNKNOWN_ACTION',
      actionEntry.value,
      actionEntry.pointer,
      `step "${id}" has action "${String(action)}" but no tool, and it is not a model action`,
      `${suggestion(String(action), Object.keys(MODEL_ACTIONS))}model actions: ${Object.keys(MODEL_ACTIONS).join(', ')}; or add "tool:"`,
    );
    return undefined;
  }
  const hint = entries.has('steps')
    ? 'a step with "steps:" needs for_each, while or until'
    : 'give it "tool:" and "action:", a model "action:", "approval:", "for_each:", "while:", "pipeline:" or "wait:"';
  context.source.report('error', 'E_STEP_KIND', node, step.pointer, `step "${id}" does not say what it does`, hint);
  return undefined;
}

/** `did you mean "x"? `, or nothing. */
function suggestion(word: string, candidates: readonly string[]): string {
  const match = closestMatch(word, candidates);
  return match === undefined ? '' : `did you mean "${match}"? `;
}
