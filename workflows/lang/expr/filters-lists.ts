// Filters on sequences and mappings: length, join, sort, unique, min/max, sum, batch,
// items, dictsort, groupby. Comparisons ignore case by default, as in Jinja2.

import { pyCompare, pyEquals } from './compare.js';
import { REQUIRED, expectInteger, filter, joinChecked } from './filter-support.js';
import type { FilterDefinition } from './filter-support.js';
import { applyBinary } from './operators.js';
import { characterCount, characters } from './python-string.js';
import { attributeGetter, iterate, keyGetter, multiKeyGetter } from './sequences.js';
import { typeError, valueError } from './template-error.js';
import { toText } from './to-text.js';
import { Undefined, createMapping, describeKind, isMapping, isNumeric, isTruthy, mappingEntries, toNumber } from './values.js';
import type { CallContext } from './values.js';

export function lengthOf(value: unknown): number {
  if (typeof value === 'string') return characterCount(value);
  if (Array.isArray(value)) return value.length;
  if (isMapping(value)) return mappingEntries(value).length;
  if (value instanceof Undefined) throw value.error();
  throw typeError(`${describeKind(value)} has no length`);
}

/** Stable sort by keys, comparing as Python does (and failing as Python does). */
function sortBy(items: readonly unknown[], key: (item: unknown) => unknown, reverse: boolean, context: CallContext): unknown[] {
  context.budget.charge(items.length * Math.log2(items.length + 1));
  const decorated = items.map((item) => ({ key: key(item), item }));
  decorated.sort((left, right) => (reverse ? -1 : 1) * pyCompare(left.key, right.key));
  return decorated.map(({ item }) => item);
}

function extreme(value: unknown, args: readonly unknown[], context: CallContext, sign: 1 | -1): unknown {
  const [caseSensitive, attribute] = args;
  const items = iterate(value);
  context.budget.charge(items.length);
  if (items.length === 0) return new Undefined(`${sign > 0 ? 'max' : 'min'}: the sequence is empty`);
  const key = keyGetter(attribute, isTruthy(caseSensitive));
  let best = items[0];
  let bestKey = key(best);
  for (const item of items.slice(1)) {
    const itemKey = key(item);
    if (sign * pyCompare(itemKey, bestKey) > 0) {
      best = item;
      bestKey = itemKey;
    }
  }
  return best;
}

/** A hashable form of a key, as Python's set needs. */
function hashKey(key: unknown): string {
  if (isNumeric(key)) return `n:${toNumber(key)}`;
  if (typeof key === 'string') return `s:${key}`;
  if (key === null) return 'none';
  throw typeError(`unique needs strings, numbers or none, not ${describeKind(key)}`);
}

function unique(value: unknown, args: readonly unknown[], context: CallContext): unknown[] {
  const [caseSensitive, attribute] = args;
  const items = iterate(value);
  context.budget.charge(items.length);
  const key = keyGetter(attribute, isTruthy(caseSensitive));
  const seen = new Set<string>();
  return items.filter((item) => {
    const hashed = hashKey(key(item));
    if (seen.has(hashed)) return false;
    seen.add(hashed);
    return true;
  });
}

function sum(value: unknown, args: readonly unknown[], context: CallContext): unknown {
  const [attribute, start] = args;
  const items = iterate(value);
  const get = attribute === null ? (item: unknown) => item : attributeGetter(attribute);
  let total: unknown = start;
  for (const item of items) {
    const addend = get(item);
    if (addend instanceof Undefined) throw addend.error();
    if (typeof addend === 'string') throw typeError('sum cannot add strings; use join');
    total = applyBinary('+', total, addend, context.budget);
  }
  return total;
}

function batch(value: unknown, args: readonly unknown[], context: CallContext): unknown[][] {
  const size = expectInteger(args[0], 'batch size');
  if (size < 1) throw valueError('batch size must be at least 1');
  const items = iterate(value);
  context.budget.charge(items.length);
  const batches: unknown[][] = [];
  for (let index = 0; index < items.length; index += size) batches.push(items.slice(index, index + size));
  const last = batches[batches.length - 1];
  if (last !== undefined && args[1] !== null) {
    context.budget.checkListLength(size);
    while (last.length < size) last.push(args[1]);
  }
  return batches;
}

