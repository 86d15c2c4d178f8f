// Recursive descent over Jinja2's expression grammar, with its precedence: conditional,
// or, and, not, comparisons, + -, ~, * / // %, ** (left-associative, as in Jinja2), unary
// minus, then postfix access and, binding looser than unary minus, filters and tests.

import { FILTERS, TESTS } from '../filters/index.js';
import { didYouMean, syntaxError } from '../shared/index.js';
import { checkExpressionDepth } from './ast-walk.js';
import type { CallArguments, CompareOperator, Expression, Invocation } from './ast.js';
import type { Token } from './expression-lexer.js';
import { ExpressionParserBase, primaryName } from './expression-parser-base.js';

const COMPARE_OPERATORS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const TEST_ARGUMENT_STARTS = new Set(['name', 'string', 'integer', 'float']);

export interface TupleOptions {
  readonly withConditional?: boolean;
  readonly explicitParentheses?: boolean;
  /** Names that end the expression, such as `in` after a `for` target. */
  readonly endNames?: readonly string[];
}

export class ExpressionParser extends ExpressionParserBase {
  /** An expression, or a tuple of them (`{{ a, b }}`), checked for depth. */
  parseTopLevel(options: TupleOptions = {}): Expression {
    const expression = this.parseTuple(options);
    checkExpressionDepth(expression);
    return expression;
  }

  parseExpressionChecked(): Expression {
    const expression = this.parseExpression();
    checkExpressionDepth(expression);
    return expression;
  }

  parseTuple(options: TupleOptions = {}): Expression {
    const start = this.stream.current.offset;
    const parse = (): Expression => (options.withConditional === false ? this.parseOr() : this.parseExpression());
    const items: Expression[] = [];
    let isTuple = false;
    for (;;) {
      if (items.length > 0) this.stream.expectOperator(',');
      if (this.isTupleEnd(options.endNames ?? [])) break;
      items.push(parse());
      if (!this.stream.isOperator(',')) break;
      isTuple = true;
    }
    if (!isTuple) {
      const [only] = items;
      if (only !== undefined) return only;
      if (options.explicitParentheses !== true) throw this.stream.unexpected('an expression');
    }
    return { kind: 'tuple', items, ...this.spanFrom(start) };
  }

  parseExpression(): Expression {
    return this.parseConditional();
  }

  private isTupleEnd(endNames: readonly string[]): boolean {
    const { stream } = this;
    if (stream.isEnd() || stream.isOperator(')')) return true;
    return endNames.some((name) => stream.isName(name));
  }

  private parseConditional(): Expression {
    const start = this.stream.current.offset;
    let expression = this.parseOr();
    while (this.stream.skipName('if')) {
      const test = this.parseOr();
      const otherwise = this.stream.skipName('else') ? this.nested(() => this.parseConditional()) : null;
      expression = { kind: 'conditional', test, then: expression, otherwise, ...this.spanFrom(start) };
    }
    return expression;
  }

  private parseOr(): Expression {
    return this.parseLogical('or', () => this.parseAnd());
  }

  private parseAnd(): Expression {
    return this.parseLogical('and', () => this.parseNot());
  }

  private parseLogical(operator: 'and' | 'or', parseOperand: () => Expression): Expression {
    const start = this.stream.current.offset;
    let left = parseOperand();
    while (this.stream.skipName(operator)) {
      const right = parseOperand();
      left = { kind: 'logical', operator, left, right, ...this.spanFrom(start) };
    }
    return left;
  }

  private parseNot(): Expression {
    const start = this.stream.current.offset;
    if (!this.stream.isName('not')) return this.parseCompare();
    this.stream.next();
    const operand = this.nested(() => this.parseNot());
    return { kind: 'unary', operator: 'not', operand, ...this.spanFrom(start) };
  }

