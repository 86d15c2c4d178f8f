// Budgets enforced durably in the workflow: `fail` fails the next model call with
// BudgetExceeded; `pause` waits until `orc budget raise` (the raiseBudget update) and goes on.
import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect, inject, it } from 'vitest';
import type { ModelCallInput, ModelCallOutput } from '../../workflows/activity-interfaces.js';
import { progressQuery, raiseBudgetUpdate } from '../../workflows/messages.js';
import { RUN_STATUS_ATTRIBUTE } from '../../workflows/search-attributes.js';
import { eventually } from '../support/cli-runs.js';
import { runCli } from '../support/run-cli.js';
import { documentOf, runPipelineDocument, startPipeline } from '../support/run-document.js';
import { withWorker } from '../support/temporal.js';
import { compileTest } from '../support/test-tools.js';
import { loadModelRegistry } from '../../activities/models/index.js';

const runModel = async (input: ModelCallInput): Promise<ModelCallOutput> => ({
  result: `answer to ${String(input.parameters.prompt)}`,
  model: input.model,
  usage: { input_tokens: 100, output_tokens: 50 },
  cost_usd: 0.01,
  attempt: Context.current().info.attempt,
});

// The real registry gives the quote activity its prices; runModel is scripted.
const models = { registry: loadModelRegistry(), environment: {} };

const pipeline = (onExceed: string) => `
model: openai:gpt-4o-mini
budget: {max_cost_usd: 0.015, on_exceed: ${onExceed}}
steps:
  - {id: first, action: generate, parameters: {prompt: one}}
  - {id: second, action: generate, depends_on: [first], parameters: {prompt: two}}
  - {id: third, action: generate, depends_on: [second], parameters: {prompt: three}}
`;

describe('budgets', () => {
  it('fail: the call after the budget is used up fails with BudgetExceeded', async () => {
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, compileTest(pipeline('fail')));
        expect(document.status).toBe('failed');
        expect(document.steps.first?.status).toBe('completed');
        expect(document.steps.second?.status).toBe('completed');
        expect(document.steps.third).toMatchObject({ status: 'failed', error: { type: 'BudgetExceeded' } });
        expect(document.usage.cost_usd).toBeCloseTo(0.02);
      },
      { models, activities: { runModel } },
    );
  });

  it('pause: waits for a raise (refusing one below what is spent), then goes on', async () => {
    await withWorker(
      async (engine) => {
        const handle = await startPipeline(engine, compileTest(pipeline('pause')));
        for (let attempt = 0; attempt < 100; attempt++) {
          const progress = await handle.query(progressQuery).catch(() => undefined);
          if (progress?.steps.second?.status === 'completed' && progress.steps.third?.status === 'running') break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        // The run says why it stands still, where operators filter runs (orc list --status paused).
        await eventually(
          async () =>
            (await handle.describe()).typedSearchAttributes.get(RUN_STATUS_ATTRIBUTE) === 'paused' ? true : undefined,
          10_000,
          'OrcStatus to say paused',
        );
        const refused = await handle
          .executeUpdate(raiseBudgetUpdate, { args: [{ max_cost_usd: 0.01 }] })
          .catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
        expect(String((refused as WorkflowUpdateFailedError).cause)).toContain('must be above what is spent');
        const raised = await runCli(['budget', 'raise', handle.workflowId, '--usd', '1'], {
          TEMPORAL_ADDRESS: inject('temporalAddress'),
          ORC_DATA_DIR: inject('dataDir'),
        });
        expect(raised.code, raised.stderr).toBe(0);
        expect(raised.stdout).toContain('Raised the budget');
        const document = await documentOf(handle);
        expect(document.success).toBe(true);
        expect(document.steps.third?.result).toBe('answer to three');
        expect(document.usage.cost_usd).toBeCloseTo(0.03);
        expect((await handle.describe()).typedSearchAttributes.get(RUN_STATUS_ATTRIBUTE)).toBe('completed');
      },
      { models, activities: { runModel } },
    );
  });

  describe('reservations: the worst case of a call (max_tokens at the model price) is held before it starts', () => {
    // gpt-4o-mini at $0.60 per million output tokens: 2,000 tokens cost at most $0.0012 (plus input).
    const parallel = (onExceed: string) =>
      compileTest(`
model: openai:gpt-4o-mini
budget: {max_cost_usd: 0.002, on_exceed: ${onExceed}}
steps:
  - {id: left, action: generate, parameters: {prompt: one, max_tokens: 2000}}
  - {id: right, action: generate, parameters: {prompt: two, max_tokens: 2000}}
`);
    const timedModel =
      (calls: { start: number; end: number }[]) =>
      async (input: ModelCallInput): Promise<ModelCallOutput> => {
        const start = Date.now();
        await new Promise((resolve) => setTimeout(resolve, 300));
        calls.push({ start, end: Date.now() });
        return {
          result: `answer to ${String(input.parameters.prompt)}`,
          model: input.model,
          usage: { input_tokens: 10, output_tokens: 100 },
          cost_usd: 0.0005,
          attempt: 1,
        };
      };

    it('fail: two parallel calls whose worst cases do not fit together — the second fails before it is made', async () => {
      const calls: { start: number; end: number }[] = [];
      await withWorker(
        async (engine) => {
          const document = await runPipelineDocument(engine, parallel('fail'));
          const states = [document.steps.left!, document.steps.right!];
          expect(states.filter((step) => step.status === 'completed')).toHaveLength(1);
          const refused = states.find((step) => step.status === 'failed');
          expect(refused?.error?.type).toBe('BudgetExceeded');
          expect(refused?.error?.message).toContain('worst case');
          expect(calls).toHaveLength(1);
        },
        { models, activities: { runModel: timedModel(calls) } },
      );
    });

    it('pause: the second call waits for the first to finish and be charged, then fits and runs', async () => {
      const calls: { start: number; end: number }[] = [];
      await withWorker(
        async (engine) => {
          const document = await runPipelineDocument(engine, parallel('pause'));
          expect(document.success).toBe(true);
          expect(calls).toHaveLength(2);
          expect(calls[1]!.start).toBeGreaterThanOrEqual(calls[0]!.end);
          expect(document.usage.cost_usd).toBeCloseTo(0.001);
        },
        { models, activities: { runModel: timedModel(calls) } },
      );
    });
  });
});
