// A tool step: render its parameters in the workflow, then run the tool as one activity with
// the step's own timeout, retry policy, task queue and a summary people can read in the Web UI.
import { workflowInfo } from '@temporalio/workflow';
import type { ToolCallInput } from '../../activity-interfaces.js';
import type { McpServerIR, ToolStepIR } from '../../lang/ir.js';
import { activitiesForStep, retryPolicyForStep } from '../activity-options.js';
import { callToolLocally, runsLocally, type ToolCallOutcome } from '../local-steps.js';
import { describeFailure, renderOrFail } from '../failures.js';
import type { Frame, InterpreterContext } from '../context.js';
import type { StepState } from '../run-state.js';
import { secretsOfCall, templateScope } from '../scope.js';
import { renderTemplate } from '../../lang/expr/index.js';
import { answerAutoTags } from '../auto-answers.js';
import { renderStepValues } from './render.js';
import { parseJsonOr } from '../../lang/json-text.js';
import { WORKFLOW_TOOLS } from '../../lang/tools/index.js';
import { runWorkflowTool } from './workflow-tools/index.js';

export async function executeToolStep(step: ToolStepIR, frame: Frame, context: InterpreterContext): Promise<StepState> {
  if (!step.product) return runToolStep(step, frame, context);
  // py-orc's `location`: rendered first (no await: the commands are those of any tool step), then
  // a variable of the step's own templates and a field of its value.
  const product = step.product;
  const location = renderOrFail(
    step,
    () => renderTemplate(product.location, templateScope(context, frame), context.templateOptions).trim(),
    'its location',
  );
  if ('failure' in location) return location.failure;
  const located = { ...frame, variables: { ...frame.variables, location: location.value } };
  const state = await runToolStep(step, located, context);
  return { ...state, extra: { ...state.extra, location: location.value } };
}

async function runToolStep(step: ToolStepIR, frame: Frame, context: InterpreterContext): Promise<StepState> {
  const rendered = renderStepValues(step, step.parameters, frame, context, (parameters) =>
    defaultSummary(step, parameters as Record<string, unknown>, frame.path),
  );
  if ('failure' in rendered) return rendered.failure;
  const auto: Record<string, unknown> = {};
  const info = workflowInfo();
  let called = false;
  try {
    const answered = step.auto_tags?.length
      ? await answerAutoTags(
          rendered.value,
          { step, path: `${frame.path}${step.id}`, parameterTypes: step.parameter_types },
          auto,
          '/parameters',
        )
      : rendered.value;
    const parameters = parseTypedParameters(step, answered as Record<string, unknown>);
    if (WORKFLOW_TOOLS.includes(step.tool)) {
      const state = await runWorkflowTool(
        { step, parameters, path: `${frame.path}${step.id}`, summary: rendered.summary },
        context,
      );
      return Object.keys(auto).length ? { ...state, extra: { ...state.extra, auto } } : state;
    }
    const input: ToolCallInput = {
      tool: step.tool,
      action: step.action,
      parameters,
      step_id: `${frame.path}${step.id}`,
      workflow_id: info.workflowId,
      run_id: info.runId,
      ...mcpServerFor(step, parameters, context),
      ...secretsOfCall(context, step),
    };
    if (runsLocally(step)) return localStepState(await callInWindow(step, rendered.summary, input, context), auto);
    // The regular path awaits the activity directly, as runs recorded earlier did: another
    // await here would reorder the commands of parallel steps on replay.
    called = true;
    const output = await activitiesForStep(step, rendered.summary).runTool(input);
    return {
      status: 'completed',
      result: output.result,
      attempts: output.attempt,
      extra: { execution: 'activity', ...(Object.keys(auto).length ? { auto } : {}) },
    };
  } catch (failure) {
    const described = describeFailure(failure, retryPolicyForStep(step));
    return {
      status: described.cancelled ? 'cancelled' : 'failed',
      error: described.error,
      attempts: described.attempts,
      ...(called ? { extra: { execution: 'activity' } } : {}),
    };
  }
}

/** A local call within the run's window of local steps (local-window.ts). */
async function callInWindow(
  step: ToolStepIR,
  summary: string,
  input: ToolCallInput,
  context: InterpreterContext,
): Promise<ToolCallOutcome> {
  const window = context.localWindow;
  if (!window.enter()) await window.next();
  let bytes = 0;
  try {
    const call = await callToolLocally(step, summary, input);
    if ('output' in call && call.execution === 'local') bytes = JSON.stringify(call.output.result ?? null).length;
    return call;
  } finally {
    window.leave(bytes);
  }
}

/** A local step's state: how it ran, and its attempts counted across a fallback. */
function localStepState(call: ToolCallOutcome, auto: Record<string, unknown>): StepState {
  const extra: StepState['extra'] = {
    execution: call.execution,
    ...(call.localFallback ? { local_fallback: call.localFallback } : {}),
    ...(Object.keys(auto).length ? { auto } : {}),
  };
  const before = call.execution === 'activity' ? call.localAttempts : 0;
  if ('output' in call)
    return { status: 'completed', result: call.output.result, attempts: before + call.output.attempt, extra };
  const described = describeFailure(call.failure, call.retry);
  return {
    status: described.cancelled ? 'cancelled' : 'failed',
    error: described.error,
    ...(described.attempts === undefined ? {} : { attempts: before + described.attempts }),
    extra,
  };
}

/**
 * The `mcp` tool's server declaration travels in the activity input: a worker sees nothing of
 * the pipeline but that input. An undeclared name sends none, and the activity says so.
 */
function mcpServerFor(
  step: ToolStepIR,
  parameters: Record<string, unknown>,
  context: InterpreterContext,
): { mcp_server?: McpServerIR } {
  const name =
    step.tool === 'mcp' ? parameters.server : step.tool === 'mcp-server' ? parameters.server_name : undefined;
  const servers = context.ir.mcp_servers;
  if (typeof name !== 'string' || !servers || !Object.hasOwn(servers, name)) return {};
  return { mcp_server: servers[name]! };
}

/** Text rendered into a parameter declared as a list, number, … is read as JSON (spec §5). */
function parseTypedParameters(step: ToolStepIR, parameters: Record<string, unknown>): Record<string, unknown> {
  if (!step.parameter_types) return parameters;
  const parsed = { ...parameters };
  for (const [name, type] of Object.entries(step.parameter_types)) {
    const value = parsed[name];
    if (typeof value !== 'string' || type === 'string') continue;
    // Not JSON: left as text, and the tool says what it expected.
    parsed[name] = parseJsonOr(value, value);
  }
  return parsed;
}

/** "write_greeting · filesystem.write output/greeting.txt" */
function defaultSummary(step: ToolStepIR, parameters: Record<string, unknown>, path: string): string {
  const subject = ['path', 'url', 'query', 'command']
    .map((key) => parameters[key])
    .find((value) => typeof value === 'string');
  return `${path}${step.name ?? step.id} · ${step.tool}.${step.action}${subject ? ` ${subject as string}` : ''}`;
}
