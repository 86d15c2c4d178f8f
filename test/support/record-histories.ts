// Records the histories that test/replay replays: runs each pipeline below on a throwaway dev
// server with a real worker and writes its event history to test/histories/<name>.json.
// Records histories that do not exist yet: npx tsx test/support/record-histories.ts
// (--force re-records all; never do that to make a failing replay pass: add patched()).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities, localResponseCache, loadModelRegistry } from '../../activities/index.js';
import { withResponseCache } from '../../activities/response-cache/index.js';
import { startDevServerOnFreePorts } from '../../temporal-dev/index.js';
import { installRuntime, loadWorkflowBundle } from '../../workers/index.js';
import { SEARCH_ATTRIBUTE_TYPES } from '../../workflows/search-attributes.js';
import { compatRoot, compileFile, repoRoot } from './temporal.js';
import { compileTest, newRecorder, testTool } from './test-tools.js';
import { answerApprovalUpdate } from '../../workflows/messages.js';
import { waitForApproval } from './wait-for-approval.js';
import type { WorkflowHandle } from '@temporalio/client';
import { existsSync } from 'node:fs';
import type { ModelCallInput, ModelCallOutput } from '../../workflows/activity-interfaces.js';
import type { PipelineIR, ReuseIR } from '../../workflows/lang/ir.js';

interface Recording {
  /** A pipeline file, or YAML text compiled with the test tool. */
  file?: string;
  text?: string;
  inputs: Record<string, unknown>;
  /** Drives the run while it goes (answers approvals). */
  interact?: (handle: WorkflowHandle) => Promise<void>;
  /** A rerun: the pipeline runs once as `history-<name>-source`, then again reusing it with these live steps. */
  rerunOf?: { inputs: Record<string, unknown>; liveSteps: string[] };
  /** The pipeline runs once first (as `history-<name>-warm`), so the response cache answers the recorded run. */
  warmCache?: boolean;
}

const answer = (step: string, approved: boolean) => async (handle: WorkflowHandle) => {
  await waitForApproval(handle, step);
  await handle.executeUpdate(answerApprovalUpdate, {
    args: [{ step, approved, comment: 'recorded', answers: { channel: 'email' } }],
  });
};

