// One table row (at least) per test (`x is defined`, `n is divisibleby 3`, …).

import { describe, expect, it } from 'vitest';
import { TESTS } from '../../../workflows/lang/expr/filters/index.js';
import { expectTemplateError, render } from './support.js';

const TEST_CASES: readonly (readonly [template: string, expected: string])[] = [
  [
    '{{ n is defined }}{{ missing is defined }}{{ nested.a.zz is defined }}{{ nested.zz.deep is defined }}',
    'TrueFalseFalseFalse',
  ],
  ['{{ missing is undefined }}{{ n is undefined }}{{ n is not undefined }}', 'TrueFalseTrue'],
  ['{{ nothing is none }}{{ zero is none }}{{ none is none }}', 'TrueFalseTrue'],
  ['{{ s is string }}{{ empty is string }}{{ n is string }}', 'TrueTrueFalse'],
  ['{{ n is number }}{{ f is number }}{{ flag is number }}{{ s is number }}', 'TrueTrueTrueFalse'],
  ['{{ n is integer }}{{ f is integer }}{{ flag is integer }}', 'TrueFalseFalse'],
  ['{{ f is float }}{{ n is float }}', 'TrueFalse'],
  ['{{ flag is boolean }}{{ zero is boolean }}', 'TrueFalse'],
  ['{{ flag is true }}{{ off is true }}{{ off is false }}{{ zero is false }}', 'TrueFalseTrueFalse'],
  ['{{ d is mapping }}{{ items is mapping }}', 'TrueFalse'],
  ['{{ items is sequence }}{{ s is sequence }}{{ d is sequence }}{{ n is sequence }}', 'TrueTrueTrueFalse'],
  ['{{ items is iterable }}{{ n is iterable }}', 'TrueFalse'],
  ['{{ n is odd }}{{ items[2] is odd }}{{ 2.5 is odd }}', 'TrueFalseFalse'],
  ['{{ n is even }}{{ 0 is even }}{{ -4 is even }}', 'FalseTrueTrue'],
  ['{{ n is divisibleby 7 }}{{ 10 is divisibleby(3) }}{{ 9 is divisibleby 3 }}', 'TrueFalseTrue'],
  ["{{ n is eq 7 }}{{ n is equalto 7 }}{{ s is eq 'x' }}", 'TrueTrueFalse'],
  ['{{ n is ne 7 }}{{ n is ne 8 }}', 'FalseTrue'],
  ['{{ n is gt 3 }}{{ n is gt 7 }}', 'TrueFalse'],
  ['{{ n is ge 7 }}{{ n is ge 8 }}', 'TrueFalse'],
  ['{{ n is lt 8 }}{{ n is lt 7 }}', 'TrueFalse'],
  ['{{ n is le 7 }}{{ n is le 6 }}', 'TrueFalse'],
  ["{{ 3 is in items }}{{ 'a' is in 'abc' }}{{ 'z' is in d }}{{ 'a' is in d }}", 'TrueTrueFalseTrue'],
  ['{{ flag is sameas true }}{{ 1 is sameas true }}{{ nothing is sameas none }}', 'TrueFalseTrue'],
  ["{{ 'ab' is lower }}{{ 'aB' is lower }}{{ '1' is lower }}", 'TrueFalseFalse'],
  ["{{ 'AB' is upper }}{{ 'Ab' is upper }}", 'TrueFalse'],
  ["{{ items | select('==', 3) | list | length }}{{ items | select('!=', 3) | join }}", '212'],
  [
    "{{ items | select('>', 1) | join }}{{ items | select('>=', 2) | join }}{{ items | select('<', 3) | join }}{{ items | select('<=', 1) | join }}",
    '323323121',
  ],
  [
    "{{ n is greaterthan 3 }}{{ n is greaterthan 7 }}{{ n is lessthan 8 }}{{ n is lessthan 7 }}{{ items | select('greaterthan', 2) | join }}",
    'TrueFalseTrueFalse33',
  ],
  [
    '{{ range is callable }}{{ s.upper is callable }}{{ s is callable }}{{ nothing is callable }}{{ d is callable }}',
    'TrueTrueFalseFalseFalse',
  ],
  [
    '{% macro m() %}{% endmacro %}{{ m is callable }}{% for x in [1] %}{{ loop is callable }}{{ loop.cycle is callable }}{% endfor %}',
    'TrueTrueTrue',
  ],
];

describe('tests', () => {
  it.each(TEST_CASES)('%j', (template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it('has a table row for every registered test', () => {
    const used = new Set<string>();
    for (const [template] of TEST_CASES) {
      for (const match of template.matchAll(/\bis (?:not )?([a-z]+)/g)) used.add(match[1] ?? '');
      for (const match of template.matchAll(/select\('([^']+)'/g)) used.add(match[1] ?? '');
    }
    expect([...TESTS.keys()].filter((name) => !used.has(name))).toEqual([]);
  });

  it.each([
    ['{{ missing is none }}', 'undefined'],
    ['{{ s is odd }}', 'type'],
    ['{{ n is divisibleby 0 }}', 'type'],
    ['{{ n is gt s }}', 'type'],
    ['{{ n is in 5 }}', 'type'],
    ['{{ n is nope }}', 'syntax'],
    ['{{ n is divisibleby }}', 'type'],
    ['{{ n is greaterthan s }}', 'type'],
    ['{{ missing is callable }}', 'undefined'],
  ] as const)('%j fails (%s)', (template, kind) => {
    expectTemplateError(() => render(template), kind);
  });
});
