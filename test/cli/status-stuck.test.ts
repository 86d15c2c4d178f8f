// `orc status` on a run whose workflow task fails while a worker polls: it must say that the
// task fails, with the worker's message, and not ask whether a worker is polling.
import { describe, expect, it } from 'vitest';
import type { RunStatusReport } from '../../client/run-status.js';
import { cliEnvironment, eventually } from '../support/cli-runs.js';
import { runCli } from '../support/run-cli.js';
import { startPipeline } from '../support/run-document.js';
import { withWorker } from '../support/temporal.js';
import { compileTest } from '../support/test-tools.js';

describe('orc status on a run whose workflow task fails', () => {
  it('names the failure and its attempts instead of blaming the worker', async () => {
    const env = await cliEnvironment();
    // An IR this engine's interpreter cannot run (as from a mismatched client): its code throws.
    const ir = compileTest(`id: cli-stuck\nsteps:\n  - {id: only, tool: test, action: echo, parameters: {value: 1}}\n`);
    delete (ir.steps[0] as { depends_on?: unknown }).depends_on;
    await withWorker(async (engine) => {
      const handle = await startPipeline(engine, ir);
      try {
        // Temporal retries the failing task: wait until it has been tried again at least once.
        await eventually(
          async () => (((await handle.describe()).raw.pendingWorkflowTask?.attempt ?? 0) > 1 ? true : undefined),
          40_000,
          'the workflow task to fail twice',
        );
        const json = await runCli(['status', handle.workflowId, '--json'], env);
        expect(json.code, json.stderr).toBe(0);
        const report = JSON.parse(json.stdout) as RunStatusReport;
        expect(report.status).toBe('running');
        expect(report.workflow_task_failure?.message).toContain("reading 'every'");
        expect(report.workflow_task_failure?.attempt).toBeGreaterThan(1);
        const text = await runCli(['status', handle.workflowId], env);
        expect(text.stdout).toContain("the run's workflow task is failing");
        expect(text.stdout).toContain(`orc cancel ${handle.workflowId}`);
        expect(text.stdout).not.toContain('is a worker polling');
      } finally {
        await handle.terminate('test over').catch(() => {});
      }
    });
  }, 90_000);
});
