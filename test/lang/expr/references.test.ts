// Static analysis for the compiler: free names, their static paths, offsets, guards.

import { describe, expect, it } from 'vitest';
import { expressionReferences, templateReferences } from '../../../workflows/lang/expr/index.js';
import type { TemplateReference } from '../../../workflows/lang/expr/index.js';

function summary(references: TemplateReference[]): string[] {
  return references.map(
    (reference) => [reference.name, ...reference.path].join('.') + (reference.guarded ? ' (guarded)' : ''),
  );
}

describe('templateReferences', () => {
  it.each([
    ['{{ read_back.result.content }}', ['read_back.result.content']],
    ["{{ steps['web-search'].result }}", ['steps.web-search.result']],
    ['{{ web-search.result }}', ['web-search.result']],
    ['{{ a.b[i].c }}', ['a.b', 'i']],
    // A literal index stays in the path as [0], so list items can be checked below it.
    ['{{ a[0].b }}', ['a.[0].b']],
    ['{{ a[x].b }}', ['a', 'x']],
    ['{{ s.result.content.split("\\n") | length }}', ['s.result.content']],
    ['{{ d.items() }}', ['d']],
    ["{{ x.y | default('z') }}", ['x.y (guarded)']],
    ['{% if x.y is defined %}{{ x.y }}{% endif %}', ['x.y (guarded)', 'x.y']],
    ["{{ (a ~ b) | default('') }}", ['a', 'b']],
    ['{{ a | replace(b, c.d) }}', ['a', 'b', 'c.d']],
    ['{% set t = a %}{{ t.x }}{{ u }}', ['a', 'u']],
    ['{{ t }}{% set t = 1 %}', ['t']],
    ['{% for x in xs %}{{ x.name }}{{ loop.index }}{{ y }}{% endfor %}{{ x }}{{ loop }}', ['xs', 'y', 'x', 'loop']],
    ['{% for k, v in d.items() if v > limit %}{{ k }}{% else %}{{ k }}{% endfor %}', ['d', 'limit', 'k']],
    ['{% set block %}{{ a }}{% endset %}{{ block }}', ['a']],
    ['{{ range(n) }}{{ now() }}{{ len(xs) }}{{ lipsum() }}', ['n', 'xs', 'lipsum']],
    ['{{ $item }} {{ $index }}', ['$item', '$index']],
    ['{{ [a, {"k": b}] }}{{ c if d else e }}{{ f[1:g] }}', ['a', 'b', 'c', 'd', 'e', 'f', 'g']],
    ['no templates here', []],
  ])('%j', (source, expected) => {
    expect(summary(templateReferences(source))).toEqual(expected);
  });

  it('gives offsets and lengths over the static part', () => {
    const source = 'Hi {{ read_back.result.content | upper }} and {{ steps["w-s"].x[i] }}';
    const references = templateReferences(source);
    expect(references.map((reference) => source.slice(reference.offset, reference.offset + reference.length))).toEqual([
      'read_back.result.content',
      'steps["w-s"].x',
      'i',
    ]);
  });

  it('reads parsed templates too', () => {
    expect(templateReferences('{{ a }}')).toEqual([{ name: 'a', path: [], offset: 3, length: 1, guarded: false }]);
  });
});

describe('expressionReferences', () => {
  it.each([
    ['score < 0.8', ['score']],
    ['{{ read_file.size }} > 5 and {{ flag }}', ['read_file.size', 'flag']],
    ["missing | default('x')", ['missing (guarded)']],
    ['guessing_loop.iteration < 3', ['guessing_loop.iteration']],
  ])('%j', (source, expected) => {
    expect(summary(expressionReferences(source))).toEqual(expected);
  });
});
