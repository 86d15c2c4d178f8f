// Model references (spec §8): `provider:model`, a registry name, a list (fallback chain),
// `auto`, or an `<AUTO task="…">…</AUTO>` tag in a model position; and `requires_model`.
import { isSeq, type Node } from 'yaml';
import { closestMatch } from '../diagnostics.js';
import type { ModelChoiceIR } from '../ir.js';
import type { CompileContext } from './context.js';
import { readMapping, type Entry } from './mapping.js';
import { REQUIRES_MODEL_KEYS } from './key-tables.js';
import { autoTagAttributes, isWholeAutoTag } from './scan-values.js';
import { describeNode, plainValue } from './values.js';

/** Providers accepted when the compile has no model catalogue (a registry is the authority when it has one). */
export const KNOWN_PROVIDERS = [
  'openai',
  'anthropic',
  'google',
  'gemini',
  'ollama',
  'vllm',
  'lmstudio',
  'openai-compatible',
  // The registry's presets (docs/models.md, "Providers and keys").
  'groq',
  'mistral',
  'deepseek',
  'together',
  'fireworks',
  'openrouter',
  'xai',
  'azure',
  'bedrock',
];

/** What the model registry knows, for checking model references when compiling. */
/** The providers whose calls go to a task queue of their own, rate-limited by the server (sorted). */
export function rateLimitedProviders(catalogue: ModelCatalogue | undefined): string[] {
  return Object.entries(catalogue?.providers ?? {})
    .filter(([, provider]) => provider.requestsPerSecond !== undefined)
    .map(([name]) => name)
    .sort();
}

/** Rate-limited providers whose calls share a queue with others (one key or one group): provider → queue suffix. */
export function sharedProviderQueues(catalogue: ModelCatalogue | undefined): Record<string, string> {
  const shared = Object.entries(catalogue?.providers ?? {}).flatMap(([name, provider]) =>
    provider.requestsPerSecond !== undefined && provider.queue !== undefined ? [[name, provider.queue] as const] : [],
  );
  return Object.fromEntries(shared.sort(([first], [second]) => first.localeCompare(second)));
}

export interface ModelCatalogue {
  /** Provider name → whether it prices any model name (`any_model_price`: ollama, a gateway). */
  /** `queue`: the suffix of a queue shared with other entries of one key or group (decisions/0018). */
  providers: Readonly<Record<string, { anyModel: boolean; requestsPerSecond?: number; queue?: string }>>;
  /** `provider:name` of every listed model (each has a price). */
  models: readonly string[];
  /** `provider:name` → its capabilities (`vision`, `pdf`, `audio`…), for checking a step's media. */
  capabilities?: Readonly<Record<string, readonly string[]>>;
}
const REFERENCE = /^([a-z][a-z0-9-]*):([A-Za-z0-9][\w.\-/:@]*)$/;
const REGISTRY_NAME = /^[A-Za-z0-9][\w.\-/@]*$/;

export function compileModelChoice(context: CompileContext, entry: Entry): ModelChoiceIR | undefined {
  const value = plainValue(entry.value);
  if (isSeq(entry.value)) {
    const refs = (entry.value.items as Node[])
      .map((item) => checkReference(context, entry, item, plainValue(item)))
      .filter((ref): ref is string => ref !== undefined);
    if (refs.length === 0)
      context.source.report(
        'error',
        'E_MODEL_REFERENCE',
        entry.value,
        entry.pointer,
        'a fallback chain must list at least one model',
      );
    return refs.length ? { kind: 'chain', refs } : undefined;
  }
  if (value === 'auto' || value === 'AUTO' || (typeof value === 'string' && value.trim() === '<AUTO>'))
    return { kind: 'auto' };
  if (isWholeAutoTag(value)) {
    const attributes = autoTagAttributes(value.trim());
    const prompt = value
      .trim()
      .replace(/^<AUTO[^>]*>/, '')
      .replace(/<\/AUTO>$/, '')
      .trim();
    return { kind: 'auto', ...(attributes.task ? { task: attributes.task } : {}), ...(prompt ? { prompt } : {}) };
  }
  const ref = checkReference(context, entry, entry.value, value);
  return ref ? { kind: 'ref', ref } : undefined;
}

