// Model steps go through the model activity interface; here an injected fake activity stands
// in for the providers (the models issue implements the real one), recording what it received.
import { Context } from '@temporalio/activity';
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
      return { result: `echo: ${String(input.parameters.prompt)}`, model: 'openai:gpt-4o-mini', usage: { input_tokens: 12, output_tokens: 5 }, cost_usd: 0.0001, attempt: Context.current().info.attempt };
    };
    const ir = compileTest(`
model: [openai:gpt-4o-mini, anthropic:claude-sonnet-4-5]
parameters: {topic: otters}
steps:
  - {id: draft, action: generate_text, parameters: {prompt: "Write about {{ topic }}", max_tokens: 50}}
  - {id: use, tool: test, action: echo, parameters: {value: "{{ draft }} / {{ draft.model }}"}}
`);
    await withWorker(async (engine) => {
      const document = await runPipelineDocument(engine, ir);
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({ action: 'generate', model: { kind: 'chain', refs: ['openai:gpt-4o-mini', 'anthropic:claude-sonnet-4-5'] }, parameters: { prompt: 'Write about otters', max_tokens: 50 }, step_id: 'draft' });
      expect(document.steps.draft).toMatchObject({ status: 'completed', result: 'echo: Write about otters', model: 'openai:gpt-4o-mini', usage: { input_tokens: 12, output_tokens: 5 }, cost_usd: 0.0001 });
      expect(document.steps.use?.result).toBe('echo: Write about otters / openai:gpt-4o-mini');
      expect(document.usage).toEqual({ model_calls: 1, input_tokens: 12, output_tokens: 5, cost_usd: 0.0001 });
    }, { tools: { test: testTool(newRecorder()) }, activities: { runModel } });
  });
});
