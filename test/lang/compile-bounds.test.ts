// Large generated files: long dependency chains and cycles are diagnostics (not a RangeError
// from a recursive walk), and every compile bound ends in E_TOO_LARGE, quickly, instead of an
// exhausted process. Timings are measured in docs/performance.md, never asserted here.
import { mkdtemp, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPipeline } from '../../client/load-pipeline.js';
import { compilePipeline, type ResolveFile } from '../../workflows/lang/compile/index.js';
import { COMPILE_LIMITS } from '../../workflows/lang/compile/limits.js';
import type { Diagnostic } from '../../workflows/lang/diagnostics.js';

function writeStep(id: string, dependsOn?: string): string {
  return `  - id: ${id}\n    tool: filesystem\n    action: write\n${dependsOn ? `    depends_on: [${dependsOn}]\n` : ''}    parameters: {path: "${id}.txt", content: x}\n`;
}

/** `count` steps; step i waits for `dependencyOf(i)` (a step index) when it gives one. */
function generated(count: number, dependencyOf: (index: number) => number | undefined): string {
  let text = 'id: generated\nsteps:\n';
  for (let index = 0; index < count; index++) {
    const dependency = dependencyOf(index);
    text += writeStep(`s${index}`, dependency === undefined ? undefined : `s${dependency}`);
  }
  return text;
}

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((diagnostic) => diagnostic.code);

describe('long dependency chains and cycles', () => {
  it('compiles a 5,000-step chain written last-first (each step waits for the next one down)', () => {
    const result = compilePipeline(
      generated(5_000, (index) => (index < 4_999 ? index + 1 : undefined)),
      { file: 'chain.yaml' },
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.ir?.steps).toHaveLength(5_000);
    expect(result.ir?.steps[0]?.depends_on).toEqual(['s1']);
  });

  it('reports a 5,000-step cycle once, at its first step, with a shortened cycle', () => {
    const result = compilePipeline(
      generated(5_000, (index) => (index + 1) % 5_000),
      { file: 'cycle.yaml' },
    );
    expect(codes(result.diagnostics)).toEqual(['E_DEPENDENCY_CYCLE']);
    const [cycle] = result.diagnostics;
    expect(cycle?.range.line).toBe(3);
    expect(cycle?.message).toBe(
      'steps wait for each other in a cycle: s0 → s1 → s2 → s3 → s4 → s5 → … 4,989 more … → s4995 → s4996 → s4997 → s4998 → s4999 → s0 (each waits for the next)',
    );
  });

  it('gives "did you mean" for the first unknown names only, and still reports all of them', () => {
    const text = `id: unknown\nsteps:\n${Array.from({ length: 300 }, (_, index) => writeStep(`step${index}`, `stepp${index}`)).join('')}`;
    const result = compilePipeline(text, { file: 'unknown.yaml' });
    expect(result.diagnostics.filter((diagnostic) => diagnostic.code === 'E_UNKNOWN_STEP')).toHaveLength(300);
    expect(result.diagnostics.filter((diagnostic) => diagnostic.hint?.startsWith('did you mean')).length).toBe(100);
  });
});

