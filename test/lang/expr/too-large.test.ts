// A template that hits a limit because a value it reads is huge names that value and its size
// (workflows/lang/expr/too-large.ts); a template that is simply too much work keeps its message.
import { describe, expect, it } from 'vitest';
import { evaluateExpression, renderTemplate, renderValue } from '../../../workflows/lang/expr/index.js';
import { expectTemplateError } from './support.js';

const huge = 'x'.repeat(50 * 1024 * 1024);
const scope = {
  big: { result: huge },
  rows: Array.from({ length: 300_000 }, (_, index) => ({ index })),
  small: 'abc',
};

const SIZE = /big\.result is too large for a template: it is 52428800 characters \(50\.0 MB\)/;

describe('a template over a huge value', () => {
  it.each([
    ['{{ big.result }}', /rendered text is longer than 1000000 characters/],
    ['head {{ big.result | length }}', /more than 2000000 evaluation steps/],
    ['{{ big.result | upper }} and {{ small }}', /more than 2000000 evaluation steps/],
    ['{{ big.result ~ "!" }} tail', /would build a string of 52428801 characters/],
  ])('%s says the value is 50 MB, then the limit it hit', (source, limit) => {
    const error = expectTemplateError(() => renderTemplate(source, scope), 'limit', SIZE);
    expect(error.message).toMatch(limit);
    expect(error.message).toContain('{{ big.result[:1000] }}');
  });

  it('names a list by its items', () => {
    expectTemplateError(
      () => renderTemplate('{% for row in rows %}{{ row.index }}{% endfor %}', scope),
      'limit',
      /rows is too large for a template: it is a list of 300000 items, more than \d+ characters \([\d.]+ KB\) as JSON; .*maxLoopIterations/,
    );
  });

  it('reaches values through renderValue and evaluateExpression too', () => {
    expectTemplateError(() => renderValue({ text: '{{ big.result | upper }}' }, scope), 'limit', SIZE);
    expectTemplateError(() => evaluateExpression('big.result | upper', scope), 'limit', SIZE);
  });

  it('leaves a limit that no large value caused as it was', () => {
    const error = expectTemplateError(
      () => renderTemplate('{% for i in range(100000) %}{% for j in range(100) %}{% endfor %}{% endfor %}', {}),
      'limit',
    );
    expect(error.message).not.toContain('too large for a template');
  });

  it('leaves a part of a huge value alone', () => {
    expect(renderTemplate('{{ big.result[:3] }}', scope)).toBe('xxx');
  });
});
