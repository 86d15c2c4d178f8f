// StrictUndefined: every use of a missing name or field is an error naming it, except under
// `default` and `is defined`/`is undefined`.

import { describe, expect, it } from 'vitest';
import { expectTemplateError, render } from './support.js';

describe('strict undefined', () => {
  it.each([
    ['{{ missing }}', /^"missing" is undefined$/],
    ['{{ missing.attr }}', /^"missing" is undefined$/],
    ['{{ nested.a.zz }}', /^"nested.a" has no field "zz"$/],
    ['{{ nested.a.b.cc }}', /"nested.a.b" has no field "cc" \(did you mean "c"\?\)/],
    ['{{ people[10] }}', /"people" has no item 10 \(it has 4 items\)/],
    ['{{ people[0].nmae }}', /"people\[0\]" has no field "nmae" \(did you mean "name"\?\)/],
    ["{{ nested['a']['q'] }}", /"nested\['a'\]" has no field "q"/],
    ['{{ nothing.x }}', /"nothing" is none; it has no field "x"/],
    ['{{ n.x }}', /"n" is a number; it has no field "x"/],
    ['{{ items.length }}', /use "items \| length"/],
    ['{{ s[20] }}', /has no character 20/],
    ['{% for x in missing %}{% endfor %}', /"missing" is undefined/],
    ['{% if missing %}x{% endif %}', /"missing" is undefined/],
    ['{{ missing + 1 }}', /"missing" is undefined/],
    ['{{ missing | upper }}', /"missing" is undefined/],
    ["{{ 'x' ~ missing }}", /"missing" is undefined/],
    ['{{ missing is none }}', /"missing" is undefined/],
    ['{{ [missing] }}', /"missing" is undefined/],
    ['{{ range(missing) }}', /"missing" is undefined/],
    ['{% set x = missing %}{{ x }}', /"missing" is undefined/],
    ['{{ nmae }}', /"nmae" is undefined \(did you mean "name"\?\)/],
    ['{{ web-serch.result }}', /"web-serch" is undefined \(to subtract, put spaces around "-"\)/],
    ['{{ [] | first }}', /first: the sequence is empty/],
    ['{{ missing() }}', /"missing" is undefined/],
  ])('%j', (template, message) => {
    const scope = {
      nested: { a: { b: { c: 1 } } },
      people: [{ name: 'Ada' }, {}, {}, {}],
      nothing: null,
      n: 7,
      items: [1],
      s: 'abc',
      d: { a: 1 },
      name: 'x',
    };
    const error = expectTemplateError(() => render(template, scope), 'undefined', message);
    expect(error.offset).toBeDefined();
  });

  it('points at the undefined name', () => {
    const error = expectTemplateError(() => render('Hello {{ user.name }}!', {}), 'undefined');
    expect([error.offset, error.length]).toEqual([9, 4]);
  });

  it.each([
    ["{{ missing | default('x') }}", 'x'],
    ["{{ missing.deep.er | default('x') }}", 'x'],
    ["{{ nested.a.zz | d('x') }}", 'x'],
    ["{{ nothing.x | default('x') }}", 'x'],
    ['{{ missing is defined }}{{ missing.a is defined }}{{ missing is undefined }}', 'FalseFalseTrue'],
    ['{% if missing is defined and missing %}yes{% else %}no{% endif %}', 'no'],
    ["{{ missing if missing is defined else 'fallback' }}", 'fallback'],
    ["{{ (missing or 'x') if false else 'y' }}", 'y'],
    ["{{ people | selectattr('nick', 'defined') | list | length }}", '0'],
  ])('%j is allowed', (template, expected) => {
    expect(render(template, { nested: { a: {} }, nothing: null, people: [{ name: 'Ada' }] })).toBe(expected);
  });

  it('treats a scope value of undefined as missing', () => {
    expectTemplateError(() => render('{{ x }}', { x: undefined }), 'undefined', /"x" is undefined/);
    expect(render("{{ x.y | default('none') }}", { x: { y: undefined } })).toBe('none');
  });
});
