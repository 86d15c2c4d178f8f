// `orc rerun` refuses what it cannot do with a message that says what is wrong and how to fix
// it, and exit code 2 (cli.md), starting nothing: an unknown run, an unknown or nested
// `--from` step, a file that does not compile, bad inputs, a source run still running.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnvironment, waitForStep, withCliWorker } from '../support/cli-runs.js';
import { runCli } from '../support/run-cli.js';

const DONE = `id: refusals
parameters:
  count: {type: integer, default: 2}
steps:
  - {id: fetch, tool: test, action: echo, parameters: {value: fetched}}
  - id: each
    for_each: "{{ [1, 2] }}"
    steps:
      - {id: inner, tool: test, action: echo, parameters: {value: "{{ item }}"}}
  - {id: summarise, tool: test, action: echo, parameters: {value: "{{ fetch }} {{ inputs.count }}"}}
`;

describe('orc rerun refuses', () => {
  it('an unknown run, an unknown or nested --from step, a broken file, bad inputs and a running source — exit 2, nothing started', async () => {
    const env = await cliEnvironment();
    const folder = await mkdtemp(join(tmpdir(), 'orc-rerun-refusals-'));
    const broken = join(folder, 'broken.yaml');
    await writeFile(
      broken,
      'id: refusals\nstpes:\n  - {id: fetch, tool: test, action: echo, parameters: {value: x}}\n',
    );
    await withCliWorker(async (engine) => {
      const done = await engine.start(DONE);
      await done.result();
      const running = await engine.start('steps:\n  - {id: review, approval: {title: Go?}}\n');
      try {
        const unknown = await runCli(['rerun', 'no-such-run-42'], env);
        expect(unknown.code).toBe(2);
        expect(unknown.stderr).toContain('orc: no run "no-such-run-42"');
        expect(unknown.stderr).toContain('hint: orc list shows the recent runs');

        const typo = await runCli(['rerun', done.workflowId, '--from', 'sumarise'], env);
        expect(typo.code).toBe(2);
        expect(typo.stderr).toContain(
          `orc: --from sumarise: pipeline "refusals" has no step "sumarise" (did you mean "summarise"?)`,
        );
        expect(typo.stderr).toContain('hint: its steps: fetch, each, summarise');

        const nested = await runCli(['rerun', done.workflowId, '--from', 'inner'], env);
        expect(nested.code).toBe(2);
        expect(nested.stderr).toContain('"inner" is a step inside "each"; --from takes a step of the top level');

        // The file is compiled before the server is asked anything: its diagnostics, as orc validate prints them.
        const invalid = await runCli(['rerun', 'no-such-run-42', '--file', broken], env);
        expect(invalid.code).toBe(2);
        expect(invalid.stderr).toContain('error[E_UNKNOWN_KEY]: unknown key "stpes" in pipeline');
        expect(invalid.stderr).not.toContain('no run');

        const inputs = await runCli(['rerun', done.workflowId, '-i', 'count=many'], env);
        expect(inputs.code).toBe(2);
        expect(inputs.stderr).toContain('invalid inputs for "refusals"');
        expect(inputs.stderr).toContain('count');

        await waitForStep(running, 'review', 'running');
        const busy = await runCli(['rerun', running.workflowId], env);
        expect(busy.code).toBe(2);
        expect(busy.stderr).toContain(`orc: run ${running.workflowId} is still running`);
        expect(busy.stderr).toContain(`hint: wait for it to end (orc watch ${running.workflowId})`);

        const bare = await runCli(['rerun'], env);
        expect(bare.code).toBe(2);
        expect(bare.stderr).toContain("orc: missing required argument 'RUN'");
        // None of these started a run (each would name its source in OrcSourceRun).
        const forks = await engine.client.workflow.count(
          `OrcSourceRun IN ('${done.workflowId}', '${running.workflowId}', 'no-such-run-42')`,
        );
        expect(forks.count).toBe(0);
        for (const output of [unknown, typo, nested, invalid, inputs, busy, bare])
          expect(output.stderr).not.toMatch(/\n\s+at /);
      } finally {
        await running.terminate('test over').catch(() => {});
      }
    });
  }, 180_000);
});
