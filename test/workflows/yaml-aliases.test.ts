// YAML aliases on a real server: an alias is the value it names all the way to the files a run
// writes (it once compiled to {"source": "body"}), and an alias as a parameter default works.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPipelineDocument } from '../support/run-document.js';
import { compileFile, repoRoot, withWorker } from '../support/temporal.js';

describe('YAML aliases', () => {
  it('runs test/golden/valid/aliases.yaml: aliased content, aliased defaults and an aliased output arrive intact', async () => {
    const ir = await compileFile(join(repoRoot, 'test/golden/valid/aliases.yaml'));
    await withWorker(async (engine) => {
      const document = await runPipelineDocument(engine, ir);
      expect(document.success).toBe(true);
      expect(document.inputs).toEqual({
        greeting: 'Hello, aliases',
        farewell: 'Hello, aliases',
        attempts: 3,
        retries: 3,
      });
      const body = 'Line one says Hello, aliases\nLine two\n';
      expect(await readFile(join(engine.workspaceRoot, 'notes/first.txt'), 'utf8')).toBe(body);
      expect(await readFile(join(engine.workspaceRoot, 'notes/second.txt'), 'utf8')).toBe(body);
      expect(document.outputs).toEqual({ first: 'notes/first.txt', body, retries: 3 });
    });
  });

  it('runs test/golden/valid/merge-keys.yaml: merge keys fill the steps and parameters, own keys win (issue 16)', async () => {
    const ir = await compileFile(join(repoRoot, 'test/golden/valid/merge-keys.yaml'));
    await withWorker(async (engine) => {
      const document = await runPipelineDocument(engine, ir);
      expect(document.success).toBe(true);
      for (const file of ['first.txt', 'second.txt', 'third.txt'])
        expect(await readFile(join(engine.workspaceRoot, file), 'utf8')).toBe('from the base');
    });
  });
});
