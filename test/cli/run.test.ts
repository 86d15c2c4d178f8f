// `orc run` spawned as a subprocess against the suite's dev server: exit codes and JSON.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResultDocument } from '../../workflows/result-document.js';
import { cliEnvironment } from '../support/cli-runs.js';
import { runCli } from '../support/run-cli.js';
import { compatRoot } from '../support/temporal.js';

describe('orc run', () => {
  it('runs hello.yaml with an in-process worker and prints the result document with --json', async () => {
    const env = await cliEnvironment();
    const result = await runCli(['run', 'pipelines/hello.yaml', '-i', 'name=Grace', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout) as ResultDocument;
    expect(document).toMatchObject({
      status: 'completed',
      success: true,
      inputs: { name: 'Grace', folder: 'hello' },
      outputs: { greeting: 'Hello, Grace!' },
    });
    expect(document.run.task_queue).toBe(env.ORC_TASK_QUEUE);
    expect(document.pipeline.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(Object.keys(document.steps)).toEqual(['greet', 'note', 'join']);
    expect(result.stderr).toContain('running one inside this command');
    expect(result.stderr).toContain(
      `Web UI: ${env.ORC_WEB_UI_URL}/namespaces/default/workflows/${document.run.workflow_id}/${document.run.run_id}/history`,
    );
    expect(await readFile(join(env.ORC_WORKSPACE, document.outputs.report as string), 'utf8')).toContain(
      'Hello report for Grace',
    );
  });

  it('prints outputs and the Web UI link for people', async () => {
    const result = await runCli(
      ['run', join(compatRoot, '01_hello_filesystem.yaml'), '-i', 'greeting=hi'],
      await cliEnvironment(),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Run completed');
    expect(result.stdout).toContain('greeting_text: hi, world');
    expect(result.stdout).toMatch(/Web UI: http:\/\/localhost:\d+\/namespaces\/default\/workflows\//);
    expect(result.stderr).toMatch(/✓ read_back completed/);
  });

  it('exits 1 and still prints the result document when a step fails', async () => {
    const env = await cliEnvironment();
    const result = await runCli(
      ['run', join(compatRoot, '01_hello_filesystem.yaml'), '-i', 'out_dir=../../etc', '--json'],
      env,
    );
    expect(result.code, result.stderr).toBe(1);
    const document = JSON.parse(result.stdout) as ResultDocument;
    expect(document.status).toBe('failed');
    expect(document.error).toMatchObject({ type: 'PathOutsideWorkspace', step: 'write_greeting' });
  });

  it('exits 2 without starting anything for an invalid pipeline or invalid inputs', async () => {
    const env = await cliEnvironment();
    const badInputs = await runCli(['run', 'pipelines/hello.yaml', '-i', 'nme=x', '-i', 'noequals'], env);
    expect(badInputs.code).toBe(2);
    expect(badInputs.stderr).toContain('-i "noequals" is not name=value');
    const unknownInput = await runCli(['run', 'pipelines/hello.yaml', '-i', 'nme=x'], env);
    expect(unknownInput.code).toBe(2);
    expect(unknownInput.stderr).toContain('unknown input "nme"; this pipeline\'s parameters are: name, folder');
    const missing = await runCli(['run', 'pipelines/nope.yaml'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read pipeline "pipelines/nope.yaml": no such file');
    const usage = await runCli(['run'], env);
    expect(usage.code).toBe(2);
  });

  it('exits 3 when the configured engine cannot be reached', async () => {
    const result = await runCli(['run', 'pipelines/hello.yaml'], {
      ...(await cliEnvironment()),
      TEMPORAL_ADDRESS: '127.0.0.1:1',
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('cannot reach Temporal at 127.0.0.1:1');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