describe('compile bounds (E_TOO_LARGE)', () => {
  it(`refuses more than ${COMPILE_LIMITS.steps} steps`, () => {
    const result = compilePipeline(
      generated(COMPILE_LIMITS.steps + 1, () => undefined),
      { file: 'many.yaml' },
    );
    expect(codes(result.diagnostics)).toEqual(['E_TOO_LARGE']);
    expect(result.diagnostics[0]?.message).toBe(
      'the pipeline is too large to compile: more than 10,000 steps (loop bodies, handlers and sub-pipelines included)',
    );
    // Four lines per step: the step past the bound is the one reported.
    expect(result.diagnostics[0]?.range.line).toBe(3 + COMPILE_LIMITS.steps * 4);
  });

  it('refuses a file longer than the text budget before parsing it', () => {
    const text = `id: long\n# ${'x'.repeat(COMPILE_LIMITS.sourceCharacters)}\nsteps: []\n`;
    const result = compilePipeline(text, { file: 'long.yaml' });
    expect(codes(result.diagnostics)).toEqual(['E_TOO_LARGE']);
    expect(result.diagnostics[0]?.range).toMatchObject({ line: 1, column: 1 });
  });

  it('refuses a pipeline file too large for the text budget without reading it', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'orc-bounds-')), 'huge.yaml');
    await writeFile(file, '');
    // Sparse: the size is there, the bytes are not, so this costs no disk and no time.
    await truncate(file, 4 * COMPILE_LIMITS.sourceCharacters + 1);
    await expect(loadPipeline(file)).rejects.toThrow(
      /is too large to compile: 16777217 bytes, and a pipeline may hold at most 4194304 characters/,
    );
  });

  it('refuses aliases that expand past the YAML value budget, within yaml’s alias count', () => {
    const big = `[${Array.from({ length: 6_000 }, () => '1').join(', ')}]`;
    const aliases = Array.from({ length: 90 }, () => '*big').join(', ');
    const text = `id: wide\nbig: &big ${big}\nsteps:\n  - id: a\n    tool: filesystem\n    action: write\n    parameters: {path: a.txt, content: x, extra: [${aliases}]}\n`;
    const result = compilePipeline(text, { file: 'wide.yaml' });
    expect(codes(result.diagnostics)).toEqual(['E_TOO_LARGE']);
    expect(result.diagnostics[0]?.message).toContain('500,000 YAML values');
    expect(result.diagnostics[0]?.range.line).toBe(7);
  });

  it('reports nesting deeper than the YAML parser’s stack as E_TOO_LARGE, not as a syntax error', () => {
    const text = `id: deep\nsteps:\n  - id: a\n    tool: filesystem\n    action: write\n    parameters: {path: a.txt, content: x, extra: ${'['.repeat(5_000)}${']'.repeat(5_000)}}\n`;
    const result = compilePipeline(text, { file: 'deep.yaml' });
    expect(new Set(codes(result.diagnostics))).toEqual(new Set(['E_TOO_LARGE']));
  });

  it('counts a sub-pipeline each time it is used: many uses of a large one pass the text budget', () => {
    const child = `id: child\n# ${'x'.repeat(1_000_000)}\nsteps:\n${writeStep('only')}`;
    const uses = Array.from({ length: 5 }, (_, index) => `  - id: use${index}\n    pipeline: child.yaml\n`).join('');
    const resolveFile: ResolveFile = (_from, path) =>
      path === 'child.yaml' ? { file: path, text: child } : { error: 'no such file' };
    const result = compilePipeline(`id: parent\nsteps:\n${uses}`, { file: 'parent.yaml', resolveFile });
    expect(codes(result.diagnostics)).toEqual(['E_SUB_PIPELINE']);
    expect(result.diagnostics[0]?.message).toContain('too large to compile: more than 4,194,304 characters');
    // The fifth use (lines 11-12) passes the budget: four copies of the child fit.
    expect(result.diagnostics[0]?.range.line).toBe(12);
  });

  it('counts an include each time it is included: a few includes of a large file pass the text budget', () => {
    const large = 'x'.repeat(1_000_000);
    const resolveFile: ResolveFile = (_from, path) =>
      path === 'large.txt' ? { file: path, text: large } : { error: 'no such file' };
    const uses = Array.from(
      { length: 5 },
      (_, index) =>
        `  - {id: s${index}, tool: filesystem, action: write, parameters: {path: a.txt, content: "<< large.txt >>"}}\n`,
    ).join('');
    const result = compilePipeline(`id: parent\nsteps:\n${uses}`, { file: 'parent.yaml', resolveFile });
    expect(codes(result.diagnostics)).toEqual(['E_TOO_LARGE']);
    expect(result.diagnostics[0]?.message).toContain('4,194,304 characters');
    // The fifth include (line 7) passes the budget: four copies fit beside the file itself.
    expect(result.diagnostics[0]?.range.line).toBe(7);
  });

  it(`stops a bomb of empty includes after ${COMPILE_LIMITS.includes} inclusions, reading no more`, () => {
    let reads = 0;
    const resolveFile: ResolveFile = (_from, path) => {
      reads++;
      const level = Number(/^l(\d)\.txt$/.exec(path)?.[1]);
      return { file: path, text: level === 0 ? '' : `<< l${level - 1}.txt >>`.repeat(10) };
    };
    const result = compilePipeline(
      'id: bomb\nsteps:\n  - {id: s, tool: filesystem, action: write, parameters: {path: a.txt, content: "<< l6.txt >>"}}\n',
      { file: 'bomb.yaml', resolveFile },
    );
    expect(codes(result.diagnostics)).toEqual(['E_TOO_LARGE']);
    expect(result.diagnostics[0]?.message).toBe(
      'the pipeline is too large to compile: more than 1,000 includes (each time a file is included counts, nested includes too)',
    );
    expect(reads).toBe(COMPILE_LIMITS.includes);
  });
});
