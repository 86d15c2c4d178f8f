// The model registry: providers (how to reach them, which credentials they need) and models
// (context window, capabilities, prices). The built-in models.yaml, extended or overridden by
// the user's file (ORC_MODELS_FILE). Read once when the worker or CLI starts.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { providerQueues } from './provider-queues.js';

const PriceSchema = z.object({ input_per_mtok: z.number().min(0), output_per_mtok: z.number().min(0) });

const ProviderSchema = z.object({
  kind: z.enum(['openai', 'anthropic', 'google', 'openai-compatible', 'azure-openai', 'bedrock']),
  api_key_env: z.array(z.string()).optional(),
  /**
   * Further variables the provider cannot work without, beside its key: each inner list is
   * satisfied by any one of its names (Azure's endpoint; Bedrock's secret key and region).
   */
  requires_env: z.array(z.array(z.string()).min(1)).optional(),
  /** Azure OpenAI's `api-version` query parameter, and the variable that overrides it. */
  api_version: z.string().optional(),
  api_version_env: z.string().optional(),
  /** Where the prices of this provider's models were read, and when (docs/models.md). */
  prices_source: z.string().optional(),
  prices_read: z.string().optional(),
  base_url_env: z.string().optional(),
  base_url: z.string().optional(),
  base_url_suffix: z.string().optional(),
  needs_key: z.boolean().default(true),
  /**
   * The price of any model of this provider that `models` does not list: for servers that run
   * whatever model they are given (ollama, vLLM, a gateway). Without it an unlisted model has no
   * price, and a model without a price is refused (docs/models.md).
   */
  any_model_price: PriceSchema.optional(),
  /**
   * `requests_per_second`: calls to this provider from every run and worker together, at most this
   * many a second: they go to a task queue of the provider's own that the Temporal server
   * rate-limits. `tokens_per_minute`: each call waits until its estimated tokens fit the key's
   * budget, as the provider's headers report it (decisions/0017, docs/models.md). Entries with
   * one key (kind, address, key variable) or one `group` share one queue at the smallest
   * rate (provider-queues.ts, decisions/0018).
   */
  rate_limit: z
    .object({
      requests_per_second: z.number().positive().optional(),
      tokens_per_minute: z.number().int().positive().optional(),
      group: z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]*$/, 'a group name is lower-case letters, digits and dashes, like "main-key"')
        .optional(),
    })
    .strict()
    .refine((limit) => limit.requests_per_second !== undefined || limit.tokens_per_minute !== undefined, {
      message: 'rate_limit needs requests_per_second, tokens_per_minute or both',
    })
    .refine((limit) => limit.group === undefined || limit.requests_per_second !== undefined, {
      message: 'rate_limit.group shares a request rate: give this entry requests_per_second too',
    })
    .optional(),
});

const ModelSchema = z.object({
  provider: z.string(),
  name: z.string(),
  context: z.number().int().positive(),
  input_per_mtok: z.number().min(0),
  output_per_mtok: z.number().min(0),
  capabilities: z.array(z.string()).default(['text']),
  /** Media models' prices beside the token prices (docs/models.md, "Making media"): USD per image, */
  per_image: z.number().min(0).optional(),
  /** per minute of transcribed audio, */
  per_minute: z.number().min(0).optional(),
  /** per million characters of speech. */
  per_mchar: z.number().min(0).optional(),
  expertise: z.enum(['low', 'medium', 'medium-high', 'high', 'very-high']).default('medium'),
  /** Billions of parameters; 0 when the provider does not say (hosted models). */
  size_b: z.number().min(0).default(0),
});

const RegistryFileSchema = z.object({
  prices_read: z.string().optional(),
  providers: z.record(z.string(), ProviderSchema).default({}),
  models: z.array(ModelSchema).default([]),
});

export type ProviderEntry = z.infer<typeof ProviderSchema>;
export type ModelEntry = z.infer<typeof ModelSchema>;

export interface ModelRegistry {
  pricesRead?: string;
  providers: Record<string, ProviderEntry>;
  models: ModelEntry[];
}

export class RegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryError';
  }
}

const BUILT_IN = new URL('./models.yaml', import.meta.url);