/** name → what to run. Each becomes test/histories/<name>.json; existing files are kept. */
const RECORDINGS: Record<string, Recording> = {
  hello: { file: join(repoRoot, 'pipelines/hello.yaml'), inputs: { name: 'replay' } },
  'parallel-fanout-fanin': { file: join(compatRoot, '02_parallel_fanout_fanin.yaml'), inputs: {} },
  'conditions-long': { file: join(compatRoot, '04_conditions.yaml'), inputs: {} },
  'conditions-short': { file: join(compatRoot, '04_conditions.yaml'), inputs: { content: 'hi' } },
  loops: {
    text: `steps:
  - id: each
    for_each: "[1, 2, 3, 4]"
    max_parallel: 2
    steps:
      - {id: double, tool: test, action: echo, parameters: {value: "{{ item * 2 }}"}}
  - id: counting
    until: "counting.iteration >= 2"
    steps:
      - {id: tick, tool: test, action: echo, parameters: {value: "{{ counting.iteration }}"}}
  - {id: pause, wait: 1s}`,
    inputs: {},
  },
  'approval-and-handlers': {
    text: `steps:
  - id: review
    approval: {title: Go?, fields: {type: object, properties: {channel: {type: string}}}}
  - id: risky
    tool: test
    action: fail
    if: "review.approved"
    retry: {max_attempts: 2, initial_interval: 100ms}
    parameters: {type: Boom}
    on_error:
      - {id: note, tool: test, action: echo, parameters: {value: "{{ error.type }}"}}
  - {id: skipped_later, tool: test, action: echo, on_failure: continue, depends_on: [risky], parameters: {value: "{{ review.channel }}"}}`,
    inputs: {},
    interact: answer('review', true),
  },
  // With the orc-waiting-status marker: OrcStatus says `waiting` while the approval waits.
  'waiting-status': {
    text: `steps:
  - {id: draft, tool: test, action: echo, parameters: {value: draft}}
  - id: review
    approval: {title: Go?, fields: {type: object, properties: {channel: {type: string}}}}
    depends_on: [draft]
  - {id: after, tool: test, action: echo, depends_on: [review], parameters: {value: "{{ review.channel }}"}}`,
    inputs: {},
    interact: answer('review', true),
  },
  // Recorded before form defaults were filled in (the route step then failed on the missing
  // field): replaying it shows the patched() guard of approval-step.ts keeps old runs as they ran.
  'approval-form-left-out': {
    text: `steps:
  - id: approve_claim
    approval: {title: Pay?, fields: {type: object, properties: {urgent: {type: boolean, default: false}, amount: {type: integer}}}}
  - {id: route, tool: test, action: echo, parameters: {value: "urgent={{ approve_claim.urgent }}"}}
  - {id: after, tool: test, action: echo, depends_on: [route], parameters: {value: done}}`,
    inputs: {},
    interact: async (handle) => {
      await waitForApproval(handle, 'approve_claim');
      await handle.executeUpdate(answerApprovalUpdate, {
        args: [{ step: 'approve_claim', approved: true, answers: { amount: 1 } }],
      });
    },
  },
  'sub-pipeline': {
    text: `steps:
  - {id: child, pipeline: pipelines/hello.yaml, inputs: {name: child}}
  - {id: after, tool: test, action: echo, parameters: {value: "{{ child.result.greeting }}"}}`,
    inputs: {},
  },
  'models-agent-auto': {
    text: `model: openai:gpt-4o-mini
steps:
  - {id: draft, action: generate, parameters: {prompt: Write about otters, max_tokens: 50}}
  - id: helper
    action: agent
    parameters: {prompt: Save the draft, tools: [filesystem.write], max_turns: 3}
  - {id: maybe, tool: test, action: echo, if: "<AUTO>Should we echo {{ draft }}?</AUTO>", parameters: {value: "yes"}}
  - {id: chosen, action: generate, model: auto, parameters: {prompt: Pick}}`,
    inputs: {},
  },
  // Outputs the file reads (an <AUTO> one answered by its inserted step `outputs.name`), a tool
  // step's location read as {{ location }}, and a nested <AUTO> in a natural-language action.
  'readable-outputs': {
    text: `model: openai:gpt-4o-mini
steps:
  - {id: save, tool: test, action: echo, location: "out/{{ outputs.folder }}", parameters: {value: "{{ location }}"}}
  - {id: notes, action: "<AUTO>notes on <AUTO>a topic</AUTO></AUTO>", location: notes/, depends_on: [save]}
outputs:
  name: "<AUTO>a file name</AUTO>"
  folder: "f-{{ outputs.name | length }}"`,
    inputs: {},
  },
  // Templates under the current cost model (patch orc-template-costs at the run's start).
  'template-costs': {
    text: `parameters: {words: {type: array, default: [b, a, c, a]}}
steps:
  - {id: tidy, tool: test, action: echo, parameters: {value: "{{ words | unique | sort | join(', ') | title }}"}}
  - {id: sized, tool: test, action: echo, parameters: {value: "{{ (tidy.result * 3) | length }}"}}`,
    inputs: {},
  },
  // Nested for_each loops held to two running steps in the whole run (patch orc-run-parallel-cap).
  'run-parallel-cap': {
    text: `defaults: {max_running_steps: 2}
steps:
  - id: outer
    for_each: "[1, 2, 3]"
    max_parallel: 3
    steps:
      - id: inner
        for_each: "[1, 2]"
        max_parallel: 2
        steps:
          - {id: cell, tool: test, action: echo, parameters: {value: "{{ item }}"}}
  - {id: after, tool: test, action: echo, depends_on: [outer], parameters: {value: done}}`,
    inputs: {},
  },
  // orc rerun: a run of a model step, a for_each, an agent, an <AUTO> condition and a
  // sub-pipeline, rerun with one more for_each item and \`polish\` live (no new commands for
  // what it reuses; the read of the source is its first activity).
  rerun: {
    text: `model: openai:gpt-4o-mini
parameters: {items: {type: array, default: [1, 2]}}
steps:
  - {id: draft, action: generate, parameters: {prompt: Write about otters, max_tokens: 50}}
  - id: each
    for_each: "{{ inputs.items }}"
    steps:
      - {id: part, action: generate, parameters: {prompt: "Part {{ item }} of {{ draft }}"}}
  - id: helper
    action: agent
    parameters: {prompt: Save the draft, tools: [filesystem.write], max_turns: 3}
  - {id: maybe, tool: test, action: echo, if: "<AUTO>Should we echo {{ draft }}?</AUTO>", parameters: {value: "yes"}}
  - {id: child, pipeline: pipelines/hello.yaml, inputs: {name: rerun}}
  - {id: polish, action: generate, depends_on: [each], parameters: {prompt: "Polish {{ draft }}"}}`,
    inputs: { items: [1, 2, 3] },
    rerunOf: { inputs: { items: [1, 2] }, liveSteps: ['polish'] },
  },
  // The response cache (cache:, decisions/0012): a run whose generate step and agent turns are
  // all answered from the cache — the same commands as a live run, the answers marked cached.
  'cached-run': {
    text: `model: openai:gpt-4o-mini
cache: {ttl: 7d}
steps:
  - {id: draft, action: generate, parameters: {prompt: Write about otters, max_tokens: 50}}
  - id: helper
    action: agent
    parameters: {prompt: Save the draft, tools: [filesystem.write], max_turns: 3}
  - {id: fresh, action: generate, cache: false, parameters: {prompt: "Polish {{ draft }}"}}`,
    inputs: {},
    warmCache: true,
  },
  // Local steps (patch orc-local-steps): filesystem and data-processing steps as local
  // activities (markers), in a list and a for_each, one moving on to a regular activity after
  // its local attempts failed, and one kept a regular activity by \`execution: activity\`.
  'local-steps': {
    text: `steps:
  - {id: write, tool: filesystem, action: write, parameters: {path: local/rows.json, content: '[{"n": 3}, {"n": 1}, {"n": 2}]'}}
  - {id: read, tool: filesystem, action: read, parameters: {path: "{{ write.result.path }}"}}
  - {id: sorted, tool: data-processing, action: sort, parameters: {data: "{{ read.result.content }}", by: n}}
  - id: each
    for_each: "[1, 2, 3]"
    max_parallel: 2
    steps:
      - {id: note, tool: filesystem, action: write, parameters: {path: "local/{{ item }}.txt", content: "{{ item }}"}}
  - id: flaky
    tool: test
    action: fail
    execution: local
    retry: {max_attempts: 5, initial_interval: 100ms, backoff: 1}
    parameters: {times: 3, key: flaky}
  - {id: remote, tool: filesystem, action: exists, execution: activity, depends_on: [each], parameters: {path: local/1.txt}}`,
    inputs: {},
  },
  // Cancelled while a tool runs, a timer waits, an approval is open and a for_each runs: each
  // ends cancelled, the unstarted step too, and only then the run (patch orc-cancel-ends-steps).
  'cancel-while-waiting': {
    text: `steps:
  - {id: nap, tool: test, action: sleep, parameters: {ms: 60000, label: nap}}
  - {id: pause, wait: 10m}
  - {id: review, approval: {title: Go?}}
  - id: each
    for_each: "[1, 2, 3]"
    max_parallel: 2
    steps:
      - {id: inner, tool: test, action: sleep, parameters: {ms: 60000}}
  - {id: after, tool: test, action: echo, depends_on: [nap, pause], parameters: {value: never}}`,
    inputs: {},
    interact: async (handle) => {
      await waitForApproval(handle, 'review');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await handle.cancel();
    },
  },
};

