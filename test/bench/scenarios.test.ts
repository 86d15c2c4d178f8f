// The benchmark scenarios load as run.ts expects, and the pipelines they run compile. Nothing
// here starts a server or a worker: `npm run bench` does the timing.
import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { compileBenchPipeline } from './bench-tool.js';
import { isBenchScenario } from './scenario.js';
import { COMPARISONS } from './scenarios/pyorc.js';
import { sequentialPipeline } from './scenarios/seq.js';

const scenariosFolder = new URL('./scenarios/', import.meta.url);

describe('the benchmark scenarios', () => {
  it('each export a name and run, with the names of testing.md', async () => {
    const files = (await readdir(scenariosFolder)).filter((file) => file.endsWith('.ts')).sort();
    const names = [];
    for (const file of files) {
      const module: unknown = await import(new URL(file, scenariosFolder).href);
      expect(isBenchScenario(module), file).toBe(true);
      names.push((module as { name: string }).name);
    }
    expect(names.sort()).toEqual([
      'cli',
      'compile',
      'fanout',
      'fanout-local',
      'fuzz',
      'long-loop',
      'pyorc',
      'raw-local-seq',
      'raw-seq',
      'seq',
      'seq-activity',
      'worker-rss',
    ]);
  });

  it('chains the seq pipeline step after step, as local steps or regular activities', () => {
    const ir = compileBenchPipeline(sequentialPipeline(200), 'bench/seq.yaml');
    expect(ir.steps).toHaveLength(200);
    expect(ir.steps[199]?.depends_on).toEqual(['s198']);
    expect(ir.steps.every((step) => step.kind === 'tool' && step.execution === 'local')).toBe(true);
    const regular = compileBenchPipeline(sequentialPipeline(200, 'activity'), 'bench/seq.yaml');
    expect(regular.steps.every((step) => step.kind === 'tool' && step.execution === undefined)).toBe(true);
  });

  it('compiles the pyorc comparisons: 200 and 600 chained local writes, a for_each of 500', () => {
    const [seq200, seq600, fan500] = COMPARISONS.map((comparison) =>
      compileBenchPipeline(comparison.text, `bench/${comparison.name}.yaml`),
    );
    expect(seq200!.steps).toHaveLength(200);
    expect(seq600!.steps[599]?.depends_on).toEqual(['w598']);
    expect(seq600!.steps.every((step) => step.kind === 'tool' && step.execution === 'local')).toBe(true);
    expect(fan500!.steps[0]).toMatchObject({ kind: 'for_each', max_parallel: 10 });
    expect(fan500!.parameters.items?.default).toHaveLength(500);
  });
});
