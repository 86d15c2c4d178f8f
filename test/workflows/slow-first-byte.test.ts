// A provider that is slow to send its first byte: the model activity heartbeats from the moment
// the request is sent, so only the step's own timeout governs the call — not the heartbeat
// timeout, which is there to notice a dead worker. Real worker, real SDKs, real dev server; the
// heartbeat timeout is shortened to 3 s by a test-only workflow interceptor so the provider
// need only wait 6 s.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadModelRegistry } from '../../activities/models/index.js';
import { startAnthropicServer } from '../providers/anthropic-server.js';
import type { FakeProviderServer } from '../providers/fake-server.js';
import { startGoogleServer } from '../providers/google-server.js';
import { startOpenAIServer } from '../providers/openai-server.js';
import { reply } from '../providers/plan.js';
import { runPipelineDocument } from '../support/run-document.js';
import { shortHeartbeatBundle } from '../support/short-heartbeat.js';
import { withWorker } from '../support/temporal.js';
import { compileTest, newRecorder, testTool } from '../support/test-tools.js';

const FIRST_BYTE_DELAY_MS = 6_000;

let bundle: { code: string };
const servers: Record<'openai' | 'anthropic' | 'google', FakeProviderServer> = {} as never;
beforeAll(async () => {
  [bundle, servers.openai, servers.anthropic, servers.google] = await Promise.all([
    shortHeartbeatBundle(),
    startOpenAIServer(),
    startAnthropicServer(),
    startGoogleServer(),
  ]);
}, 120_000);
afterAll(async () => {
  await Promise.all(Object.values(servers).map((server) => server?.close()));
});
beforeEach(() => Object.values(servers).forEach((server) => server.reset()));

const models = () => ({
  registry: loadModelRegistry(),
  environment: {
    OPENAI_API_KEY: 'k',
    OPENAI_BASE_URL: `${servers.openai.url}/v1`,
    ANTHROPIC_API_KEY: 'k',
    ANTHROPIC_BASE_URL: servers.anthropic.url,
    GEMINI_API_KEY: 'k',
    GOOGLE_GEMINI_BASE_URL: servers.google.url,
  },
});

describe('a provider slow to send its first byte', () => {
  it.each([
    ['openai', 'openai:gpt-4o-mini'],
    ['anthropic', 'anthropic:claude-haiku-4-5'],
    ['google', 'google:gemini-2.5-flash'],
  ] as const)(
    '%s: the step waits (its timeout governs), and the provider is asked once',
    async (provider, model) => {
      servers[provider].script(reply({ text: 'worth the wait', delayMs: FIRST_BYTE_DELAY_MS }));
      const ir = compileTest(`
steps:
  - {id: slow, action: generate, model: ${model}, timeout: 5m, retry: {max_attempts: 2, initial_interval: 100ms}, parameters: {prompt: hi}}
`);
      await withWorker(
        async (engine) => {
          const document = await runPipelineDocument(engine, ir);
          expect(document.steps.slow).toMatchObject({ status: 'completed', result: 'worth the wait', attempts: 1 });
          expect(servers[provider].requests).toHaveLength(1);
          expect(document.steps.slow?.duration_ms).toBeGreaterThanOrEqual(FIRST_BYTE_DELAY_MS);
        },
        { models: models(), worker: { workflowBundle: bundle } },
      );
    },
    60_000,
  );

  it('an <AUTO> answer waits for a slow model too', async () => {
    servers.openai.script(reply({ text: '{"answer": 3}', delayMs: FIRST_BYTE_DELAY_MS }));
    const ir = compileTest(`
steps:
  - {id: plan, tool: test, action: echo, parameters: {value: <AUTO type="integer">How many?</AUTO>}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.steps.plan).toMatchObject({ status: 'completed', result: 3 });
        expect(servers.openai.requests).toHaveLength(1);
      },
      {
        tools: { test: testTool(newRecorder()) },
        models: { ...models(), environment: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: `${servers.openai.url}/v1` } },
        worker: { workflowBundle: bundle },
      },
    );
  }, 60_000);
});
