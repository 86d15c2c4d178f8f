// Operators with Python's semantics and Jinja2's precedence.

import { describe, expect, it } from 'vitest';
import { expectTemplateError, render } from './support.js';

const OPERATOR_CASES: readonly (readonly [template: string, expected: string])[] = [
  ['{{ n + 3 }}|{{ 2.5 + 1 }}|{{ true + 1 }}', '10|3.5|2'],
  ["{{ 'a' + 'b' }}|{{ [1] + [2, 3] }}", 'ab|[1, 2, 3]'],
  ['{{ n - 10 }}|{{ 0.5 - 1 }}', '-3|-0.5'],
  // Exact integers stay exact up to 2**53 - 1; floats stay floats however large.
  ['{{ 9007199254740990 + 1 }}|{{ 1e300 + 1 }}|{{ 1e300 * 2 }}|{{ 2.5 * 4 }}', '9007199254740991|1e+300|2e+300|10'],
  [
    "{{ n * 6 }}|{{ 'ab' * 3 }}|{{ 3 * 'ab' }}|{{ 'ab' * 0 }}|{{ 'ab' * -1 }}|{{ [0] * 3 }}",
    '42|ababab|ababab|||[0, 0, 0]',
  ],
  ['{{ 7 / 2 }}|{{ 4 / 2 }}|{{ -7 / 2 }}|{{ 1 / 3 }}', '3.5|2|-3.5|0.3333333333333333'],
  ['{{ 7 // 2 }}|{{ -7 // 2 }}|{{ 7.5 // 2 }}|{{ 7 // -2 }}', '3|-4|3|-4'],
  [
    "{{ 7 % 3 }}|{{ -7 % 3 }}|{{ 7 % -3 }}|{{ 7.5 % 2 }}|{{ '%s=%d' % ('a', 1) }}|{{ '%.1f%%' % 99.5 }}",
    '1|2|-2|1.5|a=1|99.5%',
  ],
  ['{{ 2 ** 10 }}|{{ 2 ** -1 }}|{{ 2 ** 0.5 }}|{{ 2 ** 3 ** 2 }}|{{ -2 ** 2 }}', '1024|0.5|1.4142135623730951|64|4'],
  ["{{ s ~ '!' ~ n }}|{{ 1 ~ 2 }}|{{ 'a' ~ none ~ true }}|{{ 'a' ~ [1, 2] }}", 'Hello World!7|12|aNoneTrue|a[1, 2]'],
  ['{{ -n }}|{{ +n }}|{{ --n }}|{{ -1 | abs }}|{{ - n | abs }}', '-7|7|7|1|7'],
  [
    "{{ 1 + 2 * 3 }}|{{ (1 + 2) * 3 }}|{{ 10 - 2 - 3 }}|{{ 2 * 3 ** 2 }}|{{ (1 + 2) ~ 3 }}|{{ 'a' ~ 1 * 2 }}",
    '7|9|5|18|33|a2',
  ],
  [
    "{{ 1 == 1.0 }}{{ 1 == true }}{{ none == none }}{{ [1, [2]] == [1, [2]] }}{{ {'a': 1} == {'a': 1} }}{{ 'a' == 1 }}",
    'TrueTrueTrueTrueTrueFalse',
  ],
  ['{{ n != 7 }}{{ n != 8 }}', 'FalseTrue'],
  [
    "{{ 1 < 2 }}{{ 'B' < 'a' }}{{ 'a' < 'aa' }}{{ [1, 2] < [1, 3] }}{{ [1] < [1, 0] }}{{ true < 2 }}",
    'TrueTrueTrueTrueTrueTrue',
  ],
  ["{{ n > 5 }}{{ n >= 7 }}{{ n <= 6 }}{{ '10' < '9' }}", 'TrueTrueFalseTrue'],
  ['{{ 1 < n < 10 }}{{ 1 < 10 < n }}{{ 3 > 2 == 2 }}', 'TrueFalseTrue'],
  [
    "{{ 3 in items }}{{ 'ell' in s }}{{ 'a' in d }}{{ 1 in d }}{{ 'z' not in s }}{{ 9 not in items }}",
    'TrueTrueTrueFalseTrueTrue',
  ],
  ["{{ n == 7 and flag }}|{{ 0 or 'x' }}|{{ 1 and 'y' }}|{{ '' and 'z' }}|{{ none or false }}", 'True|x|y||False'],
  ['{{ not 0 }}{{ not [] }}{{ not s }}{{ not n is defined }}{{ not (n > 3) }}', 'TrueTrueFalseFalseFalse'],
  [
    "{{ n if flag else m }}|{{ n if off else m }}|{{ 'a' if off }}|{{ 'x' if none else 'y' }}|{{ 1 if (2 if 0 else 3) else 4 }}",
    '7|-3||y|1',
  ],
  [
    '{{ s[-1] }}|{{ s[0:5] }}|{{ s[:-6] }}|{{ s[::-1] }}|{{ s[100:] }}|{{ items[1:3] }}|{{ items[::2] }}|{{ items[::-2] }}|{{ items[-100:2] }}',
    'd|Hello|Hello|dlroW olleH||[1, 2]|[3, 2]|[3, 1]|[3, 1]',
  ],
  ["{{ '😀ab'[1] }}|{{ '😀ab'[:2] }}|{{ '😀ab'[::-1] }}", 'a|😀a|ba😀'],
  [
    "{{ nested.a.b.c }}|{{ nested['a']['b'].c }}|{{ nested.list[1].k }}|{{ items.0 }}|{{ people[-1]['name'] }}",
    'deep|deep|v1|3|Linus',
  ],
  ["{{ {'a': 1, 'b': [1, 2]}['b'][1] }}|{{ (1, 2)[0] }}|{{ [[1, 2], [3]][0][1] }}|{{ {1: 'one'}['1'] }}", '2|1|2|one'],
  [
    "{{ 'a' 'b' \"c\" }}|{{ \"it's\" }}|{{ 'say \"hi\"' }}|{{ '\\x41\\u00e9\\t|\\\\' }}|{{ 'tab\\there' }}",
    'abc|it\'s|say "hi"|Aé\t|\\|tab\there',
  ],
  [
    '{{ 1_000_000 }}|{{ 0x10 }}|{{ 0o10 }}|{{ 0b10 }}|{{ 1e3 }}|{{ 1.5e3 }}|{{ 2.50 }}|{{ 0.1 + 0.2 }}',
    '1000000|16|8|2|1000|1500|2.5|0.30000000000000004',
  ],
  [
    '{{ true }}|{{ True }}|{{ false }}|{{ none }}|{{ None }}|{{ [] }}|{{ {} }}|{{ 1, 2 }}',
    'True|True|False|None|None|[]|{}|[1, 2]',
  ],
  ["{{ {'k': 'v', 'n': [1, none, true], 'é': {}} }}", '{"k": "v", "n": [1, null, true], "é": {}}'],
  // Repetition answers from the size alone (issue 10): empty stays empty, whatever the count.
  [
    "{{ [] * 100000000000 }}|{{ 1e308 * [] }}|{{ '' * 10**15 }}|{{ [1, 2] * -5 }}|{{ true * 'ab' }}|{{ [1, 2] * 2 }}",
    '[]|[]||[]|ab|[1, 2, 1, 2]',
  ],
  [
    "{{ s[3] }}|{{ '😀a😀b'[2] }}|{{ '😀a😀b'[-1] }}|{{ '😀a😀b'[1:3] }}|{{ '😀a😀b'[:10] }}|{{ 'abc'[5:1] }}|{{ [1, 2, 3][5:1] }}",
    'l|😀|b|a😀|😀a😀b||[]',
  ],
];

