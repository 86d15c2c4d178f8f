// Filters on sequences and mappings: length, join, sort, unique, min/max, sum, batch,
// items, dictsort, groupby. Comparisons ignore case by default, as in Jinja2.

import { applyBinary, attributeGetter, iterate, keyGetter, multiKeyGetter } from '../operations/index.js';
import {
  characterCount,
  characters,
  firstCharacter,
  lastCharacter,
  pyCompare,
  pyEquals,
  toText,
} from '../python/index.js';
import {
  Undefined,
  createMapping,
  describeKind,
  isMapping,
  isNumeric,
  isTruthy,
  mappingEntries,
  toNumber,
  typeError,
  valueError,
} from '../shared/index.js';
import type { Budget, CallContext } from '../shared/index.js';
import { REQUIRED, expectInteger, filter, joinChecked } from './filter-support.js';
import type { FilterDefinition } from './filter-support.js';

export function lengthOf(value: unknown, budget: Budget): number {
  if (typeof value === 'string') {
    budget.chargeChars(value.length);
    return characterCount(value);
  }
  if (Array.isArray(value)) return value.length;
  if (isMapping(value)) return mappingEntries(value, budget).length;
  if (value instanceof Undefined) throw value.error();
  throw typeError(`${describeKind(value)} has no length`);
}

/** Stable sort by keys, comparing as Python does (and failing as Python does). */
function sortBy(
  items: readonly unknown[],
  key: (item: unknown) => unknown,
  reverse: boolean,
  context: CallContext,
): unknown[] {
  const { budget } = context;
  // n log n comparisons, paid up front; each also pays for the characters it compares.
  budget.charge(items.length * Math.log2(items.length + 1));
  const decorated = items.map((item) => ({ key: key(item), item }));
  decorated.sort((left, right) => (reverse ? -1 : 1) * pyCompare(left.key, right.key, budget));
  return decorated.map(({ item }) => item);
}

function extreme(value: unknown, args: readonly unknown[], context: CallContext, sign: 1 | -1): unknown {
  const [caseSensitive, attribute] = args;
  const { budget } = context;
  const items = iterate(value, budget);
  budget.charge(items.length);
  if (items.length === 0) return new Undefined(`${sign > 0 ? 'max' : 'min'}: the sequence is empty`);
  const key = keyGetter(attribute, isTruthy(caseSensitive), budget);
  let best = items[0];
  let bestKey = key(best);
  for (let index = 1; index < items.length; index += 1) {
    const item = items[index];
    const itemKey = key(item);
    if (sign * pyCompare(itemKey, bestKey, budget) > 0) {
      best = item;
      bestKey = itemKey;
    }
  }
  return best;
}

/**
 * The keys seen so far, as Python's set sees them: 1, 1.0 and true are one key. Strings are
 * hashed once each (a Set of the strings themselves), never compared pairwise.
 */
class KeySet {
  private readonly numbers = new Set<number>();
  private readonly strings = new Set<string>();
  private none = false;

  constructor(private readonly budget: Budget) {}

  /** Adds the key; false if it was already there. */
  add(key: unknown): boolean {
    if (isNumeric(key)) return addTo(this.numbers, toNumber(key));
    if (typeof key === 'string') {
      this.budget.chargeChars(key.length);
      return addTo(this.strings, key);
    }
    if (key === null) {
      const added = !this.none;
      this.none = true;
      return added;
    }
    throw typeError(`unique needs strings, numbers or none, not ${describeKind(key)}`);
  }
}

function addTo<T>(set: Set<T>, key: T): boolean {
  const size = set.size;
  return set.add(key).size > size;
}

function unique(value: unknown, args: readonly unknown[], context: CallContext): unknown[] {
  const [caseSensitive, attribute] = args;
  const items = iterate(value, context.budget);
  const key = keyGetter(attribute, isTruthy(caseSensitive), context.budget);
  // A hash insertion per item, paid before any is made.
  context.budget.chargeCalls(items.length);
  const seen = new KeySet(context.budget);
  return items.filter((item) => seen.add(key(item)));
}

function sum(value: unknown, args: readonly unknown[], context: CallContext): unknown {
  const [attribute, start] = args;
  const items = iterate(value, context.budget);
  const get = attribute === null ? (item: unknown) => item : attributeGetter(attribute, context.budget);
  let total: unknown = start;
  context.budget.chargeItems(items.length);
  for (const item of items) {
    const addend = get(item);
    if (addend instanceof Undefined) throw addend.error();
    if (typeof addend === 'string') throw typeError('sum cannot add strings; use join');
    // Numbers add in place; anything else (lists) goes through `+`, which pays for its size.
    total =
      typeof total === 'number' && typeof addend === 'number'
        ? total + addend
        : applyBinary('+', total, addend, context.budget);
  }
  return total;
}

function batch(value: unknown, args: readonly unknown[], context: CallContext): unknown[][] {
  const size = expectInteger(args[0], 'batch size');
  if (size < 1) throw valueError('batch size must be at least 1');
  const items = iterate(value, context.budget);
  // A list built per batch, and every item copied into one.
  context.budget.chargeItems(items.length);
  context.budget.chargeCalls(Math.ceil(items.length / size));
  const batches: unknown[][] = [];
  for (let index = 0; index < items.length; index += size) batches.push(items.slice(index, index + size));
  const last = batches[batches.length - 1];
  if (last !== undefined && args[1] !== null) {
    context.budget.checkListLength(size);
    while (last.length < size) last.push(args[1]);
  }
  return batches;
}

