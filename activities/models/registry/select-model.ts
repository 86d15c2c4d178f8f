// Choosing a model for `auto`, `<AUTO>` in a model position, or `requires_model` (spec §8.3):
// only models whose provider has credentials, filtered by the requirements, then the cheapest
// (input + output price), ties by name. Deterministic for a given registry and environment;
// it runs in an activity, so the choice is recorded in history and replays unchanged.
import type { ModelEntry, ModelRegistry } from './registry.js';

export interface ModelRequirements {
  capabilities?: string[];
  min_context?: number;
  /** Compared with the mean of the input and output prices per million tokens. */
  max_cost_per_mtok?: number;
  expertise?: string;
  min_size?: string | number;
  max_size?: string | number;
  preferred?: string[];
  excluded?: string[];
}

/** Capabilities of models that make media rather than text (docs/models.md, "Making media"). */
const MEDIA_MAKING = ['image_generation', 'transcription', 'speech'];

const EXPERTISE = ['low', 'medium', 'medium-high', 'high', 'very-high'];

/** "7B", "70b", 13 → billions of parameters. */
export function sizeInBillions(size: string | number | undefined): number | undefined {
  if (size === undefined) return undefined;
  if (typeof size === 'number') return size;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([bm])?\s*$/i.exec(size);
  if (!match) return undefined;
  return Number(match[1]) / (match[2]?.toLowerCase() === 'm' ? 1000 : 1);
}

export function fits(model: ModelEntry, requirements: ModelRequirements): boolean {
  const reference = `${model.provider}:${model.name}`;
  if (
    requirements.excluded?.some(
      (excluded) => excluded === reference || excluded === model.name || excluded === model.provider,
    )
  )
    return false;
  if (requirements.capabilities?.some((capability) => !model.capabilities.includes(capability))) return false;
  // A model that only makes media (images, speech, transcripts) answers no text request.
  const makesMedia = requirements.capabilities?.some((capability) => MEDIA_MAKING.includes(capability));
  if (!makesMedia && !model.capabilities.includes('text')) return false;
  if (requirements.min_context !== undefined && model.context < requirements.min_context) return false;
  if (
    requirements.max_cost_per_mtok !== undefined &&
    (model.input_per_mtok + model.output_per_mtok) / 2 > requirements.max_cost_per_mtok
  )
    return false;
  if (requirements.expertise && EXPERTISE.indexOf(model.expertise) < EXPERTISE.indexOf(requirements.expertise))
    return false;
  // Hosted models do not disclose their size (size_b 0): they meet any minimum, no maximum.
  const minimum = sizeInBillions(requirements.min_size);
  if (minimum !== undefined && model.size_b !== 0 && model.size_b < minimum) return false;
  const maximum = sizeInBillions(requirements.max_size);
  if (maximum !== undefined && (model.size_b === 0 || model.size_b > maximum)) return false;
  return true;
}

export interface Selection {
  reference?: string;
  /** Why nothing fits, for the error message. */
  reason?: string;
  candidates: number;
}

export function selectModel(
  registry: ModelRegistry,
  requirements: ModelRequirements,
  availableProviders: ReadonlySet<string>,
): Selection {
  const available = registry.models.filter((model) => availableProviders.has(model.provider));
  if (available.length === 0)
    return {
      candidates: 0,
      reason: `no provider has credentials on this worker (set e.g. OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, GROQ_API_KEY or OLLAMA_HOST; docs/models.md lists every provider's variables)`,
    };
  const fitting = available.filter((model) => fits(model, requirements));
  if (fitting.length === 0)
    return {
      candidates: 0,
      reason: `none of the ${available.length} models with credentials meets ${JSON.stringify(requirements)}`,
    };
  const preferred = fitting.filter((model) =>
    requirements.preferred?.some((name) => name === `${model.provider}:${model.name}` || name === model.name),
  );
  const pool = preferred.length > 0 ? preferred : fitting;
  const cheapest = [...pool].sort(
    (left, right) =>
      left.input_per_mtok + left.output_per_mtok - (right.input_per_mtok + right.output_per_mtok) ||
      (`${left.provider}:${left.name}` < `${right.provider}:${right.name}` ? -1 : 1),
  )[0]!;
  return { reference: `${cheapest.provider}:${cheapest.name}`, candidates: fitting.length };
}
