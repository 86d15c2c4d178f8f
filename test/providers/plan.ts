// What a fake provider server is told to do with the next request, in terms that do not depend
// on the wire protocol: each protocol renders a plan the way its real API would.

export interface FakeToolCall {
  /** The call's id, sent by OpenAI and Anthropic; by Gemini only with `geminiSendsId`. */
  id?: string;
  /** The Gemini API usually sends function calls without an id; this one has it. */
  geminiSendsId?: boolean;
  name: string;
  arguments: Record<string, unknown>;
  /** Gemini's thoughtSignature on the call; ignored by the other protocols. */
  thoughtSignature?: string;
}

/** Total input tokens (cached ones included), output tokens, and the cached part of the input. */
export interface FakeUsage {
  input: number;
  output: number;
  cached?: number;
}

export type FakeFinish = 'stop' | 'length' | 'tool_calls' | 'content_filter';

interface Timing {
  /** Wait this long before sending the status line (a slow server). */
  delayMs?: number;
}

export interface ReplyPlan extends Timing {
  kind: 'reply';
  /** A string, or the pieces in which a stream sends it. */
  text?: string | string[];
  toolCalls?: FakeToolCall[];
  /** `null`: the protocol's usage fields are left out entirely. */
  usage?: FakeUsage | null;
  finish?: FakeFinish;
  /** The model the answer names (default: the model asked for). */
  model?: string;
  /** Pause between stream events. */
  eventDelayMs?: number;
  /** Pause after this many events, for `stallMs` (a stream that stalls halfway). */
  stallAfterEvents?: number;
  stallMs?: number;
  /** End the stream cleanly after this many events: the final events never come. */
  cutAfterEvents?: number;
  /** Destroy the connection after this many events. */
  dropAfterEvents?: number;
}

export type FailureReason =
  | 'rate_limit'
  | 'server_error'
  | 'overloaded'
  | 'bad_request'
  | 'context_length'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'unprocessable'
  | 'conflict'
  | 'timeout';

export interface FailurePlan extends Timing {
  kind: 'failure';
  status: number;
  /** What the body says; derived from the status when absent. */
  reason?: FailureReason;
  message?: string;
  headers?: Record<string, string>;
  /** A body sent as is instead of the protocol's error shape. */
  rawBody?: string;
}

/** The provider's safety system refuses the prompt, the way that provider says so. */
export interface BlockedPlan extends Timing {
  kind: 'blocked';
}

/** An error event inside a 200 stream, after `afterEvents` normal events. */
export interface StreamErrorPlan extends Timing {
  kind: 'stream-error';
  reason: FailureReason;
  afterEvents?: number;
}

/**
 * A 200 whose body is not the protocol: `invalid-json` (an event or body that does not parse),
 * `missing-fields` (JSON without the fields the protocol promises), `not-the-protocol` (an HTML
 * page, as a misconfigured proxy sends).
 */
export interface MalformedPlan extends Timing {
  kind: 'malformed';
  variant: 'invalid-json' | 'missing-fields' | 'not-the-protocol';
}

export type Plan = ReplyPlan | FailurePlan | BlockedPlan | StreamErrorPlan | MalformedPlan;

export const reply = (plan: Omit<ReplyPlan, 'kind'> = {}): ReplyPlan => ({ kind: 'reply', ...plan });
export const failure = (status: number, plan: Omit<FailurePlan, 'kind' | 'status'> = {}): FailurePlan => ({
  kind: 'failure',
  status,
  ...plan,
});
export const blocked = (): BlockedPlan => ({ kind: 'blocked' });
export const streamError = (reason: FailureReason, afterEvents = 1): StreamErrorPlan => ({
  kind: 'stream-error',
  reason,
  afterEvents,
});
export const malformed = (variant: MalformedPlan['variant']): MalformedPlan => ({ kind: 'malformed', variant });

export function reasonOfStatus(status: number): FailureReason {
  if (status === 429) return 'rate_limit';
  if (status === 401) return 'authentication';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 409) return 'conflict';
  if (status === 422) return 'unprocessable';
  if (status === 529 || status === 503) return 'overloaded';
  if (status >= 500) return 'server_error';
  return 'bad_request';
}

export function textOf(plan: ReplyPlan): string {
  return Array.isArray(plan.text) ? plan.text.join('') : (plan.text ?? '');
}

/** The pieces a stream sends the text in: as planned, or in about three pieces. */
export function piecesOf(plan: ReplyPlan): string[] {
  if (Array.isArray(plan.text)) return plan.text;
  const text = plan.text ?? '';
  if (text.length < 3) return text ? [text] : [];
  const size = Math.ceil(text.length / 3);
  return [text.slice(0, size), text.slice(size, 2 * size), text.slice(2 * size)];
}
