// The model activity: one call of one model. The workflow decides which model (fallback
// chains, auto selection) and retries through Temporal; this maps provider failures onto
// ApplicationFailure types once, heartbeats from the moment the request is sent until the call
// ends (heartbeat-while.ts), waits out a 429 burst within the attempt (rate-limit-waits.ts),
// and stops when the activity is cancelled.
import { ApplicationFailure, Context } from '@temporalio/activity';
import { Ajv } from 'ajv';
import { ERROR_TYPES, type ModelCallInput, type ModelCallOutput } from '../../workflows/activity-interfaces.js';
import { buildModelRequest, wantsJson } from './build-request.js';
import { callDeadlineMs, heartbeatWhile } from './heartbeat-while.js';
import { costOf, findModel, type ModelRegistry } from './registry/index.js';
import { ModelError, type FinishReason, type ModelAdapter, type ModelResponse } from './types.js';
import { parseModelJson } from './providers/shared/parse-json.js';
import { waitingOutRateLimits } from './rate-limit-waits.js';
import { withinTokenBudget } from './token-budget-waits.js';
import type { TokenBudgets } from './token-budgets.js';
import { loadMedia, type MediaSource } from './media/index.js';
import { MEDIA_ACTIONS, runMediaAction } from './media-actions.js';

export interface ModelDependencies {
  registry: ModelRegistry;
  /** The adapter of a provider, or undefined when it has no credentials on this worker. */
  adapterFor(provider: string): ModelAdapter | undefined;
  /** A deadline for each provider call; the step's timeout when omitted. */
  timeoutMs?: number;
  /** Where `media:` files and URLs are read from; without it a step with media fails. */
  media?: MediaSource;
  /** The worker's token budgets per provider key, and whose key a provider uses (token-budget-waits.ts). */
  tokenBudgets?: TokenBudgets;
  budgetKeyFor?(provider: string): string | undefined;
}

/** One call's output, and why the model stopped: the response cache keeps no truncated answer. */
export interface AnsweredModelCall {
  output: ModelCallOutput;
  finish_reason: FinishReason;
}

export type AnswerModelCall = (input: ModelCallInput) => Promise<AnsweredModelCall>;

/** The model call itself: `runModel` is it, with secrets put in and, when asked, the response cache. */
export function createAnswerModelCall(deps: ModelDependencies) {
  return async function answerModelCall(input: ModelCallInput): Promise<AnsweredModelCall> {
    const context = Context.current();
    const attemptEndsAtMs = Date.now() + (context.info.startToCloseTimeoutMs || Number.POSITIVE_INFINITY);
    const reference = typeof input.model === 'string' ? input.model : '';
    const found = findModel(deps.registry, reference);
    if (!found)
      throw failure(
        new ModelError(
          'ModelNotFound',
          `model "${reference}" is neither provider:model of a known provider nor a registry name`,
        ),
      );
    // The compiler refuses literal references without a price; a templated one is checked here.
    if (!found.entry)
      throw failure(
        new ModelError(
          'ModelNotFound',
          `model "${reference}" is not in this worker's model registry: its price is unknown, so its cost could not be counted or held to a budget; add it with its price to ORC_MODELS_FILE`,
        ),
      );
    const adapter = deps.adapterFor(found.provider);
    if (!adapter)
      throw failure(
        new ModelError('AuthenticationFailed', `provider "${found.provider}" has no credentials on this worker`),
      );
    const budgetKey = deps.budgetKeyFor?.(found.provider);
    const providerEntry = deps.registry.providers[found.provider];
    const budgeted =
      deps.tokenBudgets && budgetKey
        ? {
            budgets: deps.tokenBudgets,
            key: budgetKey,
            tokensPerMinute: providerEntry?.rate_limit?.tokens_per_minute,
            providerKind: providerEntry?.kind ?? 'openai',
            attemptEndsAtMs,
          }
        : undefined;
    const generate: ModelAdapter['generate'] = (request, options) =>
      waitingOutRateLimits(
        () =>
          budgeted
            ? withinTokenBudget(budgeted, request, () => adapter.generate(request, options))
            : adapter.generate(request, options),
        attemptEndsAtMs,
      );
    try {
      return await heartbeatWhile(async () => {
        if (MEDIA_ACTIONS.has(input.action)) {
          const options = { signal: context.cancellationSignal, timeoutMs: callDeadlineMs(deps.timeoutMs) };
          const made = await runMediaAction({
            input,
            found,
            adapter: waitingOutMediaRateLimits(adapter, attemptEndsAtMs),
            registry: deps.registry,
            media: deps.media,
            options,
          });
          return { output: { ...made, attempt: context.info.attempt }, finish_reason: 'stop' as const };
        }
        const request = buildModelRequest(input.action, found.name, input.parameters);
        await attachMedia(request, input.parameters.media, deps, found, context.cancellationSignal);
        const options = { signal: context.cancellationSignal, timeoutMs: callDeadlineMs(deps.timeoutMs) };
        let response = await generate(request, options);
        let result: unknown = response.text;
        if (input.action === 'agent')
          result = { text: response.text, tool_calls: response.tool_calls, finish_reason: response.finish_reason };
        else if (request.json_schema) ({ response, result } = await structured(generate, request, response, options));
        else if (wantsJson(input.action, input.parameters)) result = parseModelJson(response.text) ?? response.text;
        const usage = response.usage;
        const cost = costOf(found.entry, usage);
        const output = {
          result,
          model: `${found.provider}:${found.name}`,
          usage,
          ...(cost !== undefined ? { cost_usd: cost } : {}),
          attempt: context.info.attempt,
        };
        return { output, finish_reason: response.finish_reason };
      });
    } catch (error) {
      // Cancellation and anything unexpected pass through as they are.
      throw error instanceof ModelError ? failure(error) : error;
    }
  };
}

