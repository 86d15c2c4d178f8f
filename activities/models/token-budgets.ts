// Each worker's view of a provider key's token budget for the current window (decisions/0017).
// The provider's own count, read from the headers of its every answer (rate-limit-headers.ts),
// is the state all workers share: what one worker spends, the next answer to any worker says.
// Between answers a worker subtracts what its own calls in flight reserved. With only
// `tokens_per_minute` and no headers, the worker counts its own calls against a window of its
// own. Pure bookkeeping: the waiting (heartbeats, cancellation) is token-budget-waits.ts.
import type { ProviderRateLimits } from './providers/shared/rate-limit-headers.js';

const MINUTE_MS = 60_000;
/** How often a waiting call looks again when it waits for another call's answer, not a reset. */
export const BUDGET_POLL_MS = 100;
/** A call that would leave less than this share of the window goes alone (below). */
const CAREFUL_SHARE = 0.5;
/** Wait a little past the reset the provider named: its clock and ours differ. */
const RESET_MARGIN_MS = 50;

interface Budget {
  limit?: number;
  remaining?: number;
  resetsAtMs?: number;
  /** The provider reports this key's budget in its headers (else it is counted here). */
  reported: boolean;
  /** An answer has come back, so whether the provider reports is known. */
  heard: boolean;
  /** Tokens this worker's unanswered calls reserved; the provider's count may not hold them yet. */
  reservedTokens: number;
  callsInFlight: number;
}

export interface Reservation {
  key: string;
  tokens: number;
}

export type BudgetDecision = { go: true; reservation: Reservation } | { go: false; waitMs: number; reason: string };

export interface TokenBudgets {
  /** Reserves `tokens` for a call now, or says how long to wait before asking again. */
  reserve(key: string, tokens: number, tokensPerMinute: number | undefined): BudgetDecision;
  /** The call is answered (or failed): what the provider's headers said, if anything. */
  settle(reservation: Reservation, limits: ProviderRateLimits | undefined): void;
}

export function createTokenBudgets(clock: () => number = Date.now): TokenBudgets {
  const budgets = new Map<string, Budget>();
  const budgetOf = (key: string): Budget => {
    let budget = budgets.get(key);
    if (!budget) budgets.set(key, (budget = { reported: false, heard: false, reservedTokens: 0, callsInFlight: 0 }));
    return budget;
  };
  return {
    reserve(key, tokens, tokensPerMinute) {
      const now = clock();
      const budget = budgetOf(key);
      if (budget.resetsAtMs !== undefined && now >= budget.resetsAtMs) {
        // A new window: unknown until the provider's next answer says what is left.
        budget.remaining = undefined;
        budget.resetsAtMs = undefined;
      }
      if (!budget.reported && budget.heard && tokensPerMinute !== undefined && budget.remaining === undefined) {
        budget.limit = tokensPerMinute;
        budget.remaining = tokensPerMinute;
        budget.resetsAtMs = now + MINUTE_MS;
      }
      const wait = waitBeforeCall(budget, tokens, tokensPerMinute, now);
      if (wait) return { go: false, ...wait };
      budget.reservedTokens += tokens;
      budget.callsInFlight++;
      return { go: true, reservation: { key, tokens } };
    },
    settle(reservation, limits) {
      const budget = budgetOf(reservation.key);
      budget.reservedTokens -= reservation.tokens;
      budget.callsInFlight--;
      budget.heard = true;
      const tokens = limits?.tokens;
      if (!budget.reported) {
        // Counted here: the reservation stays spent until the window resets.
        if (budget.remaining !== undefined && !tokens) budget.remaining -= reservation.tokens;
        if (!tokens) return;
      }
      if (tokens?.remaining === undefined) return;
      // The provider's own window replaces one counted here against tokens_per_minute.
      const counted = !budget.reported;
      budget.reported = true;
      if (tokens.limit !== undefined) budget.limit = tokens.limit;
      // Answers arrive out of order: within one window the lowest count is the latest.
      const newWindow =
        counted || budget.resetsAtMs === undefined || (tokens.resetsAtMs ?? 0) > budget.resetsAtMs + 1_000;
      budget.remaining = newWindow
        ? tokens.remaining
        : Math.min(budget.remaining ?? tokens.remaining, tokens.remaining);
      budget.resetsAtMs = newWindow ? tokens.resetsAtMs : Math.max(budget.resetsAtMs ?? 0, tokens.resetsAtMs ?? 0);
    },
  };
}

/** How long a call of `tokens` must wait, and why; undefined when it may go now. */
function waitBeforeCall(
  budget: Budget,
  tokens: number,
  tokensPerMinute: number | undefined,
  now: number,
): { waitMs: number; reason: string } | undefined {
  if (budget.remaining === undefined) {
    // The first call to a key, and the first of a reported window after its reset, goes alone:
    // its answer brings back the provider's count (or shows that it sends none).
    if ((budget.reported || !budget.heard) && budget.callsInFlight > 0)
      return { waitMs: BUDGET_POLL_MS, reason: 'the first call of a new window is out' };
    return undefined;
  }
  // A configured limit below the provider's keeps the difference free for others.
  const limit = Math.min(tokensPerMinute ?? Number.POSITIVE_INFINITY, budget.limit ?? Number.POSITIVE_INFINITY);
  const headroom =
    budget.reported && budget.limit !== undefined && tokensPerMinute !== undefined
      ? Math.max(0, budget.limit - tokensPerMinute)
      : 0;
  const left = budget.remaining - headroom - budget.reservedTokens;
  // A call larger than a whole window could never go: the provider decides.
  if (tokens > limit) return undefined;
  const untilReset =
    budget.resetsAtMs === undefined ? BUDGET_POLL_MS : Math.max(budget.resetsAtMs - now + RESET_MARGIN_MS, 1);
  if (tokens > left) return { waitMs: untilReset, reason: `${Math.max(left, 0)} tokens left in the window` };
  // Near the end of a window every worker sees the same count: each sends one call at a time,
  // so together they overshoot by at most a call each.
  if (budget.reported && left - tokens < limit * CAREFUL_SHARE && budget.callsInFlight > 0)
    return { waitMs: BUDGET_POLL_MS, reason: 'the window is nearly spent and a call is out' };
  return undefined;
}
