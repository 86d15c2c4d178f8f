// The response cache (`cache:` on model steps) as a user meets it: `orc run` spawned with its own
// worker, twice, against a local server speaking OpenAI's protocol through the real SDK. The
// server counts every request it gets, so "0 calls" is counted, not assumed; each test has a
// cache folder of its own (ORC_CACHE_DIR), so what one test keeps no other test finds.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepDiff } from '../../client/run-diff.js';
import type { ResultDocument } from '../../workflows/result-document.js';
import { failure, reply, startOpenAIServer, type FakeProviderServer } from '../providers/index.js';
import { cliEnvironment } from '../support/cli-runs.js';
import { runCli } from '../support/run-cli.js';

const SECRET = 'sk-live-4f1c9e7a-never-in-a-cache-file';

let openai: FakeProviderServer;
let folder: string;
beforeAll(async () => {
  openai = await startOpenAIServer();
  openai.respondWith((seen) => {
    const prompt = seen.messages.at(-1)?.text ?? '';
    if (prompt.startsWith('Fail')) return failure(400);
    if (seen.jsonSchema) return reply({ text: '{"title": "Otters"}', usage: { input: 500, output: 20 } });
    return reply({
      text: `answer to ${prompt}`,
      usage: { input: 1_000, output: 200 },
      ...(prompt.startsWith('Ramble') ? { finish: 'length' as const } : {}),
    });
  });
  folder = await mkdtemp(join(tmpdir(), 'orc-cache-'));
});
afterAll(async () => {
  await openai?.close();
});

async function environment() {
  return {
    ...(await cliEnvironment()),
    ORC_CACHE_DIR: await mkdtemp(join(tmpdir(), 'orc-cache-dir-')),
    OPENAI_API_KEY: 'k',
    OPENAI_BASE_URL: `${openai.url}/v1`,
    NOTES_TOKEN: SECRET,
  };
}

async function pipelineFile(name: string, text: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, text);
  return path;
}

async function run(file: string, env: Record<string, string>, extra: string[] = []) {
  const before = openai.requests.length;
  const spawned = await runCli(['run', file, '--json', ...extra], env, 120_000);
  let document: ResultDocument;
  try {
    document = JSON.parse(spawned.stdout) as ResultDocument;
  } catch {
    throw new Error(`not a result document:\n${spawned.stdout}\n${spawned.stderr}`);
  }
  const prompts = openai.requests.slice(before).map((request) => request.seen?.messages.at(-1)?.text ?? '');
  return { ...spawned, document, prompts };
}

/** Every file under the cache folder, as text. */
async function cacheFiles(directory: string): Promise<string[]> {
  const names = await readdir(directory, { recursive: true, withFileTypes: true });
  return Promise.all(
    names.filter((entry) => entry.isFile()).map((entry) => readFile(join(entry.parentPath, entry.name), 'utf8')),
  );
}

const NOTES = `id: cached-notes
model: openai:gpt-4o-mini
cache: true
parameters:
  temperature: {type: number, default: 0.2}
steps:
  - id: outline
    action: generate
    parameters: {prompt: "Outline a note on otters for {{ secrets.NOTES_TOKEN }}", temperature: "{{ inputs.temperature }}"}
  - id: facts
    action: generate_structured
    parameters: {prompt: "Name the note", schema: {type: object, properties: {title: {type: string}}, required: [title]}}
  - id: helper
    action: agent
    parameters: {prompt: "Say hello", tools: [filesystem.read], max_turns: 2}
  - id: fresh
    action: generate
    cache: false
    parameters: {prompt: "Today's otter fact"}
`;

