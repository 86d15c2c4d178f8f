// `orc rerun` as a user meets it: `orc run` spawned (with its own worker), then `orc rerun`
// spawned against that run. The model is a local server speaking OpenAI's protocol through
// the real SDK; it counts every request, so "0 new calls" is counted, not assumed. Each
// rerun's history shows what it scheduled.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadModelRegistry } from '../../activities/models/index.js';
import { orcDataConverter } from '../../workers/index.js';
import { progressQuery } from '../../workflows/messages.js';
import type { StepDiff } from '../../client/run-diff.js';
import type { ResultDocument } from '../../workflows/result-document.js';
import { SOURCE_RUN_ATTRIBUTE } from '../../workflows/search-attributes.js';
import { reply, startOpenAIServer, type FakeProviderServer } from '../providers/index.js';
import { cliEnvironment, eventually } from '../support/cli-runs.js';
import { documentOf as resultOf, startPipeline } from '../support/run-document.js';
import { runCli } from '../support/run-cli.js';
import { compileFile, withWorker } from '../support/temporal.js';

let openai: FakeProviderServer;
let connection: Connection;
let client: Client;
let folder: string;
beforeAll(async () => {
  openai = await startOpenAIServer();
  // Every answer says what it answers. A gpt-4o-mini call costs $0.00027; a gpt-4o one $0.26.
  openai.respondWith((seen) =>
    reply({
      text: `answer to ${seen.messages.at(-1)?.text ?? ''}`,
      usage: seen.model === 'gpt-4o' ? { input: 100_000, output: 1_000 } : { input: 1_000, output: 200 },
    }),
  );
  connection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection, dataConverter: orcDataConverter(inject('dataDir')) });
  folder = await mkdtemp(join(tmpdir(), 'orc-rerun-'));
});
afterAll(async () => {
  await openai?.close();
  await connection?.close();
});

async function environment() {
  return { ...(await cliEnvironment()), OPENAI_API_KEY: 'k', OPENAI_BASE_URL: `${openai.url}/v1` };
}

async function pipelineFile(name: string, text: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, text);
  return path;
}

/** The prompts the model server got from `since` on. */
const promptsSince = (since: number) =>
  openai.requests.slice(since).map((request) => request.seen?.messages.at(-1)?.text);

/** The activity types a run scheduled or ran locally (`runTool (local)`: a marker), in order. */
async function scheduledBy(workflowId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap((event) => {
    const marker = event.markerRecordedEventAttributes;
    const data = marker?.markerName === 'core_local_activity' ? marker.details?.data?.payloads?.[0]?.data : undefined;
    if (data) return `${(JSON.parse(Buffer.from(data).toString()) as { activity_type: string }).activity_type} (local)`;
    return event.activityTaskScheduledEventAttributes?.activityType?.name ?? [];
  });
}

function documentOf(run: { stdout: string; stderr: string }): ResultDocument {
  try {
    return JSON.parse(run.stdout) as ResultDocument;
  } catch {
    throw new Error(`not a result document:\n${run.stdout}\n${run.stderr}`);
  }
}

const FIVE_STEPS = (read: string) => `id: five-steps
model: openai:gpt-4o-mini
parameters:
  topic: {type: string, default: otters}
steps:
  - {id: outline, action: generate, parameters: {prompt: "Outline a note on {{ inputs.topic }}", max_tokens: 200}}
  - {id: draft, action: generate, parameters: {prompt: "Write the note from {{ outline }}", max_tokens: 400}}
  - {id: save, tool: filesystem, action: write, parameters: {path: "notes/{{ inputs.topic }}.md", content: "{{ draft }}"}}
  - {id: check, tool: filesystem, action: read, parameters: {path: "{{ save.path }}"}}
  - {id: summarise, action: generate, parameters: {prompt: "Summarise {{ ${read} }}", max_tokens: 100}}
`;

