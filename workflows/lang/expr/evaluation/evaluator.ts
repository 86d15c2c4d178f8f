// Evaluates expressions. `evaluate` refuses undefined values; `evaluateLenient` lets them
// through to the few places that accept them: `default`, `is defined`, attribute chains
// (so `a.b.c | default` works when `a.b` is missing), and the output of `a if c`.

import { FILTERS, TESTS, bindArguments, callMethod, hasMethod } from '../filters/index.js';
import { applyBinary, lookup, negate, sliceValue } from '../operations/index.js';
import { contains, pyCompare, pyEquals } from '../python/index.js';
import {
  Callable,
  TemplateError,
  Undefined,
  createMapping,
  describeKind,
  isMapping,
  isTruthy,
  ownValue,
  typeError,
  valueError,
  withSpan,
} from '../shared/index.js';
import type { Arguments, Budget, CallContext, KeywordArguments } from '../shared/index.js';
import type { Expression, KeywordArgument } from '../syntax/index.js';
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
    return lookup(object, key, this.budget, () => describePath(node.object), node);
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
    const { args, kwargs } = this.arguments(node.args, node.kwargs, frame);
    return this.applyFilter(node.name, value, args, kwargs);
  }

  private testNode(node: Extract<Expression, { kind: 'test' }>, frame: Frame): boolean {
    const definition = TESTS.get(node.name);
    if (definition === undefined) throw valueError(`unknown test "${node.name}"`);
    const value =
      definition.acceptsUndefined === true
        ? this.evaluateLenient(node.operand, frame)
        : this.evaluate(node.operand, frame);
    const { args, kwargs } = this.arguments(node.args, node.kwargs, frame);
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

  /** `obj.name(...)` calls a method, unless `obj` is a mapping whose data field `name` is a function. */
  private call(node: Extract<Expression, { kind: 'call' }>, frame: Frame): unknown {
    const { callee } = node;
    if (callee.kind === 'attribute') {
      const target = this.evaluate(callee.object, frame);
      if (!isMapping(target) || hasMethod(target, callee.name) || ownValue(target, callee.name) === undefined) {
        const { args, kwargs } = this.arguments(node.args, node.kwargs, frame);
        this.chargeCall(target, args, kwargs);
        return callMethod(target, callee.name, args, kwargs, this);
      }
    }
    const fn = this.evaluate(callee, frame);
    if (!(fn instanceof Callable)) throw typeError(`"${describePath(callee)}" is ${describeKind(fn)}, not a function`);
    const { args, kwargs } = this.arguments(node.args, node.kwargs, frame);
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
    args: readonly Expression[],
    kwargs: readonly KeywordArgument[],
    frame: Frame,
  ): { args: unknown[]; kwargs: Map<string, unknown> } {
    const keywordValues = new Map<string, unknown>();
    for (const keyword of kwargs) {
      if (keywordValues.has(keyword.name))
        throw typeError(`the argument "${keyword.name}" is given twice`, keyword.value);
      keywordValues.set(keyword.name, this.evaluate(keyword.value, frame));
    }
    return { args: args.map((arg) => this.evaluate(arg, frame)), kwargs: keywordValues };
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
