// The parts of the expression parser that do not depend on operator precedence: bracket
// literals, call arguments, nesting limits and spans.

import { MAX_NESTING, limitError, syntaxError } from '../shared/index.js';
import type { CallArguments, Expression, KeywordArgument, Span } from './ast.js';
import type { Token } from './expression-lexer.js';
import type { TokenStream } from './token-stream.js';

export abstract class ExpressionParserBase {
  private nesting = 0;

  constructor(protected readonly stream: TokenStream) {}

  abstract parseExpression(): Expression;

  protected parseList(): Expression {
    const start = this.stream.current.offset;
    this.stream.expectOperator('[');
    const items: Expression[] = [];
    while (!this.stream.isOperator(']')) {
      if (items.length > 0) this.stream.expectOperator(',');
      if (this.stream.isOperator(']')) break;
      items.push(this.parseExpression());
    }
    this.stream.expectOperator(']');
    return { kind: 'list', items, ...this.spanFrom(start) };
  }

  protected parseDict(): Expression {
    const start = this.stream.current.offset;
    this.stream.expectOperator('{');
    const entries: { key: Expression; value: Expression }[] = [];
    while (!this.stream.isOperator('}')) {
      if (entries.length > 0) this.stream.expectOperator(',');
      if (this.stream.isOperator('}')) break;
      const key = this.parseExpression();
      this.stream.expectOperator(':');
      entries.push({ key, value: this.parseExpression() });
    }
    this.stream.expectOperator('}');
    return { kind: 'dict', entries, ...this.spanFrom(start) };
  }

  /** `(a, b=c, *list, **mapping)`, in Jinja2's order: positional, `*`, keywords, `**`. */
  protected parseArguments(): CallArguments {
    const { stream } = this;
    stream.expectOperator('(');
    const args: Expression[] = [];
    const kwargs: KeywordArgument[] = [];
    let starArgs: Expression | undefined;
    let starKwargs: Expression | undefined;
    let first = true;
    while (!stream.isOperator(')')) {
      if (!first) {
        stream.expectOperator(',');
        if (stream.isOperator(')')) break;
      }
      first = false;
      const token = stream.current;
      if (stream.skipOperator('*')) {
        if (starArgs !== undefined || starKwargs !== undefined)
          throw syntaxError('a second *list is not allowed here', token);
        starArgs = this.parseExpression();
      } else if (stream.skipOperator('**')) {
        if (starKwargs !== undefined) throw syntaxError('a second **mapping is not allowed', token);
        starKwargs = this.parseExpression();
      } else if (token.type === 'name' && stream.isOperator('=', stream.look())) {
        if (starKwargs !== undefined) throw syntaxError('a keyword argument cannot follow **mapping', token);
        const name = String(stream.next().value);
        stream.next();
        kwargs.push({ name, value: this.parseExpression() });
      } else {
        if (kwargs.length > 0 || starArgs !== undefined || starKwargs !== undefined)
          throw syntaxError('a positional argument cannot follow a keyword argument, *list or **mapping', token);
        args.push(this.parseExpression());
      }
    }
    stream.expectOperator(')');
    return {
      args,
      kwargs,
      ...(starArgs === undefined ? {} : { starArgs }),
      ...(starKwargs === undefined ? {} : { starKwargs }),
    };
  }

  protected nested<T>(parse: () => T): T {
    this.nesting += 1;
    if (this.nesting > MAX_NESTING) {
      throw limitError(`the expression nests more than ${MAX_NESTING} levels deep`, this.stream.current);
    }
    try {
      return parse();
    } finally {
      this.nesting -= 1;
    }
  }

  protected spanFrom(start: number): Span {
    return { offset: start, length: Math.max(this.stream.lastEnd - start, 0) };
  }
}

export function primaryName(name: string, token: Token): Expression {
  const span = { offset: token.offset, length: token.length };
  if (name === 'true' || name === 'True') return { kind: 'literal', value: true, ...span };
  if (name === 'false' || name === 'False') return { kind: 'literal', value: false, ...span };
  if (name === 'none' || name === 'None') return { kind: 'literal', value: null, ...span };
  return { kind: 'name', name, ...span };
}
