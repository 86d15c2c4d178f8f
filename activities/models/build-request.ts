// A model step's rendered parameters → the normalised request, per action (spec §8.5).
import type { ModelMessage, ModelRequest } from './types.js';
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
  if (action === 'generate_structured') {
    const schema = parameters.schema;
    if (!schema || typeof schema !== 'object' || Array.isArray(schema)) throw new ModelError('InvalidRequest', 'generate_structured needs "schema": a JSON Schema object', false);
    request.json_schema = { name: 'result', schema: schema as Record<string, unknown> };
  }
  return request;
}

function messagesOf(action: string, parameters: Record<string, unknown>): ModelMessage[] {
  if (Array.isArray(parameters.messages)) {
    return parameters.messages.map((message) => {
      const { role, content } = message as { role?: unknown; content?: unknown };
      return { role: role === 'assistant' ? 'assistant' : 'user', content: typeof content === 'string' ? content : JSON.stringify(content) };
    });
  }
  if (action === 'analyze_text') {
    const instruction = typeof parameters.prompt === 'string' ? parameters.prompt : (ANALYSIS_PROMPTS[String(parameters.analysis_type)] ?? `Analyse the text (${String(parameters.analysis_type ?? 'general')}).`);
    const text = parameters.text === undefined ? '' : `\n\nText:\n${typeof parameters.text === 'string' ? parameters.text : JSON.stringify(parameters.text)}`;
    return [{ role: 'user', content: `${instruction}${text}` }];
  }
  const prompt = parameters.prompt;
  if (prompt === undefined) throw new ModelError('InvalidRequest', `${action} needs "prompt" or "messages"`, false);
  return [{ role: 'user', content: typeof prompt === 'string' ? prompt : JSON.stringify(prompt) }];
}

/** analyze_text returns parsed JSON when the prompt or the analysis type asks for JSON (py-orc). */
export function wantsJson(action: string, parameters: Record<string, unknown>): boolean {
  return action === 'analyze_text' && /json/i.test(`${String(parameters.prompt ?? '')} ${String(parameters.analysis_type ?? '')}`);
}
