// Providers by name, as a user meets them: `orc models` says which have credentials here, and
// `orc run` (spawned, with its own worker on the suite's dev server) runs a pipeline through the
// Groq preset and through Bedrock's Converse, each against a local server speaking its protocol.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultDocument } from '../../workflows/result-document.js';
import { reply, signedBy, startBedrockServer, startOpenAIServer, type FakeProviderServer } from '../providers/index.js';
import { cliEnvironment } from '../support/cli-runs.js';
import { runCli } from '../support/run-cli.js';

/** No provider credentials from the machine running the tests leak into these runs. */
const NO_KEYS = Object.fromEntries(
  Object.keys(process.env)
    .filter((name) => /^(OPENAI_|ANTHROPIC_|GEMINI_|GOOGLE_|OLLAMA_|GROQ_|AZURE_OPENAI_|AWS_)/.test(name))
    .map((name) => [name, undefined]),
);

let groq: FakeProviderServer;
let bedrock: FakeProviderServer;
let folder: string;
beforeAll(async () => {
  groq = await startOpenAIServer({ chatPath: /^\/openai\/v1\/chat\/completions$/ });
  bedrock = await startBedrockServer();
  folder = await mkdtemp(join(tmpdir(), 'orc-presets-'));
});
afterAll(async () => {
  await groq?.close();
  await bedrock?.close();
});

function documentOf(run: { stdout: string; stderr: string }): ResultDocument {
  try {
    return JSON.parse(run.stdout) as ResultDocument;
  } catch {
    throw new Error(`not a result document:\n${run.stdout}\n${run.stderr}`);
  }
}

const AWS = {
  AWS_ACCESS_KEY_ID: 'AKIAFAKEFORTESTS0002',
  AWS_SECRET_ACCESS_KEY: 'fake-secret',
  AWS_REGION: 'us-west-2',
};

