// py-orc's model-free examples run end to end through `orc run`, with the results their README
// states (../shared/compat/orchestrator/README.md).
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { ResultDocument } from '../../workflows/result-document.js';
import { runCli } from '../support/run-cli.js';
import { compatRoot, uniqueTaskQueue } from '../support/temporal.js';

async function orcRun(file: string, ...inputs: string[]) {
  const workspace = await mkdtemp(join(tmpdir(), 'orc-corpus-'));
  const env = {
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    ORC_DATA_DIR: inject('dataDir'),
    ORC_WORKSPACE: workspace,
    ORC_TASK_QUEUE: uniqueTaskQueue('corpus'),
  };
  const result = await runCli(
    ['run', join(compatRoot, file), '--json', ...inputs.flatMap((input) => ['-i', input])],
    env,
    90_000,
  );
  return { ...result, workspace, document: JSON.parse(result.stdout || 'null') as ResultDocument };
}

describe('the corpus through orc run', () => {
  it('01_hello_filesystem: greeting_text is "hello, world"', async () => {
    const { code, document, stderr } = await orcRun('01_hello_filesystem.yaml');
    expect(code, stderr).toBe(0);
    expect(document.outputs.greeting_text).toBe('hello, world');
  });

  it('02_parallel_fanout_fanin: the join reads both branches', async () => {
    const { code, document, workspace, stderr } = await orcRun('02_parallel_fanout_fanin.yaml');
    expect(code, stderr).toBe(0);
    expect(await readFile(join(workspace, document.outputs.joined as string), 'utf8')).toBe('alpha-value+beta-value');
  });

  it.each([
    ['the default input', [], 'long', 'long.txt', 'short.txt'],
    ['content=hi', ['content=hi'], 'short', 'short.txt', 'long.txt'],
  ])('04_conditions with %s takes one branch only', async (_what, inputs, branch, written, absent) => {
    const { code, document, workspace, stderr } = await orcRun('04_conditions.yaml', ...inputs);
    expect(code, stderr).toBe(0);
    expect(document.success).toBe(true);
    expect(document.outputs.taken_branch).toBe(branch);
    await expect(readFile(join(workspace, 'output', written), 'utf8')).resolves.toBeTruthy();
    await expect(readFile(join(workspace, 'output', absent), 'utf8')).rejects.toThrow();
  });
});
