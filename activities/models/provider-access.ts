// Which providers this worker can reach, from the registry's provider entries and the
// environment (the SDKs' own variables: OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY or
// GOOGLE_API_KEY, OLLAMA_HOST, and their base-URL variables), and their adapters.
import type { ModelRegistry, ProviderEntry } from './registry/index.js';
import type { ModelAdapter } from './types.js';

type Environment = Readonly<Record<string, string | undefined>>;

export interface ProviderAccess {
  available: ReadonlySet<string>;
  adapterFor(provider: string): ModelAdapter | undefined;
}

interface Credentials {
  apiKey?: string;
  baseURL?: string;
}

function credentialsOf(entry: ProviderEntry, env: Environment): Credentials | undefined {
  const apiKey = entry.api_key_env?.map((name) => env[name]).find((value) => value !== undefined && value !== '');
  const fromEnv = entry.base_url_env ? env[entry.base_url_env] : undefined;
  const base = fromEnv ? withSuffix(fromEnv, entry.base_url_suffix) : entry.base_url;
  if (entry.needs_key && !apiKey) return undefined;
  if (!entry.needs_key && !base) return undefined;
  return { ...(apiKey ? { apiKey } : {}), ...(base ? { baseURL: base } : {}) };
}

/** OLLAMA_HOST is `host:port` or a URL without `/v1`; the OpenAI-compatible API lives there. */
function withSuffix(base: string, suffix: string | undefined): string {
  const url = /^https?:\/\//.test(base) ? base : `http://${base}`;
  return suffix && !url.replace(/\/+$/, '').endsWith(suffix) ? `${url.replace(/\/+$/, '')}${suffix}` : url;
}

export function providerAccess(registry: ModelRegistry, env: Environment): ProviderAccess {
  const adapters = new Map<string, ModelAdapter>();
  for (const [name, entry] of Object.entries(registry.providers)) {
    const credentials = credentialsOf(entry, env);
    if (!credentials) continue;
    adapters.set(name, adapterOf(name, entry, credentials));
  }
  return { available: new Set(adapters.keys()), adapterFor: (provider) => adapters.get(provider) };
}

function adapterOf(name: string, entry: ProviderEntry, credentials: Credentials): ModelAdapter {
  const baseURL = credentials.baseURL ? { baseURL: credentials.baseURL } : {};
  switch (entry.kind) {
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
  };
}
