// Templates reach no JavaScript internals and always end quickly: each of these is refused
// with a clear TemplateError, within 2 s of CPU time (CPU, not wall time: a loaded CI machine
// stretches wall time, not the work done; the wall-clock timeout only guards against a hang).

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evaluateExpression, renderTemplate, renderValue } from '../../../workflows/lang/expr/index.js';
import { expectTemplateError } from './support.js';

const QUICK = 30_000;
const CPU_LIMIT_MS = 2_000;

let cpuAtStart: NodeJS.CpuUsage;
beforeEach(() => {
  cpuAtStart = process.cpuUsage();
});
afterEach(() => {
  const used = process.cpuUsage(cpuAtStart);
  expect((used.user + used.system) / 1000, 'CPU time of the test, in ms').toBeLessThan(CPU_LIMIT_MS);
});
const scope = { x: { a: 1 }, s: 'text', items: [1, 2], n: 3, fn: () => 'secret' };

function renderRefused(
  template: string,
  kind: 'security' | 'limit' | 'type' | 'undefined' | 'syntax' | 'value',
  message: RegExp,
): void {
  expectTemplateError(() => renderTemplate(template, scope), kind, message);
}

describe('no way into JavaScript', () => {
  it.each([
    ["{{ ''.constructor }}", 'security', /"constructor" is not allowed/],
    ['{{ x.__proto__ }}', 'security', /"__proto__" is not allowed/],
    ["{{ x.constructor.constructor('return process')() }}", 'security', /"constructor"/],
    ['{{ [].__class__ }}', 'security', /"__class__"/],
    ['{{ x.prototype }}', 'security', /"prototype"/],
    ["{{ x['__proto__'] }}", 'security', /"__proto__"/],
    ["{{ x['constructor'] }}", 'security', /"constructor"/],
    ['{{ __proto__ }}', 'security', /"__proto__"/],
    ["{{ x | map(attribute='__proto__') | list }}", 'security', /"__proto__"/],
    ["{{ [x] | map(attribute='constructor.name') | list }}", 'security', /"constructor"/],
    ['{{ s.toString }}', 'undefined', /"s" is a string; it has no field "toString"/],
    ['{{ s.toString() }}', 'type', /strings have no method "toString"/],
    ['{{ x.hasOwnProperty("a") }}', 'type', /mappings have no method "hasOwnProperty"/],
    ['{{ x.get.call }}', 'undefined', /"x.get" is a function; it has no field "call"/],
    ['{{ items.push(1) }}', 'type', /a list has no method "push"; only strings and mappings have methods/],
    ['{{ n() }}', 'type', /"n" is a number, not a function/],
    ['{{ lipsum() }}', 'undefined', /"lipsum" is undefined/],
    ['{{ cycler() }}{{ joiner() }}{{ namespace() }}', 'undefined', /"cycler" is undefined/],
    ['{{ range.constructor }}', 'security', /"constructor"/],
    ['{{ range.name }}', 'undefined', /"range" is a function; it has no field "name"/],
    ['{{ fn }}', 'type', /cannot be rendered/],
    ['{{ fn() }}', 'type', /not a function/],
  ] as const)(
    '%j is refused',
    (template, kind, message) => {
      renderRefused(template, kind, message);
    },
    QUICK,
  );

  it('never calls functions found in the data', () => {
    let called = false;
    const data = {
      f: () => {
        called = true;
      },
      g: {
        toJSON: () => {
          called = true;
        },
      },
    };
    expectTemplateError(() => renderTemplate('{{ f() }}', data), 'type');
    expectTemplateError(() => renderTemplate('{{ g }}', data), 'type');
    expect(called).toBe(false);
  });

  it('never runs getters in the data', () => {
    let ran = false;
    const data = {
      o: Object.defineProperty({}, 'secret', {
        get: () => {
          ran = true;
          return 1;
        },
        enumerable: true,
      }),
    };
    expectTemplateError(() => renderTemplate('{{ o.secret }}', data), 'undefined');
    expect(ran).toBe(false);
  });

  it('does not look into class instances', () => {
    expectTemplateError(
      () => renderTemplate('{{ m.size }}', { m: new Map([['size', 1]]) }),
      'security',
      /cannot look into it/,
    );
  });

  it('creates mappings whose __proto__ key stays data', () => {
    expect(renderTemplate("{% set m = {'__proto__': 1} %}{{ m | length }}", {})).toBe('1');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('bounded resources', () => {
  it.each([
    ['{{ range(10**9) }}', /range\(\) of 1000000000 numbers is too big/],
    ["{{ 'a' * 10**9 }}", /string of 1000000000 characters/],
    ['{{ [0] * 10**8 }}', /list of 100000000 items/],
    [
      '{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}',
      /more than 100000 loop iterations/,
    ],
    ['{{ 2 ** 100000 }}', /too large a number/],
    ['{{ 10.0 ** 400 }}', /too large a number/],
    ["{% for i in range(100000) %}{{ 'xxxxxxxxxxxxxxxxxxxx' }}{% endfor %}", /longer than 1000000 characters/],
    ["{% set s = 'ab' * 400000 %}{{ s ~ s }}", /string of 1600000 characters/],
    ["{{ '%999999999d' % 1 }}", /string of 999999999 characters/],
    ["{{ 'x' | center(10**9) }}", /string of 1000000000 characters/],
    ["{{ ('a' * 300000) | regex_search('a') }}", /at most 200000 characters/],
    ["{{ 'a' | regex_search('" + 'a'.repeat(1001) + "') }}", /limit is 1000/],
    ["{{ 'a' | regex_search('a{1001}') }}", /repeat count above 1000/],
    ["{{ range(1000) | join('x' * 100000) }}", /would build a string of 999\d{5} characters/],
    ["{{ ('x' * 1000).join(['a'] * 2000) }}", /would build a string of 2001000 characters/],
    ["{{ ('a' * 1000) | replace('', 'b' * 10000) }}", /string of 10011000 characters/],
    ["{{ ('a' * 1000).replace('a', 'b' * 10000) }}", /string of 10000000 characters/],
    ['{{ [1] | batch(10**9, 0) }}', /list of 1000000000 items/],
    ["{{ {'a': [1]} | tojson(indent=10**6) }}", /indent must be at most 100/],
    ["{{ 'a\nb' | indent(10**9) }}", /string of 1000000000 characters/],
  ])(
    '%j is refused',
    (template, message) => {
      renderRefused(template, 'limit', message);
    },
    QUICK,
  );

  it(
    'refuses deep nesting of brackets, blocks and operators',
    () => {
      renderRefused(
        '{{ ' + '('.repeat(10_000) + '1' + ')'.repeat(10_000) + ' }}',
        'limit',
        /nests more than 100 levels/,
      );
      renderRefused('{{ ' + '['.repeat(10_000) + ']'.repeat(10_000) + ' }}', 'limit', /nests more than 100 levels/);
      renderRefused('{{ ' + '-'.repeat(10_000) + '1 }}', 'limit', /nests/);
      renderRefused('{{ ' + 'not '.repeat(10_000) + '1 }}', 'limit', /nests/);
      renderRefused('{{ 1' + ' + 1'.repeat(10_000) + ' }}', 'limit', /deeper than 150 levels/);
      renderRefused('{{ n' + ' | abs'.repeat(10_000) + ' }}', 'limit', /deeper than 150 levels/);
      renderRefused('{{ x' + '.a'.repeat(10_000) + ' }}', 'limit', /deeper than 150 levels/);
      renderRefused(
        '{% if 1 %}'.repeat(10_000) + '{% endif %}'.repeat(10_000),
        'limit',
        /blocks nest more than 100 levels/,
      );
    },
    QUICK,
  );

  it(
    'refuses templates that are too long',
    () => {
      expectTemplateError(() => renderTemplate('x'.repeat(1_000_001) + '{{ 1 }}', {}), 'limit', /limit is 1000000/);
    },
    QUICK,
  );

  it(
    'refuses deeply nested data instead of overflowing the stack',
    () => {
      let deep: unknown = 1;
      for (let level = 0; level < 100_000; level += 1) deep = [deep];
      expectTemplateError(() => renderTemplate('{{ d }}', { d: deep }), 'limit', /nested deeper than 200 levels/);
      expectTemplateError(() => renderTemplate('{{ d | tojson }}', { d: deep }), 'limit');
      expectTemplateError(() => renderTemplate('{{ d == e }}', { d: deep, e: [deep] }), 'limit', /nested too deeply/);
      expectTemplateError(() => renderValue(deep, {}), 'limit');
    },
    QUICK,
  );

  it.each([
    '{% for i in range(50000) %}{{ items | sort | length }}{% endfor %}',
    '{% for i in range(50000) %}{{ -1 in items }}{% endfor %}',
    '{% for i in range(50000) %}{{ items == items }}{% endfor %}',
    '{% for i in range(50000) %}{{ items | sum }}{% endfor %}',
    '{% for i in range(50000) %}{{ items | list | length }}{% endfor %}',
    '{% for i in range(50000) %}{{ len(items) }}{% endfor %}',
  ])(
    'bounds evaluation steps: %j',
    (template) => {
      const items = Array.from({ length: 10_000 }, (_, index) => index);
      expectTemplateError(() => renderTemplate(template, { items }), 'limit', /evaluation steps/);
    },
    QUICK,
  );

  it(
    'runs catastrophic regular expressions in linear time',
    () => {
      expect(renderTemplate("{{ ('a' * 50 ~ '!') | regex_search('(a+)+$') }}", {})).toBe('None');
      expect(renderTemplate("{{ ('a' * 5000 ~ '!') | regex_search('(a|aa)*(a+)+b') }}", {})).toBe('None');
      expect(renderTemplate("{{ ('x' * 20000) | regex_search('.*.*.*.*y') }}", {})).toBe('None');
      expect(renderTemplate("{{ ('a' * 5000) | regex_replace('(a*)*b', 'x') | length }}", {})).toBe('5000');
    },
    QUICK,
  );

  it(
    'accepts caller limits, including lower ones',
    () => {
      expectTemplateError(
        () => renderTemplate('{% for i in range(20) %}{{ i }}{% endfor %}', {}, { limits: { maxLoopIterations: 10 } }),
        'limit',
        /more than 10 loop iterations/,
      );
      expectTemplateError(
        () => renderTemplate('{{ s }}', { s: 'x'.repeat(100) }, { limits: { maxOutputChars: 50 } }),
        'limit',
      );
      expectTemplateError(
        () => evaluateExpression('1 + (1 + (1 + 1))', {}, { limits: { maxDepth: 3 } }),
        'limit',
        /deeper than 3 levels/,
      );
      expectTemplateError(
        () => renderTemplate('{{ n + n + n }}', { n: 1 }, { limits: { maxSteps: 3 } }),
        'limit',
        /more than 3 evaluation steps/,
      );
    },
    QUICK,
  );

  it(
    'needs a clock for now()',
    () => {
      expectTemplateError(() => renderTemplate('{{ now() }}', {}), 'value', /no clock/);
      expect(renderTemplate('{{ now() }}', {}, { now: () => '2030-01-01T00:00:00Z' })).toBe('2030-01-01T00:00:00Z');
    },
    QUICK,
  );
});
