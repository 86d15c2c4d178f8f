// Which providers this worker can reach, from the registry's provider entries and the
// environment (the variables each entry names: OPENAI_API_KEY, GROQ_API_KEY, OLLAMA_HOST,
// AZURE_OPENAI_ENDPOINT, AWS_ACCESS_KEY_ID…, and their base-URL variables), and their adapters.
import { createHash } from 'node:crypto';
import type { ModelRegistry, ProviderEntry } from './registry/index.js';
import { ModelError, type ModelAdapter } from './types.js';

type Environment = Readonly<Record<string, string | undefined>>;

export interface ProviderAccess {
  available: ReadonlySet<string>;
  adapterFor(provider: string): ModelAdapter | undefined;
  /**
   * Whose token budget a provider's calls draw on: a hash of its key and address, so two entries
   * with the same key share one budget, and no key is ever written (logs, queue names, the IR).
   */
  budgetKeyFor(provider: string): string | undefined;
}

interface Credentials {
  apiKey?: string;
  baseURL?: string;
}

function firstSet(env: Environment, names: readonly string[] | undefined): string | undefined {
  return names?.map((name) => env[name]).find((value) => value !== undefined && value !== '');
}

function credentialsOf(entry: ProviderEntry, env: Environment): Credentials | undefined {
  const apiKey = firstSet(env, entry.api_key_env);
  const fromEnv = entry.base_url_env ? env[entry.base_url_env] : undefined;
  const base = fromEnv ? withSuffix(fromEnv, entry.base_url_suffix) : entry.base_url;
  if (entry.needs_key && !apiKey) return undefined;
  if (!entry.needs_key && !base) return undefined;
  if (entry.requires_env?.some((alternatives) => firstSet(env, alternatives) === undefined)) return undefined;
  return { ...(apiKey ? { apiKey } : {}), ...(base ? { baseURL: base } : {}) };
}

/** OLLAMA_HOST is `host:port` or a URL without `/v1`; the OpenAI-compatible API lives there. */
function withSuffix(base: string, suffix: string | undefined): string {
  const url = /^https?:\/\//.test(base) ? base : `http://${base}`;
  return suffix && !url.replace(/\/+$/, '').endsWith(suffix) ? `${url.replace(/\/+$/, '')}${suffix}` : url;
}

export function providerAccess(registry: ModelRegistry, env: Environment): ProviderAccess {
  const adapters = new Map<string, ModelAdapter>();
  const budgetKeys = new Map<string, string>();
  for (const [name, entry] of Object.entries(registry.providers)) {
    const credentials = credentialsOf(entry, env);
    if (!credentials) continue;
    adapters.set(name, adapterOf(name, entry, credentials, env));
    budgetKeys.set(name, keyIdentity(entry, credentials));
  }
  return {
    available: new Set(adapters.keys()),
    adapterFor: (provider) => adapters.get(provider),
    budgetKeyFor: (provider) => budgetKeys.get(provider),
  };
}

/** The first 16 hex digits of SHA-256 over the kind, the address and the key. */
function keyIdentity(entry: ProviderEntry, credentials: Credentials): string {
  const hash = createHash('sha256');
  hash.update(`${entry.kind}\n${credentials.baseURL ?? ''}\n${credentials.apiKey ?? ''}`);
  return `key-${hash.digest('hex').slice(0, 16)}`;
}

function adapterOf(name: string, entry: ProviderEntry, credentials: Credentials, env: Environment): ModelAdapter {
  const baseURL = credentials.baseURL ? { baseURL: credentials.baseURL } : {};
  switch (entry.kind) {
    case 'azure-openai':
      return loadedOnFirstCall(name, async () =>
        (await import('./providers/openai/index.js')).createAzureOpenAIAdapter({
          apiKey: credentials.apiKey ?? '',
          endpoint: credentials.baseURL ?? '',
          apiVersion: (entry.api_version_env ? env[entry.api_version_env] : undefined) || entry.api_version || '',
          provider: name,
        }),
      );
    case 'bedrock':
      // The Bedrock SDK is loaded only when a Bedrock model runs (it is large, and optional).
      return loadedOnFirstCall(name, async () =>
        (await import('./providers/bedrock/index.js')).createBedrockAdapter({
          region: firstSet(env, ['AWS_REGION', 'AWS_DEFAULT_REGION']) ?? '',
          credentials: {
            accessKeyId: credentials.apiKey ?? '',
            secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
            ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
          },
          ...(credentials.baseURL ? { endpoint: credentials.baseURL } : {}),
          provider: name,
        }),
      );
    case 'anthropic':
      return loadedOnFirstCall(name, async () =>
        (await import('./providers/anthropic/index.js')).createAnthropicAdapter({
          apiKey: credentials.apiKey ?? '',
          ...baseURL,
        }),
      );
    case 'google':
      return loadedOnFirstCall(name, async () =>
        (await import('./providers/google/index.js')).createGoogleAdapter({
          apiKey: credentials.apiKey ?? '',
          ...baseURL,
        }),
      );
    default:
      // OpenAI and every OpenAI-compatible server (Ollama, vLLM, LM Studio, gateways).
      return loadedOnFirstCall(name, async () =>
        (await import('./providers/openai/index.js')).createOpenAIAdapter({
          apiKey: credentials.apiKey ?? 'not-needed',
          ...baseURL,
          provider: name,
        }),
      );
  }
}

/**
 * The adapter's SDK is loaded when the provider is first called, not when the worker starts:
 * each SDK costs tens of megabytes and most workers call one provider, or none.
 */
function loadedOnFirstCall(provider: string, load: () => Promise<ModelAdapter>): ModelAdapter {
  let adapter: Promise<ModelAdapter> | undefined;
  return {
    provider,
    async generate(request, options) {
      adapter ??= load();
      return (await adapter).generate(request, options);
    },
    async makeMedia(request, options) {
      adapter ??= load();
      const loaded = await adapter;
      if (!loaded.makeMedia)
        throw new ModelError(
          'InvalidRequest',
          `provider "${provider}" makes no images, transcriptions or speech here`,
          {
            provider,
          },
        );
      return loaded.makeMedia(request, options);
    },
  };
}
