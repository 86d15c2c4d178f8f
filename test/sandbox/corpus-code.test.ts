// py-orc's corpus files that run code, end to end on the real server with the real sandbox:
// 06_failure_policy.yaml (a terminal step timing out, retried, the run continuing) and
// sub_pipelines/statistical_analysis.yaml (pandas, numpy and scipy in the sandbox, then a
// model step answered by the local OpenAI-protocol server).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelRegistry } from '../../activities/models/index.js';
import type { FakeProviderServer } from '../providers/fake-server.js';
import { startOpenAIServer } from '../providers/openai-server.js';
import { reply } from '../providers/plan.js';
import { runPipelineDocument } from '../support/run-document.js';
import { compatRoot, compileFile, withWorker } from '../support/temporal.js';
import { bubblewrapProblem, compileText } from './sandbox-pipelines.js';

const problem = bubblewrapProblem();
if (problem) console.warn(`skipping the corpus's code pipelines: ${problem}`);

let server: FakeProviderServer;
beforeAll(async () => {
  server = await startOpenAIServer();
});
afterAll(async () => {
  await server.close();
});

const CSV = [
  'height,weight,age,city',
  '150,50,20,a',
  '160,58,25,b',
  '170,66,30,a',
  '180,75,35,c',
  '190,83,40,b',
  '175,70,33,a',
].join('\n');

describe.skipIf(problem !== undefined)("the corpus's code pipelines in the sandbox", () => {
  it('06_failure_policy.yaml: sleep 5 under timeout 1 fails with Timeout after 2 attempts; the run continues and fails', async () => {
    const ir = await compileFile(join(compatRoot, '06_failure_policy.yaml'));
    await withWorker(async (engine) => {
      const started = Date.now();
      const document = await runPipelineDocument(engine, ir, { out_dir: 'output' });
      expect(document.success).toBe(false);
      expect(document.steps.before).toMatchObject({ status: 'completed' });
      expect(document.steps.flaky).toMatchObject({ status: 'failed', attempts: 2, error: { type: 'Timeout' } });
      expect(document.steps.after).toMatchObject({ status: 'completed' });
      expect(await readFile(join(engine.workspaceRoot, 'output/before.txt'), 'utf8')).toBe('this step succeeds');
      expect(await readFile(join(engine.workspaceRoot, 'output/after.txt'), 'utf8')).toBe('the run continued');
      // Two 1 s attempts and a retry interval, not two 5 s sleeps.
      expect(Date.now() - started).toBeLessThan(9_000);
    });
  });

  it('sub_pipelines/statistical_analysis.yaml: descriptive statistics and correlations with pandas and scipy, then a summary', async () => {
    server.reset();
    server.script(reply({ text: 'Height and weight are strongly correlated.', usage: { input: 200, output: 8 } }));
    // The file declares `data` as an object but its code reads it as CSV text ("expecting CSV
    // string"), which an object can never be: the test declares it as text, changing nothing else.
    const text = await readFile(join(compatRoot, 'sub_pipelines/statistical_analysis.yaml'), 'utf8');
    const ir = compileText(text.replace(/(  data:\n    type:) object/, '$1 string'));
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, ir, { data: CSV, confidence_level: 0.9 });
        expect(document.steps.compute_stats).toMatchObject({
          status: 'completed',
          result: { success: true, exit_code: 0 },
        });
        const statistics = (document.steps.compute_stats!.result as { result: unknown }).result as {
          descriptive_stats: Record<string, { count: number; mean: number; confidence_interval: number[] }>;
          correlations: { significant: { var1: string; var2: string; strength: string }[] };
          data_shape: unknown;
        };
        expect(statistics.data_shape).toEqual({ rows: 6, columns: 4 });
        expect(statistics.descriptive_stats.height).toMatchObject({ count: 6, mean: 170.83333333333334 });
        const [low, high] = statistics.descriptive_stats.height!.confidence_interval;
        expect(low).toBeLessThan(170.8);
        expect(high).toBeGreaterThan(170.9);
        expect(statistics.correlations.significant).toContainEqual(
          expect.objectContaining({ var1: 'height', var2: 'weight', strength: 'strong' }),
        );
        expect(document.steps.generate_summary).toMatchObject({
          status: 'completed',
          result: 'Height and weight are strongly correlated.',
        });
        expect(document.success).toBe(true);
        expect(server.requests).toHaveLength(1);
        expect(JSON.stringify(server.requests[0])).toContain('descriptive_stats');
        expect(existsSync(join(engine.workspaceRoot, 'program.py'))).toBe(false);
      },
      {
        models: {
          registry: loadModelRegistry(),
          environment: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: `${server.url}/v1` },
        },
      },
    );
  });
});
