// Which rate-limited queue each provider entry's calls go to (decisions/0018): entries of one key
// (kind, address, key variable names) or one group share one, at their smallest rate.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelRegistry, modelCatalogue, providerQueues } from '../../../activities/models/registry/index.js';
import { compilePipeline } from '../../../workflows/lang/compile/index.js';

async function registryFrom(lines: string[]) {
  const file = join(await mkdtemp(join(tmpdir(), 'orc-provider-queues-')), 'models.yaml');
  await writeFile(file, ['providers:', ...lines, ''].join('\n'));
  return loadModelRegistry(file);
}

const LOCAL = 'kind: openai-compatible, base_url: "http://127.0.0.1:9/v1"';

describe('provider queues', () => {
  it('shares one queue between entries of one key at the smallest rate, and keeps a lone entry on its own', async () => {
    const registry = await registryFrom([
      `  one-a: {${LOCAL}, api_key_env: [HOUSE_KEY], rate_limit: {requests_per_second: 5}}`,
      `  one-b: {${LOCAL}, api_key_env: [HOUSE_KEY], rate_limit: {requests_per_second: 3}}`,
      `  other-key: {${LOCAL}, api_key_env: [OTHER_KEY], rate_limit: {requests_per_second: 4}}`,
      `  keyless-a: {${LOCAL}, needs_key: false, rate_limit: {requests_per_second: 2}}`,
      `  keyless-b: {${LOCAL}, needs_key: false, rate_limit: {requests_per_second: 2}}`,
      `  unlimited: {${LOCAL}, api_key_env: [HOUSE_KEY]}`,
    ]);
    const queues = providerQueues(registry);
    const shared = queues.get('one-a')!;
    expect(shared).toEqual({
      suffix: expect.stringMatching(/^key-[0-9a-f]{12}$/),
      requestsPerSecond: 3,
      providers: ['one-a', 'one-b'],
    });
    expect(queues.get('one-b')).toEqual(shared);
    expect(queues.get('other-key')).toEqual({ suffix: 'other-key', requestsPerSecond: 4, providers: ['other-key'] });
    expect(queues.get('keyless-a')?.suffix).toBe('keyless-a');
    expect(queues.has('unlimited')).toBe(false);
    // A different address is a different key, even with the same variable.
    const elsewhere = await registryFrom([
      `  one-a: {${LOCAL}, api_key_env: [HOUSE_KEY], rate_limit: {requests_per_second: 5}}`,
      `  one-b: {kind: openai-compatible, base_url: "http://127.0.0.1:10/v1", api_key_env: [HOUSE_KEY], rate_limit: {requests_per_second: 3}}`,
    ]);
    expect(providerQueues(elsewhere).get('one-a')?.suffix).toBe('one-a');
  });

  it('shares one queue between the entries of a named group', async () => {
    const registry = await registryFrom([
      `  gate-a: {${LOCAL}, api_key_env: [KEY_A], rate_limit: {requests_per_second: 10, group: gateway}}`,
      `  gate-b: {kind: openai-compatible, base_url: "http://127.0.0.1:10/v1", api_key_env: [KEY_B], rate_limit: {requests_per_second: 7, group: gateway}}`,
    ]);
    expect(providerQueues(registry).get('gate-b')).toEqual({
      suffix: 'group-gateway',
      requestsPerSecond: 7,
      providers: ['gate-a', 'gate-b'],
    });
  });

  it('refuses a group without a rate, or with a name a queue cannot carry, saying what to write', async () => {
    await expect(
      registryFrom([
        `  gate-a: {${LOCAL}, api_key_env: [KEY_A], rate_limit: {tokens_per_minute: 9000, group: gateway}}`,
      ]),
    ).rejects.toThrow(
      /providers.gate-a.rate_limit: rate_limit.group shares a request rate: give this entry requests_per_second too/,
    );
    await expect(
      registryFrom([
        `  gate-a: {${LOCAL}, api_key_env: [KEY_A], rate_limit: {requests_per_second: 2, group: "My Gateway"}}`,
      ]),
    ).rejects.toThrow(/rate_limit.group: a group name is lower-case letters, digits and dashes/);
  });

  it('writes provider_queues into the IR only when entries share one, so other IRs and hashes stay as they were', async () => {
    const source = 'id: q\nsteps:\n  - {id: a, action: generate, model: one-a:m, parameters: {prompt: hi}}\n';
    const sharing = await registryFrom([
      `  one-a: {${LOCAL}, api_key_env: [HOUSE_KEY], any_model_price: {input_per_mtok: 0, output_per_mtok: 0}, rate_limit: {requests_per_second: 5}}`,
      `  one-b: {${LOCAL}, api_key_env: [HOUSE_KEY], rate_limit: {requests_per_second: 3}}`,
    ]);
    const alone = await registryFrom([
      `  one-a: {${LOCAL}, api_key_env: [HOUSE_KEY], any_model_price: {input_per_mtok: 0, output_per_mtok: 0}, rate_limit: {requests_per_second: 5}}`,
      `  one-b: {${LOCAL}, api_key_env: [OTHER_KEY], rate_limit: {requests_per_second: 3}}`,
    ]);
    const shared = compilePipeline(source, { file: 'q.yaml', models: modelCatalogue(sharing) });
    const own = compilePipeline(source, { file: 'q.yaml', models: modelCatalogue(alone) });
    expect(shared.ir?.provider_queues).toEqual({
      'one-a': providerQueues(sharing).get('one-a')!.suffix,
      'one-b': providerQueues(sharing).get('one-a')!.suffix,
    });
    expect(own.ir).toBeDefined();
    expect(own.ir && 'provider_queues' in own.ir).toBe(false);
    expect(own.ir?.rate_limited_providers).toEqual(['one-a', 'one-b']);
  });
});