describe('orc rerun', () => {
  it('a run failing at step 5, fixed and rerun with --file: 0 new calls for steps 1–4, cost only for the live step; then --from reruns exactly a step and its dependents', async () => {
    const env = await environment();
    const broken = await pipelineFile('broken.yaml', FIVE_STEPS("check['te' ~ 'xt']"));
    const fixed = await pipelineFile('fixed.yaml', FIVE_STEPS('check.content'));
    const before = openai.requests.length;
    const failed = await runCli(['run', broken, '--json'], env, 120_000);
    const source = documentOf(failed);
    expect(failed.code, failed.stderr).toBe(1);
    expect(source.error?.step).toBe('summarise');
    expect(promptsSince(before)).toHaveLength(2);

    const beforeRerun = openai.requests.length;
    const rerun = await runCli(['rerun', source.run.workflow_id, '--file', fixed, '--json'], env, 120_000);
    const fork = documentOf(rerun);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain('live: summarise');
    expect(rerun.stderr).toContain('changed by the edit: summarise');
    expect(promptsSince(beforeRerun)).toEqual([expect.stringMatching(/^Summarise answer to Write the note from/)]);
    for (const id of ['outline', 'draft', 'save', 'check'])
      expect(fork.steps[id]?.reused, id).toMatchObject({ run: source.run.workflow_id, step: id, calls: 1 });
    expect(fork.steps.summarise?.reused).toBeUndefined();
    expect(fork.steps.summarise?.cost_usd).toBeCloseTo(0.00027, 6);
    expect(fork.usage).toMatchObject({ model_calls: 1, input_tokens: 1_000, output_tokens: 200 });
    expect(fork.usage.cost_usd).toBeCloseTo(0.00027, 6);
    expect(fork.steps.draft?.reused?.cost_usd).toBeCloseTo(0.00027, 6);
    expect(fork.reuse).toEqual({
      workflow_id: source.run.workflow_id,
      run_id: source.run.run_id,
      reused_calls: 4,
      live_calls: 1,
    });
    expect(await scheduledBy(fork.run.workflow_id)).toEqual(['loadReusableResults', 'runModel']);
    const described = await client.workflow.getHandle(fork.run.workflow_id).describe();
    expect(await described.staticSummary()).toContain(`rerun of ${source.run.workflow_id}`);
    expect(described.memo).toEqual({
      orc_source_run: { workflow_id: source.run.workflow_id, run_id: source.run.run_id },
    });
    expect(described.typedSearchAttributes.get(SOURCE_RUN_ATTRIBUTE)).toBe(source.run.workflow_id);

    // What people see: the reused steps in orc status, the lineage in orc list.
    const status = await runCli(['status', fork.run.workflow_id], env);
    expect(status.stdout).toMatch(new RegExp(`outline +completed .*reused from ${source.run.workflow_id}`));
    const listed = await eventually(
      async () => {
        const list = await runCli(['list', '--pipeline', 'five-steps'], env);
        return list.stdout.includes('RERUN OF') ? list.stdout : undefined;
      },
      20_000,
      'orc list to show the rerun',
    );
    expect(listed.split('\n').find((line) => line.startsWith(fork.run.workflow_id))).toContain(source.run.workflow_id);

    // orc diff: the reused steps asked the same and answered the same; summarise failed
    // before asking anything in the source, and ran live in the rerun.
    const diff = await runCli(['diff', source.run.workflow_id, fork.run.workflow_id, '--json'], env);
    expect(diff.code, diff.stderr).toBe(0);
    const { steps } = JSON.parse(diff.stdout) as { steps: StepDiff[] };
    expect(steps.map((step) => step.step)).toEqual(['outline', 'draft', 'save', 'check', 'summarise']);
    expect(steps[0]).toMatchObject({
      a: { status: 'completed', how: 'live', calls: 1 },
      b: { status: 'completed', how: 'reused', reused_from: source.run.workflow_id, calls: 1, cost_usd: 0 },
      input: 'same',
      output: 'same',
    });
    expect(steps[4]).toMatchObject({
      a: { status: 'failed', how: 'no calls' },
      b: { status: 'completed', how: 'live', calls: 1 },
      input: 'different',
      output: 'different',
    });
    expect(steps[4]!.input_diff).toContain('+  prompt: Summarise answer to Write the note from');
    const text = await runCli(['diff', source.run.workflow_id, fork.run.workflow_id], env);
    expect(text.stdout).toMatch(/^= outline +completed \(live .*→ {2}completed \(reused from /m);
    expect(text.stdout).toMatch(/^~ summarise +failed \(no calls .*→ {2}completed \(live /m);

    // --from draft, on the rerun itself: draft and everything after it run live; the outline,
    // which the rerun had reused in turn, is still not asked again.
    const beforeFrom = openai.requests.length;
    const from = await runCli(['rerun', fork.run.workflow_id, '--from', 'draft', '--json'], env, 120_000);
    const again = documentOf(from);
    expect(from.code, from.stderr).toBe(0);
    expect(from.stderr).toContain('live: draft, save, check, summarise');
    expect(promptsSince(beforeFrom)).toEqual([
      expect.stringMatching(/^Write the note from/),
      expect.stringMatching(/^Summarise/),
    ]);
    expect(again.steps.outline?.reused).toMatchObject({ run: source.run.workflow_id, step: 'outline' });
    expect(
      Object.entries(again.steps)
        .filter(([, step]) => step.reused)
        .map(([id]) => id),
    ).toEqual(['outline']);
    // save and check are filesystem steps: local activities (docs/pipeline-language.md).
    expect(await scheduledBy(again.run.workflow_id)).toEqual([
      'loadReusableResults',
      'runModel',
      'runTool (local)',
      'runTool (local)',
      'runModel',
    ]);
  }, 300_000);

  it('one prompt edited in a 10-model-step pipeline: the fork makes exactly the calls of that step and its dependents', async () => {
    const original = await pipelineFile('ten.yaml', TEN_STEPS('two'));
    const edited = await pipelineFile('ten-edited.yaml', TEN_STEPS('two, said again'));
    await withWorker(
      async (engine) => {
        const source = await startPipeline(engine, await compileFile(original));
        expect((await resultOf(source)).status).toBe('completed');
        const before = openai.requests.length;
        const env = { ...(await environment()), ORC_TASK_QUEUE: engine.taskQueue };
        const rerun = await runCli(['rerun', source.workflowId, '--file', edited, '--json'], env, 120_000);
        const fork = documentOf(rerun);
        expect(rerun.code, rerun.stderr).toBe(0);
        // s4 reads s2, s6 reads s4, s8 waits for s6 (depends_on): its prompt is the same, it runs anyway.
        expect(rerun.stderr).toContain('live: s2, s4, s6, s8');
        expect(promptsSince(before).sort()).toEqual([
          'eight',
          expect.stringMatching(/^four from answer to two, said again/),
          expect.stringMatching(/^six from answer to four/),
          'two, said again',
        ]);
        const reused = Object.entries(fork.steps)
          .filter(([, step]) => step.reused)
          .map(([id]) => id);
        expect(reused).toEqual(['s1', 's3', 's5', 's7', 's9', 's10']);
        expect(fork.usage.model_calls).toBe(4);
        const diff = await runCli(['diff', source.workflowId, fork.run.workflow_id], env);
        expect(diff.code, diff.stderr).toBe(0);
        expect(diff.stdout).toContain('    -  prompt: two\n    +  prompt: two, said again');
        expect(diff.stdout).toMatch(/^= s1 /m);
        expect(diff.stdout).toMatch(/^~ s2 /m);
      },
      { models: models() },
    );
  }, 180_000);

  it('a run paused on its budget, forked with a cheaper model for what is left: what was paid is reused', async () => {
    const expensive = await pipelineFile('budget.yaml', BUDGETED('gpt-4o'));
    const cheaper = await pipelineFile('cheaper.yaml', BUDGETED('gpt-4o-mini'));
    await withWorker(
      async (engine) => {
        const before = openai.requests.length;
        const source = await startPipeline(engine, await compileFile(expensive));
        try {
          await eventually(
            async () => ((await source.query(progressQuery)).budget_paused_since ? true : undefined),
            30_000,
            'the run to pause on its budget',
          );
          // research and draft, $0.26 each: the polish would go over $0.50.
          expect(promptsSince(before)).toHaveLength(2);
          const beforeFork = openai.requests.length;
          const env = { ...(await environment()), ORC_TASK_QUEUE: engine.taskQueue };
          const rerun = await runCli(['rerun', source.workflowId, '--file', cheaper, '--json'], env, 120_000);
          const fork = documentOf(rerun);
          expect(rerun.code, rerun.stderr).toBe(0);
          expect(rerun.stderr).toContain(`${source.workflowId} is paused on its budget`);
          expect(openai.requests.slice(beforeFork).map((request) => request.seen?.model)).toEqual(['gpt-4o-mini']);
          expect(fork.steps.research?.reused?.cost_usd).toBeCloseTo(0.26, 6);
          expect(fork.steps.draft?.reused?.cost_usd).toBeCloseTo(0.26, 6);
          expect(fork.steps.polish).toMatchObject({ status: 'completed', model: 'openai:gpt-4o-mini' });
          expect(fork.usage.cost_usd).toBeCloseTo(0.00027, 6);
          // The source still waits for its budget: `orc budget raise` or `orc cancel` decide.
          expect((await source.describe()).status.name).toBe('RUNNING');
          // Unedited, the rerun says which steps it can reuse and which the source never completed.
          const again = await runCli(['rerun', source.workflowId, '--detach', '--json'], env, 60_000);
          expect(again.code, again.stderr).toBe(0);
          expect(again.stderr).toContain('are reused (research, draft); live: none.');
          expect(again.stderr).toContain(`not completed in ${source.workflowId}, so they run again: polish`);
          const detached = JSON.parse(again.stdout) as { workflow_id: string };
          await engine.client.workflow
            .getHandle(detached.workflow_id)
            .terminate('test over')
            .catch(() => {});
        } finally {
          await source.terminate('test over').catch(() => {});
        }
      },
      { models: models() },
    );
  }, 180_000);
});

const models = () => ({
  registry: loadModelRegistry(),
  environment: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: `${openai.url}/v1` },
});

const TEN_STEPS = (second: string) => `id: ten-steps
model: openai:gpt-4o-mini
steps:
  - {id: s1, action: generate, parameters: {prompt: one}}
  - {id: s2, action: generate, parameters: {prompt: "${second}"}}
  - {id: s3, action: generate, parameters: {prompt: "three from {{ s1 }}"}}
  - {id: s4, action: generate, parameters: {prompt: "four from {{ s2 }}"}}
  - {id: s5, action: generate, parameters: {prompt: "five from {{ s3 }}"}}
  - {id: s6, action: generate, parameters: {prompt: "six from {{ s4 }}"}}
  - {id: s7, action: generate, parameters: {prompt: seven}}
  - {id: s8, action: generate, depends_on: [s6], parameters: {prompt: eight}}
  - {id: s9, action: generate, parameters: {prompt: "nine from {{ s7 }}"}}
  - {id: s10, action: generate, parameters: {prompt: "ten from {{ s5 }} and {{ s9 }}"}}
`;

const BUDGETED = (polishModel: string) => `id: budgeted
model: openai:gpt-4o
budget: {max_cost_usd: 0.5, on_exceed: pause}
steps:
  - {id: research, action: generate, parameters: {prompt: Research otters, max_tokens: 100}}
  - {id: draft, action: generate, parameters: {prompt: "Draft from {{ research }}", max_tokens: 100}}
  - {id: polish, action: generate, model: "openai:${polishModel}", parameters: {prompt: "Polish {{ draft }}", max_tokens: 100}}
`;
