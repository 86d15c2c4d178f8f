// Template fuzzing (issue 18): generated templates over every operator, filter, test, method
// and global, with operands from the ordinary to the extreme, must each end in time with their
// value or a TemplateError — never another exception, never a spin. A few hundred cases here on
// every run; `npm run bench -- fuzz` runs ten thousand. TEMPLATE_FUZZ_SEED picks another run,
// TEMPLATE_FUZZ_CASES its size. test/fuzz-findings/templates.json keeps what was found, each
// case with the outcome it must have now.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { fuzzScope } from '../../support/template-fuzz/generate-template.js';
import { describeFailure, fuzzTemplates, FUZZ_WALL_LIMIT_MS } from '../../support/template-fuzz/fuzz-templates.js';
import { renderBounded } from '../../support/template-fuzz/render-bounded.js';

const baseSeed = Number(process.env.TEMPLATE_FUZZ_SEED ?? 20_261_207);
const cases = Number(process.env.TEMPLATE_FUZZ_CASES ?? 600);

interface Finding {
  template: string;
  was: string;
  kind: string;
  text?: string;
  message?: string;
}

const findingsFile = new URL('../../fuzz-findings/templates.json', import.meta.url);
const { findings } = JSON.parse(readFileSync(findingsFile, 'utf8')) as { findings: Finding[] };
let summary = '';

afterAll(() => console.log(summary));

describe(`template fuzzing (TEMPLATE_FUZZ_SEED=${baseSeed}, ${cases} cases)`, () => {
  it.each(findings.map((finding) => [finding.template, finding] as const))('finding %s', (_template, finding) => {
    const outcome = renderBounded(finding.template, fuzzScope(), FUZZ_WALL_LIMIT_MS);
    expect(outcome.kind, `${finding.template} (was: ${finding.was}): ${outcome.text}`).toBe(finding.kind);
    if (finding.text !== undefined) expect(outcome.text).toBe(finding.text);
    if (finding.message !== undefined) expect(outcome.text).toContain(finding.message);
  });

  it('every generated template ends in time with its value or a TemplateError', () => {
    const report = fuzzTemplates(baseSeed, cases);
    summary = `template fuzz: ${report.cases} cases in ${Math.round(report.cpuMs)} ms of CPU; outcomes ${JSON.stringify(report.outcomes)}`;
    expect(report.cases).toBe(cases);
    expect(report.failures.map(describeFailure)).toEqual([]);
    // The generator must reach the evaluator, not stop at the parser: most cases parse.
    expect(report.outcomes['syntax'] ?? 0).toBeLessThan(cases / 10);
    expect(report.outcomes['rendered'] ?? 0).toBeGreaterThan(cases / 10);
  });
});
