// The slice on a real Temporal server: pipelines compiled from YAML, run by the generic
// workflow with real activities, checked by their outputs, their files and their history.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import type { RunPipelineInput } from '../../workflows/lang/ir.js';
import type { ResultDocument } from '../../workflows/result-document.js';
import { compatRoot, compileFile, repoRoot, withWorker } from '../support/temporal.js';

const run = (
  engine: { client: Client; taskQueue: string },
  input: RunPipelineInput,
  workflowId = `wf-${engine.taskQueue}`,
) =>
  engine.client.workflow.execute('runPipeline', {
    taskQueue: engine.taskQueue,
    workflowId,
    args: [input],
  }) as Promise<ResultDocument>;

describe('runPipeline on a real server', () => {
  it('runs pipelines/hello.yaml: independent steps, a join, outputs and files', async () => {
    const ir = await compileFile(join(repoRoot, 'pipelines/hello.yaml'));
    await withWorker(async (engine) => {
      const workflowId = `hello-${engine.taskQueue}`;
      const result = await run(engine, { ir, inputs: { name: 'ada lovelace' } }, workflowId);
      expect(result.status).toBe('completed');
      expect(result.success).toBe(true);
      expect(result.pipeline).toMatchObject({ id: 'hello', hash: ir.hash });
      expect(result.inputs).toEqual({ name: 'ada lovelace', folder: 'hello' });
      expect(Object.values(result.steps).map((step) => step.status)).toEqual(['completed', 'completed', 'completed']);
      expect(result.outputs.greeting).toBe('Hello, ada lovelace!');
      expect(result.outputs.report).toBe(`hello/${workflowId}/report.md`);
      const report = await readFile(join(engine.workspaceRoot, `hello/${workflowId}/report.md`), 'utf8');
      expect(report).toContain('# Hello report for Ada Lovelace');
      expect(report).toContain(`| hello/${workflowId}/greeting.txt | 20 |`);
      expect(result.outputs.bytes_written).toBe(
        20 + (result.steps.note!.result as { size: number }).size + Buffer.byteLength(report),
      );
      expect(await readFile(join(engine.workspaceRoot, `hello/${workflowId}/greeting.txt`), 'utf8')).toBe(
        'Hello, ada lovelace!',
      );

      // What the Web UI shows: one readable summary per step's activity (filesystem writes are
      // local activities: their markers carry it), the progress table.
      const handle = engine.client.workflow.getHandle(workflowId);
      const history = await handle.fetchHistory();
      const summaries = (history.events ?? [])
        .filter(
          (event) =>
            event.activityTaskScheduledEventAttributes ||
            event.markerRecordedEventAttributes?.markerName === 'core_local_activity',
        )
        .map((event) => JSON.parse(Buffer.from(event.userMetadata?.summary?.data ?? []).toString()) as string);
      expect(summaries.sort()).toEqual([
        `greet · filesystem.write hello/${workflowId}/greeting.txt`,
        `join hello/${workflowId}/greeting.txt and hello/${workflowId}/run.txt`,
        `note · filesystem.write hello/${workflowId}/run.txt`,
      ]);
      const metadata = (await handle.query('__temporal_workflow_metadata')) as { currentDetails?: string };
      expect(metadata.currentDetails).toContain('**3/3 steps finished**');
      expect(metadata.currentDetails).toMatch(/\| greet \| ✓ completed \| 1 \|/);

      // Runs are found by their pipeline's id (visibility is eventually consistent).
      const query = `OrcPipelineId = "hello" AND OrcStatus = "completed" AND WorkflowId = "${workflowId}"`;
      let found: string[] = [];
      for (let attempt = 0; attempt < 50 && found.length === 0; attempt++) {
        found = [];
        for await (const execution of engine.client.workflow.list({ query })) found.push(execution.workflowId);
        if (found.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(found).toEqual([workflowId]);
    });
  });

  it("runs py-orc's 01_hello_filesystem.yaml with the output its README states", async () => {
    const ir = await compileFile(join(compatRoot, '01_hello_filesystem.yaml'));
    await withWorker(async (engine) => {
      const result = await run(engine, { ir, inputs: {} });
      expect(result.success).toBe(true);
      expect(result.outputs).toEqual({ greeting_text: 'hello, world' });
      expect(await readFile(join(engine.workspaceRoot, 'output/greeting.txt'), 'utf8')).toBe('hello, world');
      expect(result.steps.read_back).toMatchObject({
        status: 'completed',
        attempts: 1,
        result: { content: 'hello, world', size: 12 },
      });
    });
  });

  it("runs py-orc's 02_parallel_fanout_fanin.yaml, scheduling the independent branches together", async () => {
    const ir = await compileFile(join(compatRoot, '02_parallel_fanout_fanin.yaml'));
    expect(ir.steps.find((step) => step.id === 'join')?.depends_on.sort()).toEqual(['read_alpha', 'read_beta']);
    await withWorker(async (engine) => {
      const workflowId = `fanout-${engine.taskQueue}`;
      const result = await run(engine, { ir, inputs: {} }, workflowId);
      expect(result.success).toBe(true);
      expect(result.outputs).toEqual({ joined: './output/joined.txt' });
      expect(await readFile(join(engine.workspaceRoot, 'output/joined.txt'), 'utf8')).toBe('alpha-value+beta-value');
      // alpha and beta are scheduled by the same workflow task, before either completes.
      const history = await engine.client.workflow.getHandle(workflowId).fetchHistory();
      const kinds = (history.events ?? []).map((event) => event.eventType);
      const scheduled = kinds.flatMap((kind, index) => (kind === 10 ? [index] : []));
      const firstCompleted = kinds.indexOf(12);
      expect(scheduled.slice(0, 2).every((index) => index < firstCompleted)).toBe(true);
    });
  });

  it('fails the run with the result document when a step fails, naming the step and its error type', async () => {
    const ir = await compileFile(join(compatRoot, '01_hello_filesystem.yaml'));
    const broken = {
      ...ir,
      steps: ir.steps.map((step) =>
        step.id === 'write_greeting' && step.kind === 'tool'
          ? { ...step, parameters: { ...step.parameters, path: '../outside.txt' } }
          : step,
      ),
    };
    await withWorker(async (engine) => {
      const error = await run(engine, { ir: broken, inputs: {} }).catch((failure: unknown) => failure);
      expect(error).toBeInstanceOf(WorkflowFailedError);
      const cause = (error as WorkflowFailedError).cause as ApplicationFailure;
      expect(cause.type).toBe('PipelineFailed');
      const document = cause.details?.[0] as ResultDocument;
      expect(document.status).toBe('failed');
      expect(document.error).toMatchObject({ type: 'PathOutsideWorkspace', step: 'write_greeting' });
      expect(document.steps.write_greeting).toMatchObject({ status: 'failed', attempts: 1 });
      expect(document.steps.read_back?.status).toBe('cancelled');
    });
  });

  it('rejects inputs that do not fit the parameters, in the workflow too', async () => {
    const ir = await compileFile(join(compatRoot, '01_hello_filesystem.yaml'));
    await withWorker(async (engine) => {
      const error = await run(engine, { ir, inputs: { greeting: 42, extra: true } }).catch(
        (failure: unknown) => failure,
      );
      const cause = (error as WorkflowFailedError).cause as ApplicationFailure;
      expect(cause.type).toBe('InvalidInputs');
      expect(cause.message).toContain('unknown input "extra"');
      expect(cause.message).toContain('input "greeting" must be a string');
    });
  });
});
