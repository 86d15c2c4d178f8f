// The `resolveAuto` activity: a runtime `<AUTO>` question answered by a model with a typed,
// schema-checked answer (spec §8.7). The model is chosen by the registry's rule among the
// providers with credentials; with none, the step fails with a clear error — never a canned
// default. Its result is recorded in history, so a replay never asks again.
import { ApplicationFailure, Context } from '@temporalio/activity';
import { Ajv } from 'ajv';
import { ERROR_TYPES, type AutoQuestionInput } from '../../workflows/activity-interfaces.js';
import { callDeadlineMs, heartbeatWhile } from './heartbeat-while.js';
import { waitingOutRateLimits } from './rate-limit-waits.js';
import { findModel, selectModel, type ModelRegistry } from './registry/index.js';
import { parseJsonOrUndefined } from './providers/shared/parse-json.js';
import { ModelError, type ModelAdapter } from './types.js';

export function answerSchema(input: AutoQuestionInput): Record<string, unknown> {
  const bounds = {
    ...(input.min !== undefined ? { minimum: input.min } : {}),
    ...(input.max !== undefined ? { maximum: input.max } : {}),
  };
  switch (input.type) {
    case 'list':
      return { type: 'array', items: { type: 'string' } };
    case 'number':
      return { type: 'number', ...bounds };
    case 'integer':
      return { type: 'integer', ...bounds };
    case 'boolean':
      return { type: 'boolean' };
    case 'choice':
      return { type: 'string', enum: input.choices ?? [] };
    default:
      return { type: 'string' };
  }
}

export function createResolveAuto(
  registry: ModelRegistry,
  available: () => ReadonlySet<string>,
  adapterFor: (provider: string) => ModelAdapter | undefined,
) {
  return async function resolveAuto(input: AutoQuestionInput): Promise<{ value: unknown; model: string }> {
    const selection = selectModel(registry, { capabilities: ['structured_output'] }, available());
    if (!selection.reference)
      throw ApplicationFailure.create({
        type: ERROR_TYPES.noModelAvailable,
        message: `step "${input.step_id}": an <AUTO> tag needs a model, and ${selection.reason}`,
        nonRetryable: true,
      });
    const found = findModel(registry, selection.reference)!;
    const schema = {
      type: 'object',
      properties: { answer: answerSchema(input) },
      required: ['answer'],
      additionalProperties: false,
    };
    const context = Context.current();
    const question = {
      model: found.name,
      system:
        'Answer the question for an automated pipeline. Reply with JSON only: {"answer": …} of the requested type.',
      messages: [{ role: 'user' as const, content: input.question }],
      json_schema: { name: 'auto_answer', schema },
      max_tokens: 512,
    };
    const adapter = adapterFor(found.provider)!;
    try {
      const attemptEndsAtMs = Date.now() + (context.info.startToCloseTimeoutMs || Number.POSITIVE_INFINITY);
      const response = await heartbeatWhile(() =>
        waitingOutRateLimits(
          () =>
            adapter.generate(question, { signal: context.cancellationSignal, timeoutMs: callDeadlineMs(undefined) }),
          attemptEndsAtMs,
        ),
      );
      const parsed = (response.parsed ?? parseJsonOrUndefined(response.text)) as { answer?: unknown } | undefined;
      const validate = new Ajv({ strict: false }).compile(schema);
      if (!parsed || !validate(parsed))
        throw ApplicationFailure.create({
          type: ERROR_TYPES.structuredOutputError,
          message: `the model's answer to "${input.question.slice(0, 80)}" is not a ${input.type}: ${response.text.slice(0, 200)}`,
          nonRetryable: false,
        });
      return { value: parsed.answer, model: selection.reference };
    } catch (error) {
      if (error instanceof ModelError)
        throw ApplicationFailure.create({
          type: error.type,
          message: error.message,
          nonRetryable: !error.retryable,
          ...(error.details.retryAfterMs !== undefined ? { nextRetryDelay: error.details.retryAfterMs } : {}),
        });
      throw error;
    }
  };
}
