// The compile benchmark's input must stay a valid pipeline: a figure measured on a file full of
// diagnostics would time the error path. Not timed here; `npm run bench` does that.
import { describe, expect, it } from 'vitest';
import { compilePipeline } from '../../workflows/lang/compile/index.js';
import { generatePipeline } from './generate-pipeline.js';

describe('the compile benchmark generator', () => {
  it('writes a 2,000-step pipeline that compiles without diagnostics', () => {
    const text = generatePipeline({ steps: 2_000 });
    const { ir, diagnostics } = compilePipeline(text, { file: 'bench/generated-2000.yaml' });
    expect(diagnostics).toEqual([]);
    expect(ir?.steps).toHaveLength(2_000);
  });

  it('chains steps through templates and explicit depends_on', () => {
    const { ir } = compilePipeline(generatePipeline({ steps: 40 }), { file: 'bench/generated-40.yaml' });
    const byId = new Map(ir?.steps.map((step) => [step.id, step]));
    expect(byId.get('s1')?.depends_on).toEqual(['s0']);
    expect(new Set(byId.get('s4')?.depends_on)).toEqual(new Set(['s3', 's2']));
    expect(new Set(byId.get('s20')?.depends_on)).toEqual(new Set(['s13', 's11', 's19', 's18']));
  });
});
