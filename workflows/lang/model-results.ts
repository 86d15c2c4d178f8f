// The result each model action returns (activities/models/run-model.ts, media-actions.ts and
// interpreter/steps/agent-step.ts build them): what `{{ step.field }}` reads are checked against
// at compile time, what `orc schema --results` prints and docs/models.md lists.
import type { ModelActionIR } from './ir.js';
import { closedObject, jsonSchemaShape, type ResultShape } from './result-shape.js';

export interface ModelResultSpec {
  /** The result's shape, for documentation. */
  result: string;
  /** The result's top-level fields; [] for a text result. Absent: open-ended, not checked. */
  returns?: readonly string[];
}

export const MODEL_RESULTS: Readonly<Record<ModelActionIR, ModelResultSpec>> = {
  generate: { result: "the model's answer as text", returns: [] },
  generate_structured: {
    result: 'an object valid against `schema`: its fields are checked when the schema lists its properties',
  },
  analyze_text: {
    result: "the model's answer as text; parsed JSON when the prompt or analysis_type asks for JSON",
    returns: [],
  },
  agent: {
    result: "the model's final answer as text (the step's `turns` and `transcript` tell how it got there)",
    returns: [],
  },
  generate_image: {
    result: '{images: [{path, size_bytes, media_type}], revised_prompt: null when the provider gives none}',
    returns: ['images', 'revised_prompt'],
  },
  transcribe_audio: { result: '{text, language?, duration_s?}', returns: ['text', 'language', 'duration_s'] },
  generate_speech: {
    result: '{path, size_bytes, media_type}: the audio file written',
    returns: ['path', 'size_bytes', 'media_type'],
  },
};

/**
 * The fields a model step's result has, as far as the step's text says: a structured schema
 * written out with its properties (and allowing no others) gives them; a text answer has none;
 * analyze_text may answer parsed JSON (when its prompt asks for JSON, which a template may), so
 * then it is open. `extra` are parameters filled by <AUTO> answers, readable as `step.name`.
 */
export function modelResultFields(
  action: ModelActionIR,
  parameters: Record<string, unknown>,
  extra: readonly string[],
): string[] | undefined {
  if (action === 'generate_structured') return structuredFields(parameters.schema, extra);
  if (action === 'analyze_text' && mayAnswerJson(parameters)) return undefined;
  const returns = MODEL_RESULTS[action].returns;
  return returns ? [...returns, ...extra] : undefined;
}

function mayAnswerJson(parameters: Record<string, unknown>): boolean {
  const asked = `${String(parameters.prompt ?? '')} ${String(parameters.analysis_type ?? '')}`;
  return /json/i.test(asked) || asked.includes('{{') || asked.includes('{%') || asked.includes('<AUTO');
}

function structuredFields(schema: unknown, extra: readonly string[]): string[] | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  const { properties, additionalProperties } = schema as { properties?: unknown; additionalProperties?: unknown };
  if (!properties || typeof properties !== 'object' || Array.isArray(properties)) return undefined;
  if (additionalProperties !== undefined && additionalProperties !== false) return undefined;
  return [...Object.keys(properties), ...extra];
}

const FILE = closedObject(['path', 'size_bytes', 'media_type']);

/** The result's shape below its fields: a structured schema's, or a media action's files. */
export function modelResultShape(action: ModelActionIR, parameters: Record<string, unknown>): ResultShape | undefined {
  if (action === 'generate_structured') return jsonSchemaShape(parameters.schema);
  if (action === 'generate_image') return closedObject(['images', 'revised_prompt'], { images: { items: FILE } });
  return undefined;
}
