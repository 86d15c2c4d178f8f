// `-o yaml` prints the same document as `--json` (and `-o json`), for every kind of document:
// a run's result and status, the run list, approvals, diagnostics, the models, a replay report.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { documentOf } from '../support/run-document.js';
import { cliEnvironment, withCliWorker } from '../support/cli-runs.js';
import { runCli } from '../support/run-cli.js';

const DONE = `
id: cli-output
steps:
  - {id: first, tool: test, action: echo, parameters: {value: one}}
  - {id: second, tool: test, action: echo, depends_on: [first], parameters: {value: "{{ first.result }} two"}}
outputs:
  said: "{{ second.result }}"
`;

/** `args` with --json, -o json and -o yaml: one document, the same exit code. */
async function sameDocument(args: string[], env: Record<string, string>): Promise<unknown> {
  const [json, oJson, yaml] = await Promise.all([
    runCli([...args, '--json'], env),
    runCli([...args, '-o', 'json'], env),
    runCli([...args, '-o', 'yaml'], env),
  ]);
  expect(json.stdout.trim(), `${args.join(' ')}: ${json.stderr}`).not.toBe('');
  const document = JSON.parse(json.stdout) as unknown;
  expect(JSON.parse(oJson.stdout)).toEqual(document);
  expect(yaml.stdout.trimStart().startsWith('{'), 'YAML, not JSON').toBe(false);
  expect(parse(yaml.stdout)).toEqual(document);
  expect([oJson.code, yaml.code]).toEqual([json.code, json.code]);
  return document;
}

describe('-o json|yaml', () => {
  it('gives the same document as --json for runs, lists and diagnostics', async () => {
    const env = await cliEnvironment();
    const workflowId = await withCliWorker(async (engine) => {
      const handle = await engine.start(DONE);
      expect((await documentOf(handle)).status).toBe('completed');
      return handle.workflowId;
    });
    const result = (await sameDocument(['result', workflowId], env)) as { outputs: Record<string, unknown> };
    expect(result.outputs.said).toBe('one two');
    expect(await sameDocument(['status', workflowId], env)).toMatchObject({ status: 'completed' });
    expect(await sameDocument(['list', '--pipeline', 'cli-output'], env)).toEqual(expect.any(Array));
    expect(await sameDocument(['approvals', workflowId], env)).toEqual([]);
    expect(await sameDocument(['replay', workflowId], env)).toMatchObject({ deterministic: true });
    expect(await sameDocument(['validate', 'test/golden/unknown-tool.yaml'], env)).toMatchObject([
      { code: 'E_UNKNOWN_TOOL' },
    ]);
    expect(await sameDocument(['models'], env)).toMatchObject({ models: expect.any(Array) as unknown });

    const both = await runCli(['status', workflowId, '--json', '-o', 'yaml'], env);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--json and -o yaml ask for two formats');
  }, 300_000);
});
