// `orc cancel`: a running run ends as cancelled, and so does its running step.
import { describe, expect, it } from 'vitest';
import type { ResultDocument } from '../../workflows/result-document.js';
import type { RunRow } from '../../client/list-runs.js';
import type { RunStatusReport } from '../../client/run-status.js';
import { cliEnvironment, eventually, waitForStep, withCliWorker } from '../support/cli-runs.js';
import { runCli } from '../support/run-cli.js';

const LONG = `
id: cli-cancel
parameters:
  notes: {type: string, default: ""}
steps:
  - {id: nap, tool: test, action: sleep, parameters: {ms: 120000, label: nap}}
  - {id: after, tool: test, action: echo, depends_on: [nap], parameters: {value: never}}
`;

describe('orc cancel', () => {
  it('cancels a running run and its running step; a second cancel is refused', async () => {
    const env = await cliEnvironment();
    await withCliWorker(async (engine) => {
      // Inputs this large live in external storage: the CLI must fetch them for the document.
      const notes = 'n'.repeat(300_000);
      const handle = await engine.start(LONG, { notes });
      try {
        await waitForStep(handle, 'nap', 'running');
        const cancelled = await runCli(['cancel', handle.workflowId, '--reason', 'changed my mind'], env);
        expect(cancelled.code, cancelled.stderr).toBe(0);
        expect(cancelled.stdout).toContain(
          `Cancellation requested for run ${handle.workflowId} (reason: changed my mind).`,
        );
        expect(cancelled.stdout).toContain('The run ended: cancelled');
        // The sleeping activity learns it through its heartbeat and stops.
        await eventually(
          async () => (engine.recorder.calls.find((call) => call.label === 'nap')?.cancelled ? true : undefined),
          15_000,
          'the sleep to be cancelled',
        );

        const result = await runCli(['result', handle.workflowId, '--json'], env);
        expect(result.code, result.stderr).toBe(1);
        const document = JSON.parse(result.stdout) as ResultDocument;
        expect(document.status).toBe('cancelled');
        expect(document.success).toBe(false);
        expect(document.pipeline.id).toBe('cli-cancel');
        expect(document.inputs.notes).toBe(notes);
        expect(document.steps.nap?.status).toBe('cancelled');

        const status = JSON.parse(
          (await runCli(['status', handle.workflowId, '--json'], env)).stdout,
        ) as RunStatusReport;
        expect(status.status).toBe('cancelled');

        const listed = async (status: string) =>
          (
            JSON.parse(
              (await runCli(['list', '--pipeline', 'cli-cancel', '--status', status, '--json'], env)).stdout,
            ) as RunRow[]
          ).map((row) => row.workflow_id);
        await eventually(
          async () => ((await listed('cancelled')).includes(handle.workflowId) ? true : undefined),
          20_000,
          'the run to be listed as cancelled',
        );
        expect(await listed('failed')).not.toContain(handle.workflowId);

        const again = await runCli(['cancel', handle.workflowId], env);
        expect(again.code).toBe(2);
        expect(again.stderr).toContain('has already ended (cancelled); there is nothing to cancel');
      } finally {
        await handle.terminate('test over').catch(() => {});
      }
    });
    expect((await runCli(['cancel'], env)).code).toBe(2);
    expect((await runCli(['cancel', 'no-such-run-anywhere'], env)).code).toBe(2);
  }, 90_000);
});
