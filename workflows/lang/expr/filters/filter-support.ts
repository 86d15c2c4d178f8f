// What filters, tests and functions share: Python-style argument binding and the checks
// that turn a wrong argument into a clear TemplateError.

import { characterCount, replace } from '../python/index.js';
import { describeKind, isInteger, isNumeric, toNumber, typeError } from '../shared/index.js';
import type { Arguments, Budget, CallContext, KeywordArguments } from '../shared/index.js';

/** Marks a parameter without a default. */
export const REQUIRED: unique symbol = Symbol('required');

export type Parameter = readonly [name: string, defaultValue: unknown];

export interface FilterDefinition {
  /** Parameters after the filtered value; `null` passes the arguments through unbound. */
  readonly params: readonly Parameter[] | null;
  /** Only `default` sees undefined values; every other filter gets them as errors. */
  readonly acceptsUndefined?: boolean;
  apply(value: unknown, args: Arguments, context: CallContext, kwargs: KeywordArguments): unknown;
}

export function filter(
  params: readonly Parameter[] | null,
  apply: (value: unknown, args: Arguments, context: CallContext, kwargs: KeywordArguments) => unknown,
): FilterDefinition {
  return { params, apply };
}

/** Binds positional and keyword arguments to `params`, as Python does. */
export function bindArguments(
  callee: string,
  params: readonly Parameter[],
  args: Arguments,
  kwargs: KeywordArguments,
): unknown[] {
  if (args.length > params.length) {
    throw typeError(
      `${callee} takes at most ${params.length} argument${params.length === 1 ? '' : 's'}, got ${args.length}`,
    );
  }
  const bound: unknown[] = [...args];
  for (const [name] of kwargs) {
    const index = params.findIndex(([parameter]) => parameter === name);
    if (index < 0) {
      const known = params.map(([parameter]) => parameter).join(', ') || 'none';
      throw typeError(`${callee} has no argument "${name}" (its arguments: ${known})`);
    }
    if (index < args.length) throw typeError(`${callee} got "${name}" twice`);
  }
  params.forEach(([name, defaultValue], index) => {
    if (index < args.length) return;
    const value = kwargs.has(name) ? kwargs.get(name) : defaultValue;
    if (value === REQUIRED) throw typeError(`${callee} needs the argument "${name}"`);
    bound[index] = value;
  });
  return bound;
}

export function expectString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw typeError(`${what} must be a string, not ${describeKind(value)}`);
  return value;
}

export function expectInteger(value: unknown, what: string): number {
  if (!isInteger(value)) throw typeError(`${what} must be an integer, not ${describeKind(value)}`);
  return toNumber(value);
}

export function expectNumber(value: unknown, what: string): number {
  if (!isNumeric(value)) throw typeError(`${what} must be a number, not ${describeKind(value)}`);
  return toNumber(value);
}

export function optionalString(value: unknown, what: string): string | null {
  return value === null || value === undefined ? null : expectString(value, what);
}

/** Joins after checking the result's length, so that nothing huge is ever built. */
export function joinChecked(parts: readonly string[], separator: string, budget: Budget): string {
  let total = separator.length * Math.max(parts.length - 1, 0);
  for (const part of parts) total += part.length;
  budget.checkStringLength(total);
  return parts.join(separator);
}

/** Python's str.replace, after checking the result's length. */
export function replaceChecked(text: string, old: string, replacement: string, count: number, budget: Budget): string {
  let occurrences = 0;
  if (old === '') {
    // Replacing '' puts the replacement between every two characters: one piece per character.
    occurrences = characterCount(text) + 1;
    budget.chargeItems(occurrences * 2);
  } else {
    for (let index = text.indexOf(old); index >= 0; index = text.indexOf(old, index + old.length)) occurrences += 1;
  }
  const replaced = count < 0 ? occurrences : Math.min(occurrences, count);
  budget.checkStringLength(text.length + replaced * (replacement.length - old.length));
  return replace(text, old, replacement, count);
}
