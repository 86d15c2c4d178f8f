// Typed rendering (spec §5 "Typing"): a lone `{{ expr }}` keeps its type.

import { describe, expect, it } from 'vitest';
import { renderValue } from '../../../workflows/lang/expr/index.js';
import { CONTEXT, expectTemplateError } from './support.js';

const TYPED_CASES: readonly (readonly [source: unknown, expected: unknown])[] = [
  ['{{ items }}', [3, 1, 2, 3]],
  ['  {{ n }}\n', 7],
  ['{{ f * 2 }}', 5],
  ['{{ flag }}', true],
  ['{{ nothing }}', null],
  ['{{ s }}', 'Hello World'],
  ['{{ d }}', { b: 2, a: 1, c: 3 }],
  ['{{ people | map(attribute="age") | list }}', [36, 41, 85, 28]],
  ['{{ items | length > 3 }}', true],
  ["{{ {'a': n, 'b': [flag]} }}", { a: 7, b: [true] }],
  ["{{ 'a' if off }}", null],
  ['{{- n -}}', 7],
  ['n = {{ n }}', 'n = 7'],
  ['{{ n }}{{ n }}', '77'],
  ['{% if flag %}{{ items }}{% endif %}', '[3, 1, 2, 3]'],
  ['{{ n }} {# comments do not count #}', 7],
  ['no template', 'no template'],
  ['{# comment only #}', '{# comment only #}'],
  [42, 42],
  [false, false],
  [null, null],
  [undefined, undefined],
  [
    ['{{ n }}', 'x {{ s }}', 3],
    [7, 'x Hello World', 3],
  ],
  [
    { '{{ key }}': '{{ flag }}', nested: { list: ['{{ zero }}'] } },
    { '{{ key }}': true, nested: { list: [0] } },
  ],
];

describe('renderValue', () => {
  it.each(TYPED_CASES)('%j', (source, expected) => {
    expect(renderValue(source, CONTEXT)).toEqual(expected);
  });

  it('refuses an undefined lone expression', () => {
    expectTemplateError(() => renderValue('{{ missing }}', CONTEXT), 'undefined', /"missing" is undefined/);
    expectTemplateError(
      () => renderValue({ a: ['{{ nested.a.x }}'] }, CONTEXT),
      'undefined',
      /"nested.a" has no field "x"/,
    );
  });

  it('refuses to return a function', () => {
    expectTemplateError(() => renderValue('{{ range }}', CONTEXT), 'type', /range is a function/);
  });

  it('keeps keys, including __proto__, as plain keys', () => {
    const value = JSON.parse('{"__proto__": "{{ n }}"}') as unknown;
    const rendered = renderValue(value, CONTEXT) as Record<string, unknown>;
    expect(Object.getPrototypeOf(rendered)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(rendered, '__proto__')?.value).toBe(7);
  });

  it('shares one budget across the whole value', () => {
    const value = Array.from({ length: 5 }, () => '{% for i in range(30) %}{% endfor %}');
    expectTemplateError(() => renderValue(value, CONTEXT, { limits: { maxLoopIterations: 100 } }), 'limit');
  });
});
