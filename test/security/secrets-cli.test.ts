// `orc run` as a user runs it, its own worker inside, the secret in the environment: a step
// whose failure message holds the secret URL-encoded fails twice; the terminal, the result
// document and the worker's log file all show `[secret NAME]`, never the value in any form.
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnvironment } from '../support/cli-runs.js';
import { runCli } from '../support/run-cli.js';

const PASSPHRASE = 'Zq8 "open"/sesame+ü&=<x>';

function forms(value: string): string[] {
  return [
    value,
    encodeURIComponent(value),
    encodeURI(value),
    new URL(`http://x/?${value}`).search.slice(1),
    JSON.stringify(value).slice(1, -1),
    Buffer.from(value).toString('base64').slice(0, -2),
    Buffer.from(value).toString('hex'),
  ];
}

describe('orc run: a secret in a failure never reaches the terminal, the document or the log', () => {
  it('shows [secret PASSPHRASE] where the value was', async () => {
    const server = createServer((request, response) => {
      response.statusCode = 500;
      response.end(`refused ${request.url}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const env = await cliEnvironment();
      const file = join(env.ORC_WORKSPACE, 'leaky.yaml');
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fail?key={{ secrets.PASSPHRASE }}`;
      await writeFile(
        file,
        `id: leaky\nsteps:\n  - {id: call, tool: http, action: fetch, retry: {max_attempts: 2, initial_interval: 200ms}, parameters: {url: "${url}"}}\n`,
      );
      const run = await runCli(
        ['run', file, '--json', '--id', `leaky-${Date.now()}`],
        { ...env, PASSPHRASE, ORC_WEB_ALLOW_PRIVATE: '1', ORC_LOG_FORMAT: 'json' },
        120_000,
      );
      expect(run.code, run.stderr).toBe(1);
      const document = JSON.parse(run.stdout) as { steps: Record<string, { error?: { message: string } }> };
      expect(document.steps.call?.error?.message).toContain('[secret PASSPHRASE]');
      const logPath = /its log: (\S+\.log)/.exec(run.stderr)?.[1];
      expect(logPath, run.stderr).toBeDefined();
      const log = await readFile(logPath!, 'utf8');
      expect(log).toContain('[secret PASSPHRASE]');
      for (const text of [run.stdout, run.stderr, log])
        expect(forms(PASSPHRASE).filter((form) => text.includes(form))).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }, 180_000);
});
