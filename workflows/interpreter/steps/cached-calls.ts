// How many of a step's model calls the response cache answered (the activity says so in
// `cached`): a step whose every call was answered is `cached`, with what the calls used and cost
// when they were made; one answered in part says how many were (`cached_calls`).
import type { ModelCallOutput } from '../../activity-interfaces.js';
import type { CachedFrom, StepReport } from '../../result-document.js';

export class CachedCalls {
  private cached = 0;
  private live = 0;
  private createdAt = '';
  private inputTokens = 0;
  private outputTokens = 0;
  private costUsd: number | undefined;

  add(output: ModelCallOutput): void {
    const hit = output.cached;
    if (!hit) {
      this.live++;
      return;
    }
    this.cached++;
    this.createdAt ||= hit.created_at;
    this.inputTokens += hit.usage?.input_tokens ?? 0;
    this.outputTokens += hit.usage?.output_tokens ?? 0;
    if (hit.cost_usd !== undefined) this.costUsd = (this.costUsd ?? 0) + hit.cost_usd;
  }

  extra(): Partial<StepReport> {
    if (this.cached === 0) return {};
    if (this.live > 0) return { cached_calls: this.cached };
    const cached: CachedFrom = {
      calls: this.cached,
      created_at: this.createdAt,
      ...(this.inputTokens + this.outputTokens > 0
        ? { usage: { input_tokens: this.inputTokens, output_tokens: this.outputTokens } }
        : {}),
      ...(this.costUsd !== undefined ? { cost_usd: this.costUsd } : {}),
    };
    return { cached };
  }
}
