// The provider interface: one normalised request and one normalised response for every
// provider, each keeping the provider's raw value beside it (style: Vercel AI SDK). The
// workflow never sees a provider's shapes; adapters map at the edge.
import { isRetryable, type ErrorType } from '../../workflows/activity-interfaces.js';
import type { ProviderRateLimits } from './providers/shared/rate-limit-headers.js';

export interface ModelMessage {
  role: 'user' | 'assistant' | 'tool';
  content: string;
  /** Assistant turns that called tools. */
  tool_calls?: ModelToolCall[];
  /** Tool results answer one call. */
  tool_call_id?: string;
  /** Images, PDFs and audio sent with a user turn (read in the activity: never in history). */
  media?: ModelMedia[];
}

/** One file of a user turn, as every adapter maps it to its provider's own content part. */
export interface ModelMedia {
  kind: 'image' | 'pdf' | 'audio';
  /** `image/png`, `image/jpeg`, `image/gif`, `image/webp`, `application/pdf`, `audio/wav`, `audio/mpeg`. */
  media_type: string;
  /** `png`, `jpeg`, `gif`, `webp`, `pdf`, `wav`, `mp3`. */
  format: string;
  /** The bytes, base64. */
  data: string;
  /** A name for the file (documents need one on OpenAI and Bedrock). */
  name: string;
}

export interface ModelToolDefinition {
  name: string;
  description: string;
  /** JSON Schema of the arguments (an object schema). */
  parameters: Record<string, unknown>;
}

export interface ModelToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
  /**
   * Gemini's opaque `thoughtSignature` for this call. Added by the Google adapter: Gemini 3
   * rejects the next turn (400) unless each function call is sent back with its signature, so
   * the transcript must carry it. Other providers leave it unset.
   */
  thought_signature?: string;
}

export interface ModelRequest {
  /** The provider's own model name, e.g. `gpt-4o-mini` (the registry resolves references). */
  model: string;
  system?: string;
  messages: ModelMessage[];
  temperature?: number;
  max_tokens?: number;
  stop?: string[];
  /** Structured output: the provider's native mode where it has one. */
  json_schema?: { name: string; schema: Record<string, unknown> };
  tools?: ModelToolDefinition[];
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'other';

export interface ModelUsage {
  /** Undefined when the provider did not say (never an invented zero). */
  input_tokens?: number;
  output_tokens?: number;
  cached_tokens?: number;
}

export interface ModelResponse {
  text: string;
  /** The parsed JSON when the request asked for structured output and the text parses. */
  parsed?: unknown;
  tool_calls: ModelToolCall[];
  finish_reason: FinishReason;
  usage: ModelUsage;
  /** The model that answered, as the provider names it. */
  model: string;
  /** The provider's own response (or the last stream chunk and the collected text). */
  raw: unknown;
  /** What the provider's headers said of its rate limits (the token budgets read them). */
  rate_limits?: ProviderRateLimits;
}

export interface GenerateOptions {
  /** Aborted when the activity is cancelled. */
  signal?: AbortSignal;
  /** Called as streamed output arrives (the activity heartbeats). */
  onProgress?: (charactersSoFar: number) => void;
  /** Per-request timeout, ms. */
  timeoutMs?: number;
}

export interface ModelAdapter {
  /** `openai`, `anthropic`, `google`, or the name of an OpenAI-compatible provider. */
  readonly provider: string;
  generate(request: ModelRequest, options?: GenerateOptions): Promise<ModelResponse>;
  /** Images, transcriptions and speech, where the provider's SDK offers them (OpenAI, Gemini). */
  makeMedia?(request: MediaRequest, options?: GenerateOptions): Promise<MediaResponse>;
}

/** What a media action asks a provider for: images from a prompt, text from audio, audio from text. */
export type MediaRequest =
  | {
      kind: 'image';
      model: string;
      prompt: string;
      count: number;
      /** `1024x1024`, `1792x1024`, … as the provider names sizes. */
      size?: string;
      quality?: string;
      style?: string;
    }
  | { kind: 'transcription'; model: string; audio: ModelMedia; language?: string; prompt?: string }
  | { kind: 'speech'; model: string; text: string; voice: string; format: 'mp3' | 'wav' };

export interface MediaResponse {
  /** Made files (images, speech), in order; none for a transcription. */
  files: Array<{ data: Buffer; media_type: string }>;
  /** A transcription's text. */
  text?: string;
  language?: string;
  duration_s?: number;
  /** The prompt as the image model rewrote it (DALL·E 3). */
  revised_prompt?: string;
  usage: ModelUsage;
  model: string;
}

/** Stable error types of model calls (error-types.ts): retry policies and `non_retryable` lists name them. */
export type ModelErrorType = Extract<
  ErrorType,
  | 'RateLimited'
  | 'ProviderUnavailable'
  | 'InvalidRequest'
  | 'AuthenticationFailed'
  | 'ModelNotFound'
  | 'ContextLengthExceeded'
  | 'ContentFiltered'
  | 'MalformedResponse'
  | 'Timeout'
>;

/** A provider failure, mapped once at the edge. Adapters throw only this; its type decides whether it is retried. */
export class ModelError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly type: ModelErrorType,
    message: string,
    readonly details: {
      status?: number;
      retryAfterMs?: number;
      provider?: string;
      raw?: unknown;
      rate_limits?: ProviderRateLimits;
    } = {},
  ) {
    super(message);
    this.retryable = isRetryable(type);
    this.name = 'ModelError';
  }
}
