// Conditions: bare, wrapped in {{ }}, or py-orc's text mixing several {{ }} (spliced in as
// `(e)`); the value comes back with its type.

import { describe, expect, it } from 'vitest';
import { evaluateExpression, isTruthy } from '../../../workflows/lang/expr/index.js';
import { expectTemplateError } from './support.js';

const scope = {
  score: 0.75,
  read_file: { size: 10, result: { content: 'hello' } },
  research_depth: 'comprehensive',
  items: [1, 2, 3],
  flag: true,
  'web-search': { status: 'completed' },
  $index: 2,
};

describe('evaluateExpression', () => {
  it.each([
    ['score < 0.8', true],
    ['{{ score < 0.8 }}', true],
    ['  {{ score >= 0.8 }}  ', false],
    ['{{ read_file.size }} > 5', true],
    ['{{ read_file.size }} > 5 and {{ flag }}', true],
    ["{{ research_depth }} in ['standard', 'comprehensive']", true],
    ["{{ research_depth == 'comprehensive' }} and not {{ items | length > 5 }}", true],
    ['({{ score }} + 0.25) * 2', 2],
    ['items', [1, 2, 3]],
    ['{{ items | sum }}', 6],
    ['read_file.result.content', 'hello'],
    ["web-search.status == 'completed'", true],
    ['$index == 2', true],
    ["missing | default('d')", 'd'],
    ['none', null],
    ['1, 2', [1, 2]],
    ['{# note #}{{ flag }}', true],
  ])('%j', (source, expected) => {
    expect(evaluateExpression(source, scope)).toEqual(expected);
  });

  it.each([
    ['', 'syntax', /expected an expression/],
    ['score <', 'syntax', /expected|unexpected/],
    ['{% if flag %}x{% endif %}', 'syntax', /cannot contain \{% %\} statements/],
    ['{{ score }} is a valid pdf', 'syntax', /unknown test 'a'/],
    ['missing > 1', 'undefined', /"missing" is undefined/],
    ["'a' + 1", 'type', /unsupported operand/],
    ['(score', 'syntax', /expected '\)'/],
    ['score)', 'syntax', /unexpected|expected/],
  ] as const)('%j fails (%s)', (source, kind, message) => {
    expectTemplateError(() => evaluateExpression(source, scope), kind, message);
  });

  it('reports offsets into the original text when splicing', () => {
    const source = '{{ flag }} and {{ missing_name }}';
    const error = expectTemplateError(() => evaluateExpression(source, scope), 'undefined');
    expect(source.slice(error.offset, (error.offset ?? 0) + (error.length ?? 0))).toBe('missing_name');
  });

  it('has Python truthiness for callers', () => {
    expect([0, '', [], {}, null, undefined, false].map(isTruthy)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect([1, 'x', [0], { a: 1 }, true, Number.NaN].map(isTruthy)).toEqual([true, true, true, true, true, true]);
  });
});
