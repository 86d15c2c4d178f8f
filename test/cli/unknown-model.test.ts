// A model the registry does not price, through the spawned `orc`: refused by `orc validate` with
// a "did you mean" (it used to run, report no cost and stay out of the run's total and budget);
// priced in ORC_MODELS_FILE, it validates, runs against a local Anthropic-protocol server, and
// its cost is counted in the step, the run's total and the budget.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultDocument } from '../../workflows/result-document.js';
import { startAnthropicServer } from '../providers/anthropic-server.js';
import type { FakeProviderServer } from '../providers/fake-server.js';
import { reply } from '../providers/plan.js';
import { cliEnvironment } from '../support/cli-runs.js';
import { runCli } from '../support/run-cli.js';

const PIPELINE = `id: haiku_notes
budget: {max_cost_usd: 30, on_exceed: fail}
steps:
  - id: first
    action: generate
    model: anthropic:claude-3-5-haiku-latest
    parameters: {prompt: "One line about otters", max_tokens: 5}
  - id: second
    action: generate
    model: anthropic:claude-3-5-haiku-latest
    depends_on: [first]
    parameters: {prompt: "One more", max_tokens: 5}
`;

// A dollar a token, so that the costs are plain to read: 10 in + 5 out = $15 for the first call.
const MODELS_FILE = `models:
  - {provider: anthropic, name: claude-3-5-haiku-latest, context: 200000, input_per_mtok: 1000000, output_per_mtok: 1000000}
`;

let server: FakeProviderServer;
let folder: string;
beforeAll(async () => {
  server = await startAnthropicServer();
  folder = await mkdtemp(join(tmpdir(), 'orc-unknown-model-'));
  await writeFile(join(folder, 'notes.yaml'), PIPELINE);
  await writeFile(join(folder, 'models.yaml'), MODELS_FILE);
});
afterAll(async () => {
  await server.close();
});

describe('a model the registry does not price', () => {
  it('is refused by orc validate, exit 2, with a "did you mean" from the registry', async () => {
    const result = await runCli(['validate', join(folder, 'notes.yaml')], { ORC_MODELS_FILE: undefined });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toContain(
      'error[E_UNKNOWN_MODEL]: model "anthropic:claude-3-5-haiku-latest" is not in the model registry',
    );
    expect(result.stdout).toContain('did you mean "anthropic:claude-haiku-4-5"?');
    const run = await runCli(['run', join(folder, 'notes.yaml')], {
      ...(await cliEnvironment()),
      ORC_MODELS_FILE: undefined,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('E_UNKNOWN_MODEL');
    expect(server.requests).toHaveLength(0);
  });

  it('priced in ORC_MODELS_FILE, validates, runs, and its cost counts in the total and the budget', async () => {
    const models = { ORC_MODELS_FILE: join(folder, 'models.yaml') };
    const validated = await runCli(['validate', join(folder, 'notes.yaml')], models);
    expect(validated.code, validated.stdout + validated.stderr).toBe(0);
    server.script(reply({ text: 'Otters hold hands.', usage: { input: 10, output: 5 } }));
    const environment = {
      ...(await cliEnvironment()),
      ...models,
      ANTHROPIC_API_KEY: 'test-key',
      ANTHROPIC_BASE_URL: server.url,
    };
    const result = await runCli(['run', join(folder, 'notes.yaml'), '--json'], environment, 120_000);
    const document = JSON.parse(result.stdout) as ResultDocument;
    expect(document.steps.first).toMatchObject({
      status: 'completed',
      result: 'Otters hold hands.',
      model: 'anthropic:claude-3-5-haiku-latest',
      cost_usd: 15,
    });
    expect(document.usage.cost_usd).toBe(15);
    // $15 of the budget are left; the second call's worst case (about $19) does not fit, so it is never made.
    expect(document.steps.second).toMatchObject({ status: 'failed', error: { type: 'BudgetExceeded' } });
    expect(server.requests).toHaveLength(1);
    expect(result.code).toBe(1);
  });
});
