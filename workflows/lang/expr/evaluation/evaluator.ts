// Evaluates expressions. `evaluate` refuses undefined values; `evaluateLenient` lets them
// through to the few places that accept them: `default`, `is defined`, attribute chains
// (so `a.b.c | default` works when `a.b` is missing), and the output of `a if c`.

import { FILTERS, TESTS, bindArguments, bindMethod, callMethod, hasMethod } from '../filters/index.js';
import { applyBinary, iterate, lookup, negate, sliceValue } from '../operations/index.js';
import { contains, pyCompare, pyEquals } from '../python/index.js';
import {
  Callable,
  TemplateError,
  Undefined,
  createMapping,
  describeKind,
  isMapping,
  isTruthy,
  mappingEntries,
  ownValue,
  typeError,
  valueError,
  withSpan,
} from '../shared/index.js';
import type { Arguments, Budget, CallContext, KeywordArguments, SourceSpan } from '../shared/index.js';
import type { CallArguments, Expression, Invocation } from '../syntax/index.js';
import { resolveName } from './frame.js';
import type { Environment, Frame } from './frame.js';

export class Evaluator implements CallContext {
  constructor(private readonly environment: Environment) {}

  get budget(): Budget {
    return this.environment.budget;
  }

  get now(): (() => string) | undefined {
    return this.environment.now;
  }

  /** The value of a name, as an expression naming it would have it (an Undefined if none). */
  resolve(name: string, frame: Frame, span?: SourceSpan): unknown {
    return resolveName(name, frame, this.environment, span ?? { offset: 0, length: 0 });
  }

  evaluate(node: Expression, frame: Frame): unknown {
    const value = this.evaluateLenient(node, frame);
    if (value instanceof Undefined) throw value.error();
    return value;
  }

  /** Truthiness of a condition; `a if c` without else counts as false, like Jinja2. */
  test(node: Expression, frame: Frame): boolean {
    const value = this.evaluateLenient(node, frame);
    if (value instanceof Undefined && !value.silent) throw value.error();
    return isTruthy(value, this.budget);
  }

  evaluateLenient(node: Expression, frame: Frame): unknown {
    const { budget } = this;
    budget.step(node);
    budget.enter(node);
    try {
      return this.dispatch(node, frame);
    } catch (error) {
      throw error instanceof TemplateError ? withSpan(error, node) : error;
    } finally {
      budget.leave();
    }
  }

  private dispatch(node: Expression, frame: Frame): unknown {
    switch (node.kind) {
      case 'literal':
        return node.value;
      case 'name':
        return resolveName(node.name, frame, this.environment, node);
      case 'list':
      case 'tuple':
        return node.items.map((item) => this.evaluate(item, frame));
      case 'dict':
        return createMapping(
          node.entries.map((entry) => [this.dictKey(entry.key, frame), this.evaluate(entry.value, frame)]),
        );
      case 'attribute':
      case 'item':
        return this.access(node, frame);
      case 'slice': {
        const bounds = [node.start, node.stop, node.step].map((bound) =>
          bound === null ? null : this.evaluate(bound, frame),
        );
        return sliceValue(this.evaluate(node.object, frame), bounds as [unknown, unknown, unknown], this.budget);
      }
      case 'unary':
        if (node.operator === 'not') return !this.test(node.operand, frame);
        return negate(this.evaluate(node.operand, frame), node.operator);
      case 'binary':
        return applyBinary(
          node.operator,
          this.evaluate(node.left, frame),
          this.evaluate(node.right, frame),
          this.budget,
        );
      case 'logical':
        return this.logical(node, frame);
      case 'compare':
        return this.compare(node, frame);
      case 'conditional':
        if (this.test(node.test, frame)) return this.evaluateLenient(node.then, frame);
        if (node.otherwise !== null) return this.evaluateLenient(node.otherwise, frame);
        return new Undefined('the inline "if" was false and has no "else"', node, true);
      case 'filter':
        return this.filterNode(node, frame);
      case 'test':
        return this.testNode(node, frame);
      case 'call':
        return this.call(node, frame);
    }
  }

