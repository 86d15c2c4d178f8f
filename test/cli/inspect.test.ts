// `orc status`, `orc result`, `orc watch` and `orc list` against runs started in the test (a
// worker with the `test` tool runs in this process), spawned as a user would run them.
import { describe, expect, it } from 'vitest';
import type { ResultDocument } from '../../workflows/result-document.js';
import type { RunStatusReport } from '../../client/run-status.js';
import type { RunRow } from '../../client/list-runs.js';
import { cliEnvironment, eventually, waitForStep, withCliWorker } from '../support/cli-runs.js';
import { runCli } from '../support/run-cli.js';
import { answerApprovalUpdate } from '../../workflows/messages.js';

/** first → nap → last, with `nap` given. */
const aroundNap = (nap: string, id = 'cli-slow') => `
id: ${id}
steps:
  - {id: first, tool: test, action: echo, parameters: {value: one}}
  - ${nap}
  - {id: last, tool: test, action: echo, depends_on: [nap], parameters: {value: "{{ first.result }} done"}}
outputs:
  said: "{{ last.result }}"
`;

const slow = (ms: number, id = 'cli-slow') =>
  aroundNap(`{id: nap, tool: test, action: sleep, depends_on: [first], parameters: {ms: ${ms}, label: nap}}`, id);

/**
 * A run that waits at an approval until the test answers it: what the commands see does not
 * depend on how long a freshly started `orc` takes on a loaded machine.
 */
const GATED = aroundNap('{id: nap, approval: {title: Go on?}, depends_on: [first]}');

const FAILING = `
id: cli-failing
steps:
  - {id: boom, tool: test, action: fail, parameters: {type: Kaboom, retryable: false}}
`;

