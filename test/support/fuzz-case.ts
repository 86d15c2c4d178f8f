// Rebuilds one case of test/lang/fuzz.test.ts, and shrinks it to a small reproducer.
//
//   npx tsx test/support/fuzz-case.ts FILE CASE_SEED            the mutated text on stdout
//   npx tsx test/support/fuzz-case.ts FILE CASE_SEED --shrink   the fewest lines that still fail
//   npx tsx test/support/fuzz-case.ts FILE --shrink             shrink FILE as it is
//
// The mutation list and the compile's problems go to stderr, so stdout can be redirected
// into test/fuzz-findings/NAME.yaml.
import { readFileSync } from 'node:fs';
import { compileProblems, type CheckOptions } from './fuzz-check.js';
import { loadFuzzFiles, memoryResolver } from './fuzz-files.js';
import { mutateYaml } from './mutate-yaml.js';

/** The first problem's first line without its numbers: shrinking keeps the bug, not the position. */
function failureSignature(text: string, file: string, options: CheckOptions): string | undefined {
  const [first] = compileProblems(text, file, options);
  return first?.split('\n')[0]?.replace(/\d+/g, '#');
}

/** Delta debugging over lines: drop chunks, halving their size, while the failure stays. */
export function shrinkLines(text: string, fails: (candidate: string) => boolean): string {
  let lines = text.split('\n');
  for (let chunk = Math.max(1, Math.floor(lines.length / 2)); chunk >= 1; chunk = Math.floor(chunk / 2)) {
    for (let start = 0; start < lines.length;) {
      const candidate = [...lines.slice(0, start), ...lines.slice(start + chunk)];
      if (candidate.length > 0 && fails(candidate.join('\n'))) lines = candidate;
      else start += chunk;
    }
  }
  return lines.join('\n');
}

async function main(argv: string[]): Promise<void> {
  const [file, seedText] = argv.filter((argument) => !argument.startsWith('--'));
  if (!file) {
    process.stderr.write('usage: fuzz-case.ts FILE [CASE_SEED] [--shrink]\n');
    process.exitCode = 2;
    return;
  }
  const { texts } = await loadFuzzFiles();
  const options: CheckOptions = { resolveFile: memoryResolver(texts), texts };
  const original = texts.get(file) ?? readFileSync(file, 'utf8');
  const { text, mutations } =
    seedText === undefined ? { text: original, mutations: [] } : mutateYaml(original, Number(seedText));
  for (const mutation of mutations) process.stderr.write(`mutation: ${mutation}\n`);
  const signature = failureSignature(text, file, options);
  process.stderr.write(signature ? `fails: ${signature}\n` : 'compiles without a problem\n');
  const shrunk =
    signature && argv.includes('--shrink')
      ? shrinkLines(text, (candidate) => failureSignature(candidate, file, options) === signature)
      : text;
  process.stdout.write(shrunk);
}

await main(process.argv.slice(2));