function checkReference(context: CompileContext, entry: Entry, node: Node | null, value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    context.source.report(
      'error',
      'E_MODEL_REFERENCE',
      node ?? entry.keyNode,
      entry.pointer,
      `a model must be written "provider:model" (e.g. openai:gpt-4o-mini), a registry name, a list, or auto — not ${describeNode(node)}`,
    );
    return undefined;
  }
  if (value.includes('{{')) return value;
  const match = REFERENCE.exec(value);
  if (match) {
    const providers = context.models ? Object.keys(context.models.providers) : KNOWN_PROVIDERS;
    if (!providers.includes(match[1]!)) {
      const suggestion = closestMatch(match[1]!, providers);
      context.source.report(
        'error',
        'E_MODEL_REFERENCE',
        node,
        entry.pointer,
        `unknown model provider "${match[1]}" in "${value}"`,
        `${suggestion ? `did you mean "${suggestion}"? ` : ''}providers: ${providers.join(', ')} (or a provider defined in your model registry)`,
      );
      return undefined;
    }
    return checkPriced(context, entry, node, value);
  }
  if (REGISTRY_NAME.test(value)) return checkPriced(context, entry, node, value);
  context.source.report(
    'error',
    'E_MODEL_REFERENCE',
    node,
    entry.pointer,
    `"${value}" is not a model reference`,
    'write "provider:model", e.g. anthropic:claude-sonnet-4-5, or a name from the model registry',
  );
  return undefined;
}

export function compileRequirements(context: CompileContext, entry: Entry): Record<string, unknown> | undefined {
  const entries = readMapping(context.source, entry.value, entry.pointer, REQUIRES_MODEL_KEYS);
  if (!entries) return undefined;
  return Object.fromEntries([...entries].map(([key, item]) => [key, plainValue(item.value)]));
}

/**
 * A model must have a price in the registry (listed, or its provider's any_model_price): its
 * cost is what a run adds up and a budget holds; unknown, it would count as nothing.
 */
function checkPriced(context: CompileContext, entry: Entry, node: Node | null, reference: string): string | undefined {
  const catalogue = context.models;
  if (!catalogue || isPriced(catalogue, reference)) return reference;
  const suggestion = suggestModel(catalogue, reference);
  context.source.report(
    'error',
    'E_UNKNOWN_MODEL',
    node ?? entry.keyNode,
    entry.pointer,
    `model "${reference}" is not in the model registry: its price is unknown, so its cost could not be counted or held to a budget`,
    `${suggestion ? `did you mean "${suggestion}"? ` : ''}To use "${reference}" itself, add it with its price to your models file (ORC_MODELS_FILE, docs/models.md); \`orc models\` lists the registry`,
  );
  return undefined;
}

function isPriced(catalogue: ModelCatalogue, reference: string): boolean {
  const colon = reference.indexOf(':');
  if (colon === -1) return catalogue.models.some((model) => model.slice(model.indexOf(':') + 1) === reference);
  return catalogue.models.includes(reference) || catalogue.providers[reference.slice(0, colon)]?.anyModel === true;
}

/**
 * The registry's closest model: by edit distance, else by shared words, so that a dated or
 * older name ("claude-3-5-haiku-latest") finds its current sibling ("claude-haiku-4-5").
 */
export function suggestModel(catalogue: ModelCatalogue, reference: string): string | undefined {
  const colon = reference.indexOf(':');
  const provider = colon === -1 ? undefined : reference.slice(0, colon);
  const name = reference.slice(colon + 1);
  const candidates = catalogue.models.filter((model) => provider === undefined || model.startsWith(`${provider}:`));
  const nameOf = (model: string) => model.slice(model.indexOf(':') + 1);
  const shown = (model: string) => (provider === undefined ? nameOf(model) : model);
  const close = closestMatch(name, candidates.map(nameOf));
  if (close !== undefined) return shown(candidates.find((model) => nameOf(model) === close)!);
  const words = wordsOf(name);
  let best: { model: string; shared: number } | undefined;
  for (const model of candidates) {
    const shared = wordsOf(nameOf(model)).filter((word) => words.includes(word)).length;
    if (shared >= 2 && shared > (best?.shared ?? 0)) best = { model, shared };
  }
  return best && shown(best.model);
}

/** The words of a model name that say what it is: "gpt-4o-mini-2024" → gpt, 4o, mini. */
function wordsOf(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => /[a-z]/.test(word));
}
