// An agent step (spec §8.5): the model is offered tools and calls them in a loop. Every model
// turn is one `runModel` activity and every tool call one `runTool` activity, so a crash resumes
// mid-conversation without asking the model or running a tool twice. Bounded by `max_turns`
// and the budget; the result is the final answer and `transcript` the turns.
import { workflowInfo } from '@temporalio/workflow';
import { ERROR_TYPES, type ModelCallOutput } from '../../activity-interfaces.js';
import type { AgentToolIR, ModelStepIR } from '../../lang/ir.js';
import type { TranscriptTurn } from '../../result-document.js';
import type { InterpreterContext } from '../context.js';
import { describeFailure } from '../failures.js';
import type { StepState } from '../run-state.js';
import { BUILT_IN_TOOLS, resolveAgentTools } from '../../lang/tools/index.js';
import { secretsOfCall } from '../scope.js';
import { callModelChain } from './model-call.js';
import { CachedCalls } from './cached-calls.js';
import type { PreparedModelStep } from './model-step.js';
import { activitiesForStep, retryPolicyForStep } from '../activity-options.js';

const DEFAULT_MAX_TURNS = 10;
const MAX_TURNS_LIMIT = 100;
/** A tool's answer is cut to this many characters before the model reads it. */
const TOOL_ANSWER_LIMIT = 20_000;

interface AgentToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
  thought_signature?: string;
}

/** What `runModel` returns for an agent turn. */
interface AgentTurnAnswer {
  text: string;
  tool_calls: AgentToolCall[];
  finish_reason?: string;
}

export async function executeAgentStep(
  step: ModelStepIR,
  prepared: PreparedModelStep,
  context: InterpreterContext,
): Promise<StepState> {
  const { parameters } = prepared;
  // Resolved by the compiler (custom tools included); a list given by a template, here.
  const tools = step.agent_tools ? { tools: step.agent_tools } : resolveAgentTools(parameters.tools, BUILT_IN_TOOLS);
  const maxTurns = parameters.max_turns ?? DEFAULT_MAX_TURNS;
  const invalid =
    'problem' in tools
      ? tools.problem
      : !Number.isInteger(maxTurns) || (maxTurns as number) < 1 || (maxTurns as number) > MAX_TURNS_LIMIT
        ? `max_turns must be a whole number from 1 to ${MAX_TURNS_LIMIT}, not ${JSON.stringify(maxTurns)}`
        : undefined;
  if (invalid || 'problem' in tools)
    return {
      status: 'failed',
      attempts: 0,
      error: { type: ERROR_TYPES.invalidRequest, message: `step "${prepared.path}": ${invalid}` },
    };
  const messages: Record<string, unknown>[] = [
    {
      role: 'user',
      content: typeof parameters.prompt === 'string' ? parameters.prompt : JSON.stringify(parameters.prompt),
    },
  ];
  const request = {
    ...(parameters.system !== undefined ? { system: parameters.system } : {}),
    ...(parameters.temperature !== undefined ? { temperature: parameters.temperature } : {}),
    ...(parameters.max_tokens !== undefined ? { max_tokens: parameters.max_tokens } : {}),
    tools: tools.tools.map(({ name, description, parameters: schema }) => ({ name, description, parameters: schema })),
  };
  const totals = new CallTotals();
  const transcript: TranscriptTurn[] = [];
  let models = prepared.models;
  for (let turn = 1; turn <= (maxTurns as number); turn++) {
    const called = await callModelChain(
      step,
      models,
      { path: prepared.path, summary: `${prepared.summary} · turn ${turn}`, parameters: { ...request, messages } },
      context,
    );
    if ('failure' in called) return { ...called.failure, extra: totals.extra(prepared, transcript) };
    // Later turns start at the model that answered: a conversation stays with one provider.
    models = models.slice(called.index);
    totals.add(called.output);
    const answer = called.output.result as AgentTurnAnswer;
    const entry: TranscriptTurn = { turn, model: called.output.model, text: answer.text, tool_calls: [] };
    transcript.push(entry);
    if (answer.tool_calls.length === 0)
      return {
        status: 'completed',
        result: answer.text,
        attempts: called.output.attempt,
        extra: totals.extra(prepared, transcript),
      };
    messages.push({ role: 'assistant', content: answer.text, tool_calls: answer.tool_calls });
    const results = await Promise.all(
      answer.tool_calls.map((call) => runAgentTool(step, tools.tools, call, `${prepared.path}/turn-${turn}`, context)),
    );
    for (const [index, call] of answer.tool_calls.entries()) {
      const { cancelled, ...outcome } = results[index]!;
      entry.tool_calls.push({ name: call.name, arguments: call.arguments, ...outcome });
      messages.push({ role: 'tool', tool_call_id: call.id, content: toolAnswerText(outcome) });
      // The run was cancelled: the agent stops here rather than tell the model its tools failed.
      if (cancelled) return { status: 'cancelled', error: outcome.error, extra: totals.extra(prepared, transcript) };
    }
  }
  const message = `step "${prepared.path}": the agent did not finish within max_turns (${String(maxTurns)}); raise max_turns or narrow the task`;
  return {
    status: 'failed',
    attempts: 1,
    error: { type: ERROR_TYPES.agentMaxTurns, message },
    extra: totals.extra(prepared, transcript),
  };
}

