// Builds the statement tree from the lexer's segments: output, if/elif/else, for (with
// `if` filter, `recursive` and `else`), set (also of a namespace's attribute, and block set
// with filters), with, macro, call and filter blocks.

import { MAX_NESTING, limitError, syntaxError } from '../shared/index.js';
import type { Binding, Expression, IfBranch, Span, Statement, Template } from './ast.js';
import { ExpressionParser } from './expression-parser.js';
import type { TupleOptions } from './expression-parser.js';
import { macroSignature, parseParameters, parseSetTarget, parseTarget } from './targets.js';
import { lexTemplate } from './template-lexer.js';
import type { Segment } from './template-lexer.js';
import { TokenStream } from './token-stream.js';

const STATEMENT_TAGS = ['if', 'for', 'set', 'with', 'macro', 'call', 'filter', 'raw'];

interface OpenBlock {
  readonly tag: string;
  readonly span: Span;
}

interface BodyEnd {
  readonly tag: string;
  readonly stream: TokenStream;
  readonly segment: Segment;
}

class TemplateParser {
  private index = 0;
  private readonly open: OpenBlock[] = [];

  constructor(private readonly segments: readonly Segment[]) {}

  parseTemplate(): Statement[] {
    const { body } = this.parseBody([]);
    return body;
  }

  /** Statements up to one of `endTags` (whose stream is left just after the tag name). */
  private parseBody(endTags: readonly string[]): { body: Statement[]; end: BodyEnd | null } {
    const body: Statement[] = [];
    for (let segment = this.segments[this.index]; segment !== undefined; segment = this.segments[this.index]) {
      this.index += 1;
      if (segment.kind === 'text') {
        body.push({ kind: 'text', text: segment.text, offset: segment.offset, length: segment.length });
        continue;
      }
      const stream = new TokenStream(
        segment.tokens,
        segment.kind === 'variable' ? 'end of print statement' : 'end of statement block',
      );
      if (segment.kind === 'variable') {
        const expression = new ExpressionParser(stream).parseTopLevel();
        stream.expectEnd();
        body.push({ kind: 'output', expression, offset: segment.offset, length: segment.length });
        continue;
      }
      const tagToken = stream.expectName('a tag name');
      if (endTags.includes(tagToken.value)) return { body, end: { tag: tagToken.value, stream, segment } };
      body.push(this.parseStatement(tagToken.value, stream, segment, tagToken));
    }
    const innermost = this.open[this.open.length - 1];
    if (innermost !== undefined) {
      const expected = endTags.map((tag) => `'{% ${tag} %}'`).join(' or ');
      throw syntaxError(
        `the '{% ${innermost.tag} %}' is never closed: the template ends before ${expected}`,
        innermost.span,
      );
    }
    return { body, end: null };
  }

  private parseStatement(tag: string, stream: TokenStream, segment: Segment, tagToken: Span): Statement {
    const parse = this.statementParsers[tag];
    if (parse !== undefined) return this.nestedBlock(tag, segment, () => parse(stream, segment));
    if (tag.startsWith('end') || tag === 'elif' || tag === 'else') {
      throw syntaxError(`unexpected '{% ${tag} %}': no open block expects it here`, tagToken);
    }
    throw syntaxError(`unknown tag '${tag}'; the tags are ${STATEMENT_TAGS.join(', ')}`, tagToken);
  }

  private readonly statementParsers: Readonly<Record<string, (stream: TokenStream, segment: Segment) => Statement>> = {
    if: (stream, segment) => this.parseIf(stream, segment),
    for: (stream, segment) => this.parseFor(stream, segment),
    set: (stream, segment) => this.parseSet(stream, segment),
    with: (stream, segment) => this.parseWith(stream, segment),
    macro: (stream, segment) => this.parseMacro(stream, segment),
    call: (stream, segment) => this.parseCallBlock(stream, segment),
    filter: (stream, segment) => this.parseFilterBlock(stream, segment),
  };

  private parseIf(stream: TokenStream, segment: Segment): Statement {
    const branches: IfBranch[] = [];
    let test = this.condition(stream);
    for (;;) {
      const { body, end } = this.parseBody(['elif', 'else', 'endif']);
      branches.push({ test, body });
      if (end === null) throw new Error('parseBody returns an end tag while a block is open');
      if (end.tag === 'elif') {
        test = this.condition(end.stream);
        continue;
      }
      end.stream.expectEnd();
      const otherwise = end.tag === 'else' ? this.closeBlock('endif') : null;
      return {
        kind: 'if',
        branches,
        otherwise,
        ...spanBetween(segment, otherwise === null ? end.segment : this.previous()),
      };
    }
  }

  private condition(stream: TokenStream): Expression {
    const test = this.expression(stream, { withConditional: false });
    stream.expectEnd();
    return test;
  }

