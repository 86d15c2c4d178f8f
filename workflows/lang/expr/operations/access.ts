// Looking into values, safely: only own data properties of plain objects, list and string
// indices. Names that lead into JavaScript internals are refused outright.

import { characterCount, characters, codePointOffset, hasSurrogates } from '../python/index.js';
import {
  Callable,
  Undefined,
  describeKind,
  didYouMean,
  isInteger,
  isMapping,
  ownValue,
  securityError,
  toNumber,
  typeError,
  valueError,
} from '../shared/index.js';
import type { Budget, SourceSpan } from '../shared/index.js';

const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const MAPPING_METHODS = new Set(['get', 'items', 'keys', 'values']);

export function checkSafeName(name: string, span?: SourceSpan): void {
  if (FORBIDDEN_NAMES.has(name) || name.startsWith('__')) {
    throw securityError(`access to "${name}" is not allowed in templates`, span);
  }
}

/**
 * `object.name` or `object[key]`: the value, or an Undefined saying what is missing.
 * `describe` names the object in messages (`read_back.result`); it runs only on failure.
 */
export function lookup(
  object: unknown,
  key: unknown,
  budget: Budget,
  describe: () => string,
  span?: SourceSpan,
): unknown {
  if (typeof key === 'string') checkSafeName(key, span);
  if (isMapping(object)) return lookupMapping(object, key, describe, span);
  if (Array.isArray(object)) return lookupList(object, key, describe, span);
  if (typeof object === 'string') return lookupString(object, key, budget, describe, span);
  if (object === null || typeof object === 'number' || typeof object === 'boolean') {
    return new Undefined(`"${describe()}" is ${describeKind(object)}; it has no ${describeKey(key)}`, span);
  }
  if (object instanceof Undefined) return object;
  if (object instanceof Callable) return lookupAttribute(object, key, describe, span);
  throw securityError(`"${describe()}" is ${describeKind(object)}; templates cannot look into it`, span);
}

function describeKey(key: unknown): string {
  if (typeof key === 'string') return `field "${key}"`;
  if (typeof key === 'number') return `item ${key}`;
  return `item ${describeKind(key)}`;
}

/** `loop.index`, `macro.name`: the attributes of a callable that has them. */
function lookupAttribute(object: Callable, key: unknown, describe: () => string, span?: SourceSpan): unknown {
  const found =
    typeof key === 'string' && object.attributes !== undefined ? ownValue(object.attributes, key) : undefined;
  if (found !== undefined) return found.value;
  return new Undefined(`"${describe()}" is a function; it has no ${describeKey(key)}`, span);
}

/** A mapping's keys are strings: `d[1]` does not find the key "1", as in Jinja2. */
function lookupMapping(
  object: Record<string, unknown>,
  key: unknown,
  describe: () => string,
  span?: SourceSpan,
): unknown {
  if (typeof key !== 'string') {
    const quoted = typeof key === 'number' && Number.isInteger(key) ? ` (for the key "${key}", write ['${key}'])` : '';
    return new Undefined(`"${describe()}" has no ${describeKey(key)}: its keys are strings${quoted}`, span);
  }
  const name = key;
  const found = ownValue(object, name);
  if (found !== undefined) return found.value;
  return new Undefined(() => {
    const path = describe();
    const hint = MAPPING_METHODS.has(name)
      ? `; to call the method, write ${path}.${name}()`
      : didYouMean(name, Object.keys(object));
    return `"${path}" has no field "${name}"${hint}`;
  }, span);
}

function lookupList(object: readonly unknown[], key: unknown, describe: () => string, span?: SourceSpan): unknown {
  if (!isInteger(key)) {
    const path = describe();
    const hint = key === 'length' || key === 'size' ? ` (use "${path} | length")` : '';
    return new Undefined(`"${path}" is a list; it has no ${describeKey(key)}${hint}`, span);
  }
  const index = toNumber(key);
  const position = index < 0 ? object.length + index : index;
  if (position < 0 || position >= object.length || !(position in object)) {
    const count = object.length === 1 ? '1 item' : `${object.length} items`;
    return new Undefined(`"${describe()}" has no item ${index} (it has ${count})`, span);
  }
  return object[position];
}