/** Validated against the schema; one repair attempt with the validator's complaint, then StructuredOutputError. */
async function structured(
  generate: ModelAdapter['generate'],
  request: ReturnType<typeof buildModelRequest>,
  first: ModelResponse,
  options: Parameters<ModelAdapter['generate']>[1],
): Promise<{ response: ModelResponse; result: unknown }> {
  const validate = new Ajv({ strict: false, allErrors: true }).compile(request.json_schema!.schema);
  const check = (response: ModelResponse) => {
    const value = response.parsed ?? parseModelJson(response.text);
    return value !== undefined && validate(value)
      ? { ok: true as const, value }
      : {
          ok: false as const,
          problem: value === undefined ? 'the answer is not JSON' : new Ajv().errorsText(validate.errors),
        };
  };
  const firstCheck = check(first);
  if (firstCheck.ok) return { response: first, result: firstCheck.value };
  const repair = {
    ...request,
    messages: [
      ...request.messages,
      { role: 'assistant' as const, content: first.text },
      {
        role: 'user' as const,
        content: `That answer does not fit the JSON Schema (${firstCheck.problem}). Answer again with JSON only that fits it.`,
      },
    ],
  };
  const second = await generate(repair, options);
  const secondCheck = check(second);
  const usage = {
    input_tokens: add(first.usage.input_tokens, second.usage.input_tokens),
    output_tokens: add(first.usage.output_tokens, second.usage.output_tokens),
  };
  if (secondCheck.ok) return { response: { ...second, usage }, result: secondCheck.value };
  throw ApplicationFailure.create({
    type: ERROR_TYPES.structuredOutputError,
    message: `the model's answer does not fit the schema after one repair attempt: ${secondCheck.problem}`,
    nonRetryable: true,
  });
}

/** A 429 from a media endpoint is waited out within the attempt, as for text calls. */
function waitingOutMediaRateLimits(adapter: ModelAdapter, attemptEndsAtMs: number): ModelAdapter {
  const makeMedia = adapter.makeMedia?.bind(adapter);
  if (!makeMedia) return adapter;
  return {
    ...adapter,
    makeMedia: (request, options) => waitingOutRateLimits(() => makeMedia(request, options), attemptEndsAtMs),
  };
}

/** The step's media go with its first user turn, as the provider's own content parts (adapters). */
async function attachMedia(
  request: ReturnType<typeof buildModelRequest>,
  media: unknown,
  deps: ModelDependencies,
  found: NonNullable<ReturnType<typeof findModel>>,
  signal: AbortSignal,
): Promise<void> {
  if (media === undefined || media === null || (Array.isArray(media) && media.length === 0)) return;
  if (!deps.media) throw new ModelError('InvalidRequest', 'this worker has no workspace to read media from');
  const listed = found.entry !== undefined && deps.registry.models.includes(found.entry);
  const loaded = await loadMedia(media, deps.media, {
    model: `${found.provider}:${found.name}`,
    providerKind: deps.registry.providers[found.provider]?.kind ?? 'openai',
    // An unlisted model (a local server's) has unknown capabilities: its server decides.
    ...(listed ? { capabilities: found.entry!.capabilities } : {}),
    signal,
  });
  const first = request.messages.find((message) => message.role === 'user');
  if (!first) throw new ModelError('InvalidRequest', 'media need a user message to go with');
  first.media = loaded;
}

function add(left: number | undefined, right: number | undefined): number | undefined {
  return left === undefined || right === undefined ? undefined : left + right;
}

function failure(error: ModelError): ApplicationFailure {
  return ApplicationFailure.create({
    type: error.type,
    message: error.message,
    nonRetryable: !error.retryable,
    // A 429's Retry-After decides when Temporal tries again.
    ...(error.details.retryAfterMs !== undefined ? { nextRetryDelay: error.details.retryAfterMs } : {}),
    details: [{ attempt: Context.current().info.attempt, status: error.details.status ?? null }],
  });
}