function pairs(value: unknown, what: string): [string, unknown][] {
  if (!isMapping(value)) throw typeError(`${what} needs a mapping, not ${describeKind(value)}`);
  return mappingEntries(value);
}

function dictsort(value: unknown, args: readonly unknown[], context: CallContext): unknown[] {
  const [caseSensitive, by, reverse] = args;
  if (by !== 'key' && by !== 'value') throw valueError('dictsort: by must be "key" or "value"');
  const position = by === 'key' ? 0 : 1;
  const key = keyGetter(null, isTruthy(caseSensitive));
  return sortBy(pairs(value, 'dictsort'), (pair) => key((pair as unknown[])[position]), isTruthy(reverse), context);
}

/** Groups as mappings `{grouper, list}`, sorted by grouper, as Jinja2's groupby. */
function groupby(value: unknown, args: readonly unknown[], context: CallContext): unknown[] {
  const [attribute, fallback, caseSensitive] = args;
  const get = attributeGetter(attribute, fallback === null ? undefined : fallback);
  const key = keyGetter(null, isTruthy(caseSensitive));
  const groupKey = (item: unknown): unknown => key(get(item));
  const groups: { key: unknown; items: unknown[] }[] = [];
  for (const item of sortBy(iterate(value), groupKey, false, context)) {
    const itemKey = groupKey(item);
    const last = groups[groups.length - 1];
    if (last !== undefined && pyEquals(last.key, itemKey)) last.items.push(item);
    else groups.push({ key: itemKey, items: [item] });
  }
  return groups.map(({ items }) => createMapping([['grouper', get(items[0])], ['list', items]]));
}

export const LIST_FILTERS: Readonly<Record<string, FilterDefinition>> = {
  length: filter([], (value) => lengthOf(value)),
  count: filter([], (value) => lengthOf(value)),
  join: filter([['d', ''], ['attribute', null]], (value, [separator, attribute], context) => {
    const items = iterate(value);
    const get = attribute === null ? (item: unknown) => item : attributeGetter(attribute);
    const depth = context.budget.limits.maxDepth;
    return joinChecked(items.map((item) => toText(get(item), depth)), toText(separator, depth), context.budget);
  }),
  first: filter([], (value) => {
    const items = typeof value === 'string' ? characters(value).slice(0, 1) : iterate(value);
    return items.length > 0 ? items[0] : new Undefined('first: the sequence is empty');
  }),
  last: filter([], (value) => {
    const items = iterate(value);
    return items.length > 0 ? items[items.length - 1] : new Undefined('last: the sequence is empty');
  }),
  list: filter([], (value) => [...iterate(value)]),
  sort: filter([['reverse', false], ['case_sensitive', false], ['attribute', null]], (value, [reverse, caseSensitive, attribute], context) =>
    sortBy(iterate(value), multiKeyGetter(attribute, isTruthy(caseSensitive)), isTruthy(reverse), context),
  ),
  unique: filter([['case_sensitive', false], ['attribute', null]], unique),
  reverse: filter([], (value) => {
    if (typeof value === 'string') return characters(value).reverse().join('');
    return [...iterate(value)].reverse();
  }),
  sum: filter([['attribute', null], ['start', 0]], sum),
  min: filter([['case_sensitive', false], ['attribute', null]], (value, args, context) => extreme(value, args, context, -1)),
  max: filter([['case_sensitive', false], ['attribute', null]], (value, args, context) => extreme(value, args, context, 1)),
  batch: filter([['linecount', REQUIRED], ['fill_with', null]], batch),
  items: filter([], (value) => pairs(value, 'items')),
  dictsort: filter([['case_sensitive', false], ['by', 'key'], ['reverse', false]], dictsort),
  groupby: filter([['attribute', REQUIRED], ['default', null], ['case_sensitive', false]], groupby),
};
