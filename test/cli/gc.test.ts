// `orc gc`: the large-value files of a run whose history is gone are deleted; another run's,
// still in Temporal, stay readable; --dry-run and --older-than delete nothing. Real dev server,
// real worker, the spawned `orc` on a data folder of the test's own.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { BlobReference } from '../../workers/index.js';
import { describe, expect, it } from 'vitest';
import { cliEnvironment, eventually } from '../support/cli-runs.js';
import { runCli } from '../support/run-cli.js';
import { documentOf, startPipeline } from '../support/run-document.js';
import { withWorker } from '../support/temporal.js';
import { compileTest, newRecorder, testTool } from '../support/test-tools.js';

const pipeline = (megabytes: number) =>
  compileTest(`
parameters: {note: ""}
steps:
  - {id: big, tool: test, action: big, parameters: {megabytes: ${megabytes}}}
outputs:
  size: "{{ big.result | length }}"
`);

/** Each value file under blobs/, with the workflow ids its references name (`id?` without a run id). */
async function valuesByWorkflow(dataDir: string): Promise<Map<string, Set<string>>> {
  const folder = join(dataDir, 'blobs');
  const owners = new Map<string, Set<string>>();
  for (const name of await readdir(folder)) {
    if (!/^[0-9a-f]{64}$/.test(name)) continue;
    const references = join(folder, 'refs', name);
    const ids = new Set<string>();
    for (const file of existsSync(references) ? await readdir(references) : []) {
      const reference = JSON.parse(await readFile(join(references, file), 'utf8')) as BlobReference;
      ids.add(reference.runId ? reference.workflowId : `${reference.workflowId}?`);
    }
    owners.set(name, ids);
  }
  return owners;
}

describe('orc gc', () => {
  it('deletes the files of a deleted run, keeps a live run, and deletes nothing on --dry-run', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'orc-gc-'));
    const env = { ...(await cliEnvironment()), ORC_DATA_DIR: dataDir };
    await withWorker(
      async (engine) => {
        // A large input too: the client stores it before the run exists, so its reference names
        // the workflow only, and gc must look for the run (or a schedule's runs) by id.
        const gone = await startPipeline(engine, pipeline(1), { note: 'n'.repeat(300 * 1024) });
        const live = await startPipeline(engine, pipeline(0.75));
        expect((await documentOf(gone)).success).toBe(true);
        expect((await documentOf(live)).success).toBe(true);

        const before = await valuesByWorkflow(dataDir);
        const runOf = (id: string) => id.replace(/\?$/, '');
        const goneFiles = [...before].filter(
          ([, ids]) => ids.size > 0 && [...ids].every((id) => runOf(id) === gone.workflowId),
        );
        const goneNames = goneFiles.map(([name]) => name);
        const liveFiles = [...before]
          .filter(([, ids]) => [...ids].some((id) => runOf(id) === live.workflowId))
          .map(([name]) => name);
        expect(goneFiles.some(([, ids]) => ids.has(`${gone.workflowId}?`))).toBe(true);
        expect(goneNames.length).toBeGreaterThan(0);
        expect(liveFiles.length).toBeGreaterThan(0);

        await engine.client.workflowService.deleteWorkflowExecution({
          namespace: 'default',
          workflowExecution: { workflowId: gone.workflowId, runId: gone.firstExecutionRunId },
        });
        await eventually(
          () =>
            gone.describe().then(
              () => undefined,
              (error: unknown) => (error instanceof WorkflowNotFoundError ? true : undefined),
            ),
          90_000,
          'the deleted run to be gone',
        );

        // Deletion is asynchronous: the dev server takes about 20 s.
        // Within the default --older-than (1h) every file is too new to judge.
        const young = await runCli(['gc'], env);
        expect(young.code, young.stderr).toBe(0);
        expect(young.stdout).toContain('Deleted 0 large-value files');

        const dryRun = await runCli(['gc', '--dry-run', '--older-than', '0s'], env);
        expect(dryRun.code, dryRun.stderr).toBe(0);
        expect(dryRun.stdout).toContain(`Would delete ${goneNames.length} large-value file`);
        const dryRunDocument = await runCli(['gc', '--dry-run', '--older-than', '0s', '--json'], env);
        expect(dryRunDocument.code, dryRunDocument.stderr).toBe(0);
        expect(JSON.parse(dryRunDocument.stdout)).toMatchObject({
          dry_run: true,
          removed: { count: goneNames.length, bytes: expect.any(Number) },
          kept: { in_use: expect.any(Number), recent: 0, untraced: expect.any(Number) },
        });
        expect([...(await valuesByWorkflow(dataDir)).keys()].sort()).toEqual([...before.keys()].sort());

        const collected = await runCli(['gc', '--older-than', '0s'], env);
        expect(collected.code, collected.stderr).toBe(0);
        const bytes = Number(/\((?:[\d.]+ [KM]iB), (\d+) bytes\)/.exec(collected.stdout)?.[1]);
        expect(collected.stdout).toContain(`Deleted ${goneNames.length} large-value file`);
        expect(bytes).toBeGreaterThan(1024 * 1024);
        const after = await valuesByWorkflow(dataDir);
        for (const name of goneNames) expect(after.has(name)).toBe(false);
        for (const name of liveFiles) expect(after.has(name)).toBe(true);
        expect(existsSync(join(dataDir, 'blobs', 'refs', goneNames[0]!))).toBe(false);

        // The live run's large values still read back.
        expect((await documentOf(engine.client.workflow.getHandle(live.workflowId))).outputs.size).toBe(
          Math.round(0.75 * 1024 * 1024),
        );
      },
      { tools: { test: testTool(newRecorder()) }, dataDir },
    );
  }, 180_000);

  it("keeps a schedule's large input while the schedule exists", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'orc-gc-'));
    const env = { ...(await cliEnvironment()), ORC_DATA_DIR: dataDir };
    await withWorker(
      async (engine) => {
        const scheduleId = `gc-${engine.taskQueue}`;
        const workflowId = `scheduled-${engine.taskQueue}`;
        const schedule = await engine.client.schedule.create({
          scheduleId,
          spec: { intervals: [{ every: '1h' }] },
          state: { paused: true },
          action: {
            type: 'startWorkflow',
            workflowType: 'runPipeline',
            taskQueue: engine.taskQueue,
            workflowId,
            args: [{ ir: pipeline(0.1), inputs: { note: 's'.repeat(300 * 1024) } }],
          },
        });
        try {
          const stored = [...(await valuesByWorkflow(dataDir))].filter(([, ids]) => ids.has(`${workflowId}?`));
          expect(stored).toHaveLength(1);
          const kept = await runCli(['gc', '--older-than', '0s'], env);
          expect(kept.code, kept.stderr).toBe(0);
          expect(kept.stdout).toContain('Deleted 0 large-value files');
          expect(existsSync(join(dataDir, 'blobs', stored[0]![0]))).toBe(true);
        } finally {
          await schedule.delete();
        }
        const collected = await runCli(['gc', '--older-than', '0s'], env);
        expect(collected.stdout).toContain('Deleted 1 large-value file');
      },
      { tools: { test: testTool(newRecorder()) }, dataDir },
    );
  }, 120_000);

  it('refuses an --older-than that is not a duration', async () => {
    const run = await runCli(['gc', '--older-than', 'yesterday'], await cliEnvironment());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--older-than must be a duration such as 30m, 2h or 7d, not "yesterday"');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
