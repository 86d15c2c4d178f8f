// `orc models`: the registry with the credentials this machine has.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const noKeys = {
  OPENAI_API_KEY: undefined,
  ANTHROPIC_API_KEY: undefined,
  GEMINI_API_KEY: undefined,
  GOOGLE_API_KEY: undefined,
  OLLAMA_HOST: undefined,
};

describe('orc models', () => {
  it('lists models with prices and whether their provider has credentials here', async () => {
    const result = await runCli(['models', '--json'], { ...noKeys, OPENAI_API_KEY: 'sk-test' });
    expect(result.code, result.stderr).toBe(0);
    const { prices_read: pricesRead, models } = JSON.parse(result.stdout) as {
      prices_read: string;
      models: { model: string; credentials: boolean; input_per_mtok: number }[];
    };
    expect(pricesRead).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(models.find((row) => row.model === 'openai:gpt-4o-mini')).toMatchObject({
      credentials: true,
      input_per_mtok: 0.15,
    });
    expect(models.find((row) => row.model === 'anthropic:claude-sonnet-4-5')?.credentials).toBe(false);
  });

  it('says which file and field is wrong in ORC_MODELS_FILE, exit 2', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'orc-models-cli-'));
    await writeFile(
      join(folder, 'models.yaml'),
      'models: [{provider: nowhere, name: x, context: 1, input_per_mtok: 0, output_per_mtok: 0}]\n',
    );
    const result = await runCli(['models'], { ...noKeys, ORC_MODELS_FILE: join(folder, 'models.yaml') });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('names provider "nowhere"');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