describe('the response cache', () => {
  it('answers the second identical run with 0 calls (generate, structured, agent turns), and a changed temperature misses', async () => {
    const env = await environment();
    const file = await pipelineFile('notes.yaml', NOTES);
    const first = await run(file, env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.prompts).toHaveLength(4);
    expect(first.document.steps.outline?.cached).toBeUndefined();
    expect(first.document.usage.model_calls).toBe(4);

    const second = await run(file, env);
    expect(second.code, second.stderr).toBe(0);
    // Only the step with `cache: false` asked the model.
    expect(second.prompts).toEqual(["Today's otter fact"]);
    for (const id of ['outline', 'facts', 'helper']) {
      const step = second.document.steps[id]!;
      expect(step.cached, id).toMatchObject({ calls: 1, created_at: expect.any(String) });
      expect(step.cost_usd, id).toBe(0);
      expect(step.result, id).toEqual(first.document.steps[id]!.result);
    }
    expect(second.document.steps.outline?.cached?.cost_usd).toBeCloseTo(0.00027, 6);
    expect(second.document.steps.outline?.usage).toEqual({ input_tokens: 0, output_tokens: 0 });
    expect(second.document.steps.fresh?.cached).toBeUndefined();
    expect(second.document.usage.model_calls).toBe(1);
    expect(second.document.usage.cost_usd).toBeCloseTo(0.00027, 6);

    // What people see: orc status and orc diff say which steps the cache answered.
    const status = await runCli(['status', second.document.run.workflow_id], env);
    expect(status.stdout).toMatch(/outline +completed .*cached/);
    const diff = await runCli(['diff', first.document.run.workflow_id, second.document.run.workflow_id, '--json'], env);
    expect(diff.code, diff.stderr).toBe(0);
    const { steps } = JSON.parse(diff.stdout) as { steps: StepDiff[] };
    expect(steps[0]).toMatchObject({
      step: 'outline',
      a: { how: 'live' },
      b: { how: 'cached', cost_usd: 0 },
      output: 'same',
    });
    expect(steps[3]).toMatchObject({ step: 'fresh', b: { how: 'live' } });

    // Another temperature is another request: only outline (and the uncached step) call.
    const warmer = await run(file, env, ['-i', 'temperature=0.9']);
    expect(warmer.code, warmer.stderr).toBe(0);
    expect(warmer.prompts.sort()).toEqual([
      expect.stringMatching(/^Outline a note on otters for /),
      "Today's otter fact",
    ]);
    expect(warmer.document.steps.outline?.cached).toBeUndefined();
    expect(warmer.document.steps.facts?.cached).toMatchObject({ calls: 1 });

    // The secret reached the provider, but no cache file holds it.
    expect(first.prompts.find((prompt) => prompt.startsWith('Outline'))).toContain(SECRET);
    const files = await cacheFiles(env.ORC_CACHE_DIR);
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const text of files) expect(text).not.toContain(SECRET);

    // orc cache stats and clear: 4 entries (outline twice, facts, helper); 3 hits, then 2.
    const stats = await runCli(['cache', 'stats', '--json'], env);
    expect(stats.code, stats.stderr).toBe(0);
    const counted = JSON.parse(stats.stdout) as { entries: number; bytes: number; hits: number; location: string };
    expect(counted).toMatchObject({ location: env.ORC_CACHE_DIR, entries: 4, hits: 5 });
    expect(counted.bytes).toBeGreaterThan(0);
    expect((await runCli(['cache', 'stats'], env)).stdout).toMatch(/entries +4\n +bytes +\d+ .*\n +hits +5/);
    const young = await runCli(['cache', 'clear', '--older-than', '1h'], env);
    expect(young.stdout).toContain('Removed 0 entries older than 1h');
    const old = await runCli(['cache', 'clear', '--older-than', '1ms', '--json'], env);
    expect(JSON.parse(old.stdout)).toMatchObject({ removed: 4, bytes: counted.bytes });
    expect(JSON.parse((await runCli(['cache', 'stats', '--json'], env)).stdout)).toMatchObject({ entries: 0 });
    const wrong = await runCli(['cache', 'clear', '--older-than', 'a while'], env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--older-than must be a duration, not "a while"');
    // Cleared: the same run asks the model again.
    expect((await run(file, env)).prompts).toHaveLength(4);
  }, 240_000);

  it('keeps no truncated and no failed answer, and an expired entry misses', async () => {
    const env = await environment();
    const truncated = await pipelineFile(
      'ramble.yaml',
      `id: ramble
model: openai:gpt-4o-mini
steps:
  - {id: ramble, action: generate, cache: true, parameters: {prompt: "Ramble on about otters", max_tokens: 5}}
`,
    );
    expect((await run(truncated, env)).prompts).toHaveLength(1);
    const again = await run(truncated, env);
    expect(again.prompts).toHaveLength(1);
    expect(again.document.steps.ramble?.cached).toBeUndefined();

    const failing = await pipelineFile(
      'failing.yaml',
      `id: failing
model: openai:gpt-4o-mini
steps:
  - {id: ask, action: generate, cache: true, retry: {max_attempts: 1}, parameters: {prompt: "Fail please"}}
`,
    );
    const failed = await run(failing, env);
    expect(failed.code).toBe(1);
    expect(failed.prompts).toHaveLength(1);
    expect((await run(failing, env)).prompts).toHaveLength(1);
    expect(await cacheFiles(env.ORC_CACHE_DIR)).toEqual([]);

    // The same request under a week's ttl, then under a second's.
    const week = await pipelineFile('week.yaml', TTL_PIPELINE('7d'));
    const second = await pipelineFile('second.yaml', TTL_PIPELINE('1s'));
    expect((await run(week, env)).prompts).toHaveLength(1);
    const hit = await run(week, env);
    expect(hit.prompts).toEqual([]);
    expect(hit.document.steps.ask?.cached).toMatchObject({ calls: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const expired = await run(second, env);
    expect(expired.prompts).toEqual(['Name three otters']);
    expect(expired.document.steps.ask?.cached).toBeUndefined();
  }, 240_000);
});

const TTL_PIPELINE = (ttl: string) => `id: ttl
model: openai:gpt-4o-mini
cache: {ttl: ${ttl}}
steps:
  - {id: ask, action: generate, parameters: {prompt: "Name three otters"}}
`;