function pairs(value: unknown, what: string, budget: Budget): [string, unknown][] {
  if (!isMapping(value)) throw typeError(`${what} needs a mapping, not ${describeKind(value)}`);
  return mappingEntries(value, budget);
}

function dictsort(value: unknown, args: readonly unknown[], context: CallContext): unknown[] {
  const [caseSensitive, by, reverse] = args;
  if (by !== 'key' && by !== 'value') throw valueError('dictsort: by must be "key" or "value"');
  const position = by === 'key' ? 0 : 1;
  const key = keyGetter(null, isTruthy(caseSensitive), context.budget);
  return sortBy(
    pairs(value, 'dictsort', context.budget),
    (pair) => key((pair as unknown[])[position]),
    isTruthy(reverse),
    context,
  );
}

/** Groups as mappings `{grouper, list}`, sorted by grouper, as Jinja2's groupby. */
function groupby(value: unknown, args: readonly unknown[], context: CallContext): unknown[] {
  const [attribute, fallback, caseSensitive] = args;
  const { budget } = context;
  const get = attributeGetter(attribute, budget, fallback === null ? undefined : fallback);
  const key = keyGetter(null, isTruthy(caseSensitive), budget);
  const groupKey = (item: unknown): unknown => key(get(item));
  const groups: { key: unknown; items: unknown[] }[] = [];
  for (const item of sortBy(iterate(value, budget), groupKey, false, context)) {
    const itemKey = groupKey(item);
    const last = groups[groups.length - 1];
    if (last !== undefined && pyEquals(last.key, itemKey, budget)) last.items.push(item);
    else groups.push({ key: itemKey, items: [item] });
  }
  return groups.map(({ items }) =>
    createMapping([
      ['grouper', get(items[0])],
      ['list', items],
    ]),
  );
}

function join(value: unknown, [separator, attribute]: readonly unknown[], context: CallContext): string {
  const { budget } = context;
  const items = iterate(value, budget);
  const get = attribute === null ? (item: unknown) => item : attributeGetter(attribute, budget);
  const separatorText = toText(separator, budget);
  // Each item's text is paid for as it is built, and refused once the texts alone are too
  // long; the total with the separators is checked before joining.
  let length = 0;
  const texts = items.map((item) => {
    const itemText = toText(get(item), budget);
    length += itemText.length;
    budget.checkGrowingString(length);
    return itemText;
  });
  return joinChecked(texts, separatorText, budget);
}

function first(value: unknown, context: CallContext): unknown {
  const items =
    typeof value === 'string' ? [firstCharacter(value)].filter((char) => char !== '') : iterate(value, context.budget);
  return items.length > 0 ? items[0] : new Undefined('first: the sequence is empty');
}

function last(value: unknown, context: CallContext): unknown {
  const items =
    typeof value === 'string' ? [lastCharacter(value)].filter((char) => char !== '') : iterate(value, context.budget);
  return items.length > 0 ? items[items.length - 1] : new Undefined('last: the sequence is empty');
}

function reverse(value: unknown, context: CallContext): unknown {
  if (typeof value === 'string') {
    // Split into characters, reversed, joined: three passes over as many items.
    context.budget.chargeItems(value.length * 3);
    return characters(value).reverse().join('');
  }
  const items = iterate(value, context.budget);
  context.budget.chargeItems(items.length);
  return [...items].reverse();
}

export const LIST_FILTERS: Readonly<Record<string, FilterDefinition>> = {
  length: filter([], (value, _, context) => lengthOf(value, context.budget)),
  count: filter([], (value, _, context) => lengthOf(value, context.budget)),
  join: filter(
    [
      ['d', ''],
      ['attribute', null],
    ],
    join,
  ),
  first: filter([], (value, _, context) => first(value, context)),
  last: filter([], (value, _, context) => last(value, context)),
  list: filter([], (value, _, context) => {
    const items = iterate(value, context.budget);
    context.budget.chargeItems(items.length);
    return [...items];
  }),
  sort: filter(
    [
      ['reverse', false],
      ['case_sensitive', false],
      ['attribute', null],
    ],
    (value, [reverse, caseSensitive, attribute], context) =>
      sortBy(
        iterate(value, context.budget),
        multiKeyGetter(attribute, isTruthy(caseSensitive), context.budget),
        isTruthy(reverse),
        context,
      ),
  ),
  unique: filter(
    [
      ['case_sensitive', false],
      ['attribute', null],
    ],
    unique,
  ),
  reverse: filter([], (value, _, context) => reverse(value, context)),
  sum: filter(
    [
      ['attribute', null],
      ['start', 0],
    ],
    sum,
  ),
  min: filter(
    [
      ['case_sensitive', false],
      ['attribute', null],
    ],
    (value, args, context) => extreme(value, args, context, -1),
  ),
  max: filter(
    [
      ['case_sensitive', false],
      ['attribute', null],
    ],
    (value, args, context) => extreme(value, args, context, 1),
  ),
  batch: filter(
    [
      ['linecount', REQUIRED],
      ['fill_with', null],
    ],
    batch,
  ),
  // Jinja2's items gives nothing for an undefined value, even a strict one: `d|items` where d is missing.
  items: {
    params: [],
    acceptsUndefined: true,
    apply: (value, _, context) => (value instanceof Undefined ? [] : pairs(value, 'items', context.budget)),
  },
  dictsort: filter(
    [
      ['case_sensitive', false],
      ['by', 'key'],
      ['reverse', false],
    ],
    dictsort,
  ),
  groupby: filter(
    [
      ['attribute', REQUIRED],
      ['default', null],
      ['case_sensitive', false],
    ],
    groupby,
  ),
};
