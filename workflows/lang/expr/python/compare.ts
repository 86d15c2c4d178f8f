// Python's equality, ordering and membership: deep equality of lists and mappings, `1 ==
// True`, strings ordered by code point, and a type error for `'a' < 1`. Every comparison
// pays for what it walks: the characters it compares and the items it visits.

import {
  describeKind,
  isMapping,
  isNumeric,
  limitError,
  mappingEntries,
  ownValue,
  toNumber,
  typeError,
} from '../shared/index.js';
import type { Budget } from '../shared/index.js';
import { compareFrom, firstDifference } from './python-string.js';

const MAX_COMPARE_DEPTH = 200;

/** Equality of data nested at most 200 levels (deeper data is a limit, not a crash). */
export function pyEquals(left: unknown, right: unknown, budget: Budget, maxDepth = MAX_COMPARE_DEPTH): boolean {
  budget.chargeItems(2);
  if (typeof left === 'string' && typeof right === 'string') {
    // Equal lengths are compared character by character (by the runtime, but still per character).
    if (left.length === right.length) budget.chargeChars(left.length);
    return left === right;
  }
  if (left === right) return true;
  if (isNumeric(left) && isNumeric(right)) return toNumber(left) === toNumber(right);
  if (maxDepth <= 0) throw limitError('the values compared are nested too deeply');
  if (Array.isArray(left) && Array.isArray(right)) {
    if (left.length !== right.length) return false;
    return left.every((item, index) => pyEquals(item, right[index], budget, maxDepth - 1));
  }
  if (isMapping(left) && isMapping(right)) {
    const leftEntries = mappingEntries(left, budget);
    if (leftEntries.length !== mappingEntries(right, budget).length) return false;
    return leftEntries.every(([key, value]) => {
      const other = ownValue(right, key);
      return other !== undefined && pyEquals(value, other.value, budget, maxDepth - 1);
    });
  }
  return false;
}

/** Code-point order of two strings, paying for the characters compared. */
export function compareStringsCharged(left: string, right: string, budget: Budget): number {
  if (left === right) {
    budget.chargeChars(left.length);
    return 0;
  }
  const index = firstDifference(left, right);
  budget.chargeChars(index + 1);
  return compareFrom(left, right, index);
}

/** -1, 0 or 1, as Python orders the two values; a type error where Python has none. */
export function pyCompare(
  left: unknown,
  right: unknown,
  budget: Budget,
  operator = '<',
  maxDepth = MAX_COMPARE_DEPTH,
): number {
  budget.chargeItems(2);
  if (isNumeric(left) && isNumeric(right)) {
    const a = toNumber(left);
    const b = toNumber(right);
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof left === 'string' && typeof right === 'string') return compareStringsCharged(left, right, budget);
  if (Array.isArray(left) && Array.isArray(right)) {
    if (maxDepth <= 0) throw limitError('the values compared are nested too deeply');
    const length = Math.min(left.length, right.length);
    for (let index = 0; index < length; index += 1) {
      const a = left[index];
      const b = right[index];
      if (!pyEquals(a, b, budget, maxDepth - 1)) return pyCompare(a, b, budget, operator, maxDepth - 1);
    }
    return left.length === right.length ? 0 : left.length < right.length ? -1 : 1;
  }
  throw typeError(`'${operator}' is not supported between ${describeKind(left)} and ${describeKind(right)}`);
}

/** `item in container`. */
export function contains(container: unknown, item: unknown, budget: Budget): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') {
      throw typeError(`'in <string>' needs a string on the left, not ${describeKind(item)}`);
    }
    // The runtime's search is linear in practice; it is charged for both lengths.
    budget.chargeChars(container.length + item.length);
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((element) => pyEquals(element, item, budget));
  if (isMapping(container)) return typeof item === 'string' && ownValue(container, item) !== undefined;
  throw typeError(`'in' needs a string, a list or a mapping on the right, not ${describeKind(container)}`);
}
