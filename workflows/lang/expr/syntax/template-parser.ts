// Builds the statement tree from the lexer's segments: output, if/elif/else, for (with
// `if` filter and `else`), set and block set.

import { MAX_NESTING, limitError, syntaxError } from '../shared/index.js';
import type { AssignTarget, Expression, IfBranch, Span, Statement, Template } from './ast.js';
import { ExpressionParser } from './expression-parser.js';
import type { TupleOptions } from './expression-parser.js';
import { lexTemplate } from './template-lexer.js';
import type { Segment } from './template-lexer.js';
import { TokenStream } from './token-stream.js';

const STATEMENT_TAGS = ['if', 'for', 'set', 'raw'];
const RESERVED_TARGETS = new Set(['true', 'false', 'none', 'True', 'False', 'None']);

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
    if (tag === 'if') return this.nestedBlock('if', segment, () => this.parseIf(stream, segment));
    if (tag === 'for') return this.nestedBlock('for', segment, () => this.parseFor(stream, segment));
    if (tag === 'set') return this.nestedBlock('set', segment, () => this.parseSet(stream, segment));
    if (tag.startsWith('end') || tag === 'elif' || tag === 'else') {
      throw syntaxError(`unexpected '{% ${tag} %}': no open block expects it here`, tagToken);
    }
    throw syntaxError(`unknown tag '${tag}'; the tags are ${STATEMENT_TAGS.join(', ')}`, tagToken);
  }

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
    const target = parseTarget(stream, ['in']);
    if (!stream.skipName('in')) throw stream.unexpected("'in'");
    const iterable = this.expression(stream, { withConditional: false, endNames: ['recursive'] });
    const filter = stream.skipName('if') ? new ExpressionParser(stream).parseExpressionChecked() : null;
    if (stream.isName('recursive')) throw syntaxError('recursive loops are not supported', stream.current);
    stream.expectEnd();
    const { body, end } = this.parseBody(['endfor', 'else']);
    if (end === null) throw new Error('parseBody returns an end tag while a block is open');
    end.stream.expectEnd();
    const otherwise = end.tag === 'else' ? this.closeBlock('endfor') : null;
    const span = spanBetween(segment, otherwise === null ? end.segment : this.previous());
    return { kind: 'for', target, iterable, filter, body, otherwise, ...span };
  }

  private parseSet(stream: TokenStream, segment: Segment): Statement {
    const target = parseTarget(stream, []);
    if (stream.skipOperator('=')) {
      const value = this.expression(stream, {});
      stream.expectEnd();
      return { kind: 'set', target, value, offset: segment.offset, length: segment.length };
    }
    stream.expectEnd();
    const [name] = target.names;
    if (target.unpack || name === undefined) throw syntaxError('a block {% set %} assigns exactly one name', segment);
    const body = this.closeBlock('endset');
    return { kind: 'set-block', name, body, ...spanBetween(segment, this.previous()) };
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

/** `x`, `k, v` or `(k, v)`: the names a `for` or `set` binds. */
function parseTarget(stream: TokenStream, endNames: readonly string[]): AssignTarget {
  const parenthesized = stream.skipOperator('(');
  const names: string[] = [];
  let sawComma = false;
  for (;;) {
    const token = stream.expectName('a variable name');
    if (RESERVED_TARGETS.has(token.value)) throw syntaxError(`cannot assign to '${token.value}'`, token);
    names.push(token.value);
    if (!stream.skipOperator(',')) break;
    sawComma = true;
    if (endNames.some((name) => stream.isName(name)) || stream.isOperator('=') || stream.isOperator(')')) break;
  }
  if (parenthesized) stream.expectOperator(')');
  return { names, unpack: parenthesized || sawComma };
}

function spanBetween(first: Span, last: Span): Span {
  return { offset: first.offset, length: last.offset + last.length - first.offset };
}

export function parseTemplateSource(source: string): Template {
  const segments = lexTemplate(source);
  const body = new TemplateParser(segments).parseTemplate();
  return { kind: 'template', version: 1, body, sourceLength: source.length };
}
