// terminal, python-executor and code: their parameters and py-orc's result shapes.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BUILT_IN_TOOL_IMPLEMENTATIONS,
  defaultToolSettings,
  type ToolContext,
} from '../../../activities/tools/index.js';
import { bubblewrapProblem } from '../../sandbox/sandbox-pipelines.js';

const problem = bubblewrapProblem();
if (problem) console.warn(`skipping the code tools' tests: ${problem}`);

let context: ToolContext;
beforeAll(async () => {
  const workspaceRoot = await mkdtemp(join(tmpdir(), 'orc-code-tools-'));
  await mkdir(join(workspaceRoot, 'sub'));
  await writeFile(join(workspaceRoot, 'sub', 'data.txt'), 'x');
  context = { workspaceRoot, stepId: 's', workflowId: 'w', runId: 'r', settings: defaultToolSettings() };
});

const call = (tool: string, action: string, parameters: Record<string, unknown>) =>
  new MockActivityEnvironment().run(() => BUILT_IN_TOOL_IMPLEMENTATIONS[tool]![action]!(parameters, context));

describe.skipIf(problem !== undefined)('the code tools', () => {
  it('terminal.execute: { success, stdout, stderr, return_code, command, working_dir, execution_time } with cwd (or working_dir) and env', async () => {
    const { execution_time, ...result } = (await call('terminal', 'execute', {
      command: 'ls; echo "$GREETING"',
      cwd: 'sub',
      env: { GREETING: 'hi' },
    })) as Record<string, unknown>;
    expect(result).toEqual({
      success: true,
      stdout: 'data.txt\nhi\n',
      stderr: '',
      return_code: 0,
      command: 'ls; echo "$GREETING"',
      working_dir: 'sub',
    });
    // Seconds, as py-orc's pipelines read it; bounded loosely (a shared machine).
    expect(execution_time).toBeGreaterThan(0);
    expect(execution_time).toBeLessThan(60);
    expect(await call('terminal', 'execute', { command: 'pwd; exit 2', working_dir: 'sub' })).toMatchObject({
      success: false,
      stdout: '/workspace/sub\n',
      return_code: 2,
    });
  });

  it('python-executor.execute: inputs as a variable and a file; stdout parsed as JSON into result', async () => {
    const code =
      'import json, os\nfrom_file = json.load(open(os.environ["ORC_INPUTS_FILE"]))\nprint(json.dumps({"sum": sum(inputs["numbers"]), "same": from_file == inputs}))';
    expect(await call('python-executor', 'execute', { code, inputs: { numbers: [1, 2, 3] } })).toEqual({
      success: true,
      stdout: '{"sum": 6, "same": true}\n',
      stderr: '',
      exit_code: 0,
      result: { sum: 6, same: true },
    });
    const failed = (await call('python-executor', 'execute', {
      code: 'print("not json")\nraise SystemExit(3)',
    })) as Record<string, unknown>;
    expect(failed).toMatchObject({ success: false, exit_code: 3, result: null, stdout: 'not json\n' });
  });

  it('python-executor has numpy, pandas and scipy', async () => {
    const code =
      'import numpy, pandas, scipy, json\nprint(json.dumps([numpy.__version__, pandas.__version__, scipy.__version__]))';
    const result = (await call('python-executor', 'execute', { code })) as { result: string[] };
    expect(result.result).toHaveLength(3);
  });

  it('code.run: javascript with inputs, and shell', async () => {
    expect(
      await call('code', 'run', {
        language: 'javascript',
        code: 'console.log(JSON.stringify(inputs.a * 2))',
        inputs: { a: 21 },
      }),
    ).toMatchObject({ success: true, result: 42 });
    expect(await call('code', 'run', { language: 'shell', code: 'echo "[1, 2]"' })).toMatchObject({
      success: true,
      exit_code: 0,
      result: [1, 2],
    });
    expect(
      await call('code', 'run', {
        language: 'python',
        code: 'import sys\nprint("oops", file=sys.stderr)\nsys.exit(1)',
      }),
    ).toMatchObject({ success: false, stderr: 'oops\n', exit_code: 1, result: null });
  });

  it('refuses bad parameters with a non-retryable ToolError', async () => {
    await expect(call('code', 'run', { language: 'ruby', code: 'puts 1' })).rejects.toMatchObject({
      type: 'ToolError',
      nonRetryable: true,
    });
    await expect(call('terminal', 'execute', { command: 'true', timeout: -1 })).rejects.toMatchObject({
      type: 'ToolError',
    });
    await expect(call('terminal', 'execute', { command: 'true', env: { 'BAD NAME': 'x' } })).rejects.toMatchObject({
      type: 'ToolError',
    });
  });
});