  private parseCompare(): Expression {
    const { stream } = this;
    const start = stream.current.offset;
    const first = this.parseAdditive();
    const rest: { operator: CompareOperator; operand: Expression }[] = [];
    for (;;) {
      const token = stream.current;
      let operator: CompareOperator;
      if (token.type === 'operator' && COMPARE_OPERATORS.has(String(token.value))) {
        operator = token.value as CompareOperator;
        stream.next();
      } else if (stream.isName('in')) {
        operator = 'in';
        stream.next();
      } else if (stream.isName('not') && stream.isName('in', stream.look())) {
        operator = 'not in';
        stream.next();
        stream.next();
      } else {
        break;
      }
      rest.push({ operator, operand: this.parseAdditive() });
    }
    if (rest.length === 0) return first;
    return { kind: 'compare', first, rest, ...this.spanFrom(start) };
  }

  private parseAdditive(): Expression {
    return this.parseBinary(['+', '-'], () => this.parseConcat());
  }

  private parseConcat(): Expression {
    return this.parseBinary(['~'], () => this.parseMultiplicative());
  }

  private parseMultiplicative(): Expression {
    return this.parseBinary(['*', '/', '//', '%'], () => this.parsePower());
  }

  private parsePower(): Expression {
    return this.parseBinary(['**'], () => this.parseUnary(true));
  }

  private parseBinary(operators: readonly string[], parseOperand: () => Expression): Expression {
    const start = this.stream.current.offset;
    let left = parseOperand();
    for (;;) {
      const token = this.stream.current;
      if (token.type !== 'operator' || !operators.includes(String(token.value))) return left;
      this.stream.next();
      const right = parseOperand();
      const operator = token.value as '+';
      left = { kind: 'binary', operator, left, right, ...this.spanFrom(start) };
    }
  }

  private parseUnary(withFilters: boolean): Expression {
    const { stream } = this;
    const start = stream.current.offset;
    let node: Expression;
    if (stream.isOperator('-') || stream.isOperator('+')) {
      const operator = stream.next().value as '-' | '+';
      const operand = this.nested(() => this.parseUnary(false));
      node = { kind: 'unary', operator, operand, ...this.spanFrom(start) };
    } else {
      node = this.parsePrimary();
    }
    node = this.parsePostfix(node, start);
    return withFilters ? this.parseFilterChain(node, start) : node;
  }

  private parsePrimary(): Expression {
    const { stream } = this;
    const token = stream.current;
    const start = token.offset;
    if (token.type === 'name') {
      stream.next();
      return primaryName(String(token.value), token);
    }
    if (token.type === 'string') {
      let value = '';
      while (stream.current.type === 'string') value += String(stream.next().value);
      return { kind: 'literal', value, ...this.spanFrom(start) };
    }
    if (token.type === 'integer' || token.type === 'float') {
      stream.next();
      const float = token.type === 'float' ? { float: true } : {};
      return { kind: 'literal', value: token.value as number, ...float, offset: start, length: token.length };
    }
    if (stream.isOperator('(')) {
      return this.nested(() => {
        stream.next();
        const inner = this.parseTuple({ explicitParentheses: true });
        stream.expectOperator(')');
        return inner;
      });
    }
    if (stream.isOperator('[')) return this.nested(() => this.parseList());
    if (stream.isOperator('{')) return this.nested(() => this.parseDict());
    throw syntaxError(`unexpected ${stream.describe(token)}`, {
      offset: token.offset,
      length: Math.max(token.length, 1),
    });
  }

  private parsePostfix(node: Expression, start: number): Expression {
    let result = node;
    for (;;) {
      if (this.stream.isOperator('.') || this.stream.isOperator('[')) result = this.parseSubscript(result, start);
      else if (this.stream.isOperator('(')) result = this.parseCall(result, start);
      else return result;
    }
  }

  private parseFilterChain(node: Expression, start: number): Expression {
    let result = node;
    for (;;) {
      if (this.stream.isOperator('|')) result = this.parseFilter(result, start);
      else if (this.stream.isName('is')) result = this.parseTest(result, start);
      else if (this.stream.isOperator('(')) result = this.parseCall(result, start);
      else return result;
    }
  }

