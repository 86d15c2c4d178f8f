// The sandbox runner on its own (inside a mock activity context): cancellation kills the whole
// tree, limits map to typed failures, a missing bwrap says how to install it, the unsafe mode.
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Context } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { runSandboxed, type SandboxOutcome, type SandboxRun } from '../../activities/sandbox/index.js';
import type { SandboxSettings } from '../../activities/tools/index.js';
import {
  HOLD_A_GIGABYTE,
  largestResident,
  processesWith,
  snapshotWith,
  survivorsOf,
} from '../reliability/sandbox-processes.js';
import { eventually } from '../support/cli-runs.js';
import { bubblewrapProblem } from './sandbox-pipelines.js';

const problem = bubblewrapProblem();
if (problem) console.warn(`skipping the sandbox runner's tests: ${problem}`);

const BWRAP: SandboxSettings = { mode: 'bubblewrap', allowNetwork: false };

async function run(command: string, options: Partial<SandboxRun> = {}, environment = new MockActivityEnvironment()) {
  const workspaceRoot = await mkdtemp(join(tmpdir(), 'orc-sandbox-unit-'));
  return environment.run(() =>
    runSandboxed({
      command: () => ['/bin/sh', '-c', command],
      timeoutSeconds: 10,
      network: false,
      workspaceRoot,
      settings: BWRAP,
      signal: Context.current().cancellationSignal,
      ...options,
    }),
  ) as Promise<SandboxOutcome>;
}

async function failureOf(
  promise: Promise<unknown>,
): Promise<{ type?: string; message: string; nonRetryable?: boolean }> {
  try {
    await promise;
  } catch (error) {
    return error as { type?: string; message: string };
  }
  throw new Error('expected a failure');
}

describe('the sandbox runner', () => {
  it('without bubblewrap: SandboxUnavailable, saying how to install it and naming the unsafe flag', async () => {
    const failure = await failureOf(run('true', { settings: { ...BWRAP, bubblewrapPath: '/nonexistent/bwrap' } }));
    expect(failure).toMatchObject({ type: 'SandboxUnavailable', nonRetryable: true });
    expect(failure.message).toContain('apt-get install bubblewrap');
    expect(failure.message).toContain('ORC_UNSAFE_HOST_CODE=1');
  });

  it('unsafe-host mode runs on the host, still with a clean environment and the wall-time limit', async () => {
    process.env.ORC_TEST_SECRET = 'do-not-pass';
    try {
      const outcome = await run('pwd; env', { settings: { mode: 'unsafe-host', allowNetwork: false } });
      expect(outcome.stdout).toContain('orc-sandbox-unit-');
      expect(outcome.stdout).not.toContain('do-not-pass');
      const failure = await failureOf(
        run('sleep 5', { timeoutSeconds: 0.5, settings: { mode: 'unsafe-host', allowNetwork: false } }),
      );
      expect(failure.type).toBe('Timeout');
    } finally {
      delete process.env.ORC_TEST_SECRET;
    }
  });

  describe.skipIf(problem !== undefined)('with bubblewrap', () => {
    it('a cancelled activity kills the whole process tree, and reports its cancellation only once every process is gone', async () => {
      const environment = new MockActivityEnvironment();
      // A number no other test's processes carry in their command line.
      const seconds = `31.${process.pid}`;
      // The programs close their output first, so no pipe tells of them; one holds 1 GB, which
      // the kernel takes a moment to free once it is killed: a moment when it is not yet dead.
      const program = `exec >/dev/null 2>&1; for i in $(seq 40); do sleep ${seconds} & done; ${HOLD_A_GIGABYTE(seconds)}`;
      const running = run(program, {}, environment);
      await eventually(
        async () => (processesWith(seconds).length >= 42 && largestResident(seconds) >= 1e9 ? true : undefined),
        30_000,
        'the sandbox to start its 41 processes, one holding 1 GB',
      );
      const sandbox = snapshotWith(seconds);
      const cancelled = Date.now();
      environment.cancel();
      const failure = await failureOf(running);
      // Looked at the moment the runner says it was cancelled, without any grace time; a
      // process the kernel is still ending counts as alive.
      expect(await survivorsOf(sandbox, 0)).toEqual([]);
      expect(failure.message).toMatch(/cancel/i);
      expect(Date.now() - cancelled).toBeLessThan(5_000);
    });

    it('a retry (attempt 2) ends what attempt 1 of the same activity still runs, and nothing of another activity', async () => {
      const owner = { workflowId: 'retried', runId: `run-${process.pid}`, activityId: '7', attempt: 1 };
      const [mine, theirs] = [`32.${process.pid}`, `33.${process.pid}`];
      const other = new MockActivityEnvironment();
      const first = run(`sleep ${mine}`, { owner });
      const unrelated = run(`sleep ${theirs}`, { owner: { ...owner, activityId: '8' } }, other).catch(() => undefined);
      await eventually(
        async () => (processesWith(mine).length > 0 && processesWith(theirs).length > 0 ? true : undefined),
        20_000,
        'both sandboxes to run',
      );
      const second = await run('echo second', { owner: { ...owner, attempt: 2 } });
      expect(second).toMatchObject({ exitCode: 0, stdout: 'second\n' });
      expect(processesWith(mine)).toEqual([]);
      expect(await first).toMatchObject({ exitCode: 137 });
      expect(processesWith(theirs).length).toBeGreaterThan(0);
      other.cancel();
      await unrelated;
    });

    it('a non-zero exit is an outcome, not a failure', async () => {
      const outcome = await run('echo out; echo err >&2; exit 7');
      expect(outcome).toMatchObject({ exitCode: 7, stdout: 'out\n', stderr: 'err\n' });
    });

    it('running out of CPU time (SIGXCPU) is SandboxLimitExceeded', async () => {
      const failure = await failureOf(run('kill -XCPU $$'));
      expect(failure).toMatchObject({ type: 'SandboxLimitExceeded', nonRetryable: true });
    });

    it('with network allowed by the worker and asked by the step, loopback is the host’s', async () => {
      const server = createServer((_request, response) => response.end('reached'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const port = (server.address() as AddressInfo).port;
        const code = `import urllib.request; print(urllib.request.urlopen("http://127.0.0.1:${port}/", timeout=5).read().decode())`;
        const outcome = await run(`python3 -c '${code}'`, {
          network: true,
          settings: { ...BWRAP, allowNetwork: true },
        });
        expect(outcome.stdout).toBe('reached\n');
      } finally {
        server.close();
      }
    });

    it('refuses a working folder that does not exist', async () => {
      const failure = await failureOf(run('true', { cwd: 'missing' }));
      expect(failure).toMatchObject({ type: 'ToolError', nonRetryable: true });
    });
  });
});
