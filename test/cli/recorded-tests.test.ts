// Recorded tests as a user meets them: `orc run` spawned against a local server speaking
// OpenAI's protocol through the real SDK, `orc record` of that run, then `orc test` spawned with
// the cassette — the workflow on the suite's dev server, the worker inside the command. The
// model server counts every request, so "0 provider calls" is counted, not assumed.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Cassette } from '../../client/cassette-file.js';
import type { TestReport } from '../../client/recorded-test.js';
import type { ResultDocument } from '../../workflows/result-document.js';
import { reply, startOpenAIServer, type FakeProviderServer } from '../providers/index.js';
import { cliEnvironment } from '../support/cli-runs.js';
import { runCli } from '../support/run-cli.js';

const SECRET = 'sk-live-7d2e-never-in-a-cassette';

let openai: FakeProviderServer;
let folder: string;
beforeAll(async () => {
  openai = await startOpenAIServer();
  // The answer repeats the prompt: a secret in a prompt comes back in the answer, to be redacted.
  openai.respondWith((seen) =>
    reply({ text: `answer to ${seen.messages.at(-1)?.text ?? ''}`, usage: { input: 1_000, output: 200 } }),
  );
  folder = await mkdtemp(join(tmpdir(), 'orc-recorded-'));
});
afterAll(async () => {
  await openai?.close();
});

const NOTES = (draftPrompt: string, summariseQueue = '') => `id: recorded-notes
model: openai:gpt-4o-mini
parameters:
  topic: {type: string, default: otters}
steps:
  - {id: outline, action: generate, parameters: {prompt: "Outline a note on {{ inputs.topic }} for {{ secrets.NOTES_TOKEN }}"}}
  - {id: draft, action: generate, parameters: {prompt: "${draftPrompt} {{ outline }}"}}
  - {id: save, tool: filesystem, action: write, parameters: {path: "notes/{{ inputs.topic }}.md", content: "{{ draft }}"}}
  - {id: summarise, action: generate, parameters: {prompt: "Summarise {{ draft }}"}${summariseQueue}}
  - {id: title, pipeline: title.yaml, inputs: {topic: "{{ inputs.topic }}"}}
outputs:
  summary: "{{ summarise }}"
`;

/** A sub-pipeline with a model step of its own: recorded from its child run, replayed on the test's worker. */
const TITLE = `id: title
model: openai:gpt-4o-mini
parameters:
  topic: {type: string}
steps:
  - {id: name, action: generate, parameters: {prompt: "Title a note on {{ inputs.topic }}"}}
outputs:
  title: "{{ name }}"
`;

async function file(name: string, text: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, text);
  return path;
}

async function calls<T>(body: () => Promise<T>): Promise<{ value: T; prompts: string[] }> {
  const before = openai.requests.length;
  const value = await body();
  return { value, prompts: openai.requests.slice(before).map((request) => request.seen?.messages.at(-1)?.text ?? '') };
}

function json<T>(run: { stdout: string; stderr: string }): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`not JSON:\n${run.stdout}\n${run.stderr}`);
  }
}

