// A model step: parameters rendered here; runtime <AUTO> tags answered; then one model call
// through the step's candidates (model-call.ts). The model used is recorded on the step.
import { renderTemplate } from '../../lang/expr/index.js';
import type { ModelChoiceIR, ModelStepIR } from '../../lang/ir.js';
import { renderOrFail } from '../failures.js';
import { templateScope } from '../scope.js';
import type { Frame, InterpreterContext } from '../context.js';
import { autoFailure } from '../auto-conditions.js';
import type { StepState } from '../run-state.js';
import { executeAgentStep } from './agent-step.js';
import { answerAutoTags } from '../auto-answers.js';
import { callModelChain, modelCandidates } from './model-call.js';
import { renderStepValues } from './render.js';
import { CachedCalls } from './cached-calls.js';
import { deliverProduct } from './product.js';

export interface PreparedModelStep {
  path: string;
  summary: string;
  parameters: Record<string, unknown>;
  models: string[];
  auto: Record<string, unknown>;
}

/** Rendering, model candidates and <AUTO> answers: what model and agent steps share. */
export async function prepareModelStep(
  step: ModelStepIR,
  frame: Frame,
  context: InterpreterContext,
): Promise<PreparedModelStep | { failure: StepState }> {
  const path = `${frame.path}${step.id}`;
  const rendered = renderStepValues(step, step.parameters, frame, context, () => `${path} · ${step.action}`);
  if ('failure' in rendered) return rendered;
  const choice = renderedChoice(step, step.model ?? context.ir.defaults?.model ?? context.ir.model, frame, context);
  if ('failure' in choice) return choice;
  const candidates = await modelCandidates(choice.choice, path);
  if ('failure' in candidates) return candidates;
  const auto: Record<string, unknown> = {};
  let parameters = rendered.value as Record<string, unknown>;
  if (step.auto_tags?.length) {
    try {
      parameters = (await answerAutoTags(parameters, { step, path }, auto, '/parameters')) as Record<string, unknown>;
    } catch (failure) {
      return { failure: autoFailure(failure) };
    }
  }
  return { path, summary: rendered.summary, parameters, models: candidates.models, auto };
}

/** A model named by a template (`model: "{{ pick.model }}"`) is rendered just before the call. */
function renderedChoice(
  step: ModelStepIR,
  choice: ModelChoiceIR | undefined,
  frame: Frame,
  context: InterpreterContext,
): { choice: ModelChoiceIR | undefined } | { failure: StepState } {
  if (!choice || choice.kind === 'auto' || !JSON.stringify(choice).includes('{{')) return { choice };
  const render = (ref: string) =>
    ref.includes('{{') ? renderTemplate(ref, templateScope(context, frame), context.templateOptions).trim() : ref;
  const rendered = renderOrFail(
    step,
    (): ModelChoiceIR =>
      choice.kind === 'ref'
        ? { kind: 'ref', ref: render(choice.ref) }
        : { kind: 'chain', refs: choice.refs.map(render) },
    'its model',
  );
  return 'failure' in rendered ? rendered : { choice: rendered.value };
}

export async function executeModelStep(
  step: ModelStepIR,
  frame: Frame,
  context: InterpreterContext,
): Promise<StepState> {
  if (step.product) return withProduct(step, step.product, frame, context);
  const prepared = await prepareModelStep(step, frame, context);
  if ('failure' in prepared) return prepared.failure;
  if (step.action === 'agent') return executeAgentStep(step, prepared, context);
  const called = await callModelChain(step, prepared.models, prepared, context);
  if ('failure' in called) return called.failure;
  const { output, tried } = called;
  const cached = new CachedCalls();
  cached.add(output);
  const extra = {
    ...cached.extra(),
    ...(Object.keys(prepared.auto).length ? { auto: prepared.auto } : {}),
    model: output.model,
    ...(output.usage ? { usage: output.usage } : {}),
    ...(output.cost_usd !== undefined ? { cost_usd: output.cost_usd } : {}),
  };
  return {
    status: 'completed',
    result: output.result,
    attempts: output.attempt,
    extra: tried.length ? { ...extra, fallbacks: tried } : extra,
  };
}

/**
 * A natural-language step: answered as any model step, then its location delivered. Kept apart
 * so that every other model step runs exactly the awaits (and so the commands) it ran before.
 */
async function withProduct(
  step: ModelStepIR,
  product: NonNullable<ModelStepIR['product']>,
  frame: Frame,
  context: InterpreterContext,
): Promise<StepState> {
  const { product: _product, ...answered } = step;
  const state = await executeModelStep(answered, frame, context);
  return state.status === 'completed' ? deliverProduct({ ...step, product }, state, frame, context) : state;
}
