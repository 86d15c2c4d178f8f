// A 6-second burst of 429s (Retry-After: 2) against 20 parallel model steps with the default
// retry policy (3 attempts): every step completes, none asks again before Retry-After has
// passed. Before the model activity waited out 429s itself, each step spent its 3 attempts at
// 0, 2 and 4 s and the run failed. Real worker, real OpenAI SDK, the local OpenAI-protocol server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelRegistry } from '../../activities/models/index.js';
import { startOpenAIServer } from '../providers/openai-server.js';
import { failure, reply } from '../providers/plan.js';
import type { FakeProviderServer } from '../providers/fake-server.js';
import { runPipelineDocument } from '../support/run-document.js';
import { withWorker } from '../support/temporal.js';
import { compileTest } from '../support/test-tools.js';

const STEPS = 20;
const BURST_MS = 6_000;
const RETRY_AFTER_S = 2;

let server: FakeProviderServer;
beforeAll(async () => {
  server = await startOpenAIServer();
});
afterAll(async () => {
  await server.close();
});

describe('a 429 burst', () => {
  it('does not fail 20 parallel model steps, and Retry-After is honoured', async () => {
    const asked = new Map<string, number[]>();
    let burstStartMs: number | undefined;
    server.respondWith((seen) => {
      const now = Date.now();
      burstStartMs ??= now;
      const prompt = seen.messages.at(-1)?.text ?? '';
      asked.set(prompt, [...(asked.get(prompt) ?? []), now]);
      return now - burstStartMs < BURST_MS
        ? failure(429, { headers: { 'retry-after': String(RETRY_AFTER_S) } })
        : reply({ text: `answer to ${prompt}`, usage: { input: 5, output: 3 } });
    });
    const steps = Array.from(
      { length: STEPS },
      (_, index) => `  - {id: ask_${index}, action: generate, parameters: {prompt: "question ${index}"}}`,
    );
    const ir = compileTest(`model: openai:gpt-4o-mini\nsteps:\n${steps.join('\n')}\n`);
    await withWorker(
      async (engine) => {
        const started = Date.now();
        const document = await runPipelineDocument(engine, ir);
        const seconds = (Date.now() - started) / 1000;
        expect(document.success, JSON.stringify(document.error)).toBe(true);
        for (let index = 0; index < STEPS; index++)
          expect(document.steps[`ask_${index}`]).toMatchObject({ status: 'completed', attempts: 1 });

        const gaps = [...asked.values()].flatMap((times) => times.slice(1).map((time, i) => time - times[i]!));
        const rateLimited = server.requests.length - STEPS;
        expect(asked.size).toBe(STEPS);
        expect(rateLimited).toBeGreaterThanOrEqual(STEPS * 3);
        // No step asked again sooner than Retry-After said (a little scheduling slack below).
        expect(Math.min(...gaps)).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 50);
        console.log(
          `429 burst: ${STEPS} steps, ${server.requests.length} requests (${rateLimited} answered 429), ` +
            `gaps after a 429 ${Math.min(...gaps)}–${Math.max(...gaps)} ms (Retry-After ${RETRY_AFTER_S} s), run ${seconds.toFixed(1)} s`,
        );
      },
      {
        models: {
          registry: loadModelRegistry(),
          environment: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: `${server.url}/v1` },
        },
      },
    );
  }, 120_000);
});
