// A request as a fake server understood it, in protocol-neutral terms, so one contract suite can
// assert what every SDK sent.

import type { SeenMedia } from './media-parts.js';

export interface SeenToolCall {
  id?: string;
  name: string;
  arguments: unknown;
  thoughtSignature?: string;
}

export interface SeenMessage {
  role: 'user' | 'assistant' | 'tool';
  text: string;
  toolCalls?: SeenToolCall[];
  /** A tool result: which call it answers (by id, or by name where the protocol uses names). */
  toolResult?: { id?: string; name?: string; content: unknown };
  /** Images, documents and audio of a user turn, in the order sent. */
  media?: SeenMedia[];
}

export interface SeenRequest {
  model: string;
  stream: boolean;
  /** Which endpoint, for protocols with more than chat (`images`, `transcriptions`, `speech`). */
  endpoint?: string;
  apiKey?: string;
  system?: string;
  messages: SeenMessage[];
  tools: Array<{ name: string; description?: string; parameters: unknown }>;
  jsonSchema?: unknown;
  maxTokens?: number;
  temperature?: number;
  stop?: string[];
}

export interface RecordedRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body (the raw text when it was not JSON). */
  body: unknown;
  /** The protocol's reading of it; undefined for requests outside the protocol's routes. */
  seen?: SeenRequest;
}