/** Scripted model choices and <AUTO> answers (no provider). */
const scriptedModels = {
  selectModel: async () => ({ model: 'openai:gpt-4o-mini' }),
  resolveAuto: async () => ({ value: true, model: 'openai:gpt-4o-mini' }),
};

/** A scripted model answer (no provider): the agent writes a file on its first turn. */
function scriptedAnswer(input: ModelCallInput): ModelCallOutput {
  const turn = Array.isArray(input.parameters.messages) ? input.parameters.messages.length : 0;
  const result =
    input.action !== 'agent'
      ? `answer to ${String(input.parameters.prompt)}`
      : turn === 1
        ? {
            text: '',
            tool_calls: [{ id: 'c1', name: 'filesystem__write', arguments: { path: 'draft.txt', content: 'otters' } }],
            finish_reason: 'tool_calls',
          }
        : { text: 'saved', tool_calls: [], finish_reason: 'stop' };
  return { result, model: input.model, usage: { input_tokens: 10, output_tokens: 5 }, cost_usd: 0.00001, attempt: 1 };
}

/** Runs the source of a rerun to its end; the reuse input of the rerun. */
async function recordSource(
  client: Client,
  taskQueue: string,
  name: string,
  ir: PipelineIR,
  source: { inputs: Record<string, unknown>; liveSteps: string[] },
): Promise<ReuseIR> {
  const handle = await client.workflow.start('runPipeline', {
    taskQueue,
    workflowId: `history-${name}-source`,
    args: [{ ir, inputs: source.inputs }],
  });
  await handle.result();
  return { workflow_id: handle.workflowId, run_id: handle.firstExecutionRunId, live_steps: source.liveSteps };
}