/**
 * One tool call of the model, as its own activity; a failure is told to the model, not thrown.
 * The arguments are the model's: no secret is filled into them, the run's are redacted from the answer.
 */
async function runAgentTool(
  step: ModelStepIR,
  tools: readonly AgentToolIR[],
  call: AgentToolCall,
  path: string,
  context: InterpreterContext,
): Promise<{ result?: unknown; error?: { type: string; message: string }; cancelled?: boolean }> {
  const target = tools.find((tool) => tool.name === call.name);
  if (!target)
    return {
      error: {
        type: ERROR_TYPES.unknownTool,
        message: `there is no tool "${call.name}"; the tools are ${tools.map((tool) => tool.name).join(', ')}`,
      },
    };
  const info = workflowInfo();
  try {
    const output = await activitiesForStep(
      step,
      `${path} · ${target.tool}.${target.action}`,
      retryPolicyForStep(step),
      {
        tool: target.tool,
      },
    ).runTool({
      tool: target.tool,
      action: target.action,
      parameters: call.arguments ?? {},
      step_id: `${path}/${call.name}`,
      workflow_id: info.workflowId,
      run_id: info.runId,
      ...secretsOfCall(context, undefined),
    });
    return { result: output.result };
  } catch (failure) {
    const described = describeFailure(failure, retryPolicyForStep(step));
    return { error: described.error, ...(described.cancelled ? { cancelled: true } : {}) };
  }
}

function toolAnswerText(outcome: { result?: unknown; error?: { type: string; message: string } }): string {
  const text = outcome.error
    ? `error (${outcome.error.type}): ${outcome.error.message}`
    : typeof outcome.result === 'string'
      ? outcome.result
      : JSON.stringify(outcome.result ?? null);
  return text.length > TOOL_ANSWER_LIMIT
    ? `${text.slice(0, TOOL_ANSWER_LIMIT)}… [cut at ${TOOL_ANSWER_LIMIT} characters]`
    : text;
}

/** Usage and cost summed over the turns, for the step's report. */
class CallTotals {
  private inputTokens = 0;
  private outputTokens = 0;
  private costUsd: number | undefined;
  private model = '';
  private readonly cached = new CachedCalls();

  add(output: ModelCallOutput): void {
    this.cached.add(output);
    this.model = output.model;
    this.inputTokens += output.usage?.input_tokens ?? 0;
    this.outputTokens += output.usage?.output_tokens ?? 0;
    if (output.cost_usd !== undefined) this.costUsd = (this.costUsd ?? 0) + output.cost_usd;
  }

  extra(prepared: PreparedModelStep, transcript: TranscriptTurn[]) {
    return {
      ...(Object.keys(prepared.auto).length ? { auto: prepared.auto } : {}),
      ...(this.model
        ? { model: this.model, usage: { input_tokens: this.inputTokens, output_tokens: this.outputTokens } }
        : {}),
      ...(this.costUsd !== undefined ? { cost_usd: this.costUsd } : {}),
      ...this.cached.extra(),
      turns: transcript.length,
      transcript,
    };
  }
}
