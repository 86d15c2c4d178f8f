// `orc terminate`: a run waiting in a 10-minute `wait` step (and with an activity running) ends
// at once, as terminated; nothing of it goes on. A second terminate, or a run that is not there,
// is exit 2.
import { describe, expect, it } from 'vitest';
import type { RunRow } from '../../client/list-runs.js';
import type { RunStatusReport } from '../../client/run-status.js';
import type { ResultDocument } from '../../workflows/result-document.js';
import { cliEnvironment, eventually, waitForStep, withCliWorker } from '../support/cli-runs.js';
import { runCli } from '../support/run-cli.js';

const WAITING = `
id: cli-terminate
steps:
  - {id: pause, wait: 10m}
  - {id: nap, tool: test, action: sleep, parameters: {ms: 120000, label: nap}}
  - {id: after, tool: test, action: echo, depends_on: [pause], parameters: {value: never}}
`;

describe('orc terminate', () => {
  it('ends a waiting run at once; status says terminated and nothing goes on', async () => {
    const env = await cliEnvironment();
    await withCliWorker(async (engine) => {
      const handle = await engine.start(WAITING);
      try {
        await waitForStep(handle, 'pause', 'running');
        await waitForStep(handle, 'nap', 'running');
        const terminated = await runCli(['terminate', handle.workflowId, '--reason', 'wrong input'], env);
        expect(terminated.code, terminated.stderr).toBe(0);
        expect(terminated.stdout).toContain(`Terminated run ${handle.workflowId} (reason: wrong input).`);
        // At once: ended when the command returns, not when the timer or the activity would end.
        const described = await handle.describe();
        expect(described.status.name).toBe('TERMINATED');
        expect(described.closeTime!.getTime() - described.startTime.getTime()).toBeLessThan(120_000);
        const history = await handle.fetchHistory();
        const last = history.events!.at(-1)!;
        expect(last.workflowExecutionTerminatedEventAttributes?.reason).toBe('wrong input');

        const status = await runCli(['status', handle.workflowId, '--json'], env);
        expect(status.code, status.stderr).toBe(0);
        expect((JSON.parse(status.stdout) as RunStatusReport).status).toBe('terminated');
        expect((await runCli(['status', handle.workflowId], env)).stdout).toMatch(
          new RegExp(`Run ${handle.workflowId} of pipeline "cli-terminate": terminated in `),
        );
        const result = await runCli(['result', handle.workflowId, '--json'], env);
        expect(result.code).toBe(1);
        expect((JSON.parse(result.stdout) as ResultDocument).error?.type).toBe('Terminated');

        // The running activity learns at its next heartbeat that its run is gone, and stops.
        await eventually(
          async () => (engine.recorder.calls.find((call) => call.label === 'nap')?.cancelled ? true : undefined),
          20_000,
          'the sleep to stop',
        );
        const running = JSON.parse(
          (await runCli(['list', '--pipeline', 'cli-terminate', '--status', 'running', '--json'], env)).stdout,
        ) as RunRow[];
        expect(running.map((row) => row.workflow_id)).not.toContain(handle.workflowId);

        const again = await runCli(['terminate', handle.workflowId], env);
        expect(again.code).toBe(2);
        expect(again.stderr).toContain('has already ended (terminated); there is nothing to terminate');
      } finally {
        await handle.terminate('test over').catch(() => {});
      }
    });
    const missing = await runCli(['terminate', 'no-such-run-anywhere'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no run "no-such-run-anywhere"');
  }, 120_000);
});
