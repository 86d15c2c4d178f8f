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
