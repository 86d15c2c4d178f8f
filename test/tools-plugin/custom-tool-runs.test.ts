// The example custom tool end to end: `orc validate` checks its parameters when ORC_TOOLS names
// it, `orc run` runs it with the in-process worker (which loads the same module), and a test
// worker runs it through the real server.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCustomTools } from '../../workers/index.js';
import { compilePipeline } from '../../workflows/lang/compile/index.js';
import type { ResultDocument } from '../../workflows/result-document.js';
import { cliEnvironment } from '../support/cli-runs.js';
import { runPipelineDocument } from '../support/run-document.js';
import { runCli } from '../support/run-cli.js';
import { repoRoot, withWorker } from '../support/temporal.js';

const TOOL = 'examples/custom-tools/text-tool.ts';
const PIPELINE = 'examples/custom-tools/text-report.yaml';

describe('the example custom tool through the CLI', () => {
  it('orc validate accepts its parameters with ORC_TOOLS and rejects a misspelt one', async () => {
    expect((await runCli(['validate', PIPELINE], { ORC_TOOLS: TOOL })).code).toBe(0);
    const without = await runCli(['validate', PIPELINE], { ORC_TOOLS: undefined });
    expect(without.code).toBe(2);
    expect(without.stdout).toContain('[E_UNKNOWN_TOOL]: step "slug" uses unknown tool "text"');

    const misspelt = join(await mkdtemp(join(tmpdir(), 'orc-plugin-')), 'misspelt.yaml');
    await writeFile(
      misspelt,
      (await readFile(join(repoRoot, PIPELINE), 'utf8')).replace('max_length: 40', 'max_lenght: 40'),
    );
    const result = await runCli(['validate', misspelt], { ORC_TOOLS: TOOL });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('error[E_TOOL_PARAMETER]: text.slugify has no parameter "max_lenght"');
    expect(result.stdout).toContain('did you mean "max_length"?');
  });

  it('a bad ORC_TOOLS module stops orc validate and orc worker with a configuration error', async () => {
    const validate = await runCli(['validate', PIPELINE], { ORC_TOOLS: 'test/tools-plugin/fixtures/no-export.ts' });
    expect(validate.code).toBe(2);
    expect(validate.stderr).toContain('orc: configuration: ORC_TOOLS:');
    expect(validate.stderr).toContain('the module exports no tool');
    const worker = await runCli(['worker'], {
      ...(await cliEnvironment()),
      ORC_TOOLS: 'examples/custom-tools/nope.ts',
    });
    expect(worker.code).toBe(2);
    expect(worker.stderr).toContain('ORC_TOOLS: no custom tool module at');
  });

  it('orc run runs it with the in-process worker', async () => {
    const env = { ...(await cliEnvironment()), ORC_TOOLS: TOOL };
    const result = await runCli(['run', PIPELINE, '-i', 'title=Hello, Custom Tools!', '--json'], env, 90_000);
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout) as ResultDocument;
    expect(document.outputs).toEqual({
      path: 'reports/hello-custom-tools.md',
      words: 11,
      digest: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(await readFile(join(env.ORC_WORKSPACE, 'reports/hello-custom-tools.md'), 'utf8')).toContain(
      '11 words, 3 sentences; sha1 ',
    );
  });
});

describe('the example custom tool on a test worker', () => {
  it('runs the pipeline with the loaded definitions and implementations', async () => {
    const { definitions, implementations } = await loadCustomTools([join(repoRoot, TOOL)]);
    const compiled = compilePipeline(await readFile(join(repoRoot, PIPELINE), 'utf8'), {
      file: PIPELINE,
      tools: definitions,
    });
    expect(compiled.diagnostics).toEqual([]);
    await withWorker(
      async (engine) => {
        const document = await runPipelineDocument(engine, compiled.ir!, { title: 'Ünïcode Títle', body: 'a b c' });
        expect(document.status).toBe('completed');
        expect(document.outputs).toEqual({
          path: 'reports/unicode-title.md',
          words: 3,
          digest: createHash('sha1').update('a b c').digest('hex'),
        });
        expect(document.steps.digest!.result).toEqual({ algorithm: 'sha1', digest: document.outputs.digest });
      },
      { tools: implementations },
    );
  });
});
