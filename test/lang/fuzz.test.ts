// Bad-YAML fuzzing: seeded mutations of every pipeline we have (compat suite, examples,
// golden files), and the compiler must answer each with diagnostics — never a throw, a hang
// or a range outside the file. test/fuzz-findings/ holds shrunk reproducers of failures found
// this way; each is compiled as it is on every run, so once fixed it stays fixed.
//
// FUZZ_SEED picks another deterministic run, FUZZ_CASES the total number of mutated files.
// A failure prints the case's seed; `npx tsx test/support/fuzz-case.ts FILE SEED --shrink`
// rebuilds and shrinks it.
import { afterAll, describe, expect, it } from 'vitest';
import { compileProblems } from '../support/fuzz-check.js';
import { loadFuzzFiles, memoryResolver } from '../support/fuzz-files.js';
import { fuzzCompilerFile, type FailedCase } from '../support/compiler-fuzz.js';

const baseSeed = Number(process.env.FUZZ_SEED ?? 20_240_611);
const totalCases = Number(process.env.FUZZ_CASES ?? 2_100);
const REPORTED_FAILURES = 3;
/** Enough to see a pattern; stopping there keeps a systematic hang within the test timeout. */
const MAX_FAILURES_PER_FILE = 10;

const { seeds: seedFiles, findings: findingFiles, texts } = await loadFuzzFiles();
const checkOptions = { resolveFile: memoryResolver(texts), texts };
const casesPerFile = Math.ceil(totalCases / Math.max(1, seedFiles.length));
let mutatedCount = 0;
const startedAt = performance.now();

function numbered(text: string, count: number): string {
  const lines = text.split('\n');
  const shown = lines.slice(0, count).map((line, index) => {
    const visible = line.replace(
      /[\u0000-\u0008\u000b-\u001f\u007f\u0085\u2028\u2029\ufeff\ud800-\udfff]/g,
      (character) => `\\u{${character.charCodeAt(0).toString(16)}}`,
    );
    return `${String(index + 1).padStart(4)} | ${visible.length > 160 ? `${visible.slice(0, 160)}… (${visible.length} characters)` : visible}`;
  });
  return [...shown, ...(lines.length > count ? [`     … ${lines.length - count} more lines`] : [])].join('\n');
}

function report(file: string, failure: FailedCase): string {
  return [
    `FUZZ_SEED=${baseSeed} file=${file} case=${failure.caseIndex} case seed=${failure.seed}`,
    `reproduce: npx tsx test/support/fuzz-case.ts ${file} ${failure.seed} --shrink`,
    'mutations:',
    ...failure.mutations.map((mutation, index) => `  ${index + 1}. ${mutation}`),
    'problems:',
    ...failure.problems.slice(0, 5).map((problem) => `  - ${problem}`),
    'first 40 lines of the mutated text:',
    numbered(failure.text, 40),
  ].join('\n');
}

describe(`compiler fuzzing (FUZZ_SEED=${baseSeed}, ${casesPerFile} mutations of each of ${seedFiles.length} files)`, () => {
  afterAll(() => {
    console.log(
      `fuzz: ${mutatedCount} mutated files compiled in ${Math.round(performance.now() - startedAt)} ms (FUZZ_SEED=${baseSeed})`,
    );
  });

  it('has seed files from the compat suite, the examples and the golden files', () => {
    for (const folder of ['../shared/compat/orchestrator/', 'pipelines/', 'test/golden/']) {
      expect(
        seedFiles.some((file) => file.startsWith(folder)),
        folder,
      ).toBe(true);
    }
  });

  it.each(findingFiles)('reproducer %s compiles to diagnostics', (file) => {
    const text = texts.get(file)!;
    const problems = compileProblems(text, file, checkOptions);
    expect(problems, `${file}\n${problems.join('\n')}\n${numbered(text, 40)}`).toEqual([]);
  });

  it.each(seedFiles)('mutations of %s compile to diagnostics', (file) => {
    const result = fuzzCompilerFile(file, texts.get(file)!, {
      baseSeed,
      cases: casesPerFile,
      maximumFailures: MAX_FAILURES_PER_FILE,
      check: checkOptions,
    });
    mutatedCount += result.compiled;
    const { failures } = result;
    const shown = failures.slice(0, REPORTED_FAILURES).map((failure) => report(file, failure));
    const counted =
      failures.length >= MAX_FAILURES_PER_FILE ? `${failures.length} (stopped there)` : String(failures.length);
    expect(
      failures.length,
      `${counted} of ${casesPerFile} mutations of ${file} failed; the first ${shown.length}:\n\n${shown.join('\n\n')}`,
    ).toBe(0);
  });

  // Planned, not counted: a file whose cases stop at MAX_FAILURES_PER_FILE already fails above.
  it('mutates at least 2,000 files', () => {
    expect(casesPerFile * seedFiles.length).toBeGreaterThanOrEqual(Math.min(2_000, totalCases));
  });
});
