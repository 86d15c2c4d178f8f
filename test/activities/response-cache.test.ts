// The response cache's key and store, below the activity: what makes two requests the same
// (test/cli/response-cache.test.ts proves the whole path through spawned runs).
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelRegistry } from '../../activities/models/index.js';
import { localResponseCache, responseCacheKey } from '../../activities/response-cache/index.js';
import type { ModelCallInput } from '../../workflows/activity-interfaces.js';
import { secretToken } from '../../workflows/lang/secrets.js';

const registry = loadModelRegistry();

function call(overrides: Partial<ModelCallInput> = {}, nonce = 'n1'): ModelCallInput {
  return {
    action: 'generate',
    model: 'openai:gpt-4o-mini',
    parameters: { prompt: `Use ${secretToken(nonce, 'API_TOKEN')}`, temperature: 0.2 },
    step_id: 'draft',
    workflow_id: 'run-a',
    run_id: 'r1',
    secrets: { nonce, names: ['API_TOKEN'], redact: ['API_TOKEN'] },
    cache: {},
    ...overrides,
  };
}

describe('the response cache key', () => {
  it('is the same for the same request from another run, step or ttl', () => {
    const key = responseCacheKey(call(), registry);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const elsewhere = call({ step_id: 'other', workflow_id: 'run-b', run_id: 'r2', cache: { ttl_ms: 1000 } }, 'n2');
    expect(responseCacheKey(elsewhere, registry)).toBe(key);
  });

  it('differs when the provider is asked something else', () => {
    const key = responseCacheKey(call(), registry);
    const variants: Partial<ModelCallInput>[] = [
      { parameters: { ...call().parameters, temperature: 0.9 } },
      { parameters: { ...call().parameters, max_tokens: 10 } },
      { parameters: { ...call().parameters, system: 'Be brief.' } },
      { model: 'openai:gpt-4o' },
      { action: 'analyze_text' },
      { action: 'generate_structured', parameters: { ...call().parameters, schema: { type: 'object' } } },
    ];
    for (const variant of variants)
      expect(responseCacheKey(call(variant), registry), JSON.stringify(variant)).not.toBe(key);
  });

  it('is undefined for a request that cannot be built or a model nobody knows', () => {
    expect(responseCacheKey(call({ parameters: {} }), registry)).toBeUndefined();
    expect(responseCacheKey(call({ model: 'nowhere:model' }), registry)).toBeUndefined();
  });

  it('is undefined for a request with media: the same path may hold another file next time', () => {
    const withMedia = call({ parameters: { ...call().parameters, media: [{ file: 'chart.png' }] } });
    expect(responseCacheKey(withMedia, registry)).toBeUndefined();
    expect(responseCacheKey(call({ parameters: { ...call().parameters, media: [] } }), registry)).toBe(
      responseCacheKey(call(), registry),
    );
  });
});

describe('the local store', () => {
  it('reads back what it wrote, counts, and clears by age', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'orc-cache-store-'));
    const store = localResponseCache(folder);
    const entry = (key: string, createdAt: string) => ({
      format: 1 as const,
      key,
      created_at: createdAt,
      action: 'generate',
      output: { result: 'hi', model: 'openai:gpt-4o-mini' },
      hits: 2,
    });
    await store.write(entry('a'.repeat(64), '2026-01-01T00:00:00.000Z'));
    await store.write(entry('b'.repeat(64), '2026-06-01T00:00:00.000Z'));
    expect(await store.read('a'.repeat(64))).toMatchObject({ output: { result: 'hi' } });
    expect(await store.read('c'.repeat(64))).toBeUndefined();
    expect(await store.read('../../etc/passwd')).toBeUndefined();
    expect(await store.stats()).toMatchObject({ entries: 2, hits: 4, oldest: '2026-01-01T00:00:00.000Z' });
    expect(await store.clear(new Date('2026-03-01T00:00:00.000Z'))).toMatchObject({ removed: 1 });
    expect(await store.read('a'.repeat(64))).toBeUndefined();
    expect(await store.clear()).toMatchObject({ removed: 1 });
    // Like a bucket, the folder keeps no emptied folders behind.
    expect(await readdir(folder)).toEqual([]);
  });
});
