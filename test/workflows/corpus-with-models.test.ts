// py-orc's model examples run end to end against a local OpenAI-protocol server (README of
// ../shared/compat/orchestrator: "with a model (local test provider)").
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelRegistry } from '../../activities/models/index.js';
import type { FakeProviderServer } from '../providers/fake-server.js';
import { startOpenAIServer } from '../providers/openai-server.js';
import { reply } from '../providers/plan.js';
import type { SeenRequest } from '../providers/seen-request.js';
import { runPipelineDocument } from '../support/run-document.js';
import { compatRoot, compileFile, withWorker } from '../support/temporal.js';

let server: FakeProviderServer;
beforeAll(async () => {
  server = await startOpenAIServer();
});
afterAll(async () => {
  await server.close();
});

/** The registry, with the local OpenAI-protocol server as OpenAI. */
const models = () => ({
  registry: loadModelRegistry(),
  environment: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: `${server.url}/v1` },
});

describe('the corpus with a model', () => {
  it('control_flow_for_loop.yaml processes every file, two at a time', async () => {
    server.reset();
    server.script(
      ...Array.from({ length: 6 }, () => reply({ text: 'A short, concise text.', usage: { input: 30, output: 6 } })),
    );
    const ir = await compileFile(join(compatRoot, 'control_flow_for_loop.yaml'));
    await withWorker(
      async (engine) => {
        await mkdir(join(engine.workspaceRoot, 'data'), { recursive: true });
        for (const file of ['file1.txt', 'file2.txt', 'file3.txt'])
          await writeFile(join(engine.workspaceRoot, 'data', file), `contents of ${file}`);
        const document = await runPipelineDocument(engine, ir);
        expect(document.status).toBe('completed');
        expect(document.steps.process_files).toMatchObject({ status: 'completed', iterations: 3 });
        expect(document.outputs.processed_files).toBe(3);
        // The example reads `create_summary.filepath`, which no step produces: null, with a warning (as py-orc).
        expect(document.outputs.summary_file).toBeNull();
        expect(document.warnings?.some((warning) => warning.includes('summary_file'))).toBe(true);
        const processed = await readFile(
          join(engine.workspaceRoot, 'examples/outputs/control_flow_for_loop/processed_file2.txt'),
          'utf8',
        );
        expect(processed).toContain('File index: 1');
        expect(processed).toContain('A short, concise text.');
        expect(processed).toContain(`${'contents of file2.txt'.length} bytes`);
        expect(server.requests).toHaveLength(6);
        expect(document.usage.model_calls).toBe(6);
      },
      { models: models() },
    );
  });

  it('control_flow_while_loop.yaml guesses ten times, choosing a model for each step, and writes its state and logs', async () => {
    server.reset();
    const perIteration = (guess: number) => [
      reply({ text: `I guess ${guess}.`, usage: { input: 40, output: 4 } }),
      reply({ text: `The number is ${guess}.`, usage: { input: 20, output: 5 } }),
      reply({ text: 'It does not match the target.', usage: { input: 20, output: 6 } }),
      reply({ text: 'Noted.', usage: { input: 15, output: 2 } }),
    ];
    server.script(
      reply({ text: 'Ready.', usage: { input: 12, output: 2 } }),
      ...Array.from({ length: 10 }, (_, index) => perIteration(10 + index)).flat(),
    );
    const ir = await compileFile(join(compatRoot, 'control_flow_while_loop.yaml'));
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir);
        expect(document.status).toBe('completed');
        expect(document.steps.guessing_loop).toMatchObject({ status: 'completed', iterations: 10 });
        const state = 'examples/outputs/control_flow_while_loop';
        expect(await readFile(join(engine.workspaceRoot, state, 'state/current_guess.txt'), 'utf8')).toBe('19');
        const log = await readFile(join(engine.workspaceRoot, state, 'logs/attempt_3.txt'), 'utf8');
        expect(log).toContain('Previous guess: 12');
        expect(log).toContain('New guess: 13');
        expect(await readFile(join(engine.workspaceRoot, state, 'result.txt'), 'utf8')).toContain('Total attempts: 10');
        expect(server.requests).toHaveLength(41);
        expect(document.usage.model_calls).toBe(41);
        // Every model position is an <AUTO task="…"> tag: the registry chose, and the step records which.
        expect(document.steps.initialize?.model).toBe('openai:gpt-4.1-nano'); // the cheapest OpenAI model of the registry
      },
      { models: models() },
    );
  });

  describe('auto_tags_demo.yaml', () => {
    // Answers by what is asked, since a step's <AUTO> tags are asked in parallel.
    const respond = (improve: boolean) => (seen: SeenRequest) => {
      const text = seen.messages.map((message) => message.text).join('\n');
      if (seen.jsonSchema) {
        const answers: [string, unknown][] = [
          ['processing approach', 'advanced'],
          ['output format', 'markdown'],
          ['detail level', 'standard'],
          ['how many tokens', 400],
          ['quality criteria', 'all'],
          ['Should we improve', improve],
        ];
        const answer = answers.find(([question]) => text.includes(question));
        return answer
          ? reply({ text: JSON.stringify({ answer: answer[1] }), usage: { input: 30, output: 5 } })
          : undefined;
      }
      const texts: [string, string][] = [
        ['determine its type', 'technical'],
        ['Choose processing strategy', 'advanced'],
        ['choose output format', 'markdown'],
        ['Process this content', 'The analysis.'],
        ['Assess the quality', 'Score: 6/10.'],
        ['Improve this analysis', 'The improved analysis.'],
        ['Create a summary report', 'The report.'],
      ];
      const found = texts.find(([prompt]) => text.includes(prompt));
      return found ? reply({ text: found[1], usage: { input: 50, output: 10 } }) : undefined;
    };

    it.each([true, false])('runs end to end, its condition an <AUTO> question answered %s', async (improve) => {
      server.reset();
      server.respondWith(respond(improve));
      const ir = await compileFile(join(compatRoot, 'auto_tags_demo.yaml'));
      await withWorker(
        async (engine) => {
          const document = await runPipelineDocument(engine, ir);
          expect(document.status).toBe('completed');
          expect(document.outputs).toMatchObject({
            content_type: 'technical',
            processing_strategy: 'advanced',
            selected_model: 'openai:gpt-4.1-nano',
            output_format: 'markdown',
            quality_score: 'Score: 6/10.',
          });
          expect(document.outputs.final_analysis).toBe(improve ? 'The improved analysis.' : 'The analysis.');
          expect(document.steps.improve_if_needed).toMatchObject({
            status: improve ? 'completed' : 'skipped',
            auto: { '/if': improve },
          });
          expect(document.steps.process_content).toMatchObject({
            model: 'openai:gpt-4.1-nano',
            auto: { '/parameters/detail_level': 'standard', '/parameters/max_tokens': 400 },
          });
          // The typed answer became the call's max_tokens.
          const processCall = server.requests.find((request) =>
            request.seen?.messages.some((message) => message.text.includes('Process this content')),
          );
          expect(processCall?.seen?.maxTokens).toBe(400);
          const report = server.requests.find((request) =>
            request.seen?.messages.some((message) => message.text.includes('Create a summary report')),
          )!.seen!.messages[0]!.text;
          expect(report).toContain('- Detail Level: standard');
          expect(report).toContain('- Token Allocation: 400');
          expect(report).toContain('- Quality Criteria: all');
        },
        { models: models() },
      );
    });
  });

  it('data_processing_pipeline.yaml profiles, validates, cleans, aggregates and pivots a CSV file and writes its report', async () => {
    server.reset();
    server.respondWith((seen) => {
      const text = seen.messages.map((message) => message.text).join('\n');
      if (text.includes('growth_rate'))
        return reply({
          text: JSON.stringify({
            growth_rate: 12.5,
            top_products: [{ product: 'Widget', revenue: 59.97 }],
            seasonal_patterns: ['January to February'],
            anomalies: [],
          }),
          usage: { input: 300, output: 60 },
        });
      if (text.includes('quality_score'))
        return reply({
          text: '```json\n{"quality_score": 0.9, "issues_found": ["one duplicate order"], "recommendations": ["deduplicate at the source"]}\n```',
          usage: { input: 250, output: 40 },
        });
      return undefined;
    });
    const ir = await compileFile(join(compatRoot, 'data_processing_pipeline.yaml'));
    await withWorker(
      async (engine) => {
        const folder = join(engine.workspaceRoot, 'examples/outputs/data_processing_pipeline');
        await mkdir(folder, { recursive: true });
        await writeFile(
          join(folder, 'sales_data.csv'),
          [
            'order_id,customer_id,product_name,quantity,unit_price,order_date,status',
            'ORD-000001,C1,Widget,3,19.99,2024-01-15,delivered',
            'ORD-000002,C2,Gadget,1,49.50,2024-01-20,shipped',
            'ORD-000002,C2,Gadget,1,49.50,2024-01-20,shipped',
            'ORD-000003,C1,Widget,2,19.99,2024-02-03,',
            'ORD-000004,C3,Gizmo,5,5.00,2024-02-10,cancelled',
          ].join('\n'),
        );
        const document = await runPipelineDocument(engine, ir);
        expect(
          document.status,
          JSON.stringify(
            Object.fromEntries(Object.entries(document.steps).filter(([, step]) => step.status !== 'completed')),
          ),
        ).toBe('completed');
        expect(document.steps.analyze_trends?.result).toMatchObject({ growth_rate: 12.5 });
        expect(document.steps.quality_check?.result).toMatchObject({ quality_score: 0.9 });
        const report = await readFile(join(folder, 'data_processing_report.md'), 'utf8');
        expect(report).toContain('### Quality Score: 0.9/1.0');
        expect(report).toContain('- ⚠️ one duplicate order');
        expect(report).toContain('### Growth Rate: 12.5%');
        expect(report).toContain('1. **Widget** - $59.97');
        // Cleaning dropped the duplicate and the cancelled order, and filled the missing status.
        expect(report).toContain('- **Rows Processed**: 3');
        expect(report).toMatch(/\| 2024-01 \| 3 \| \$59\.97 \|/);
        const csv = await readFile(join(folder, 'processed_data.csv'), 'utf8');
        expect(csv.split('\n')[0]).toContain('order_id');
        expect(JSON.parse(await readFile(join(folder, 'validation_report.json'), 'utf8'))).toMatchObject({
          input_file: 'sales_data.csv',
        });
        expect(server.requests).toHaveLength(2);
        if (process.env.ORC_SHOW_REPORT) console.log(report);
      },
      { models: models() },
    );
  });
});