async function main(): Promise<void> {
  installRuntime();
  const dataDir = await mkdtemp(join(tmpdir(), 'orc-record-'));
  const server = await startDevServerOnFreePorts({
    withUi: false,
    searchAttributes: SEARCH_ATTRIBUTE_TYPES,
    logFile: join(dataDir, 'server.log'),
    detached: false,
  });
  try {
    const connection = await Connection.connect({ address: server.address });
    const nativeConnection = await NativeConnection.connect({ address: server.address });
    const client = new Client({ connection });
    const taskQueue = 'record-histories';
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowBundle: await loadWorkflowBundle(dataDir),
      activities: {
        ...createActivities({
          workspaceRoot: dataDir,
          tools: { test: testTool(newRecorder()) },
          temporalClient: async () => client,
        }),
        ...scriptedModels,
        // The real response cache around the scripted answers, in this recording's folder.
        runModel: withResponseCache(
          { store: localResponseCache(join(dataDir, 'cache')), registry: loadModelRegistry() },
          async (input) => ({ output: scriptedAnswer(input), finish_reason: 'stop' }),
        ),
      },
      maxHeartbeatThrottleInterval: '1s',
    });
    await worker.runUntil(async () => {
      for (const [name, recording] of Object.entries(RECORDINGS)) {
        const target = join(repoRoot, 'test/histories', `${name}.json`);
        // Old histories are the point of replay tests: only new ones are recorded.
        if (existsSync(target) && !process.argv.includes('--force')) continue;
        const ir = recording.file
          ? await compileFile(recording.file)
          : compileTest(recording.text!, join(repoRoot, `${name}.yaml`));
        const reuse = recording.rerunOf && (await recordSource(client, taskQueue, name, ir, recording.rerunOf));
        if (recording.warmCache)
          await client.workflow.execute('runPipeline', {
            taskQueue,
            workflowId: `history-${name}-warm`,
            args: [{ ir, inputs: recording.inputs }],
          });
        const handle = await client.workflow.start('runPipeline', {
          taskQueue,
          workflowId: `history-${name}`,
          args: [{ ir, inputs: recording.inputs, ...(reuse ? { reuse } : {}) }],
        });
        await recording.interact?.(handle);
        await handle.result().catch(() => undefined);
        await writeFile(target, historyToJSON(await handle.fetchHistory()));
        console.log(`recorded test/histories/${name}.json`);
      }
    });
    await connection.close();
    await nativeConnection.close();
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
