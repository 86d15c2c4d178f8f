// `orc run` with its own worker against a model server that cannot be reached: the step view
// shows each failed attempt as one line, and the SDK's warnings and stack traces go to a log
// file under the data folder whose path is printed once — not into the terminal.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../temporal-dev/index.js';
import { cliEnvironment } from '../support/cli-runs.js';
import { runCli } from '../support/run-cli.js';

const STACK_FRAME = /^\s+at \S/m;

describe('orc run with an in-process worker, a model server that is down', () => {
  it('shows one line per failed attempt, and writes the detail to the log file it names', async () => {
    const env = await cliEnvironment();
    // Nothing listens on a port freePort() just found free: every connection is refused.
    const closedPort = await freePort();
    const file = join(env.ORC_WORKSPACE, 'unreachable.yaml');
    await writeFile(
      file,
      `id: unreachable
steps:
  - {id: draft, action: generate, model: openai:gpt-4o-mini, retry: {max_attempts: 3, initial_interval: 200ms}, parameters: {prompt: hi}}
`,
    );
    // ORC_LOG_FORMAT=text: the logs as a terminal gets them, stack traces on lines of their own.
    const run = await runCli(
      ['run', file, '--id', `unreachable-${Date.now()}`],
      {
        ...env,
        ORC_LOG_FORMAT: 'text',
        OPENAI_API_KEY: 'test-key',
        OPENAI_BASE_URL: `http://127.0.0.1:${closedPort}/v1`,
      },
      120_000,
    );
    const output = `${run.stdout}${run.stderr}`;
    expect(run.code).toBe(1);
    expect(output).not.toMatch(STACK_FRAME);
    const attempts = run.stderr.split('\n').filter((line) => /draft.*attempt \d+ failed/.test(line));
    expect(attempts).toHaveLength(3);
    for (const [index, line] of attempts.entries())
      expect(line).toMatch(new RegExp(`attempt ${index + 1} failed: ProviderUnavailable: `));
    const logPath = /its log: (\S+\.log)/.exec(run.stderr)?.[1];
    expect(logPath, run.stderr).toBeDefined();
    expect(run.stderr.split('\n').filter((line) => line.includes(logPath!))).toHaveLength(1);
    const log = await readFile(logPath!, 'utf8');
    expect(log).toMatch(STACK_FRAME);
    expect(log).toContain('ProviderUnavailable');
    expect(logPath!.startsWith(join(env.ORC_DATA_DIR, 'logs', 'run-unreachable-'))).toBe(true);
    // The notes, four step lines, the result: before, the SDK's warnings made it 130 lines.
    expect(output.split('\n').length).toBeLessThan(20);
  }, 180_000);
});
