// Before a model call, its estimated tokens (the prompt's length ÷ 4 plus max_tokens) are held
// against the provider key's budget (token-budgets.ts): a call that would not fit waits for the
// window to reset — inside the activity, heartbeating (the caller's heartbeatWhile),
// cancellable — instead of being sent to be refused. A wait past a minute or past the attempt's
// deadline becomes a RateLimited failure with that delay, so Temporal retries it later and the
// worker's slot is freed meanwhile (rate-limit-waits.ts).
import { Context } from '@temporalio/activity';
import type { TokenBudgets } from './token-budgets.js';
import { ModelError, type ModelRequest, type ModelResponse } from './types.js';
import { DEFAULT_ANTHROPIC_MAX_TOKENS } from './providers/shared/default-max-tokens.js';
import { MAX_RATE_LIMIT_WAIT_MS } from './rate-limit-waits.js';

/** Output tokens counted for a call without max_tokens on OpenAI-protocol servers. */
const DEFAULT_OUTPUT_ESTIMATE = 1_024;
/** A wait must leave the attempt this long to make its call before the step's timeout. */
const CALL_MARGIN_MS = 5_000;
/** Characters per token, roughly, for English text and JSON: an estimate, not a tokenizer. */
const CHARACTERS_PER_TOKEN = 4;

export interface BudgetedCall {
  budgets: TokenBudgets;
  /** The provider key's identity (a hash, never the key). */
  key: string;
  /** `tokens_per_minute` from the models file, if set. */
  tokensPerMinute?: number;
  providerKind: string;
  attemptEndsAtMs: number;
}

export function estimateTokens(request: ModelRequest, providerKind: string): number {
  const characters =
    (request.system?.length ?? 0) +
    request.messages.reduce((sum, message) => sum + message.content.length, 0) +
    (request.tools ? JSON.stringify(request.tools).length : 0) +
    (request.json_schema ? JSON.stringify(request.json_schema.schema).length : 0);
  const output =
    request.max_tokens ?? (providerKind === 'anthropic' ? DEFAULT_ANTHROPIC_MAX_TOKENS : DEFAULT_OUTPUT_ESTIMATE);
  return Math.ceil(characters / CHARACTERS_PER_TOKEN) + output;
}

export async function withinTokenBudget(
  budgeted: BudgetedCall,
  request: ModelRequest,
  call: () => Promise<ModelResponse>,
): Promise<ModelResponse> {
  const context = Context.current();
  const tokens = estimateTokens(request, budgeted.providerKind);
  let logged = false;
  for (;;) {
    const decision = budgeted.budgets.reserve(budgeted.key, tokens, budgeted.tokensPerMinute);
    if (decision.go) {
      try {
        const response = await call();
        budgeted.budgets.settle(decision.reservation, response.rate_limits);
        return response;
      } catch (error) {
        budgeted.budgets.settle(
          decision.reservation,
          error instanceof ModelError ? error.details.rate_limits : undefined,
        );
        throw error;
      }
    }
    if (
      decision.waitMs > MAX_RATE_LIMIT_WAIT_MS ||
      Date.now() + decision.waitMs + CALL_MARGIN_MS > budgeted.attemptEndsAtMs
    )
      throw new ModelError(
        'RateLimited',
        `the provider's token budget has no room for this call (about ${tokens} tokens; ${decision.reason}); it resets in ${Math.ceil(decision.waitMs / 1000)} s`,
        { retryAfterMs: decision.waitMs },
      );
    if (!logged)
      context.log.info('waiting for the provider token budget', {
        tokens,
        waitMs: decision.waitMs,
        reason: decision.reason,
      });
    logged = true;
    await context.sleep(decision.waitMs);
  }
}
