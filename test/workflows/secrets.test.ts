// Secrets on the real server: `{{ secrets.NAME }}` reaches the tool as its value, but the value
// never enters event history or the result (redacted); a secret the worker lacks fails the step
// with SecretMissing; ORC_SECRETS_FILE is read and checked at start-up.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { describe, expect, it } from 'vitest';
import { secretStore } from '../../activities/index.js';
import { ConfigError, workerConfigFromEnv } from '../../workers/index.js';
import { documentOf, startPipeline } from '../support/run-document.js';
import { withWorker } from '../support/temporal.js';
import { compileTest, newRecorder, testTool } from '../support/test-tools.js';

const SECRET = 'sk-live-4f9a2c7e1b';

describe('secrets', () => {
  it('reach the tool as values, and never enter history or results', async () => {
    const seen: unknown[] = [];
    const tools = {
      test: {
        ...testTool(newRecorder()),
        echo: async (parameters: Record<string, unknown>) => (seen.push(parameters.value), parameters.value),
      },
    };
    const ir = compileTest(`
steps:
  - {id: call, tool: test, action: echo, parameters: {value: {header: "Bearer {{ secrets.API_TOKEN }}", user: "{{ secrets['API_USER'] }}"}}}
  - {id: after, tool: test, action: echo, parameters: {value: "got {{ call.result.header }}"}}
`);
    await withWorker(
      async (engine) => {
        const handle = await startPipeline(engine, ir);
        const document = await documentOf(handle);
        expect(document.status).toBe('completed');
        expect(seen[0]).toEqual({ header: `Bearer ${SECRET}`, user: 'ada' });
        expect(document.steps.call?.result).toEqual({ header: 'Bearer [secret API_TOKEN]', user: 'ada' });
        expect(seen[1]).toBe('got Bearer [secret API_TOKEN]');
        // Payloads are base64 in the history's JSON: decode every one before looking.
        const history = [...historyToJSON(await handle.fetchHistory()).matchAll(/"data":\s*"([^"]*)"/g)]
          .map((match) => Buffer.from(match[1]!, 'base64').toString('utf8'))
          .join('\n');
        expect(history).toContain('Bearer [secret API_TOKEN]');
        expect(history).not.toContain(SECRET);
        // The tokens carry the run's nonce (lang/secrets.ts).
        expect(history).toMatch(/@@orc-secret:[0-9a-f]{32}:API_TOKEN@@/);
      },
      { tools, secrets: secretStore({ API_TOKEN: SECRET }, { API_USER: 'ada' }) },
    );
  });

  it('an IR compiled before steps recorded their secret names still gets them (from its templates)', async () => {
    const seen: unknown[] = [];
    const tools = {
      test: {
        ...testTool(newRecorder()),
        echo: async (parameters: Record<string, unknown>) => (seen.push(parameters.value), parameters.value),
      },
    };
    const ir = compileTest(`
steps:
  - {id: call, tool: test, action: echo, parameters: {value: "key {{ secrets.API_TOKEN }} (see secrets.yaml)"}}
`);
    const step = ir.steps[0] as { secrets?: string[] };
    expect(step.secrets).toEqual(['API_TOKEN']);
    delete step.secrets;
    await withWorker(
      async (engine) => {
        const document = await documentOf(await startPipeline(engine, ir));
        expect(seen).toEqual([`key ${SECRET} (see secrets.yaml)`]);
        expect(document.steps.call?.result).toBe('key [secret API_TOKEN] (see secrets.yaml)');
      },
      { tools, secrets: secretStore({ API_TOKEN: SECRET }, {}) },
    );
  });

  it('a secret the worker lacks fails the step with SecretMissing, once, naming it', async () => {
    const ir = compileTest(`
steps:
  - {id: call, tool: test, action: echo, parameters: {value: "{{ secrets.NOT_SET }}"}}
`);
    await withWorker(
      async (engine) => {
        const document = await documentOf(await startPipeline(engine, ir));
        expect(document.steps.call).toMatchObject({ status: 'failed', error: { type: 'SecretMissing' } });
        expect(document.steps.call?.error?.message).toContain('"NOT_SET"');
        expect(document.steps.call?.error?.message).toContain('ORC_SECRETS_FILE');
      },
      { tools: { test: testTool(newRecorder()) }, secrets: secretStore({}, {}) },
    );
  });

  it('ORC_SECRETS_FILE is read at start-up; a bad one stops the worker with the file named', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'orc-secrets-'));
    const good = join(folder, 'secrets.yaml');
    await writeFile(good, 'API_TOKEN: from-file\nPORT: 8080\n');
    const config = workerConfigFromEnv({ ORC_SECRETS_FILE: good, API_TOKEN: 'from-env', OTHER: 'env-only' });
    expect([
      config.secrets.get('API_TOKEN'),
      config.secrets.get('PORT'),
      config.secrets.get('OTHER'),
      config.secrets.get('NONE'),
    ]).toEqual(['from-file', '8080', 'env-only', undefined]);
    const bad = join(folder, 'bad.yaml');
    await writeFile(bad, '- a list\n');
    expect(() => workerConfigFromEnv({ ORC_SECRETS_FILE: bad })).toThrow(ConfigError);
    expect(() => workerConfigFromEnv({ ORC_SECRETS_FILE: join(folder, 'missing.yaml') })).toThrow(
      /missing\.yaml could not be read/,
    );
  });
});
