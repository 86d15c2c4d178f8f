// Golden files: each test/golden/*.yaml compiles to exactly the diagnostics in its .out file
// (as `orc validate` prints them, without colour); valid files to exactly their .ir.json.
// UPDATE_GOLDEN=1 rewrites the expectations — review the diff before committing.
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPipeline } from '../../client/load-pipeline.js';
import { diagnosticsJson, renderDiagnostics } from '../../client/render-diagnostics.js';
import { compilePipeline } from '../../workflows/lang/compile/index.js';
import { DIAGNOSTIC_CODES } from '../../workflows/lang/diagnostics.js';
import { repoRoot } from '../support/temporal.js';

const folder = join(repoRoot, 'test/golden');
const update = process.env.UPDATE_GOLDEN === '1';

async function yamlFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory()
        ? yamlFiles(join(directory, entry.name))
        : Promise.resolve(entry.name.endsWith('.yaml') ? [join(directory, entry.name)] : []),
    ),
  );
  return nested.flat().sort();
}

async function expectGolden(path: string, actual: string): Promise<void> {
  if (update || !existsSync(path)) await writeFile(path, actual);
  expect(actual).toBe(await readFile(path, 'utf8'));
}

const files = await yamlFiles(folder);

describe('golden diagnostics', () => {
  it.each(files.map((file) => relative(repoRoot, file)))('%s', async (file) => {
    const result = await loadPipeline(file);
    const rendered = renderDiagnostics(result.diagnostics, result.sources, false);
    await expectGolden(join(repoRoot, file.replace(/\.yaml$/, '.out')), rendered ? `${rendered}\n` : '');
    if (file.includes('/valid/')) {
      expect(result.diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
      await expectGolden(
        join(repoRoot, file.replace(/\.yaml$/, '.ir.json')),
        `${JSON.stringify(result.ir, null, 2)}\n`,
      );
    } else {
      expect(result.diagnostics.length).toBeGreaterThan(0);
    }
  });

  it('has a golden case for every diagnostic code', async () => {
    const outputs = await Promise.all(
      files.map((file) => readFile(file.replace(/\.yaml$/, '.out'), 'utf8').catch(() => '')),
    );
    const seen = new Set(
      outputs
        .join('\n')
        .match(/\[(E|W)_[A-Z_]+\]/g)
        ?.map((match) => match.slice(1, -1)),
    );
    expect(Object.keys(DIAGNOSTIC_CODES).filter((code) => !seen.has(code))).toEqual([]);
  });

  it('documents every diagnostic code in docs/diagnostics.md', async () => {
    const documentation = await readFile(join(repoRoot, 'docs/diagnostics.md'), 'utf8');
    expect(Object.keys(DIAGNOSTIC_CODES).filter((code) => !documentation.includes(`| \`${code}\` |`))).toEqual([]);
  });

  it('is stable: compiling twice gives the same diagnostics in the same order', async () => {
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      expect(diagnosticsJson(compilePipeline(text, { file }).diagnostics)).toEqual(
        diagnosticsJson(compilePipeline(text, { file }).diagnostics),
      );
      expect(diagnosticsJson((await loadPipeline(file)).diagnostics)).toEqual(
        diagnosticsJson((await loadPipeline(file)).diagnostics),
      );
    }
  });
});
