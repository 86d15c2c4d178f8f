// The names a template can read while a run is going (spec §6): parameters, run variables, and
// the steps and variables of its own list and every enclosing list (inner lists win).
import { uuid4 } from '@temporalio/workflow';
import { TemplateError, renderValue } from '../lang/expr/index.js';
import type { PipelineIR, StepIR } from '../lang/ir.js';
import {
  pipelineSecretNames,
  secretTokens,
  stepSecretNames,
  type RunSecrets,
  type SecretsOfCall,
} from '../lang/secrets.js';
import type { Frame, InterpreterContext } from './context.js';
import { stepValue } from './run-state.js';

export interface RunFacts {
  workflowId: string;
  runId: string;
  startedAtMs: number;
}

export function runVariables(ir: PipelineIR, facts: RunFacts, runSecrets: RunSecrets): Record<string, unknown> {
  const started = new Date(facts.startedAtMs).toISOString();
  const execution = {
    id: facts.workflowId,
    run_id: facts.runId,
    pipeline: ir.id,
    started_at: started,
    timestamp: started,
    date: started.slice(0, 10),
    time: started.slice(11, 19),
  };
  // Secrets are tokens here; the worker puts the values in inside the activity (lang/secrets.ts).
  const secrets = secretTokens(pipelineSecretNames(ir, { subPipelines: false }), runSecrets.nonce);
  return {
    execution,
    execution_id: facts.workflowId,
    pipeline_id: ir.id,
    timestamp: started,
    ...(Object.keys(secrets).length ? { secrets } : {}),
  };
}

/**
 * The run's secrets: a nonce for its tokens — drawn only when it reads secrets, so other runs'
 * histories are unchanged — and every name it or a run above it reads, for redaction.
 */
export function runSecrets(ir: PipelineIR, inherited: readonly string[] = []): RunSecrets {
  const redact = [...new Set([...pipelineSecretNames(ir, { subPipelines: true }), ...inherited])].sort();
  return { nonce: redact.length ? uuid4().replaceAll('-', '') : '', redact };
}

/** The `secrets` of an activity input: this step's names filled in, the run's redacted; none when the run reads no secret. */
export function secretsOfCall(context: InterpreterContext, step: StepIR | undefined): { secrets?: SecretsOfCall } {
  if (context.secrets.redact.length === 0) return {};
  return {
    secrets: { nonce: context.secrets.nonce, names: step ? stepSecretNames(step) : [], redact: context.secrets.redact },
  };
}

export function templateScope(context: InterpreterContext, frame: Frame): Record<string, unknown> {
  const scope = framesScope(context, frame);
  if (!context.ir.readable_outputs) return scope;
  let root = frame;
  while (root.parent) root = root.parent;
  return { ...scope, outputs: readableOutputs(context, root === frame ? scope : framesScope(context, root)) };
}

function framesScope(context: InterpreterContext, frame: Frame): Record<string, unknown> {
  const frames: Frame[] = [];
  for (let current: Frame | undefined = frame; current; current = current.parent) frames.unshift(current);
  const steps: Record<string, unknown> = {};
  const variables: Record<string, unknown> = {};
  for (const current of frames) {
    for (const [id, state] of Object.entries(current.state)) {
      if (state.status !== 'pending' && state.status !== 'running') steps[id] = stepValue(state);
    }
    Object.assign(variables, current.variables);
  }
  return {
    ...context.inputs,
    ...steps,
    ...variables,
    ...context.variables,
    parameters: context.inputs,
    inputs: context.inputs,
    steps,
  };
}

/**
 * The outputs the file reads (`outputs.pdf`), from the top-level scope: an `<AUTO>` one is its
 * inserted step's answer, any other is rendered from what is known so far. One not computable
 * yet is absent, so a template reading it fails as it would for an unfinished step.
 */
function readableOutputs(context: InterpreterContext, rootScope: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const steps = rootScope.steps as Record<string, { result?: unknown; status?: string } | undefined>;
  for (const output of context.ir.readable_outputs ?? []) {
    if ('step' in output) {
      const answer = steps[output.step]?.result;
      if (answer !== undefined && answer !== null)
        values[output.name] = typeof answer === 'string' ? answer.trim() : answer;
      continue;
    }
    try {
      values[output.name] = renderValue(output.value, { ...rootScope, outputs: values }, context.templateOptions);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
    }
  }
  return values;
}
