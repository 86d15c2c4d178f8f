import { describe, expect, it } from 'vitest';
import { checkInputs } from '../../workflows/lang/inputs.js';
import type { ParameterIR } from '../../workflows/lang/ir.js';

const parameters: Record<string, ParameterIR> = {
  name: { type: 'string', required: true },
  count: { type: 'integer', required: false, default: 3, minimum: 1, maximum: 10 },
  ratio: { type: 'number', required: false, default: 0.5 },
  flag: { type: 'boolean', required: false, default: false },
  tags: { type: 'array', required: false, default: [], max_length: 2 },
  options: { type: 'object', required: false, default: {} },
  mode: { type: 'string', required: false, default: 'fast', enum: ['fast', 'slow'] },
  code: { type: 'string', required: false, default: 'ABC', pattern: '^[A-Z]{3}$', min_length: 3 },
};

describe('checkInputs', () => {
  it('applies defaults in declaration order', () => {
    expect(checkInputs(parameters, { name: 'x' })).toEqual({
      values: { name: 'x', count: 3, ratio: 0.5, flag: false, tags: [], options: {}, mode: 'fast', code: 'ABC' },
      problems: [],
    });
  });

  it.each([
    [{}, 'missing required input "name" (string)'],
    [{ name: 1 }, 'input "name" must be a string, not 1'],
    [{ name: 'x', count: 2.5 }, 'input "count" must be an integer, not 2.5'],
    [{ name: 'x', count: 0 }, 'input "count" must be at least 1, not 0'],
    [{ name: 'x', count: 11 }, 'input "count" must be at most 10, not 11'],
    [{ name: 'x', ratio: '0.5' }, 'input "ratio" must be a number, not "0.5"'],
    [{ name: 'x', flag: 'yes' }, 'input "flag" must be a boolean, not "yes"'],
    [{ name: 'x', tags: 'a' }, 'input "tags" must be an array, not "a"'],
    [{ name: 'x', tags: [1, 2, 3] }, 'input "tags" must have at most 2 items'],
    [{ name: 'x', options: [] }, 'input "options" must be an object, not []'],
    [{ name: 'x', mode: 'medium' }, 'input "mode" must be one of "fast", "slow", not "medium"'],
    [{ name: 'x', code: 'abc' }, 'input "code" must match the pattern ^[A-Z]{3}$, not "abc"'],
    [{ name: 'x', code: 'AB' }, 'input "code" must have at least 3 characters'],
    [
      { name: 'x', nme: 1 },
      'unknown input "nme"; this pipeline\'s parameters are: name, count, ratio, flag, tags, options, mode, code',
    ],
  ])('%j → %s', (inputs, problem) => {
    expect(checkInputs(parameters, inputs).problems).toEqual([problem]);
  });

  it('reports every problem at once', () => {
    expect(checkInputs(parameters, { count: 'x', flag: 1 }).problems).toHaveLength(3);
  });
});