describe('orc record and orc test', () => {
  it('records a run of 3 model steps and a tool step; replays it with 0 provider calls; an edited prompt fails with its diff; --update re-records, then passes', async () => {
    const env = {
      ...(await cliEnvironment()),
      OPENAI_API_KEY: 'k',
      OPENAI_BASE_URL: `${openai.url}/v1`,
      NOTES_TOKEN: SECRET,
    };
    await file('title.yaml', TITLE);
    const pipeline = await file('notes.yaml', NOTES('Write the note from'));
    // Its summarise step names a task queue no worker polls: orc test runs every call on its own worker.
    const edited = await file(
      'notes-edited.yaml',
      NOTES('Write a short note from', ', task_queue: no-worker-polls-this'),
    );
    const cassettePath = join(folder, 'case.json');

    const ran = await calls(() => runCli(['run', pipeline, '--json'], env, 120_000));
    expect(ran.value.code, ran.value.stderr).toBe(0);
    expect(ran.prompts).toHaveLength(4);
    expect(ran.prompts[0]).toContain(SECRET);
    const run = json<ResultDocument>(ran.value);

    const recorded = await runCli(['record', run.run.workflow_id], env);
    expect(recorded.code, recorded.stderr).toBe(0);
    await writeFile(cassettePath, recorded.stdout);
    const cassette = json<Cassette>(recorded);
    expect(cassette).toMatchObject({ format: 'orc-cassette', version: 1, inputs: { topic: 'otters' } });
    expect(Object.keys(cassette.pipeline.sources ?? {}).map((path) => path.split('/').at(-1))).toEqual([
      'notes.yaml',
      'title.yaml',
    ]);
    const filed = Object.values(cassette.calls).map((call) => `${call.activity} ${call.step_id}`);
    expect(filed.sort()).toEqual([
      'runModel draft',
      'runModel name',
      'runModel outline',
      'runModel summarise',
      'runTool save',
    ]);
    // The model's answer repeated the secret: redacted, as the request holds only its token.
    expect(recorded.stdout).not.toContain(SECRET);
    expect(
      cassette.calls[Object.keys(cassette.calls).find((key) => cassette.calls[key]!.step_id === 'outline')!],
    ).toMatchObject({
      request: { parameters: { prompt: 'Outline a note on otters for @@orc-secret:*:NOTES_TOKEN@@' } },
      output: { result: 'answer to Outline a note on otters for [secret NOTES_TOKEN]' },
    });

    const replayed = await calls(() => runCli(['test', pipeline, '--cassette', cassettePath], env, 120_000));
    expect(replayed.value.code, replayed.value.stderr + replayed.value.stdout).toBe(0);
    expect(replayed.prompts).toEqual([]);
    expect(replayed.value.stdout).toMatch(/✓ outline completed · replayed \(1 call\)/);
    expect(replayed.value.stdout).toMatch(/✓ save completed · replayed \(1 call\)/);
    expect(replayed.value.stdout).toMatch(/^PASS /m);

    const missed = await calls(() => runCli(['test', edited, '--cassette', cassettePath], env, 120_000));
    expect(missed.value.code, missed.value.stderr + missed.value.stdout).toBe(1);
    expect(missed.prompts).toEqual([]);
    expect(missed.value.stdout).toMatch(/✗ draft failed · no recorded answer/);
    expect(missed.value.stdout).toContain('-  prompt: Write the note from answer to Outline');
    expect(missed.value.stdout).toContain('+  prompt: Write a short note from answer to Outline');
    expect(missed.value.stdout).toMatch(/^FAIL /m);

    const updated = await calls(() =>
      runCli(['test', edited, '--cassette', cassettePath, '--update', '--json'], env, 120_000),
    );
    expect(updated.value.code, updated.value.stderr).toBe(0);
    expect(updated.prompts).toHaveLength(4);
    expect(json<TestReport>(updated.value)).toMatchObject({ passed: true, mode: 'update', rerecorded: { calls: 5 } });
    expect(await readFile(cassettePath, 'utf8')).not.toContain(SECRET);

    const again = await calls(() => runCli(['test', edited, '--cassette', cassettePath, '--json'], env, 120_000));
    expect(again.value.code, again.value.stderr).toBe(0);
    expect(again.prompts).toEqual([]);
    const report = json<TestReport>(again.value);
    expect(report).toMatchObject({ passed: true, mode: 'replay', misses: [] });
    expect(report.steps.map((step) => `${step.step} ${step.how}`)).toEqual([
      'outline replayed',
      'draft replayed',
      'save replayed',
      'summarise replayed',
      'title replayed',
    ]);
  }, 300_000);

  it('a cassette of another format or version, or not JSON, is refused with exit 2 and a clear message', async () => {
    const env = await cliEnvironment();
    const pipeline = await file('plain.yaml', NOTES('Write the note from'));
    for (const [name, text, said] of [
      [
        'version.json',
        '{"format": "orc-cassette", "version": 99, "inputs": {}, "calls": {}}',
        'its "version" is 99; this orc reads version 1',
      ],
      ['broken.json', '{"format": ', 'is not JSON'],
    ] as const) {
      const test = await runCli(['test', pipeline, '--cassette', await file(name, text)], env);
      expect(test.code, test.stderr).toBe(2);
      expect(test.stderr).toContain(said);
      expect(test.stderr).toContain('hint: make one with orc record RUN -o FILE');
      expect(test.stderr).not.toMatch(/\n\s+at /);
    }
  }, 60_000);

  it('Ctrl-C ends the test and its run: no run is left waiting on the private task queue', async () => {
    const env = await cliEnvironment();
    const pipeline = await file('waits.yaml', 'id: waits\nsteps:\n  - {id: pause, wait: 10m}\n');
    const empty = await file(
      'empty.json',
      '{"format": "orc-cassette", "version": 1, "inputs": {}, "calls": {}, "pipeline": {"ir": {}}}',
    );
    let started: string | undefined;
    const interrupted = await runCli(['test', pipeline, '--cassette', empty], env, 60_000, (stderr, child) => {
      if (started) return;
      started = /Started run (\S+)/.exec(stderr)?.[1];
      if (started) child.kill('SIGINT');
    });
    expect(interrupted.code, interrupted.stderr).toBe(130);
    expect(interrupted.stderr).toContain(`terminating the test's run ${started}`);
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    try {
      const described = await new Client({ connection }).workflow.getHandle(started!).describe();
      expect(described.status.name).toBe('TERMINATED');
    } finally {
      await connection.close();
    }
  }, 60_000);
});
