// Parsing: syntax errors are TemplateErrors of kind 'syntax' with the offending offset;
// the parsed template is plain data.

import { describe, expect, it } from 'vitest';
import { hasTemplate, parseTemplate, renderTemplate } from '../../../workflows/lang/expr/index.js';
import { CONTEXT, expectTemplateError } from './support.js';

describe('syntax errors', () => {
  it.each([
    ['{% if %}x{% endif %}', 'expected an expression', '%}'],
    ['{{ unclosed ', "'{{' is never closed", '{{'],
    ['{% if x %}no end', "the '{% if %}' is never closed", '{% if x %}'],
    ['{% for x in xs %}', 'never closed', '{% for x in xs %}'],
    ['{% endif %}', "unexpected '{% endif %}'", 'endif'],
    ['{% extends "base.html" %}', "unknown tag 'extends'", 'extends'],
    ['{% macro m %}{% endmacro %}', "expected '(' and the macro's parameters", '%}'],
    ['{% macro m(a=1, b) %}{% endmacro %}', "the parameter 'b' needs a default", 'b)'],
    ['{% macro m(a, a) %}{% endmacro %}', "the parameter 'a' appears twice", 'a)'],
    ['{% call m %}{% endcall %}', '{% call %} needs a macro call', 'm %}'],
    ['{% for loop in xs %}{% endfor %}', "cannot assign to the special loop variable 'loop'", 'loop in'],
    ['{% for x, loop in xs %}{% endfor %}', "cannot assign to the special loop variable 'loop'", 'x, loop'],
    ['{% with a %}{% endwith %}', "expected '='", '%}'],
    ['{% filter %}x{% endfilter %}', 'expected a filter name', '%}'],
    ['{% filter nope %}x{% endfilter %}', "unknown filter 'nope'", 'nope'],
    ['{% set a, b %}x{% endset %}', 'a block {% set %} assigns exactly one name', '{% set'],
    ['{{ }}', 'expected an expression', '}}'],
    ['{{ 1 + }}', 'unexpected end of print statement', '}}'],
    ['{{ a b }}', 'expected end of print statement', 'b'],
    ['{{ (1 }}', "unexpected '}'", '}'],
    ['{{ [1, 2 }}', "unexpected '}'", '}'],
    ["{{ 'abc }}", 'unterminated string', "'"],
    // Found by the template fuzzer: it printed as 12345678901234567000.
    [
      '{{ 12345678901234567890 }}',
      'the integer 12345678901234567890 is beyond 9007199254740991',
      '12345678901234567890',
    ],
    ['{{ x | }}', 'expected a filter name', '}}'],
    ['{{ x | nope }}', "unknown filter 'nope'", 'nope'],
    ['{{ x is nope }}', "unknown test 'nope'", 'nope'],
    ['{{ x # y }}', "unexpected character '#'", '#'],
    ['{# never closed', "'{#' is never closed", '{#'],
    ['{% raw %}x', "'{% raw %}' is never closed", '{%'],
    ['{% for x in xs recursive x %}{% endfor %}', 'expected end of statement block', 'x %}'],
    ['{% set true = 1 %}', "cannot assign to 'true'", 'true'],
    ['{% if x %}{% else %}{% else %}{% endif %}', "unexpected '{% else %}'", 'else'],
    ['{{ f(a=1, 2) }}', 'positional argument cannot follow', '2'],
    ['{{ f(*xs, 1) }}', 'positional argument cannot follow', '1'],
    ['{{ f(**d, a=1) }}', 'keyword argument cannot follow **mapping', 'a='],
    ['{{ f(*xs, *ys) }}', 'a second *list', '*ys'],
    ["{{ '\\x4' }}", 'bad \\x escape', '\\x'],
    ['{{ x.(1) }}', "expected a name or a number after '.'", '('],
    ['{{ 012 }}', 'expected end of print statement', '12'],
  ])('%j', (source, message, at) => {
    const error = expectTemplateError(() => parseTemplate(source), 'syntax');
    expect(error.message).toContain(message);
    expect(source.slice(error.offset ?? -1).startsWith(at)).toBe(true);
  });

  it('produces plain data that survives JSON', () => {
    const template = parseTemplate('{% for p in people if p.age > 30 %}{{ p.name | upper }}{% endfor %}');
    const copy = JSON.parse(JSON.stringify(template)) as typeof template;
    expect(copy).toEqual(template);
    expect(renderTemplate(copy, CONTEXT)).toBe('ADAALANGRACE');
  });

  it('detects templates', () => {
    expect([
      hasTemplate('a {{ b }}'),
      hasTemplate('{% if x %}'),
      hasTemplate('{# c #}'),
      hasTemplate('plain {x}'),
    ]).toEqual([true, true, false, false]);
  });
});
