// `orc schema`: the JSON Schema editors use, generated from the compiler's zod shapes. It must
// accept every valid pipeline we have and flag typos, and the committed copy must be current.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { compilePipeline } from '../../workflows/lang/compile/index.js';
import { languageJsonSchema } from '../../workflows/lang/compile/language-schema.js';
import { SourceFile } from '../../workflows/lang/compile/source.js';
import { compatRoot, repoRoot } from '../support/temporal.js';

const schema = languageJsonSchema();
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
const asJson = (text: string) => new SourceFile('x.yaml', text).document.toJSON() as unknown;

const VALID_FILES = [
  ...[
    '01_hello_filesystem',
    '02_parallel_fanout_fanin',
    '04_conditions',
    '06_failure_policy',
    'auto_tags_demo',
    'control_flow_for_loop',
    'control_flow_while_loop',
    'data_processing_pipeline',
    'interactive_pipeline',
  ].map((name) => join(compatRoot, `${name}.yaml`)),
  join(compatRoot, 'sub_pipelines/statistical_analysis.yaml'),
  join(repoRoot, 'test/golden/valid/every-key.yaml'),
  join(repoRoot, 'test/golden/valid/routing-and-models.yaml'),
  join(repoRoot, 'test/golden/valid/loops-approvals.yaml'),
];

describe('the JSON Schema of the language', () => {
  it('is committed as docs/pipeline.schema.json, current', async () => {
    expect(JSON.parse(await readFile(join(repoRoot, 'docs/pipeline.schema.json'), 'utf8'))).toEqual(schema);
  });

  it('every example pipeline points at it on its first line', async () => {
    for (const file of (await readdir(join(repoRoot, 'pipelines'))).filter((name) => name.endsWith('.yaml'))) {
      const firstLine = (await readFile(join(repoRoot, 'pipelines', file), 'utf8')).split('\n')[0];
      expect(firstLine, file).toBe('# yaml-language-server: $schema=../docs/pipeline.schema.json');
    }
  });

  it.each([...VALID_FILES, join(repoRoot, 'pipelines/hello.yaml')])('accepts %s', async (file) => {
    const valid = validate(asJson(await readFile(file, 'utf8')));
    expect(validate.errors ?? [], file).toEqual([]);
    expect(valid).toBe(true);
  });

  it.each([
    ['a misspelt top-level key', 'id: x\nstpes: []\nsteps: [{id: a, tool: filesystem, action: read}]\n', '/stpes'],
    ['a misspelt step key', 'steps:\n  - id: a\n    tool: filesystem\n    dependson: [b]\n', '/steps/0'],
    ['a step without id', 'steps:\n  - tool: filesystem\n', '/steps/0'],
    [
      'a wrong on_exceed',
      'budget: {max_cost_usd: 1, on_exceed: stop}\nsteps: [{id: a, wait: 1s}]\n',
      '/budget/on_exceed',
    ],
    [
      'a string where a number goes',
      'steps:\n  - id: a\n    for_each: "[1]"\n    max_parallel: many\n    steps: [{id: b, wait: 1s}]\n',
      '/steps/0/max_parallel',
    ],
  ])('flags %s', (_what, yaml, path) => {
    expect(validate(asJson(yaml))).toBe(false);
    expect(JSON.stringify(validate.errors)).toContain(path.split('/').filter(Boolean).at(-1));
  });

  // The editor must not call an error what the compiler only warns about (W_INERT_KEY), and what
  // it refuses at the top level the compiler must refuse too.
  it.each([
    ['config', 'W_INERT_KEY'],
    ['enhanced_outputs', 'W_INERT_KEY'],
    ['context', 'W_INERT_KEY'],
    ['author', 'W_INERT_KEY'],
    ['examples_used', 'W_INERT_KEY'],
    ['inputs', undefined],
    ['stpes', 'E_UNKNOWN_KEY'],
    ['paramters', 'E_UNKNOWN_KEY'],
    ['modell', 'E_UNKNOWN_KEY'],
    ['budgett', 'E_UNKNOWN_KEY'],
    ['descripton', 'E_UNKNOWN_KEY'],
    ['ouptuts', 'E_UNKNOWN_KEY'],
  ])('top-level key %s: the editor agrees with the compiler (%s)', (key, code) => {
    const yaml = `${key}: {a: 1}\nsteps: [{id: a, wait: 1s}]\n`;
    const codes = compilePipeline(yaml, { file: 'x.yaml' }).diagnostics.map((item) => item.code);
    if (code) expect(codes).toContain(code);
    else expect(codes).toEqual([]);
    expect(validate(asJson(yaml)), JSON.stringify(validate.errors)).toBe(code !== 'E_UNKNOWN_KEY');
  });
});
