// Parsing of conditions and other bare expressions: `score < 0.8`, `{{ score < 0.8 }}`, or
// py-orc's `{{ a }} and {{ b }}`, where each `{{ e }}` is spliced in as `(e)`.

import { MAX_TEMPLATE_CHARS, limitError, syntaxError } from '../shared/index.js';
import type { Expression } from './ast.js';
import { endOfRange, lexRange } from './expression-lexer.js';
import type { Token } from './expression-lexer.js';
import { ExpressionParser } from './expression-parser.js';
import { lexTemplate } from './template-lexer.js';
import { TokenStream } from './token-stream.js';

export function hasTemplate(value: string): boolean {
  return value.includes('{{') || value.includes('{%');
}

function splicedTokens(source: string): Token[] {
  const tokens: Token[] = [];
  for (const segment of lexTemplate(source)) {
    if (segment.kind === 'block') {
      throw syntaxError('a condition cannot contain {% %} statements; write an expression', segment);
    }
    if (segment.kind === 'text') {
      tokens.push(...lexRange(source, segment.offset, segment.offset + segment.length));
      continue;
    }
    const inner = segment.tokens.filter((token) => token.type !== 'end');
    const close = segment.offset + segment.length;
    tokens.push({ type: 'operator', value: '(', offset: segment.offset, length: 0 });
    tokens.push(...inner);
    tokens.push({ type: 'operator', value: ')', offset: close, length: 0 });
  }
  return tokens;
}

export function parseExpressionSource(source: string): Expression {
  if (source.length > MAX_TEMPLATE_CHARS) {
    throw limitError(`the expression is ${source.length} characters long; the limit is ${MAX_TEMPLATE_CHARS}`);
  }
  const tokens = hasTemplate(source) ? splicedTokens(source) : lexRange(source, 0, source.length);
  tokens.push(endOfRange(source.length));
  const stream = new TokenStream(tokens, 'end of expression');
  const expression = new ExpressionParser(stream).parseTopLevel();
  stream.expectEnd();
  return expression;
}