  private dictKey(key: Expression, frame: Frame): string {
    const value = this.evaluate(key, frame);
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isInteger(value)) return String(value);
    throw typeError(`mapping keys must be strings, not ${describeKind(value)}`, key);
  }

  private access(node: Extract<Expression, { kind: 'attribute' | 'item' }>, frame: Frame): unknown {
    const object = this.evaluateLenient(node.object, frame);
    if (object instanceof Undefined) {
      if (object.silent) throw object.error();
      return object;
    }
    const key = node.kind === 'attribute' ? node.name : this.evaluate(node.key, frame);
    if (node.kind === 'item' && typeof key === 'number' && isFloatExpression(node.key)) {
      // Python keeps `1.0` and `4 / 2` floats, and a float is never an index or a key.
      return new Undefined(
        `"${describePath(node.object)}" has no item ${formatFloat(key)}: indices are integers`,
        node,
      );
    }
    const value = lookup(object, key, this.budget, () => describePath(node.object), node);
    // `s.upper` without a call is the method itself, as in Jinja2: defined, and callable later.
    if (value instanceof Undefined && node.kind === 'attribute' && hasMethod(object, node.name)) {
      return bindMethod(object, node.name, `${describePath(node.object)}.${node.name}`);
    }
    return value;
  }

  private logical(node: Extract<Expression, { kind: 'logical' }>, frame: Frame): unknown {
    const left = this.evaluateLenient(node.left, frame);
    if (left instanceof Undefined && !left.silent) throw left.error();
    const decided = node.operator === 'and' ? !isTruthy(left, this.budget) : isTruthy(left, this.budget);
    return decided ? left : this.evaluateLenient(node.right, frame);
  }

  private compare(node: Extract<Expression, { kind: 'compare' }>, frame: Frame): boolean {
    let left = this.evaluate(node.first, frame);
    for (const { operator, operand } of node.rest) {
      const right = this.evaluate(operand, frame);
      this.chargeCall(left, [right]);
      if (!compareValues(operator, left, right, this.budget)) return false;
      left = right;
    }
    return true;
  }

  private filterNode(node: Extract<Expression, { kind: 'filter' }>, frame: Frame): unknown {
    const definition = FILTERS.get(node.name);
    if (definition === undefined) throw valueError(`unknown filter "${node.name}"`);
    const value =
      definition.acceptsUndefined === true
        ? this.evaluateLenient(node.operand, frame)
        : this.evaluate(node.operand, frame);
    return this.applyInvocation(node, value, frame);
  }

  /** A filter of a `{% filter %}` block or a block `{% set %}`, applied to `value`. */
  applyInvocation(invocation: Invocation, value: unknown, frame: Frame): unknown {
    const { args, kwargs } = this.arguments(invocation, frame);
    return this.applyFilter(invocation.name, value, args, kwargs);
  }

  private testNode(node: Extract<Expression, { kind: 'test' }>, frame: Frame): boolean {
    const definition = TESTS.get(node.name);
    if (definition === undefined) throw valueError(`unknown test "${node.name}"`);
    const value =
      definition.acceptsUndefined === true
        ? this.evaluateLenient(node.operand, frame)
        : this.evaluate(node.operand, frame);
    const { args, kwargs } = this.arguments(node, frame);
    return this.applyTest(node.name, value, args, kwargs) !== node.negated;
  }

  applyFilter(name: string, value: unknown, args: Arguments, kwargs: KeywordArguments): unknown {
    const definition = FILTERS.get(name);
    if (definition === undefined) throw valueError(`unknown filter "${name}"`);
    if (value instanceof Undefined && definition.acceptsUndefined !== true) throw value.error();
    this.chargeCall(value, args, kwargs);
    const bound =
      definition.params === null ? args : bindArguments(`the filter "${name}"`, definition.params, args, kwargs);
    return definition.apply(value, bound, this, kwargs);
  }

  applyTest(name: string, value: unknown, args: Arguments, kwargs: KeywordArguments): boolean {
    const definition = TESTS.get(name);
    if (definition === undefined) throw valueError(`unknown test "${name}"`);
    if (value instanceof Undefined && definition.acceptsUndefined !== true) throw value.error();
    this.chargeCall(value, args, kwargs);
    return definition.apply(value, bindArguments(`the test "${name}"`, definition.params, args, kwargs), this.budget);
  }

  /**
   * `obj.name(...)` calls a method of a string or mapping, unless the mapping has a data field
   * `name`; anything else is evaluated and must be callable. `extra` adds keyword arguments:
   * the `caller` of a `{% call %}` block.
   */
  call(node: Extract<Expression, { kind: 'call' }>, frame: Frame, extra?: KeywordArguments): unknown {
    const { callee } = node;
    if (callee.kind === 'attribute') {
      const target = this.evaluate(callee.object, frame);
      // A loop's or macro's attributes, and a mapping's own field, are called as values.
      const callsValue =
        target instanceof Callable ||
        (isMapping(target) && !hasMethod(target, callee.name) && ownValue(target, callee.name) !== undefined);
      if (!callsValue) {
        const { args, kwargs } = this.arguments(node, frame, extra);
        this.chargeCall(target, args, kwargs);
        return callMethod(target, callee.name, args, kwargs, this);
      }
    }
    const fn = this.evaluate(callee, frame);
    if (!(fn instanceof Callable)) throw typeError(`"${describePath(callee)}" is ${describeKind(fn)}, not a function`);
    const { args, kwargs } = this.arguments(node, frame, extra);
    this.chargeCall(undefined, args, kwargs);
    return fn.invoke(args, kwargs, this);
  }

  /** Filters, tests and functions pay for the call, and for the size of what they are given. */
  private chargeCall(value: unknown, args: Arguments, kwargs?: KeywordArguments): void {
    this.budget.chargeCalls(1);
    this.budget.chargeValue(value);
    for (const arg of args) this.budget.chargeValue(arg);
    for (const arg of kwargs?.values() ?? []) this.budget.chargeValue(arg);
  }

  private arguments(
    node: CallArguments,
    frame: Frame,
    extra?: KeywordArguments,
  ): { args: unknown[]; kwargs: Map<string, unknown> } {
    const keywordValues = new Map<string, unknown>();
    const addKeyword = (name: string, value: unknown, span?: Expression): void => {
      if (keywordValues.has(name)) throw typeError(`the argument "${name}" is given twice`, span);
      keywordValues.set(name, value);
    };
    for (const keyword of node.kwargs) addKeyword(keyword.name, this.evaluate(keyword.value, frame), keyword.value);
    const args = node.args.map((arg) => this.evaluate(arg, frame));
    if (node.starArgs !== undefined) {
      args.push(...iterate(this.evaluate(node.starArgs, frame), this.budget, 'the value after *'));
    }
    if (node.starKwargs !== undefined) {
      const mapping = this.evaluate(node.starKwargs, frame);
      if (!isMapping(mapping)) throw typeError(`the value after ** must be a mapping, not ${describeKind(mapping)}`);
      for (const [name, value] of mappingEntries(mapping, this.budget)) addKeyword(name, value, node.starKwargs);
    }
    for (const [name, value] of extra ?? []) addKeyword(name, value);
    return { args, kwargs: keywordValues };
  }
}