  private parseFor(stream: TokenStream, segment: Segment): Statement {
    const targetStart = stream.current;
    const target = parseTarget(stream, ['in']);
    if (target.names.includes('loop')) {
      throw syntaxError(
        "cannot assign to the special loop variable 'loop' in a for-loop target (Jinja2 refuses it too): choose another name",
        { offset: targetStart.offset, length: Math.max(stream.lastEnd - targetStart.offset, 1) },
      );
    }
    if (!stream.skipName('in')) throw stream.unexpected("'in'");
    const iterable = this.expression(stream, { withConditional: false, endNames: ['recursive'] });
    const filter = stream.skipName('if') ? new ExpressionParser(stream).parseExpressionChecked() : null;
    const recursive = stream.skipName('recursive');
    stream.expectEnd();
    const { body, end } = this.parseBody(['endfor', 'else']);
    if (end === null) throw new Error('parseBody returns an end tag while a block is open');
    end.stream.expectEnd();
    const otherwise = end.tag === 'else' ? this.closeBlock('endfor') : null;
    const span = spanBetween(segment, otherwise === null ? end.segment : this.previous());
    return { kind: 'for', target, iterable, filter, recursive, body, otherwise, ...span };
  }

  private parseSet(stream: TokenStream, segment: Segment): Statement {
    const target = parseSetTarget(stream);
    if (stream.skipOperator('=')) {
      const value = this.expression(stream, {});
      stream.expectEnd();
      return { kind: 'set', target, value, offset: segment.offset, length: segment.length };
    }
    const filters = stream.isOperator('|') ? new ExpressionParser(stream).parseFilterSequence(true) : [];
    stream.expectEnd();
    if (target.unpack) throw syntaxError('a block {% set %} assigns exactly one name', segment);
    const body = this.closeBlock('endset');
    return { kind: 'set-block', target, filters, body, ...spanBetween(segment, this.previous()) };
  }

  /** `{% with a = 1, b = a %}`: names for the body only, their values taken from outside. */
  private parseWith(stream: TokenStream, segment: Segment): Statement {
    const bindings: Binding[] = [];
    while (!stream.isEnd()) {
      if (bindings.length > 0) stream.expectOperator(',');
      const target = parseTarget(stream, []);
      stream.expectOperator('=');
      bindings.push({ target, value: new ExpressionParser(stream).parseExpressionChecked() });
    }
    const body = this.closeBlock('endwith');
    return { kind: 'with', bindings, body, ...spanBetween(segment, this.previous()) };
  }

  private parseMacro(stream: TokenStream, segment: Segment): Statement {
    const nameToken = stream.expectName('the macro name');
    if (stream.isEnd()) throw stream.unexpected("'(' and the macro's parameters, as in {% macro greet(name) %}");
    const params = parseParameters(stream, () => new ExpressionParser(stream).parseExpressionChecked());
    stream.expectEnd();
    const body = this.closeBlock('endmacro');
    const signature = macroSignature(params, body);
    return { kind: 'macro', name: nameToken.value, signature, body, ...spanBetween(segment, this.previous()) };
  }

  /** `{% call(user) list_users(users) %}…{% endcall %}`: the body is the macro's `caller`. */
  private parseCallBlock(stream: TokenStream, segment: Segment): Statement {
    const params = stream.isOperator('(')
      ? parseParameters(stream, () => new ExpressionParser(stream).parseExpressionChecked())
      : [];
    const callStart = stream.current;
    const call = this.expression(stream, {});
    if (call.kind !== 'call') {
      throw syntaxError('{% call %} needs a macro call, as in {% call list_users(users) %}', {
        offset: callStart.offset,
        length: Math.max(stream.lastEnd - callStart.offset, 1),
      });
    }
    stream.expectEnd();
    const body = this.closeBlock('endcall');
    const signature = macroSignature(params, body);
    return { kind: 'call-block', call, signature, body, ...spanBetween(segment, this.previous()) };
  }

  /** `{% filter upper | replace('A', 'a') %}…{% endfilter %}`: the filters apply to the body's text. */
  private parseFilterBlock(stream: TokenStream, segment: Segment): Statement {
    const filters = new ExpressionParser(stream).parseFilterSequence(false);
    stream.expectEnd();
    const body = this.closeBlock('endfilter');
    return { kind: 'filter-block', filters, body, ...spanBetween(segment, this.previous()) };
  }

  /** The body up to `{% endTag %}`. */
  private closeBlock(endTag: string): Statement[] {
    const { body, end } = this.parseBody([endTag]);
    if (end === null) throw new Error('parseBody returns an end tag while a block is open');
    end.stream.expectEnd();
    return body;
  }

  private expression(stream: TokenStream, options: TupleOptions): Expression {
    return new ExpressionParser(stream).parseTopLevel(options);
  }

  private nestedBlock(tag: string, segment: Segment, parse: () => Statement): Statement {
    if (this.open.length >= MAX_NESTING) {
      throw limitError(`blocks nest more than ${MAX_NESTING} levels deep`, segment);
    }
    this.open.push({ tag, span: { offset: segment.offset, length: segment.length } });
    try {
      return parse();
    } finally {
      this.open.pop();
    }
  }

  private previous(): Segment {
    const segment = this.segments[this.index - 1];
    if (segment === undefined) throw new Error('no segment was consumed');
    return segment;
  }
}

function spanBetween(first: Span, last: Span): Span {
  return { offset: first.offset, length: last.offset + last.length - first.offset };
}

export function parseTemplateSource(source: string): Template {
  const segments = lexTemplate(source);
  const body = new TemplateParser(segments).parseTemplate();
  return { kind: 'template', version: 1, body, sourceLength: source.length };
}
