// `orc run -o DIR` fills py-orc's `output_path` as py-orc's run_pipeline.py -o does: spawned
// against the suite's dev server, with the in-process worker writing into the workspace; `orc
// validate -o DIR` checks a file as that run would compile it.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResultDocument } from '../../workflows/result-document.js';
import { cliEnvironment } from '../support/cli-runs.js';
import { runCli } from '../support/run-cli.js';
import { compatRoot } from '../support/temporal.js';

const WRITES_TO_OUTPUT_PATH = (declaration: string) => `id: outdir
${declaration}steps:
  - id: save
    tool: filesystem
    action: write
    parameters:
      path: "{{ output_path }}/report.md"
      content: "written to {{ output_path }}"
outputs:
  where: "{{ output_path }}"
`;

async function pipelineFile(text: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'orc-output-dir-')), 'p.yaml');
  await writeFile(file, text);
  return file;
}

describe('orc run -o DIR', () => {
  it('fills an undeclared output_path, with a warning that says so, and the run writes there', async () => {
    const env = await cliEnvironment();
    const file = await pipelineFile(WRITES_TO_OUTPUT_PATH(''));
    const run = await runCli(['run', file, '-o', 'out/first', '--json'], env, 90_000);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      'reads "output_path" without declaring it; -o fills it with "out/first", as py-orc\'s run_pipeline.py -o does',
    );
    const document = JSON.parse(run.stdout) as ResultDocument;
    expect(document.outputs.where).toBe('out/first');
    expect(await readFile(join(env.ORC_WORKSPACE, 'out/first/report.md'), 'utf8')).toBe('written to out/first');
  });

  it('fills a declared output_path without a warning (--output-dir, -o yaml as the format)', async () => {
    const env = await cliEnvironment();
    const file = await pipelineFile(WRITES_TO_OUTPUT_PATH('parameters:\n  output_path: {type: string, default: x}\n'));
    const run = await runCli(['run', file, '--output-dir', 'out/second', '-o', 'yaml'], env, 90_000);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('without declaring');
    expect(run.stdout).toContain('where: out/second');
  });

  it('refuses a folder for a pipeline that has no output_path: most likely a mistyped format', async () => {
    const run = await runCli(['run', 'pipelines/hello.yaml', '-o', 'jsno'], await cliEnvironment());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('-o jsno: pipelines/hello.yaml neither declares nor reads "output_path"');
    expect(run.stderr).toContain('hint: -o json or -o yaml chooses how the result is printed');
  });
});

describe('orc validate -o DIR', () => {
  const multimodal = join(compatRoot, 'multimodal_processing.yaml');

  it('reports an undeclared output_path read with a hint that names -o DIR', async () => {
    const result = await runCli(['validate', multimodal], {});
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('error[E_UNKNOWN_NAME]: step "generate_variations" reads "output_path"');
    expect(result.stdout).toContain(
      '= declare it under "parameters:", or give the folder with -o DIR (orc run and orc validate fill output_path as py-orc\'s run_pipeline.py -o does)',
    );
  });

  it('validates as orc run -o DIR compiles: the read accepted with the same warning (multimodal_processing.yaml)', async () => {
    const result = await runCli(['validate', multimodal, '-o', 'out'], {});
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).toContain(
      'reads "output_path" without declaring it; -o fills it with "out", as py-orc\'s run_pipeline.py -o does',
    );
    expect(result.stderr).toMatch(/multimodal_processing\.yaml: valid/);
    const json = await runCli(['validate', multimodal, '--json', '--output-dir', 'out'], {});
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([]);
  });

  it('refuses a folder for a file that has no output_path, as orc run does', async () => {
    const result = await runCli(['validate', 'pipelines/hello.yaml', '-o', 'jsno'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('-o jsno: pipelines/hello.yaml neither declares nor reads "output_path"');
  });
});
