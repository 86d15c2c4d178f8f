// The fast reader (workflows/lang/compile/fast-yaml.ts) against the `yaml` package: wherever it
// takes a text, its tree must be the package's — node kinds, values, scalar types and sources,
// flow flags and every range — on every YAML file of the repository, the compile benchmark's
// pipeline and generated variants of the shapes it knows and of those it must refuse.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readSimpleYaml } from '../../workflows/lang/compile/fast-yaml.js';
import { compilePipeline } from '../../workflows/lang/compile/index.js';
import { generatePipeline } from '../bench/generate-pipeline.js';
import { repoRoot } from '../support/temporal.js';

/** The parts of a tree the compiler reads, as plain data. */
function shape(node: unknown): unknown {
  if (isScalar(node))
    return { scalar: node.value, kind: typeof node.value, type: node.type, source: node.source, range: node.range };
  if (isMap(node))
    return {
      map: node.items.map((pair) => [shape(pair.key), shape(pair.value)]),
      flow: !!node.flow,
      range: node.range,
    };
  if (isSeq(node)) return { seq: node.items.map(shape), flow: !!node.flow, range: node.range };
  if (isPair(node)) throw new Error('a pair outside a mapping');
  return { other: String(node) };
}

function yamlPackageTree(text: string): unknown {
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: false, strict: false });
  expect(document.errors).toEqual([]);
  return shape(document.contents);
}

/** True when the fast reader took the text (and then its tree is the yaml package's). */
function agrees(text: string): boolean {
  const fast = readSimpleYaml(text);
  if (!fast) return false;
  expect(fast.errors).toEqual([]);
  expect(shape(fast.contents), text).toEqual(yamlPackageTree(text));
  return true;
}

async function repositoryYaml(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries) {
    if (['node_modules', '.git', 'dist', 'coverage', 'workspace', 'output'].includes(entry.name)) continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) found.push(...(await repositoryYaml(path)));
    else if (/\.ya?ml$/.test(entry.name)) found.push(path);
  }
  return found.sort();
}

/** A small deterministic generator (mulberry32), so every run checks the same variants. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const SCALARS = [
  'word',
  'two words',
  '"quoted {{ x }}"',
  '"with \\"escape\\""',
  "'single'",
  '12',
  '-3',
  '0',
  '007',
  '1.5',
  'true',
  'False',
  'null',
  '~',
  '',
  '[a, b]',
  '[ a ,b ]',
  '[]',
  '[ ]',
  '[a,]',
  '{a: 1}',
  'a: b',
  'x # note',
  '#x',
  '-x',
  '- x',
  '&anchor v',
  '*alias',
  '!tag v',
  '|',
  '>',
  '"open',
  'https://example.com/a?b=c',
  'a:b',
  '{{ x }}',
  'yes',
];

function variant(next: () => number): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const lines: string[] = [];
  const body = (indent: string, depth: number) => {
    const count = 1 + Math.floor(next() * 3);
    const asList = depth > 0 && next() < 0.4;
    for (let index = 0; index < count; index++) {
      if (next() < 0.15) lines.push(pick(['', '   ', `${indent}# comment`]));
      const lead = asList ? `${indent}- ` : indent;
      const inner = asList ? `${indent}  ` : indent;
      if (asList && next() < 0.5) lines.push(`${lead}${pick(SCALARS)}`.trimEnd());
      else if (depth < 3 && next() < 0.35) {
        lines.push(`${lead}k${index}:${pick(['', ' # c'])}`);
        body(`${inner}${pick(['  ', '  ', ' ', '    '])}`, depth + 1);
      } else lines.push(`${lead}k${index}:${pick([' ', ' ', '   '])}${pick(SCALARS)}`.trimEnd());
    }
  };
  if (next() < 0.3) lines.push('# header');
  body('', 0);
  return lines.join('\n') + pick(['\n', '', '\n\n']);
}

describe('the fast YAML reader', () => {
  it('builds the yaml package tree for every YAML file of the repository it takes', async () => {
    let taken = 0;
    const files = await repositoryYaml(repoRoot);
    for (const file of files) if (agrees(await readFile(file, 'utf8'))) taken++;
    expect(files.length).toBeGreaterThan(40);
    expect(taken).toBeGreaterThan(0);
  });

  it("takes the compile benchmark's pipeline and builds the same tree", () => {
    expect(agrees(generatePipeline({ steps: 300 }))).toBe(true);
  });

  it('agrees with the yaml package on generated variants, or leaves them to it', () => {
    const next = random(14);
    let taken = 0;
    for (let round = 0; round < 3000; round++) {
      const text = variant(next);
      const document = parseDocument(text, { prettyErrors: false, uniqueKeys: false, strict: false });
      if (document.errors.length > 0) expect(readSimpleYaml(text)).toBeUndefined();
      else if (agrees(text)) taken++;
    }
    // The variants mix what it knows with what it must refuse: both happen.
    expect(taken).toBeGreaterThan(100);
  });

  it('compiles a pipeline it takes to the same IR and diagnostics as through the yaml package', () => {
    const text = generatePipeline({ steps: 40 }).replace('id: s7\n', 'id: s7\n    unknown_key: 3\n');
    expect(readSimpleYaml(text)).toBeDefined();
    const fast = compilePipeline(text, { file: 'fast.yaml' });
    // A comment after the content sends the same text down the yaml package's path.
    const slow = compilePipeline(`${text}# end\n`, { file: 'fast.yaml' });
    expect(readSimpleYaml(`${text}# end\n`)).toBeUndefined();
    expect(fast.diagnostics.length).toBeGreaterThan(0);
    expect(fast).toEqual(slow);
  });
});