  private parseSubscript(object: Expression, start: number): Expression {
    const { stream } = this;
    if (stream.skipOperator('.')) {
      const token = stream.next();
      if (token.type === 'name')
        return { kind: 'attribute', object, name: String(token.value), ...this.spanFrom(start) };
      if (token.type !== 'integer') {
        throw syntaxError(`expected a name or a number after '.', got ${stream.describe(token)}`, token);
      }
      const key: Expression = { kind: 'literal', value: token.value, offset: token.offset, length: token.length };
      return { kind: 'item', object, key, ...this.spanFrom(start) };
    }
    stream.expectOperator('[');
    const subscript = this.nested(() => this.parseSubscribed());
    stream.expectOperator(']');
    if ('slice' in subscript) return { kind: 'slice', object, ...subscript.slice, ...this.spanFrom(start) };
    return { kind: 'item', object, key: subscript.key, ...this.spanFrom(start) };
  }

  private parseSubscribed():
    { key: Expression } | { slice: { start: Expression | null; stop: Expression | null; step: Expression | null } } {
    const { stream } = this;
    const boundary = (): boolean => stream.isOperator(']') || stream.isOperator(',') || stream.isOperator(':');
    const first = stream.isOperator(':') ? null : this.parseExpression();
    if (!stream.skipOperator(':')) {
      if (first === null) throw stream.unexpected('an expression');
      return { key: first };
    }
    const stop = boundary() ? null : this.parseExpression();
    let step: Expression | null = null;
    if (stream.skipOperator(':') && !boundary()) step = this.parseExpression();
    return { slice: { start: first, stop, step } };
  }

  private parseCall(callee: Expression, start: number): Expression {
    const callArguments = this.nested(() => this.parseArguments());
    return { kind: 'call', callee, ...callArguments, ...this.spanFrom(start) };
  }

  private parseFilter(operand: Expression, start: number): Expression {
    this.stream.expectOperator('|');
    return { kind: 'filter', operand, ...this.parseFilterInvocation(), ...this.spanFrom(start) };
  }

  /** `name` or `name(arguments)`: one filter, its name checked against the registry. */
  parseFilterInvocation(): Invocation {
    const { stream } = this;
    const nameToken = stream.expectName('a filter name');
    const name = nameToken.value;
    if (!FILTERS.has(name)) {
      throw syntaxError(`unknown filter '${name}'${didYouMean(name, FILTERS.keys())}`, nameToken);
    }
    const callArguments = stream.isOperator('(') ? this.nested(() => this.parseArguments()) : { args: [], kwargs: [] };
    return { name, nameOffset: nameToken.offset, ...callArguments };
  }

  /** `upper | replace('a', 'b')` of `{% filter %}` (`leadingBar` false) or `| trim` of a block `{% set %}`. */
  parseFilterSequence(leadingBar: boolean): Invocation[] {
    const filters: Invocation[] = [];
    if (!leadingBar) filters.push(this.parseFilterInvocation());
    while (this.stream.skipOperator('|')) filters.push(this.parseFilterInvocation());
    return filters;
  }

  private parseTest(operand: Expression, start: number): Expression {
    const { stream } = this;
    stream.next();
    const negated = stream.skipName('not');
    const nameToken = stream.expectName('a test name');
    const name = nameToken.value;
    if (!TESTS.has(name)) throw syntaxError(`unknown test '${name}'${didYouMean(name, TESTS.keys())}`, nameToken);
    let callArguments: CallArguments = { args: [], kwargs: [] };
    if (stream.isOperator('(')) {
      callArguments = this.nested(() => this.parseArguments());
    } else if (this.startsTestArgument(stream.current)) {
      if (stream.isName('is')) throw syntaxError('tests cannot be chained with a second "is"', stream.current);
      const argumentStart = stream.current.offset;
      callArguments = { args: [this.parsePostfix(this.parsePrimary(), argumentStart)], kwargs: [] };
    }
    return {
      kind: 'test',
      operand,
      negated,
      name,
      nameOffset: nameToken.offset,
      ...callArguments,
      ...this.spanFrom(start),
    };
  }

  /** Jinja2 takes one argument without parentheses: `n is divisibleby 3`. */
  private startsTestArgument(token: Token): boolean {
    if (token.type === 'operator') return token.value === '[' || token.value === '{';
    if (!TEST_ARGUMENT_STARTS.has(token.type)) return false;
    return !(token.type === 'name' && (token.value === 'else' || token.value === 'or' || token.value === 'and'));
  }
}
