// A 10 MB step output does not fail the run: the SDK's external storage keeps it on disk under
// ORC_DATA_DIR, history holds a claim, and later steps still use it in templates.
import { describe, expect, it } from 'vitest';
import { documentOf, startPipeline } from '../support/run-document.js';
import { withWorker } from '../support/temporal.js';
import { compileTest, newRecorder, testTool } from '../support/test-tools.js';

describe('large values', () => {
  it('carries a 10 MB output through external storage', async () => {
    const ir = compileTest(`
steps:
  - {id: big, tool: test, action: big, parameters: {megabytes: 10}}
  - {id: size, tool: test, action: echo, parameters: {value: "{{ big.result | length }}"}}
outputs:
  size: "{{ size.result }}"
`);
    await withWorker(
      async (engine) => {
        const handle = await startPipeline(engine, ir);
        const document = await documentOf(handle);
        expect(document.success).toBe(true);
        expect(document.outputs.size).toBe(10 * 1024 * 1024);
        const history = await engine.client.workflow.getHandle(handle.workflowId).fetchHistory();
        // The history itself stays small: the value lives on disk, history holds its claim.
        const raw = await engine.client.workflowService.getWorkflowExecutionHistory({
          namespace: 'default',
          execution: { workflowId: handle.workflowId },
        });
        const bytes = raw.history?.events?.reduce((total, event) => total + JSON.stringify(event).length, 0) ?? 0;
        expect(bytes).toBeLessThan(1024 * 1024);
        expect(history.events?.length).toBeGreaterThan(0);
      },
      { tools: { test: testTool(newRecorder()) } },
    );
  }, 120_000);
});

describe('a template over a huge value', () => {
  it('says which value is too large and its size, not only the limit it hit', async () => {
    // A 2 MB output is carried fine (external storage) but cannot be put into text whole.
    const ir = compileTest(`
steps:
  - {id: big, tool: test, action: big, parameters: {megabytes: 2}}
  - {id: quote, tool: test, action: echo, parameters: {value: "Summary: {{ big.result }}"}}
`);
    await withWorker(
      async (engine) => {
        const document = await documentOf(await startPipeline(engine, ir));
        expect(document.success).toBe(false);
        const error = document.steps.quote?.error;
        expect(error?.type).toBe('TemplateError');
        // Before, only: "the rendered text is longer than 1000000 characters (limit maxOutputChars)".
        expect(error?.message).toContain(
          'big.result is too large for a template: it is 2097152 characters (2.0 MB); templates handle values up to 1000000 characters',
        );
        expect(error?.message).toContain('{{ big.result[:1000] }}');
      },
      { tools: { test: testTool(newRecorder()) } },
    );
  }, 120_000);
});
