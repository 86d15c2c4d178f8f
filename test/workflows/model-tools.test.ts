// py-orc's model tools (task-delegation, multi-model-routing, prompt-optimization) through real
// pipelines on the real server, their model calls answered by the local OpenAI-protocol server:
// the corpus's llm_routing_pipeline.yaml end to end, then a budget, a fallback and a strategy.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelRegistry } from '../../activities/models/index.js';
import { compilePipeline } from '../../workflows/lang/compile/index.js';
import type { FakeProviderServer } from '../providers/fake-server.js';
import { startOpenAIServer } from '../providers/openai-server.js';
import { failure, reply } from '../providers/plan.js';
import { runPipelineDocument } from '../support/run-document.js';
import { compatRoot, compileFile, withWorker } from '../support/temporal.js';

let server: FakeProviderServer;
beforeAll(async () => {
  server = await startOpenAIServer();
});
afterAll(() => server.close());

const models = () => ({
  registry: loadModelRegistry(),
  environment: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: `${server.url}/v1` },
});

interface Scored {
  model: string;
  score: number;
}

describe('the model tools', () => {
  it('llm_routing_pipeline.yaml delegates, optimises the prompt, routes and writes its report', async () => {
    server.reset();
    server.respondWith((seen) =>
      seen.messages.some((message) => message.text.includes('Rewrite the prompt below'))
        ? reply({ text: 'Analyse renewable energy trends since 2015, in sections.', usage: { input: 90, output: 12 } })
        : reply({ text: 'Renewables keep growing.', usage: { input: 15, output: 5 } }),
    );
    const ir = await compileFile(join(compatRoot, 'llm_routing_pipeline.yaml'));
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.status, JSON.stringify(document.steps)).toBe('completed');
        const analyzed = document.steps.analyze_task?.result as Record<string, unknown>;
        const scores = analyzed.all_scores as Scored[];
        // The best of the ranking was chosen, and it is the model the task went to.
        expect(analyzed.selected_model).toBe(scores[0]!.model);
        expect(scores.every((item) => item.score <= scores[0]!.score)).toBe(true);
        expect(analyzed.answer).toBe('Renewables keep growing.');
        expect(analyzed.task_analysis).toMatchObject({ task_type: 'analysis', complexity: 'complex' });
        expect(server.requests[0]!.seen!.model).toBe(String(analyzed.selected_model).split(':')[1]);
        const optimized = document.steps.optimize_prompt?.result as Record<string, unknown>;
        expect(optimized).toMatchObject({
          original_prompt: 'Write a comprehensive analysis of renewable energy trends',
          optimized_prompt: 'Analyse renewable energy trends since 2015, in sections.',
          model: analyzed.selected_model,
          applied_optimizations: ['clarity', 'brevity', 'model_specific'],
        });
        const routed = document.steps.route_request?.result as Record<string, unknown>;
        expect(routed.strategy).toBe('capability_based');
        expect(String(routed.routing_reason)).toMatch(/^Best for task: /);
        // Two model calls (delegation, optimisation), each with its model, usage and cost on its step.
        expect(server.requests).toHaveLength(2);
        expect(document.usage.model_calls).toBe(2);
        expect(document.steps.optimize_prompt?.usage).toEqual({ input_tokens: 90, output_tokens: 12 });
        expect(document.usage.cost_usd).toBeGreaterThan(0);
        const folder = join(engine.workspaceRoot, 'examples/outputs/llm_routing_pipeline');
        const [file] = await readdir(folder);
        const report = await readFile(join(folder, file!), 'utf8');
        expect(report).toContain(`**Selected Model**: ${String(analyzed.selected_model)}`);
        expect(report).toContain('Analyse renewable energy trends since 2015, in sections.');
        expect(report).toContain(`**Final Model**: ${String(routed.selected_model)}`);
      },
      { models: models() },
    );
  });

  it('keeps to the budget, falls back to the next model, and routes by cost', async () => {
    server.reset();
    server.script(failure(400), reply({ text: 'Done.', usage: { input: 10, output: 2 } }));
    const { ir, diagnostics } = compilePipeline(
      `
id: model_tools
steps:
  - id: delegate
    tool: task-delegation
    action: execute
    parameters: {task: "Summarise this short note.", max_cost_usd: 0.001}
    retry: {max_attempts: 1}
  - id: route
    tool: multi-model-routing
    action: execute
    parameters:
      request: "Summarise this short note."
      models: [openai:gpt-4.1, openai:gpt-4.1-mini]
      strategy: cost_optimized
`,
      { file: 'model-tools.yaml' },
    );
    if (!ir) throw new Error(diagnostics.map((item) => item.message).join('\n'));
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.status, JSON.stringify(document.steps)).toBe('completed');
        const delegated = document.steps.delegate?.result as Record<string, unknown>;
        for (const item of delegated.all_scores as { model: string }[]) expect(item.model).not.toBe('openai:gpt-4o');
        expect(delegated.estimated_cost as number).toBeLessThanOrEqual(0.001);
        // The chosen model failed (400, not retried): the next-ranked one answered.
        expect(document.steps.delegate?.fallbacks).toEqual([`${String(delegated.selected_model)}: InvalidRequest`]);
        expect(delegated.model).toBe((delegated.fallback_models as string[])[0]);
        expect(delegated.answer).toBe('Done.');
        expect(document.steps.route?.result).toMatchObject({
          selected_model: 'openai:gpt-4.1-mini',
          strategy: 'cost_optimized',
          all_loads: { 'openai:gpt-4.1': 0, 'openai:gpt-4.1-mini': 0 },
        });
        expect(String((document.steps.route?.result as { routing_reason: string }).routing_reason)).toMatch(
          /^Lowest cost \(\$0\.\d{4} a request estimated\)$/,
        );
        expect(server.requests).toHaveLength(2);
      },
      { models: models() },
    );
  });

  it("holds a delegated call to the run's budget like a model step's", async () => {
    server.reset();
    const { ir, diagnostics } = compilePipeline(
      `
id: model_tools_budget
budget: {max_cost_usd: 0.0000001}
steps:
  - id: delegate
    tool: task-delegation
    action: execute
    parameters: {task: "Write a comprehensive analysis of renewable energy trends", max_tokens: 4000}
`,
      { file: 'model-tools-budget.yaml' },
    );
    if (!ir) throw new Error(diagnostics.map((item) => item.message).join('\n'));
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.status).toBe('failed');
        expect(document.steps.delegate?.error?.type).toBe('BudgetExceeded');
        expect(server.requests).toHaveLength(0);
      },
      { models: models() },
    );
  });
});
