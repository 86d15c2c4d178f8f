// The values a template handles: JSON data (null, booleans, numbers, strings, arrays,
// plain objects), the sentinel for "undefined", and the engine's own callables. Nothing
// else is ever looked into or called.

import type { Budget } from './limits.js';
import { TemplateError } from './template-error.js';
import type { SourceSpan } from './template-error.js';
import { textStandIn } from './text-stand-in.js';

/** What a missing name or field evaluates to, carrying the message to raise on use. */
export class Undefined {
  private text: string | (() => string);

  constructor(
    /** A function when the message costs work (a "did you mean"): most undefined values are never raised. */
    message: string | (() => string),
    readonly span?: SourceSpan,
    /** `a if c` with no `else`: renders as nothing, as in Jinja2, instead of failing. */
    readonly silent = false,
  ) {
    this.text = message;
  }

  get message(): string {
    if (typeof this.text === 'function') this.text = this.text();
    return this.text;
  }

  error(): TemplateError {
    return new TemplateError('undefined', this.message, this.span);
  }
}

export type Arguments = readonly unknown[];
export type KeywordArguments = ReadonlyMap<string, unknown>;

export interface CallContext {
  readonly budget: Budget;
  readonly now: (() => string) | undefined;
  applyFilter(name: string, value: unknown, args: Arguments, kwargs: KeywordArguments): unknown;
  applyTest(name: string, value: unknown, args: Arguments, kwargs: KeywordArguments): boolean;
}

/**
 * A function a template may call: a global such as `range`, a bound method, a macro, or the
 * `loop` of a for loop — which has attributes too (`loop.index`), as Jinja2's callables do.
 */
export class Callable {
  constructor(
    readonly name: string,
    readonly invoke: (args: Arguments, kwargs: KeywordArguments, context: CallContext) => unknown,
    readonly attributes?: Readonly<Record<string, unknown>>,
  ) {}
}

/** The mappings `namespace()` made: the only values `{% set ns.name = … %}` may change. */
const namespaces = new WeakSet<object>();

export function markNamespace(mapping: Mapping): Mapping {
  namespaces.add(mapping);
  return mapping;
}

export function isNamespace(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && namespaces.has(value);
}

export type Mapping = Record<string, unknown>;

export function isMapping(value: unknown): value is Mapping {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

export type ValueKind =
  'undefined' | 'none' | 'boolean' | 'number' | 'string' | 'list' | 'mapping' | 'function' | 'unsupported';

function kindOf(value: unknown): ValueKind {
  if (value === undefined || value instanceof Undefined) return 'undefined';
  if (value === null) return 'none';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  if (Array.isArray(value)) return 'list';
  if (isMapping(value)) return 'mapping';
  if (value instanceof Callable || typeof value === 'function') return 'function';
  return 'unsupported';
}

const KIND_DESCRIPTIONS: Readonly<Record<ValueKind, string>> = {
  undefined: 'undefined',
  none: 'none',
  boolean: 'a boolean',
  number: 'a number',
  string: 'a string',
  list: 'a list',
  mapping: 'a mapping',
  function: 'a function',
  unsupported: 'an unsupported value',
};

/** "a string", "none", "a list": for messages. */
export function describeKind(value: unknown): string {
  return KIND_DESCRIPTIONS[kindOf(value)];
}

/** Numbers in Python's sense: booleans count as 0 and 1 in arithmetic. */
export function isNumeric(value: unknown): value is number | boolean {
  return typeof value === 'number' || typeof value === 'boolean';
}

export function toNumber(value: number | boolean): number {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

export function isInteger(value: unknown): value is number | boolean {
  return typeof value === 'boolean' || (typeof value === 'number' && Number.isInteger(value));
}

/** An own, plain data property, never a getter or anything inherited. */
export function ownValue(object: object, key: string): { value: unknown } | undefined {
  const descriptor = Object.getOwnPropertyDescriptor(object, key);
  if (descriptor === undefined || !('value' in descriptor) || descriptor.value === undefined) return undefined;
  return { value: descriptor.value };
}

/** Builds a mapping safely: a key such as `__proto__` stays a plain key. */
export function createMapping(entries: Iterable<readonly [string, unknown]>): Mapping {
  const mapping: Mapping = {};
  for (const [key, value] of entries) {
    // Only `__proto__` is a setter on Object.prototype; defining every key is much slower.
    if (key === '__proto__')
      Object.defineProperty(mapping, key, { value, enumerable: true, writable: true, configurable: true });
    else mapping[key] = value;
  }
  return mapping;
}

/** The own data entries, in order; `budget` pays for listing the keys (renders always pass it). */
export function mappingEntries(mapping: Mapping, budget?: Budget): [string, unknown][] {
  const keys = Object.keys(mapping);
  budget?.chargeKeys(keys.length);
  const entries: [string, unknown][] = [];
  for (const key of keys) {
    const found = ownValue(mapping, key);
    if (found !== undefined) entries.push([key, found.value]);
  }
  return entries;
}

/** Python truthiness. Undefined values are handled by the caller; `budget` pays for a mapping's keys. */
export function isTruthy(value: unknown, budget?: Budget): boolean {
  if (value === null || value === undefined || value instanceof Undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  // A step's value is as true as its result: `{% if s %}` asks whether s produced something, and
  // a skipped step's result is none (py-orc's context holds results, not step records).
  const standIn = typeof value === 'object' ? textStandIn(value) : undefined;
  if (standIn) return isTruthy(standIn.value, budget);
  if (isMapping(value)) return mappingEntries(value, budget).length > 0;
  return true;
}
