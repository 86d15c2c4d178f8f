// The test registry (`x is defined`, `n is divisibleby 3`): every test a template may use.

import { chargeCaseMapping, contains, hasOnlyCase, pyCompare, pyEquals, toText } from '../python/index.js';
import { Callable, Undefined, isMapping, typeError } from '../shared/index.js';
import type { Budget } from '../shared/index.js';
import { REQUIRED, expectNumber } from './filter-support.js';
import type { Parameter } from './filter-support.js';

export interface TestDefinition {
  readonly params: readonly Parameter[];
  /** Only `defined` and `undefined` may look at an undefined value. */
  readonly acceptsUndefined?: boolean;
  apply(value: unknown, args: readonly unknown[], budget: Budget): boolean;
}

function test(params: readonly Parameter[], apply: TestDefinition['apply']): TestDefinition {
  return { params, apply };
}

function modulo(value: unknown, divisor: number, what: string): number {
  const number = expectNumber(value, `the value tested with ${what}`);
  if (divisor === 0) throw typeError(`${what}: division by zero`);
  const remainder = number % divisor;
  return remainder !== 0 && remainder < 0 !== divisor < 0 ? remainder + divisor : remainder;
}

function comparison(check: (order: number) => boolean, operator: string): TestDefinition {
  return test([['other', REQUIRED]], (value, [other], budget) => check(pyCompare(value, other, budget, operator)));
}

/** The text of `value`, paid for mapping its case both ways. */
function caseMapped(value: unknown, budget: Budget): string {
  const text = toText(value, budget);
  chargeCaseMapping(text, budget);
  chargeCaseMapping(text, budget);
  return text;
}

const isSequence = (value: unknown): boolean => typeof value === 'string' || Array.isArray(value) || isMapping(value);
const equal = test([['other', REQUIRED]], (value, [other], budget) => pyEquals(value, other, budget));
const notEqual = test([['other', REQUIRED]], (value, [other], budget) => !pyEquals(value, other, budget));
const greater = comparison((order) => order > 0, '>');
const greaterOrEqual = comparison((order) => order >= 0, '>=');
const less = comparison((order) => order < 0, '<');
const lessOrEqual = comparison((order) => order <= 0, '<=');

const DEFINITIONS: Readonly<Record<string, TestDefinition>> = {
  defined: { params: [], acceptsUndefined: true, apply: (value) => !(value instanceof Undefined) },
  undefined: { params: [], acceptsUndefined: true, apply: (value) => value instanceof Undefined },
  none: test([], (value) => value === null),
  string: test([], (value) => typeof value === 'string'),
  number: test([], (value) => typeof value === 'number' || typeof value === 'boolean'),
  integer: test([], (value) => typeof value === 'number' && Number.isInteger(value)),
  float: test([], (value) => typeof value === 'number' && !Number.isInteger(value)),
  boolean: test([], (value) => typeof value === 'boolean'),
  true: test([], (value) => value === true),
  false: test([], (value) => value === false),
  mapping: test([], (value) => isMapping(value)),
  sequence: test([], isSequence),
  iterable: test([], isSequence),
  odd: test([], (value) => modulo(value, 2, 'odd') === 1),
  even: test([], (value) => modulo(value, 2, 'even') === 0),
  divisibleby: test(
    [['num', REQUIRED]],
    (value, [divisor]) => modulo(value, expectNumber(divisor, 'divisibleby'), 'divisibleby') === 0,
  ),
  eq: equal,
  equalto: equal,
  '==': equal,
  ne: notEqual,
  '!=': notEqual,
  gt: greater,
  greaterthan: greater,
  '>': greater,
  ge: greaterOrEqual,
  '>=': greaterOrEqual,
  lt: less,
  lessthan: less,
  '<': less,
  le: lessOrEqual,
  '<=': lessOrEqual,
  in: test([['seq', REQUIRED]], (value, [container], budget) => contains(container, value, budget)),
  // What a template can call: a global, a macro, a bound method (`s.upper`), a loop.
  callable: test([], (value) => value instanceof Callable),
  sameas: test([['other', REQUIRED]], (value, [other]) => value === other),
  lower: test([], (value, _, budget) => hasOnlyCase(caseMapped(value, budget), true)),
  upper: test([], (value, _, budget) => hasOnlyCase(caseMapped(value, budget), false)),
};

export const TESTS: ReadonlyMap<string, TestDefinition> = new Map(Object.entries(DEFINITIONS));