describe('providers by name through orc', () => {
  it('orc models says which providers have credentials, and which variables give them', async () => {
    const result = await runCli(['models', '--json'], {
      ...NO_KEYS,
      GROQ_API_KEY: 'gsk-test',
      AZURE_OPENAI_API_KEY: 'azure-key',
      ...AWS,
    });
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout) as {
      models: { model: string; credentials: boolean }[];
      providers: { provider: string; credentials: boolean; variables: string[] }[];
    };
    const provider = (name: string) => document.providers.find((row) => row.provider === name);
    expect(provider('groq')).toMatchObject({ credentials: true, variables: ['GROQ_API_KEY', 'GROQ_BASE_URL'] });
    expect(provider('mistral')).toMatchObject({
      credentials: false,
      variables: ['MISTRAL_API_KEY', 'MISTRAL_BASE_URL'],
    });
    // Azure's key alone is not enough: it needs its endpoint too.
    expect(provider('azure')).toMatchObject({ credentials: false });
    expect(provider('bedrock')?.credentials).toBe(true);
    expect(document.providers.length).toBeGreaterThanOrEqual(13);
    expect(document.models.find((row) => row.model === 'groq:llama-3.1-8b-instant')?.credentials).toBe(true);
    expect(document.models.find((row) => row.model === 'bedrock:amazon.nova-micro-v1:0')?.credentials).toBe(true);
  });

  it('orc run: a pipeline through the Groq preset (base URL overridden), priced from the registry', async () => {
    groq.script(reply({ text: 'Otters hold hands.', usage: { input: 1_000, output: 100 } }));
    const file = join(folder, 'groq.yaml');
    await writeFile(
      file,
      `id: groq-fact
steps:
  - {id: fact, action: generate, model: groq:llama-3.1-8b-instant, parameters: {prompt: "One fact about otters", max_tokens: 40}}
`,
    );
    const env = {
      ...(await cliEnvironment()),
      ...NO_KEYS,
      GROQ_API_KEY: 'gsk-test',
      GROQ_BASE_URL: `${groq.url}/openai/v1`,
    };
    const run = await runCli(['run', file, '--json'], env, 120_000);
    expect(run.code, run.stderr).toBe(0);
    const document = documentOf(run);
    expect(document.steps.fact).toMatchObject({
      status: 'completed',
      result: 'Otters hold hands.',
      model: 'groq:llama-3.1-8b-instant',
      usage: { input_tokens: 1_000, output_tokens: 100 },
    });
    expect(document.steps.fact?.cost_usd).toBeCloseTo((1_000 * 0.05 + 100 * 0.08) / 1e6, 12);
    const request = groq.requests.at(-1);
    expect(request?.url).toBe('/openai/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer gsk-test');
    expect(request?.seen).toMatchObject({ model: 'llama-3.1-8b-instant', maxTokens: 40 });
  });

  it("a provider of the user's models file reads its key and address from the variables it names", async () => {
    groq.script(reply({ text: 'Through the gateway.', usage: { input: 10, output: 5 } }));
    const models = join(folder, 'gateway-models.yaml');
    await writeFile(
      models,
      `providers:
  gateway: {kind: openai-compatible, api_key_env: [GATEWAY_KEY], base_url_env: GATEWAY_URL}
models:
  - {provider: gateway, name: house-model, context: 8000, input_per_mtok: 1, output_per_mtok: 2}
`,
    );
    const file = join(folder, 'gateway.yaml');
    await writeFile(
      file,
      'id: gateway\nsteps:\n  - {id: ask, action: generate, model: gateway:house-model, parameters: {prompt: hi}}\n',
    );
    const env = {
      ...(await cliEnvironment()),
      ...NO_KEYS,
      ORC_MODELS_FILE: models,
      GATEWAY_KEY: 'gw-secret',
      GATEWAY_URL: `${groq.url}/openai/v1`,
    };
    const listed = await runCli(['models', '--json'], env);
    expect(listed.code, listed.stderr).toBe(0);
    const providers = (JSON.parse(listed.stdout) as { providers: { provider: string; credentials: boolean }[] })
      .providers;
    expect(providers.find((row) => row.provider === 'gateway')?.credentials).toBe(true);
    const run = await runCli(['run', file, '--json'], env, 120_000);
    expect(run.code, run.stderr).toBe(0);
    expect(documentOf(run).steps.ask).toMatchObject({ status: 'completed', result: 'Through the gateway.' });
    expect(groq.requests.at(-1)?.headers.authorization).toBe('Bearer gw-secret');
  });

  it('orc run: a pipeline through Bedrock Converse, SigV4-signed with static credentials', async () => {
    bedrock.script(reply({ text: 'Sea otters sleep holding hands.', usage: { input: 2_000, output: 50 } }));
    const file = join(folder, 'bedrock.yaml');
    await writeFile(
      file,
      `id: bedrock-fact
steps:
  - {id: fact, action: generate, model: "bedrock:amazon.nova-micro-v1:0", parameters: {prompt: "One fact about otters", max_tokens: 40}}
`,
    );
    const env = { ...(await cliEnvironment()), ...NO_KEYS, ...AWS, AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrock.url };
    const run = await runCli(['run', file, '--json'], env, 120_000);
    expect(run.code, run.stderr).toBe(0);
    const document = documentOf(run);
    expect(document.steps.fact).toMatchObject({
      result: 'Sea otters sleep holding hands.',
      model: 'bedrock:amazon.nova-micro-v1:0',
      usage: { input_tokens: 2_000, output_tokens: 50 },
    });
    expect(document.steps.fact?.cost_usd).toBeCloseTo((2_000 * 0.035 + 50 * 0.14) / 1e6, 12);
    const request = bedrock.requests.at(-1);
    expect(request?.url).toBe('/model/amazon.nova-micro-v1%3A0/converse');
    expect(signedBy(request?.headers.authorization as string)).toEqual({
      accessKeyId: AWS.AWS_ACCESS_KEY_ID,
      region: 'us-west-2',
      service: 'bedrock',
    });
    expect(request?.body).toMatchObject({ inferenceConfig: { maxTokens: 40 } });
  });
});