function compareValues(operator: string, left: unknown, right: unknown, budget: Budget): boolean {
  switch (operator) {
    case '==':
      return pyEquals(left, right, budget);
    case '!=':
      return !pyEquals(left, right, budget);
    case 'in':
      return contains(right, left, budget);
    case 'not in':
      return !contains(right, left, budget);
    default: {
      const order = pyCompare(left, right, budget, operator);
      if (operator === '<') return order < 0;
      if (operator === '<=') return order <= 0;
      if (operator === '>') return order > 0;
      return order >= 0;
    }
  }
}

/** Whether Python would compute a float here: a float literal, `/`, arithmetic on a float, `float`, `round`. */
function isFloatExpression(node: Expression): boolean {
  switch (node.kind) {
    case 'literal':
      return node.float === true;
    case 'unary':
      return node.operator !== 'not' && isFloatExpression(node.operand);
    case 'binary':
      if (node.operator === '/') return true;
      return node.operator !== '~' && (isFloatExpression(node.left) || isFloatExpression(node.right));
    case 'filter':
      return node.name === 'float' || node.name === 'round';
    default:
      return false;
  }
}

function formatFloat(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

/** `read_back.result`, `steps['web-search']`: how an expression is named in messages. */
function describePath(node: Expression): string {
  if (node.kind === 'name') return node.name;
  if (node.kind === 'attribute') return `${describePath(node.object)}.${node.name}`;
  if (node.kind === 'item' && node.key.kind === 'literal') {
    const key = typeof node.key.value === 'string' ? `'${node.key.value}'` : String(node.key.value);
    return `${describePath(node.object)}[${key}]`;
  }
  if (node.kind === 'literal') return JSON.stringify(node.value);
  return 'the value';
}
