// A model step's rendered parameters → the normalised request, per action (spec §8.5).
import type { ModelMessage, ModelRequest, ModelToolCall, ModelToolDefinition } from './types.js';
import { ModelError } from './types.js';

const ANALYSIS_PROMPTS: Record<string, string> = {
  summary: 'Summarise the text.',
  sentiment: 'Describe the sentiment of the text.',
  key_points: 'List the key points of the text.',
};

export function buildModelRequest(action: string, model: string, parameters: Record<string, unknown>): ModelRequest {
  const request: ModelRequest = { model, messages: messagesOf(action, parameters) };
  if (typeof parameters.system === 'string') request.system = parameters.system;
  if (typeof parameters.temperature === 'number') request.temperature = parameters.temperature;
  if (typeof parameters.max_tokens === 'number') request.max_tokens = parameters.max_tokens;
  if (Array.isArray(parameters.stop)) request.stop = parameters.stop.map(String);
  else if (typeof parameters.stop === 'string') request.stop = [parameters.stop];
  if (action === 'agent') request.tools = toolDefinitionsOf(parameters.tools);
  if (action === 'generate_structured') {
    const schema = parameters.schema;
    if (!schema || typeof schema !== 'object' || Array.isArray(schema))
      throw new ModelError('InvalidRequest', 'generate_structured needs "schema": a JSON Schema object');
    request.json_schema = { name: 'result', schema: schema as Record<string, unknown> };
  }
  return request;
}

function messagesOf(action: string, parameters: Record<string, unknown>): ModelMessage[] {
  if (Array.isArray(parameters.messages)) {
    return parameters.messages.map((message) => messageOf(message as Record<string, unknown>));
  }
  if (action === 'analyze_text') {
    const instruction =
      typeof parameters.prompt === 'string'
        ? parameters.prompt
        : (ANALYSIS_PROMPTS[String(parameters.analysis_type)] ??
          `Analyse the text (${String(parameters.analysis_type ?? 'general')}).`);
    const text =
      parameters.text === undefined
        ? ''
        : `\n\nText:\n${typeof parameters.text === 'string' ? parameters.text : JSON.stringify(parameters.text)}`;
    return [{ role: 'user', content: `${instruction}${text}` }];
  }
  const prompt = parameters.prompt;
  if (prompt === undefined) throw new ModelError('InvalidRequest', `${action} needs "prompt" or "messages"`);
  return [{ role: 'user', content: typeof prompt === 'string' ? prompt : JSON.stringify(prompt) }];
}

/** analyze_text returns parsed JSON when the prompt or the analysis type asks for JSON (py-orc). */
export function wantsJson(action: string, parameters: Record<string, unknown>): boolean {
  return (
    action === 'analyze_text' &&
    /json/i.test(`${String(parameters.prompt ?? '')} ${String(parameters.analysis_type ?? '')}`)
  );
}

/** A message of `messages:`, or of an agent's conversation (assistant tool calls, tool answers). */
function messageOf(message: Record<string, unknown>): ModelMessage {
  const { role, content } = message;
  const text = typeof content === 'string' ? content : JSON.stringify(content ?? '');
  if (role === 'tool') return { role: 'tool', content: text, tool_call_id: String(message.tool_call_id ?? '') };
  if (role !== 'assistant') return { role: 'user', content: text };
  const calls = Array.isArray(message.tool_calls) ? (message.tool_calls as ModelToolCall[]) : [];
  return { role: 'assistant', content: text, ...(calls.length ? { tool_calls: calls } : {}) };
}

function toolDefinitionsOf(tools: unknown): ModelToolDefinition[] {
  if (!Array.isArray(tools)) return [];
  return tools.filter((tool): tool is ModelToolDefinition => typeof (tool as { name?: unknown })?.name === 'string');
}
