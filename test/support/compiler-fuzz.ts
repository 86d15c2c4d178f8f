// The compiler fuzzer's loop over one seed file, shared by the test (test/lang/fuzz.test.ts, a
// couple of thousand cases on every run) and the bench (`npm run bench -- fuzz`, ten thousand):
// seeded mutations of the file, each of which must compile to diagnostics — never a throw, a
// hang or a range outside the file.
import { compileProblems, type CheckOptions } from './fuzz-check.js';
import { caseSeed, mutateYaml } from './mutate-yaml.js';

export interface FailedCase {
  caseIndex: number;
  seed: number;
  mutations: string[];
  problems: string[];
  text: string;
}

export interface FileFuzzResult {
  compiled: number;
  failures: FailedCase[];
}

export function fuzzCompilerFile(
  file: string,
  original: string,
  options: { baseSeed: number; cases: number; maximumFailures: number; check: CheckOptions },
): FileFuzzResult {
  const failures: FailedCase[] = [];
  let compiled = 0;
  for (let caseIndex = 0; caseIndex < options.cases; caseIndex++) {
    const seed = caseSeed(options.baseSeed, file, caseIndex);
    const { text, mutations } = mutateYaml(original, seed);
    const problems = compileProblems(text, file, options.check);
    compiled++;
    if (problems.length > 0) failures.push({ caseIndex, seed, mutations, problems, text });
    if (failures.length >= options.maximumFailures) break;
  }
  return { compiled, failures };
}
