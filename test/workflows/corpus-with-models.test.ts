// py-orc's model examples run end to end against a local OpenAI-protocol server (README of
// ../shared/compat/orchestrator: "with a model (local test provider)").
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelRegistry } from '../../activities/models/index.js';
import type { FakeProviderServer } from '../providers/fake-server.js';
import { startOpenAIServer } from '../providers/openai-server.js';
import { reply } from '../providers/plan.js';
import { runPipelineDocument } from '../support/run-document.js';
import { compatRoot, compileFile, withWorker } from '../support/temporal.js';

let server: FakeProviderServer;
beforeAll(async () => {
  server = await startOpenAIServer();
});
afterAll(async () => {
  await server.close();
});

describe('the corpus with a model', () => {
  it('control_flow_for_loop.yaml processes every file, two at a time', async () => {
    server.reset();
    server.script(...Array.from({ length: 6 }, () => reply({ text: 'A short, concise text.', usage: { input: 30, output: 6 } })));
    const ir = await compileFile(join(compatRoot, 'control_flow_for_loop.yaml'));
    await withWorker(async (engine) => {
      await mkdir(join(engine.workspaceRoot, 'data'), { recursive: true });
      for (const file of ['file1.txt', 'file2.txt', 'file3.txt']) await writeFile(join(engine.workspaceRoot, 'data', file), `contents of ${file}`);
      const document = await runPipelineDocument(engine, ir);
      expect(document.status).toBe('completed');
      expect(document.steps.process_files).toMatchObject({ status: 'completed', iterations: 3 });
      expect(document.outputs.processed_files).toBe(3);
      // The example reads `create_summary.filepath`, which no step produces: null, with a warning (as py-orc).
      expect(document.outputs.summary_file).toBeNull();
      expect(document.warnings?.some((warning) => warning.includes('summary_file'))).toBe(true);
      const processed = await readFile(join(engine.workspaceRoot, 'examples/outputs/control_flow_for_loop/processed_file2.txt'), 'utf8');
      expect(processed).toContain('File index: 1');
      expect(processed).toContain('A short, concise text.');
      expect(processed).toContain(`${'contents of file2.txt'.length} bytes`);
      expect(server.requests).toHaveLength(6);
      expect(document.usage.model_calls).toBe(6);
    }, { models: { registry: loadModelRegistry(), environment: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: `${server.url}/v1` } } });
  });
});
