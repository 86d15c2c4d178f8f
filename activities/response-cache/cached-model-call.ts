// The response cache inside the model activity: a step with `cache:` looks its request up
// before calling the provider; a hit is answered with no provider call, usage and cost 0, and
// `cached` naming the entry. A miss calls live and keeps the answer — never a failure (nothing
// comes back to keep), never a truncated (`length`) or filtered answer. The lookup is in the
// activity, so the workflow schedules the same activity either way: history, replay and the
// command sequence do not change (docs/decisions/0012-response-cache.md). The cache is an
// optimisation: a store that cannot be read or written makes the call live, never fails it.
import { Context } from '@temporalio/activity';
import type { ModelCallInput, ModelCallOutput } from '../../workflows/activity-interfaces.js';
import type { AnsweredModelCall, ModelRegistry } from '../models/index.js';
import { responseCacheKey } from './cache-key.js';
import type { ResponseCacheEntry, ResponseCacheStore } from './response-cache-store.js';

export interface ResponseCacheDependencies {
  store: ResponseCacheStore;
  registry: ModelRegistry;
  /** The clock entries are dated and aged by (tests may set it). */
  now?: () => Date;
}

export function withResponseCache(
  deps: ResponseCacheDependencies,
  live: (input: ModelCallInput) => Promise<AnsweredModelCall>,
): (input: ModelCallInput) => Promise<ModelCallOutput> {
  const now = deps.now ?? (() => new Date());
  return async (input) => {
    const key = input.cache ? responseCacheKey(input, deps.registry) : undefined;
    if (!key) return (await live(input)).output;
    const entry = await deps.store.read(key).catch((error: unknown) => {
      warn('could not read the response cache', error);
      return undefined;
    });
    const at = now();
    if (entry && isFresh(entry, input.cache?.ttl_ms, at)) {
      await deps.store
        .write({ ...entry, hits: entry.hits + 1, last_hit_at: at.toISOString() })
        .catch((error: unknown) => warn('could not count a hit in the response cache', error));
      return answerFrom(entry);
    }
    const answered = await live(input);
    if (keepable(answered))
      await deps.store
        .write({
          format: 1,
          key,
          created_at: at.toISOString(),
          action: input.action,
          output: plainOutput(answered.output),
          hits: 0,
        })
        .catch((error: unknown) => warn('could not keep an answer in the response cache', error));
    return answered.output;
  };
}

function isFresh(entry: ResponseCacheEntry, ttlMs: number | undefined, at: Date): boolean {
  return ttlMs === undefined || at.getTime() - Date.parse(entry.created_at) <= ttlMs;
}

/** A truncated or filtered answer is not the answer to the request: it is asked again next time. */
function keepable(answered: AnsweredModelCall): boolean {
  const agentFinish = (answered.output.result as { finish_reason?: unknown } | null)?.finish_reason;
  const finish = typeof agentFinish === 'string' ? agentFinish : answered.finish_reason;
  return finish !== 'length' && finish !== 'content_filter';
}

function plainOutput(output: ModelCallOutput): ResponseCacheEntry['output'] {
  return {
    result: output.result,
    model: output.model,
    ...(output.usage ? { usage: output.usage } : {}),
    ...(output.cost_usd !== undefined ? { cost_usd: output.cost_usd } : {}),
  };
}

function answerFrom(entry: ResponseCacheEntry): ModelCallOutput {
  const { result, model, usage, cost_usd } = entry.output;
  return {
    result,
    model,
    ...(usage ? { usage: { input_tokens: 0, output_tokens: 0 } } : {}),
    cost_usd: 0,
    attempt: Context.current().info.attempt,
    cached: {
      key: entry.key,
      created_at: entry.created_at,
      ...(usage ? { usage } : {}),
      ...(cost_usd !== undefined ? { cost_usd } : {}),
    },
  };
}

function warn(what: string, error: unknown): void {
  Context.current().log.warn(`${what}: ${(error as Error).message}`);
}
