// The registry's provider presets on the wire: each OpenAI-compatible service through
// providerAccess (the registry entry, the worker's environment, the real openai SDK) against a
// local chat-completions server serving the path of the service's real base URL. Each test
// checks the path the request arrived on, the key it carried and the model name.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadModelRegistry, providerAccess } from '../../../activities/models/index.js';
import { reply, startOpenAIServer } from '../../providers/index.js';
import type { FakeProviderServer } from '../../providers/index.js';

const registry = loadModelRegistry();

/** What each preset must be: written out here, so the test checks the registry, not itself. */
const PRESETS = [
  {
    provider: 'groq',
    keyVariable: 'GROQ_API_KEY',
    baseUrl: 'https://api.groq.com/openai/v1',
    urlVariable: 'GROQ_BASE_URL',
    model: 'llama-3.3-70b-versatile',
  },
  {
    provider: 'mistral',
    keyVariable: 'MISTRAL_API_KEY',
    baseUrl: 'https://api.mistral.ai/v1',
    urlVariable: 'MISTRAL_BASE_URL',
    model: 'mistral-small-latest',
  },
  {
    provider: 'deepseek',
    keyVariable: 'DEEPSEEK_API_KEY',
    baseUrl: 'https://api.deepseek.com/v1',
    urlVariable: 'DEEPSEEK_BASE_URL',
    model: 'deepseek-chat',
  },
  {
    provider: 'together',
    keyVariable: 'TOGETHER_API_KEY',
    baseUrl: 'https://api.together.xyz/v1',
    urlVariable: 'TOGETHER_BASE_URL',
    model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
  },
  {
    provider: 'fireworks',
    keyVariable: 'FIREWORKS_API_KEY',
    baseUrl: 'https://api.fireworks.ai/inference/v1',
    urlVariable: 'FIREWORKS_BASE_URL',
    model: 'accounts/fireworks/models/llama-v3p3-70b-instruct',
  },
  {
    provider: 'openrouter',
    keyVariable: 'OPENROUTER_API_KEY',
    baseUrl: 'https://openrouter.ai/api/v1',
    urlVariable: 'OPENROUTER_BASE_URL',
    model: 'anthropic/claude-sonnet-4.5',
  },
  {
    provider: 'xai',
    keyVariable: 'XAI_API_KEY',
    baseUrl: 'https://api.x.ai/v1',
    urlVariable: 'XAI_BASE_URL',
    model: 'grok-3-mini',
  },
] as const;

/** Local servers: no key needed, available once their address is set, any model at no cost. */
const LOCAL = [
  { provider: 'ollama', urlVariable: 'OLLAMA_HOST', address: (root: string) => root, model: 'llama3.2' },
  {
    provider: 'vllm',
    urlVariable: 'VLLM_BASE_URL',
    address: (root: string) => `${root}/v1`,
    model: 'Qwen/Qwen2.5-7B-Instruct',
  },
  {
    provider: 'lmstudio',
    urlVariable: 'LMSTUDIO_BASE_URL',
    address: (root: string) => `${root}/v1`,
    model: 'qwen2.5-7b-instruct',
  },
] as const;

let server: FakeProviderServer;
beforeAll(async () => {
  // Any path ending in /chat/completions: the test reads which one each preset used.
  server = await startOpenAIServer({ chatPath: /\/chat\/completions$/ });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

async function callThrough(provider: string, model: string, env: Record<string, string>) {
  const adapter = providerAccess(registry, env).adapterFor(provider);
  expect(adapter, `${provider} has no adapter with ${JSON.stringify(Object.keys(env))}`).toBeDefined();
  server.script(reply({ text: `hello from ${provider}` }));
  const response = await adapter!.generate(
    { model, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 16 },
    { timeoutMs: 10_000 },
  );
  expect(response.text).toBe(`hello from ${provider}`);
  return server.requests.at(-1)!;
}

describe('OpenAI-compatible service presets', { timeout: 15_000 }, () => {
  it.each(PRESETS)(
    '$provider: $keyVariable, $baseUrl',
    async ({ provider, keyVariable, baseUrl, urlVariable, model }) => {
      expect(registry.providers[provider]).toMatchObject({
        kind: 'openai-compatible',
        api_key_env: [keyVariable],
        base_url: baseUrl,
        base_url_env: urlVariable,
      });
      expect(registry.providers[provider]?.prices_source).toMatch(/^https:\/\//);
      expect(registry.models.filter((entry) => entry.provider === provider).length).toBeGreaterThanOrEqual(2);
      expect(providerAccess(registry, {}).available.has(provider)).toBe(false);

      const path = new URL(baseUrl).pathname;
      const request = await callThrough(provider, model, {
        [keyVariable]: `key-for-${provider}`,
        [urlVariable]: `${server.url}${path}`,
      });
      expect(request.url).toBe(`${path}/chat/completions`);
      expect(request.headers.authorization).toBe(`Bearer key-for-${provider}`);
      expect(request.seen).toMatchObject({ model, maxTokens: 16 });
      // Compatible services know max_tokens; only OpenAI's own API wants max_completion_tokens.
      expect(request.body).toMatchObject({ max_tokens: 16 });
    },
  );

  it.each(LOCAL)(
    '$provider: available once $urlVariable is set, any model, free',
    async ({ provider, urlVariable, address, model }) => {
      expect(providerAccess(registry, {}).available.has(provider)).toBe(false);
      const request = await callThrough(provider, model, { [urlVariable]: address(server.url) });
      expect(request.url).toBe('/v1/chat/completions');
      expect(request.seen?.model).toBe(model);
      expect(registry.providers[provider]?.any_model_price).toEqual({ input_per_mtok: 0, output_per_mtok: 0 });
    },
  );

  it('vllm sends VLLM_API_KEY when its server was started with --api-key', async () => {
    const request = await callThrough('vllm', 'my-model', {
      VLLM_BASE_URL: `${server.url}/v1`,
      VLLM_API_KEY: 'vllm-secret',
    });
    expect(request.headers.authorization).toBe('Bearer vllm-secret');
  });

  it('Azure needs its key and endpoint; Bedrock its key pair and a region', () => {
    const azure = { AZURE_OPENAI_API_KEY: 'k', AZURE_OPENAI_ENDPOINT: 'https://example.openai.azure.com' };
    expect(providerAccess(registry, azure).available.has('azure')).toBe(true);
    expect(providerAccess(registry, { AZURE_OPENAI_API_KEY: 'k' }).available.has('azure')).toBe(false);
    const bedrock = { AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 's', AWS_DEFAULT_REGION: 'us-east-1' };
    expect(providerAccess(registry, bedrock).available.has('bedrock')).toBe(true);
    expect(providerAccess(registry, { ...bedrock, AWS_DEFAULT_REGION: '' }).available.has('bedrock')).toBe(false);
    expect(providerAccess(registry, { ...bedrock, AWS_SECRET_ACCESS_KEY: '' }).available.has('bedrock')).toBe(false);
  });

  it('counts fifteen providers in the registry', () => {
    expect(Object.keys(registry.providers).sort()).toEqual(
      [
        'anthropic',
        'azure',
        'bedrock',
        'deepseek',
        'fireworks',
        'google',
        'groq',
        'lmstudio',
        'mistral',
        'ollama',
        'openai',
        'openrouter',
        'together',
        'vllm',
        'xai',
      ].sort(),
    );
  });
});
