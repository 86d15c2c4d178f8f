// A run's budget (spec §8.6), enforced in the workflow so it survives crashes and replays:
// model calls are charged what they cost; before a call, a spent budget fails the step with
// BudgetExceeded (`on_exceed: fail`) or waits, durably, until an operator raises it
// (`on_exceed: pause`, `orc budget raise`) or cancels the run.
import { condition } from '@temporalio/workflow';
import type { BudgetIR } from '../lang/ir.js';

export interface Reservation {
  usd: number;
  tokens: number;
}

export class BudgetTracker {
  spentUsd = 0;
  spentTokens = 0;
  /** Worst cases of the calls in flight: not spent yet, but not free either. */
  reservedUsd = 0;
  reservedTokens = 0;
  waitingSince: string | undefined;

  constructor(private readonly budget: BudgetIR | undefined) {}

  get limits(): { max_cost_usd?: number; max_tokens?: number } {
    return {
      ...(this.budget?.max_cost_usd !== undefined ? { max_cost_usd: this.budget.max_cost_usd } : {}),
      ...(this.budget?.max_tokens !== undefined ? { max_tokens: this.budget.max_tokens } : {}),
    };
  }

  exceeded(): boolean {
    if (!this.budget) return false;
    return (
      (this.budget.max_cost_usd !== undefined && this.spentUsd >= this.budget.max_cost_usd) ||
      (this.budget.max_tokens !== undefined && this.spentTokens >= this.budget.max_tokens)
    );
  }

  charge(costUsd: number | undefined, tokens: number | undefined): void {
    this.spentUsd += costUsd ?? 0;
    this.spentTokens += tokens ?? 0;
  }

  /** Undefined when the call may go ahead; else the failure message (`on_exceed: fail`). */
  async beforeCall(now: () => string, changed: () => void): Promise<string | undefined> {
    if (!this.budget || !this.exceeded()) return undefined;
    const spent = `spent $${this.spentUsd.toFixed(4)} and ${this.spentTokens} tokens of ${JSON.stringify(this.limits)}`;
    if (this.budget.on_exceed === 'fail') return `the run's budget is used up: ${spent}`;
    await this.pauseUntil(() => !this.exceeded(), now, changed);
    return undefined;
  }

  /** `on_exceed: pause`: waits, durably and visibly (`waitingSince`), until `ready` holds. */
  private async pauseUntil(ready: () => boolean, now: () => string, changed: () => void): Promise<void> {
    this.waitingSince = now();
    changed();
    try {
      await condition(ready);
    } finally {
      // Also when the run is cancelled while it waits: it no longer waits for the budget.
      this.waitingSince = undefined;
      changed();
    }
  }

  /** True when the run has a limit at all (only then are calls quoted and reserved). */
  get active(): boolean {
    return (
      this.budget !== undefined && (this.budget.max_cost_usd !== undefined || this.budget.max_tokens !== undefined)
    );
  }

  private fits(reservation: Reservation): boolean {
    if (!this.budget) return true;
    const usdFits =
      this.budget.max_cost_usd === undefined ||
      this.spentUsd + this.reservedUsd + reservation.usd <= this.budget.max_cost_usd;
    const tokensFit =
      this.budget.max_tokens === undefined ||
      this.spentTokens + this.reservedTokens + reservation.tokens <= this.budget.max_tokens;
    return usdFits && tokensFit;
  }

  /**
   * Reserves a call's worst case; undefined when reserved, else the failure message
   * (`on_exceed: fail`). With `pause`, waits until calls in flight finish or an operator raises
   * the budget enough, then reserves.
   */
  async reserve(reservation: Reservation, now: () => string, changed: () => void): Promise<string | undefined> {
    if (!this.fits(reservation)) {
      const left = `$${Math.max(0, (this.budget!.max_cost_usd ?? Infinity) - this.spentUsd - this.reservedUsd).toFixed(4)} and ${Math.max(0, (this.budget!.max_tokens ?? Infinity) - this.spentTokens - this.reservedTokens)} tokens`;
      if (this.budget!.on_exceed === 'fail')
        return `the call's worst case ($${reservation.usd.toFixed(4)}, ${reservation.tokens} tokens) does not fit what is left of the budget (${left}); raise the budget or lower max_tokens`;
      await this.pauseUntil(() => this.fits(reservation), now, changed);
    }
    this.reservedUsd += reservation.usd;
    this.reservedTokens += reservation.tokens;
    return undefined;
  }

  release(reservation: Reservation): void {
    this.reservedUsd = Math.max(0, this.reservedUsd - reservation.usd);
    this.reservedTokens = Math.max(0, this.reservedTokens - reservation.tokens);
  }

  /** Why a raise cannot be taken, or undefined. */
  raiseProblem(raise: { max_cost_usd?: number; max_tokens?: number }): string | undefined {
    if (!this.budget) return 'this run has no budget';
    if (raise.max_cost_usd === undefined && raise.max_tokens === undefined)
      return 'give a new max_cost_usd or max_tokens';
    if (raise.max_cost_usd !== undefined && !(raise.max_cost_usd > this.spentUsd))
      return `the new limit must be above what is spent ($${this.spentUsd.toFixed(4)})`;
    if (raise.max_tokens !== undefined && !(raise.max_tokens > this.spentTokens))
      return `the new token limit must be above what is spent (${this.spentTokens})`;
    return undefined;
  }

  raise(raise: { max_cost_usd?: number; max_tokens?: number }): void {
    if (!this.budget) return;
    if (raise.max_cost_usd !== undefined) this.budget.max_cost_usd = raise.max_cost_usd;
    if (raise.max_tokens !== undefined) this.budget.max_tokens = raise.max_tokens;
  }
}
