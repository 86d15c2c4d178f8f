// `orc rerun` as a user meets it: `orc run` spawned (with its own worker), then `orc rerun`
// spawned against that run. The model is a local server speaking OpenAI's protocol through
// the real SDK; it counts every request, so "0 new calls" is counted, not assumed. Each
// rerun's history shows what it scheduled.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { orcDataConverter } from '../../workers/index.js';
import type { ResultDocument } from '../../workflows/result-document.js';
import { reply, startOpenAIServer, type FakeProviderServer } from '../providers/index.js';
import { cliEnvironment, eventually } from '../support/cli-runs.js';
import { runCli } from '../support/run-cli.js';

let openai: FakeProviderServer;
let connection: Connection;
let client: Client;
let folder: string;
beforeAll(async () => {
  openai = await startOpenAIServer();
  // Every answer says what it answers, and costs (gpt-4o-mini prices): $0.00027 a call.
  openai.respondWith((seen) =>
    reply({ text: `answer to ${seen.messages.at(-1)?.text ?? ''}`, usage: { input: 1_000, output: 200 } }),
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

/** The activity types a run scheduled, in order. */
async function scheduledBy(workflowId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap(
    (event) => event.activityTaskScheduledEventAttributes?.activityType?.name ?? [],
  );
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
    const broken = await pipelineFile('broken.yaml', FIVE_STEPS('check.text'));
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
    expect(await scheduledBy(again.run.workflow_id)).toEqual([
      'loadReusableResults',
      'runModel',
      'runTool',
      'runTool',
      'runModel',
    ]);
  }, 300_000);
});
