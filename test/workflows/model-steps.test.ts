// Model steps go through the model activity interface; here an injected fake activity stands
// in for the providers (the models issue implements the real one), recording what it received.
import { ApplicationFailure, Context } from '@temporalio/activity';
import { describe, expect, it } from 'vitest';
import type { ModelCallInput, ModelCallOutput } from '../../workflows/activity-interfaces.js';
import { runPipelineDocument } from '../support/run-document.js';
import { withWorker } from '../support/temporal.js';
import { compileTest, newRecorder, testTool } from '../support/test-tools.js';

describe('model steps', () => {
  it('render their parameters, call the model activity, and record model, usage and cost', async () => {
    const calls: ModelCallInput[] = [];
    const runModel = async (input: ModelCallInput): Promise<ModelCallOutput> => {
      calls.push(input);
      return {
        result: `echo: ${String(input.parameters.prompt)}`,
        model: 'openai:gpt-4o-mini',
        usage: { input_tokens: 12, output_tokens: 5 },
        cost_usd: 0.0001,
        attempt: Context.current().info.attempt,
      };
    };
    const ir = compileTest(`
model: [openai:gpt-4o-mini, anthropic:claude-sonnet-4-5]
parameters: {topic: otters}
steps:
  - {id: draft, action: generate_text, parameters: {prompt: "Write about {{ topic }}", max_tokens: 50}}
  - {id: use, tool: test, action: echo, parameters: {value: "{{ draft }} / {{ draft.model }}"}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(calls).toHaveLength(1);
        expect(calls[0]).toMatchObject({
          action: 'generate',
          model: 'openai:gpt-4o-mini',
          parameters: { prompt: 'Write about otters', max_tokens: 50 },
          step_id: 'draft',
        });
        expect(document.steps.draft).toMatchObject({
          status: 'completed',
          result: 'echo: Write about otters',
          model: 'openai:gpt-4o-mini',
          usage: { input_tokens: 12, output_tokens: 5 },
          cost_usd: 0.0001,
        });
        expect(document.steps.use?.result).toBe('echo: Write about otters / openai:gpt-4o-mini');
        expect(document.usage).toEqual({ model_calls: 1, input_tokens: 12, output_tokens: 5, cost_usd: 0.0001 });
      },
      { tools: { test: testTool(newRecorder()) }, activities: { runModel } },
    );
  });

  it('falls back along the chain on a non-retryable failure, and chooses auto models in a recorded activity', async () => {
    const calls: string[] = [];
    const runModel = async (input: ModelCallInput): Promise<ModelCallOutput> => {
      calls.push(input.model);
      if (input.model === 'openai:gpt-4o')
        throw ApplicationFailure.create({ type: 'InvalidRequest', message: 'bad request', nonRetryable: true });
      return { result: `from ${input.model}`, model: input.model, usage: {}, attempt: 1 };
    };
    const selectModel = async () => ({ model: 'google:gemini-2.5-flash' });
    const ir = compileTest(`
steps:
  - {id: chained, action: generate, model: [openai:gpt-4o, anthropic:claude-haiku-4-5], parameters: {prompt: hi}}
  - {id: chosen, action: generate, model: auto, requires_model: {capabilities: [text]}, parameters: {prompt: hi}}
`);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        // The two steps run side by side; the chain itself is tried in order.
        expect([...calls].sort()).toEqual(['anthropic:claude-haiku-4-5', 'google:gemini-2.5-flash', 'openai:gpt-4o']);
        expect(calls.indexOf('openai:gpt-4o')).toBeLessThan(calls.indexOf('anthropic:claude-haiku-4-5'));
        expect(document.steps.chained).toMatchObject({
          status: 'completed',
          model: 'anthropic:claude-haiku-4-5',
          fallbacks: ['openai:gpt-4o: InvalidRequest'],
        });
        expect(document.steps.chosen).toMatchObject({ status: 'completed', model: 'google:gemini-2.5-flash' });
        const history = await engine.client.workflow.getHandle(document.run.workflow_id).fetchHistory();
        expect(
          (history.events ?? []).some(
            (event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'selectModel',
          ),
        ).toBe(true);
      },
      { activities: { runModel, selectModel } },
    );
  });
});
