import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  RegistryError,
  costOf,
  findModel,
  loadModelRegistry,
  modelCatalogue,
  selectModel,
  sizeInBillions,
} from '../../../activities/models/registry/index.js';

const registry = loadModelRegistry();
const all = new Set(Object.keys(registry.providers));

describe('the model registry', () => {
  it('has current models of the three providers, with prices and the date they were read', () => {
    expect(registry.pricesRead).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const provider of ['openai', 'anthropic', 'google'])
      expect(registry.models.filter((model) => model.provider === provider).length).toBeGreaterThanOrEqual(2);
    for (const model of registry.models) expect(model.context).toBeGreaterThan(0);
  });

  it('finds models by reference or by name', () => {
    expect(findModel(registry, 'openai:gpt-4o-mini')?.entry?.input_per_mtok).toBe(0.15);
    expect(findModel(registry, 'claude-sonnet-4-5')).toMatchObject({
      provider: 'anthropic',
      name: 'claude-sonnet-4-5',
    });
    expect(findModel(registry, 'openai:some-new-model')).toEqual({
      provider: 'openai',
      name: 'some-new-model',
      entry: undefined,
    });
    expect(findModel(registry, 'nope:x')).toBeUndefined();
  });

  it('prices an unlisted model of a provider with any_model_price (ollama: local, free), and no other', () => {
    expect(findModel(registry, 'ollama:mistral')).toMatchObject({
      provider: 'ollama',
      name: 'mistral',
      entry: { input_per_mtok: 0, output_per_mtok: 0 },
    });
    expect(costOf(findModel(registry, 'ollama:mistral')!.entry, { input_tokens: 1000, output_tokens: 1000 })).toBe(0);
    expect(findModel(registry, 'anthropic:claude-3-5-haiku-latest')?.entry).toBeUndefined();
  });

  it('gives the compiler its catalogue: priced models, and which providers price any model', () => {
    const catalogue = modelCatalogue(registry);
    expect(catalogue.models).toContain('anthropic:claude-haiku-4-5');
    expect(catalogue.providers).toMatchObject({ ollama: { anyModel: true }, openai: { anyModel: false } });
  });

  it('prices a call from the registry, and says nothing when usage is unknown', () => {
    const entry = findModel(registry, 'openai:gpt-4o-mini')!.entry;
    expect(costOf(entry, { input_tokens: 1_000_000, output_tokens: 1_000_000 })).toBeCloseTo(0.75);
    expect(costOf(entry, { input_tokens: 10 })).toBeUndefined();
    expect(costOf(undefined, { input_tokens: 1, output_tokens: 1 })).toBeUndefined();
  });

  it('merges a user file: same provider and name replaces, new entries are added', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'orc-models-'));
    const file = join(folder, 'models.yaml');
    await writeFile(
      file,
      `
providers:
  gateway: {kind: openai-compatible, base_url: "http://127.0.0.1:9/v1", api_key_env: [GATEWAY_KEY]}
models:
  - {provider: openai, name: gpt-4o-mini, context: 128000, input_per_mtok: 0.1, output_per_mtok: 0.2}
  - {provider: gateway, name: house-model, context: 32000, input_per_mtok: 0.01, output_per_mtok: 0.01}
`,
    );
    const merged = loadModelRegistry(file);
    expect(findModel(merged, 'openai:gpt-4o-mini')?.entry?.input_per_mtok).toBe(0.1);
    expect(findModel(merged, 'gateway:house-model')?.entry?.context).toBe(32000);
    expect(merged.models.length).toBe(registry.models.length + 1);
  });

  it('refuses a broken user file with a message naming the file and the field', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'orc-models-'));
    const file = join(folder, 'bad.yaml');
    await writeFile(
      file,
      'models:\n  - {provider: openai, name: x, context: -1, input_per_mtok: 1, output_per_mtok: 1}\n',
    );
    expect(() => loadModelRegistry(file)).toThrow(RegistryError);
    expect(() => loadModelRegistry(file)).toThrow(/ORC_MODELS_FILE ".*bad.yaml": models.0.context/);
    expect(() => loadModelRegistry(join(folder, 'missing.yaml'))).toThrow(/no such file/);
  });

  it('reads rate_limit with requests_per_second, tokens_per_minute or both, and refuses an empty one', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'orc-models-'));
    const file = join(folder, 'limits.yaml');
    await writeFile(
      file,
      [
        'providers:',
        '  metered: {kind: openai-compatible, base_url: "http://127.0.0.1:1/v1", needs_key: false, rate_limit: {tokens_per_minute: 90000}}',
        '  both: {kind: openai-compatible, base_url: "http://127.0.0.1:2/v1", needs_key: false, rate_limit: {requests_per_second: 5, tokens_per_minute: 90000}}',
        '',
      ].join('\n'),
    );
    const loaded = loadModelRegistry(file);
    expect(loaded.providers.metered?.rate_limit).toEqual({ tokens_per_minute: 90000 });
    expect(loaded.providers.both?.rate_limit).toEqual({ requests_per_second: 5, tokens_per_minute: 90000 });
    // Only a request rate gives a provider a task queue of its own (the compiler's catalogue).
    expect(modelCatalogue(loaded).providers.metered).toEqual({ anyModel: false });
    expect(modelCatalogue(loaded).providers.both).toEqual({ anyModel: false, requestsPerSecond: 5 });
    const empty = join(folder, 'empty-limit.yaml');
    await writeFile(empty, 'providers:\n  metered: {kind: openai, api_key_env: [KEY], rate_limit: {}}\n');
    expect(() => loadModelRegistry(empty)).toThrow(
      /empty-limit.yaml": providers.metered.rate_limit: rate_limit needs requests_per_second, tokens_per_minute or both/,
    );
  });
});

describe('selecting a model', () => {
  it.each([
    [{}, all, 'ollama:llama3.2'],
    [{}, new Set(['openai', 'google']), 'google:gemini-2.5-flash-lite'],
    [{}, new Set(['openai']), 'openai:gpt-4.1-nano'],
    [{}, new Set(['anthropic']), 'anthropic:claude-haiku-4-5'],
    [{ expertise: 'very-high' }, all, 'google:gemini-2.5-pro'],
    [{ capabilities: ['vision'] }, new Set(['openai', 'anthropic']), 'openai:gpt-4o-mini'],
    [{ min_context: 500_000 }, new Set(['openai', 'anthropic']), 'openai:gpt-4.1-nano'],
    [{ preferred: ['claude-sonnet-4-5'] }, all, 'anthropic:claude-sonnet-4-5'],
    [{ excluded: ['google'] }, all, 'ollama:llama3.2'],
    [{ max_size: '5B' }, all, 'ollama:llama3.2'],
    [{ min_size: '7B', excluded: ['google', 'openai', 'anthropic'] }, all, 'ollama:qwen2.5'],
  ])('%j with providers %s → %s', (requirements, providers, expected) => {
    expect(selectModel(registry, requirements, providers).reference).toBe(expected);
  });

  it('says why when nothing fits', () => {
    expect(selectModel(registry, {}, new Set()).reason).toContain('no provider has credentials');
    expect(selectModel(registry, { min_context: 10_000_000 }, all).reason).toContain('meets');
  });

  it.each([
    ['7B', 7],
    ['70b', 70],
    ['500M', 0.5],
    [13, 13],
    ['big', undefined],
  ])('size %s → %s', (size, billions) => {
    expect(sizeInBillions(size)).toBe(billions);
  });
});