describe('orc status and orc result', () => {
  it('shows a running run step by step, refuses its result until it ends, then prints it', async () => {
    const env = await cliEnvironment();
    await withCliWorker(async (engine) => {
      const handle = await engine.start(GATED);
      await waitForStep(handle, 'nap', 'running');
      const early = await runCli(['result', handle.workflowId], env);
      expect(early.code).toBe(2);
      expect(early.stderr).toContain('it is still running');
      expect(early.stderr).toContain(`hint: add --wait, or use orc watch ${handle.workflowId}`);

      const running = await runCli(['status', handle.workflowId, '--json'], env);
      expect(running.code, running.stderr).toBe(0);
      const report = JSON.parse(running.stdout) as RunStatusReport;
      expect(report).toMatchObject({
        workflow_id: handle.workflowId,
        pipeline_id: 'cli-slow',
        status: 'running',
        task_queue: engine.taskQueue,
        pending_approvals: [{ step: 'nap', title: 'Go on?' }],
      });
      expect(report.steps.first).toMatchObject({ status: 'completed', success: true });
      expect(report.steps.nap?.status).toBe('running');
      expect(report.steps.last?.status).toBe('pending');
      expect(report.web_ui).toContain(`/workflows/${handle.workflowId}/`);

      const human = await runCli(['status', handle.workflowId], env);
      expect(human.code, human.stderr).toBe(0);
      expect(human.stdout).toContain(`Run ${handle.workflowId} of pipeline "cli-slow": running for`);
      expect(human.stdout).toMatch(/✓ first +completed/);
      // The approval waits for a person: orc status says so (its JSON state stays running).
      expect(human.stdout).toMatch(/⏸ nap +waiting/);
      expect(human.stdout).toMatch(/· last +pending/);

      const waiting = runCli(['result', handle.workflowId, '--wait', '--json'], env);
      await handle.executeUpdate(answerApprovalUpdate, { args: [{ step: 'nap', approved: true }] });
      const waited = await waiting;
      expect(waited.code, waited.stderr).toBe(0);
      const document = JSON.parse(waited.stdout) as ResultDocument;
      expect(document).toMatchObject({ status: 'completed', success: true, outputs: { said: 'one done' } });

      const after = JSON.parse((await runCli(['status', handle.workflowId, '--json'], env)).stdout) as RunStatusReport;
      expect(after).toMatchObject({ status: 'completed', usage: { model_calls: 0 } });
      expect(after.closed_at).toBeDefined();
      expect(after.steps.last?.status).toBe('completed');

      const byRunId = await runCli(['result', `${handle.workflowId}/${document.run.run_id}`], env);
      expect(byRunId.code, byRunId.stderr).toBe(0);
      expect(byRunId.stdout).toContain('Run completed');
      expect(byRunId.stdout).toContain('said: one done');
      expect(byRunId.stdout).toContain('Web UI: ');
    });
  }, 90_000);

  it('prints a failed run with exit 1, and says so for runs that do not exist or an engine that is down', async () => {
    const env = await cliEnvironment();
    await withCliWorker(async (engine) => {
      const handle = await engine.start(FAILING);
      const failed = await runCli(['result', handle.workflowId, '--wait', '--json'], env);
      expect(failed.code, failed.stderr).toBe(1);
      expect(JSON.parse(failed.stdout)).toMatchObject({ status: 'failed', error: { type: 'Kaboom', step: 'boom' } });
      const status = await runCli(['status', handle.workflowId], env);
      expect(status.code).toBe(0);
      expect(status.stdout).toContain('Error in step "boom": Kaboom');
    });
    const missing = await runCli(['status', 'no-such-run-anywhere'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no run "no-such-run-anywhere"');
    expect((await runCli(['result'], env)).code).toBe(2);
    const down = await runCli(['status', 'anything'], { ...env, TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expect(down.code).toBe(3);
    expect(down.stderr).not.toMatch(/\n\s+at /);
  }, 90_000);
});

describe('orc watch', () => {
  it('follows a run to its end with a line per step change, then prints the result', async () => {
    const env = await cliEnvironment();
    await withCliWorker(async (engine) => {
      const handle = await engine.start(GATED);
      await waitForStep(handle, 'nap', 'running');
      // Approved once `orc watch` is following the run, however long it took to start.
      let approving: Promise<unknown> | undefined;
      const watched = await runCli(['watch', handle.workflowId], env, 60_000, (stderr) => {
        if (!approving && stderr.includes('Watching run'))
          approving = handle.executeUpdate(answerApprovalUpdate, { args: [{ step: 'nap', approved: true }] });
      });
      await approving;
      expect(watched.code, watched.stderr).toBe(0);
      expect(watched.stderr).toContain(`Watching run ${handle.workflowId} of pipeline "cli-slow"`);
      expect(watched.stderr).toMatch(/✓ nap completed/);
      expect(watched.stderr).toMatch(/✓ last completed/);
      expect(watched.stderr).not.toContain('\u001b[');
      expect(watched.stdout).toContain('Run completed');
      expect(watched.stdout).toContain('said: one done');

      const again = await runCli(['watch', handle.workflowId, '--json'], env);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toContain('has already ended');
      expect(JSON.parse(again.stdout)).toMatchObject({ status: 'completed' });

      const failing = await engine.start(FAILING);
      const failed = await runCli(['watch', failing.workflowId], env);
      expect(failed.code, failed.stderr).toBe(1);
      expect(failed.stdout).toContain('Run failed');
    });
  }, 120_000);
});

describe('orc list', () => {
  it('finds runs by pipeline and status, newest first', async () => {
    const env = await cliEnvironment();
    const pipeline = `cli-list-${Date.now().toString(36)}`;
    await withCliWorker(async (engine) => {
      const done = await engine.start(slow(10, pipeline));
      await done.result();
      // Five minutes: still running however long a loaded machine takes over the listing.
      const running = await engine.start(slow(300_000, pipeline));
      try {
        await waitForStep(running, 'nap', 'running');
        const list = async (...args: string[]) =>
          JSON.parse((await runCli(['list', '--pipeline', pipeline, ...args, '--json'], env)).stdout) as RunRow[];
        // Visibility is eventually consistent: ask until both runs show with their states.
        const all = await eventually(
          async () => {
            const rows = await list();
            return rows.length === 2 && rows.some((row) => row.status === 'completed') ? rows : undefined;
          },
          20_000,
          'both runs to be listed',
        );
        expect(all.map((row) => row.workflow_id)).toEqual([running.workflowId, done.workflowId]);
        expect(all[0]).toMatchObject({ pipeline_id: pipeline, status: 'running', closed_at: null });
        expect(all[1]).toMatchObject({ pipeline_id: pipeline, status: 'completed' });
        expect((await list('--status', 'running')).map((row) => row.workflow_id)).toEqual([running.workflowId]);
        expect((await list('--status', 'completed')).map((row) => row.workflow_id)).toEqual([done.workflowId]);
        expect(await list('--status', 'failed')).toEqual([]);
        expect(await list('--limit', '1')).toHaveLength(1);

        const human = await runCli(['list', '--pipeline', pipeline], env);
        expect(human.code, human.stderr).toBe(0);
        expect(human.stdout.split('\n')[0]).toMatch(/^WORKFLOW ID +PIPELINE +STATUS +STARTED +DURATION$/);
        expect(human.stdout).toContain(running.workflowId);
      } finally {
        await running.terminate('test over');
      }
    });
    const bad = await runCli(['list', '--status', 'sleeping'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('one of: running, waiting, paused, completed, failed, cancelled, timed_out');
    expect((await runCli(['list', '--limit', '0'], env)).code).toBe(2);
  }, 240_000);
});