function parseRegistry(text: string, where: string): z.infer<typeof RegistryFileSchema> {
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    throw new RegistryError(`${where} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const result = RegistryFileSchema.safeParse(value ?? {});
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new RegistryError(`${where}: ${issue.path.join('.') || 'the file'}: ${issue.message}`);
  }
  return result.data;
}

/** The built-in registry, merged with the user's file when given (same provider+name replaces). */
/** Every variable the registry's providers read: keys, required settings, versions, base URLs. */
export function registryVariables(registry: ModelRegistry): string[] {
  const names = Object.values(registry.providers).flatMap((provider) => [
    ...(provider.api_key_env ?? []),
    ...(provider.requires_env ?? []).flat(),
    ...(provider.api_version_env ? [provider.api_version_env] : []),
    ...(provider.base_url_env ? [provider.base_url_env] : []),
  ]);
  return [...new Set(names)];
}

export function loadModelRegistry(userFile?: string): ModelRegistry {
  const builtIn = parseRegistry(readFileSync(BUILT_IN, 'utf8'), 'the built-in models.yaml');
  let user: z.infer<typeof RegistryFileSchema> = { providers: {}, models: [] };
  if (userFile) {
    let text: string;
    try {
      text = readFileSync(userFile, 'utf8');
    } catch (error) {
      throw new RegistryError(
        `ORC_MODELS_FILE "${userFile}" cannot be read: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      );
    }
    user = parseRegistry(text, `ORC_MODELS_FILE "${userFile}"`);
  }
  const providers = { ...builtIn.providers, ...user.providers };
  const key = (model: ModelEntry) => `${model.provider}:${model.name}`;
  const models = new Map(builtIn.models.map((model) => [key(model), model]));
  for (const model of user.models) models.set(key(model), model);
  for (const model of models.values()) {
    if (!providers[model.provider])
      throw new RegistryError(
        `model "${key(model)}" names provider "${model.provider}", which the registry does not define`,
      );
  }
  return { pricesRead: user.prices_read ?? builtIn.prices_read, providers, models: [...models.values()] };
}

/**
 * `provider:model` or a registry name → the entry, undefined when the provider is unknown. The
 * entry is undefined when the registry has no price for the model: neither listed nor covered by
 * its provider's `any_model_price`.
 */
export function findModel(
  registry: ModelRegistry,
  reference: string,
): { provider: string; name: string; entry?: ModelEntry } | undefined {
  const colon = reference.indexOf(':');
  if (colon > 0) {
    const provider = reference.slice(0, colon);
    const name = reference.slice(colon + 1);
    const providerEntry = registry.providers[provider];
    if (!providerEntry) return undefined;
    const listed = registry.models.find((model) => model.provider === provider && model.name === name);
    return { provider, name, entry: listed ?? unlistedEntry(provider, name, providerEntry) };
  }
  const entry = registry.models.find((model) => model.name === reference);
  return entry ? { provider: entry.provider, name: entry.name, entry } : undefined;
}

/** An unlisted model of a provider that prices any model: its price, nothing else known. */
function unlistedEntry(provider: string, name: string, providerEntry: ProviderEntry): ModelEntry | undefined {
  const price = providerEntry.any_model_price;
  // context 0: unknown; selection never sees these entries (it picks among listed models only).
  return price
    ? { provider, name, context: 0, ...price, capabilities: ['text'], expertise: 'medium', size_b: 0 }
    : undefined;
}

/** What the compiler checks model references against (the client builds it from the same registry). */
export function modelCatalogue(registry: ModelRegistry): {
  providers: Record<string, { anyModel: boolean; requestsPerSecond?: number; queue?: string }>;
  models: string[];
  capabilities: Record<string, string[]>;
} {
  const queues = providerQueues(registry);
  return {
    providers: Object.fromEntries(
      Object.entries(registry.providers).map(([name, provider]) => {
        const queue = queues.get(name);
        return [
          name,
          {
            anyModel: provider.any_model_price !== undefined,
            ...(queue ? { requestsPerSecond: queue.requestsPerSecond } : {}),
            // Only a shared queue is named: a provider's own keeps the name runs compiled before use.
            ...(queue && queue.suffix !== name ? { queue: queue.suffix } : {}),
          },
        ];
      }),
    ),
    models: registry.models.map((model) => `${model.provider}:${model.name}`),
    capabilities: Object.fromEntries(
      registry.models.map((model) => [`${model.provider}:${model.name}`, model.capabilities]),
    ),
  };
}

/** USD for a media call: tokens when the provider counted them, plus images, minutes and characters. */
export function mediaCostOf(
  entry: ModelEntry | undefined,
  made: {
    usage: { input_tokens?: number; output_tokens?: number };
    images?: number;
    seconds?: number;
    characters?: number;
  },
): number | undefined {
  if (!entry) return undefined;
  const parts = [
    costOf(entry, made.usage),
    entry.per_image === undefined || made.images === undefined ? undefined : entry.per_image * made.images,
    entry.per_minute === undefined || made.seconds === undefined ? undefined : (entry.per_minute * made.seconds) / 60,
    entry.per_mchar === undefined || made.characters === undefined
      ? undefined
      : (entry.per_mchar * made.characters) / 1_000_000,
  ].filter((part): part is number => part !== undefined);
  return parts.length ? parts.reduce((sum, part) => sum + part, 0) : undefined;
}

/** USD for a call, from registry prices; undefined when the model or the usage is unknown. */
export function costOf(
  entry: ModelEntry | undefined,
  usage: { input_tokens?: number; output_tokens?: number },
): number | undefined {
  if (!entry || usage.input_tokens === undefined || usage.output_tokens === undefined) return undefined;
  return (usage.input_tokens * entry.input_per_mtok + usage.output_tokens * entry.output_per_mtok) / 1_000_000;
}