describe('operators', () => {
  it.each(OPERATOR_CASES)('%j', (template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it.each([
    ["{{ 'a' + 1 }}", 'type', /unsupported operand types for \+: a string and a number/],
    ['{{ 1 + 2 ~ 3 }}', 'type', /a number and a string/],
    ['{{ none + 1 }}', 'type', /none and a number/],
    ['{{ [1] + 1 }}', 'type', /a list and a number/],
    ['{{ 1 / 0 }}', 'type', /division by zero/],
    ['{{ 1 // 0 }}', 'type', /division by zero/],
    ['{{ 1 % 0 }}', 'type', /modulo by zero/],
    ['{{ 0 ** -1 }}', 'type', /negative power/],
    ['{{ (-8) ** 0.5 }}', 'type', /not a real number/],
    ["{{ 'a' < 1 }}", 'type', /'<' is not supported between a string and a number/],
    ['{{ none < 1 }}', 'type', /not supported/],
    ["{{ 'ab' * 'c' }}", 'type', /unsupported operand types for \*/],
    ['{{ 1 in 5 }}', 'type', /'in' needs/],
    ["{{ 1 in 'abc' }}", 'type', /needs a string on the left/],
    ['{{ -s }}', 'type', /bad operand type for unary -/],
    ['{{ s[1.5] }}', 'undefined', /./],
    ['{{ n[0:1] }}', 'type', /cannot be sliced/],
    ['{{ s[::0] }}', 'value', /step cannot be zero/],
    ['{{ {[1]: 2} }}', 'type', /mapping keys must be strings/],
    ['{{ [] * 2.5 }}', 'type', /unsupported operand types for \*: a list and a number/],
    ["{{ 'a' * 1e999 }}", 'type', /unsupported operand types for \*/],
    ['{{ [] * (1e999 - 1e999) }}', 'type', /unsupported operand types for \*/],
    ['{{ [1] * 1e308 }}', 'limit', /list of 1e\+308 items/],
    ["{{ 'a' * 10**11 }}", 'limit', /string of 100000000000 characters/],
    // Found by the template fuzzer: two exact integers whose result a double cannot hold exactly.
    ['{{ 9007199254740991 + 2 }}', 'limit', /9007199254740991 \+ 2 is beyond 9007199254740991/],
    ['{{ -9007199254740991 - 2 }}', 'limit', /is beyond 9007199254740991/],
    ['{{ 4294967296 * 4294967296 }}', 'limit', /4294967296 \* 4294967296 is beyond/],
  ] as const)('%j is a %s error', (template, kind, message) => {
    const error = expectTemplateError(() => render(template), kind, message);
    expect(error.offset).toBeGreaterThanOrEqual(0);
  });
});
