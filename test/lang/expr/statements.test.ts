// Statements, loops, scoping and Jinja2's whitespace handling (trim_blocks, lstrip_blocks,
// keep_trailing_newline), each expectation rendered by Jinja2 3.1 with py-orc's settings.

import { describe, expect, it } from 'vitest';
import { render } from './support.js';

const STATEMENT_CASES: readonly (readonly [template: string, expected: string])[] = [
  ['{% if n > 10 %}big{% elif n > 5 %}medium{% else %}small{% endif %}', 'medium'],
  ['{% if off %}a{% elif zero %}b{% endif %}|', '|'],
  ['{% for x in names %}{{ loop.index }}:{{ x }}{{ "" if loop.last else " " }}{% endfor %}', '1:carol 2:alice 3:bob'],
  [
    '{% for x in names %}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.length }}{{ loop.first }}{{ loop.last }};{% endfor %}',
    '0323TrueFalse;1213FalseFalse;2103FalseTrue;',
  ],
  [
    "{% for x in items %}{{ loop.previtem | default('-') }}{{ loop.nextitem | default('-') }},{% endfor %}",
    '-1,32,13,2-,',
  ],
  ['{% for x in items if x > 1 %}{{ loop.index }}/{{ loop.length }} {% endfor %}', '1/3 2/3 3/3 '],
  [
    '{% for a in [] %}x{% else %}empty{% endfor %}|{% for x in items if x > 100 %}x{% else %}none{% endfor %}',
    'empty|none',
  ],
  [
    '{% for k, v in d | dictsort %}{{ k }}={{ v }};{% endfor %}|{% for k, v in d.items() %}{{ k }}{{ v }}{% endfor %}',
    'a=1;b=2;c=3;|b2a1c3',
  ],
  [
    '{% for (a, b) in [[1, 2], [3, 4]] %}{{ a }}{{ b }}{% endfor %}|{% for a, b in ["xy"] %}{{ b }}{{ a }}{% endfor %}',
    '1234|yx',
  ],
  ['{% for c in "abc" %}{{ c }}{% endfor %}|{% for k in d %}{{ k }}{% endfor %}', 'abc|bac'],
  [
    '{% for x in [1, 2] %}{% for y in [3, 4] %}{{ loop.index }}{{ x }}{{ y }} {% endfor %}{% endfor %}',
    '113 214 123 224 ',
  ],
  ['{% set total = items | sum %}{{ total }}/{{ items | length }}', '9/4'],
  ['{% set a, b = 1, 2 %}{{ a }}{{ b }}|{% set x %}inner {{ n }}{% endset %}[{{ x }}]', '12|[inner 7]'],
  ['{% set c = 0 %}{% for i in range(3) %}{% set c = c + 1 %}{{ c }}{% endfor %}|{{ c }}', '111|0'],
  ['{% for i in range(2) %}{% if i == 0 %}{% set z = 5 %}{% endif %}{{ z is defined }}{% endfor %}', 'TrueFalse'],
  [
    '{% if true %}{% set y = 3 %}{% endif %}{{ y }}|{% for x in [1] %}{% set inner = 1 %}{% endfor %}{{ inner is defined }}',
    '3|False',
  ],
  ["{% set x = 'a' if off %}[{{ x is defined }}]|{{ 'a' if off }}|{{ ('a' if off) | default('z') }}", '[False]||z'],
  ['{# comment #}a{# another\nmulti-line #}b', 'ab'],
  ['{% raw %}{{ x }}{% if %}{% endraw %}|{{ "{{" }} and {{ "}}" }}', '{{ x }}{% if %}|{{ and }}'],
  ['{% if flag %}\n    indented yes\n{% endif %}\nafter\n', '    indented yes\nafter\n'],
  ['a\n  {%- if flag %}\nb\n{%- endif %}\nc', 'abc'],
  ["a {{- ' b ' -}} c", 'a b c'],
  ['a\n{%- if true -%}\n  b\n{%- endif -%}\n  c', 'abc'],
  ['a\n  {%+ if true %}b{% endif %}\n  {# c #}\n  {#- d -#}\nd', 'a\n  bd'],
  ['{% if true +%}\nx{% endif %}', '\nx'],
  ["{{ 'x' }}\n  {% if true %}y\n  {% endif %}z", 'x\ny\nz'],
  ['    {% for i in [1,2] %}\n    item {{ i }}\n    {% endfor %}\nend', '    item 1\n    item 2\nend'],
  ['x\r\n{% if true %}\r\ny\r\n{% endif %}\r\nz', 'x\ny\nz'],
  ['{# a #}\n{# b #}\nc', 'c'],
  ['  {{ 1 }}\n  {% if true %}\n  a\n  {% endif %}\n', '  1\n  a\n'],
  ['{% for i in [1] -%}\n  {{ i }}\n{%- endfor %}', '1'],
  ['{%- if true %} a {% endif -%} \n b', ' a b'],
  ['{% raw -%}   a  {%- endraw %}', 'a'],
  ['  {% raw %}\n  {{ x }}\n  {% endraw %}\nz', '\n  {{ x }}\nz'],
  ['text only\n', 'text only\n'],
  [
    "Report for {{ title | title }}\n\n{% for p in people | sort(attribute='age', reverse=true) %}\n{{ loop.index }}. {{ p.name }} ({{ p.age }})\n{% endfor %}\nTotal: {{ people | length }} people\n",
    'Report for A Tale Of Two Cities\n\n1. Grace (85)\n2. Alan (41)\n3. Ada (36)\n4. Linus (28)\nTotal: 4 people\n',
  ],
];

describe('statements and whitespace', () => {
  it.each(STATEMENT_CASES)('%j', (template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it('reads py-orc names: $item, hyphenated step ids', () => {
    const scope = {
      $item: 'a.txt',
      $index: 0,
      'web-search': { result: 'found' },
      steps: { 'web-search': { result: 'found' } },
    };
    expect(render('{{ $item }}#{{ $index }}|{{ web-search.result }}|{{ steps["web-search"].result }}', scope)).toBe(
      'a.txt#0|found|found',
    );
    expect(render('{{ n - 2 }}|{{ n-2 }}', { n: 7 })).toBe('5|5');
  });

  it('calls functions given in globals, and reads global values', () => {
    const options = { globals: { twice: (value: unknown) => Number(value) * 2, run_id: 'r-1' } };
    expect(render('{{ twice(n) }} {{ run_id }}', { n: 4 }, options)).toBe('8 r-1');
    expect(render('{{ run_id }}', { run_id: 'scope wins' }, options)).toBe('scope wins');
  });

  it('has the global functions range, len, min, max and now', () => {
    expect(
      render(
        '{{ range(3) }}{{ range(2, 8, 2) }}{{ range(3, 0, -1) }}{{ len(items) }}{{ len(s) }}{{ min(items) }}{{ max(3, 9, 4) }}|{{ now() }}',
      ),
    ).toBe('[0, 1, 2][2, 4, 6][3, 2, 1]4111' + '9|2024-03-05T14:07:09Z');
  });

  it('renders a parsed template again and again', () => {
    expect(render('{% for p in people %}{{ p.name[0] }}{% endfor %}')).toBe('AAGL');
  });
});