/** A character by index: only the text up to it is scanned (for characters outside the BMP). */
function lookupString(
  object: string,
  key: unknown,
  budget: Budget,
  describe: () => string,
  span?: SourceSpan,
): unknown {
  if (!isInteger(key)) return new Undefined(`"${describe()}" is a string; it has no ${describeKey(key)}`, span);
  const index = toNumber(key);
  if (index >= 0 && index < object.length) {
    budget.chargeChars(index + 1);
    const offset = codePointOffset(object, index);
    if (offset < object.length) return String.fromCodePoint(object.codePointAt(offset) ?? 0);
  }
  budget.chargeChars(object.length);
  const length = characterCount(object);
  const position = index < 0 ? length + index : index;
  if (position < 0 || position >= length) {
    return new Undefined(`"${describe()}" has no character ${index} (it has ${length})`, span);
  }
  budget.chargeItems(length);
  return characters(object)[position];
}

/** `value[start:stop:step]` with Python's rules. */
export function sliceValue(
  value: unknown,
  bounds: readonly [unknown, unknown, unknown],
  budget: Budget,
  span?: SourceSpan,
): unknown {
  const [start, stop, step] = bounds.map((bound) => sliceBound(bound, span));
  const stepValue = step ?? 1;
  if (stepValue === 0) throw valueError('a slice step cannot be zero', span);
  if (typeof value === 'string') return sliceString(value, start ?? null, stop ?? null, stepValue, budget);
  if (Array.isArray(value)) {
    const { first, last } = sliceRange(value.length, start ?? null, stop ?? null, stepValue);
    if (stepValue === 1) {
      budget.chargeItems(Math.max(last - first, 0));
      return value.slice(first, Math.max(last, first));
    }
    const items: unknown[] = [];
    for (let index = first; stepValue > 0 ? index < last : index > last; index += stepValue) items.push(value[index]);
    budget.chargeItems(items.length * 2);
    return items;
  }
  throw typeError(`${describeKind(value)} cannot be sliced; only strings and lists can`, span);
}

function sliceString(value: string, start: number | null, stop: number | null, step: number, budget: Budget): string {
  // `s[:n]`, `s[a:b]`: only the text up to the end of the slice is scanned.
  if (step === 1 && (start === null || start >= 0) && stop !== null && stop >= 0) {
    budget.chargeChars(stop);
    const from = codePointOffset(value, start ?? 0);
    return value.slice(from, Math.max(codePointOffset(value, stop), from));
  }
  budget.chargeChars(value.length);
  const list = hasSurrogates(value) ? characters(value) : null;
  const length = list === null ? value.length : list.length;
  if (list === null && step === 1) {
    const { first, last } = sliceRange(length, start, stop, step);
    return value.slice(first, Math.max(last, first));
  }
  const { first, last } = sliceRange(length, start, stop, step);
  const chars = list ?? value.split('');
  const picked: string[] = [];
  for (let index = first; step > 0 ? index < last : index > last; index += step) picked.push(chars[index] ?? '');
  budget.chargeItems(length + picked.length * 2);
  return picked.join('');
}

function sliceBound(bound: unknown, span?: SourceSpan): number | null {
  if (bound === null || bound === undefined) return null;
  if (!isInteger(bound)) throw typeError(`slice bounds must be integers or none, not ${describeKind(bound)}`, span);
  return toNumber(bound);
}

/** Python's slice.indices(): the first index, and the bound the indices stop before. */
function sliceRange(
  length: number,
  start: number | null,
  stop: number | null,
  step: number,
): { first: number; last: number } {
  const lower = step > 0 ? 0 : -1;
  const upper = step > 0 ? length : length - 1;
  const clamp = (bound: number | null, fallback: number): number => {
    if (bound === null) return fallback;
    const absolute = bound < 0 ? bound + length : bound;
    return Math.min(Math.max(absolute, lower), upper);
  };
  const first = clamp(start, step > 0 ? lower : upper);
  const last = clamp(stop, step > 0 ? upper : lower);
  return { first, last };
}
