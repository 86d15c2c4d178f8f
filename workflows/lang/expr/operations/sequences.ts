// Iteration and item keys as Jinja2's list filters see them: strings yield characters,
// mappings their keys; `attribute='a.b.0'` walks into each item. Each pays for its work:
// splitting a string into characters, listing a mapping's keys, case-folding a key.

import { characters } from '../python/index.js';
import { Undefined, describeKind, isMapping, mappingEntries, typeError } from '../shared/index.js';
import type { Budget } from '../shared/index.js';
import { lookup } from './access.js';

export function iterate(value: unknown, budget: Budget, what = 'the value'): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') {
    budget.chargeItems(value.length);
    return characters(value);
  }
  if (isMapping(value)) return mappingEntries(value, budget).map(([key]) => key);
  if (value instanceof Undefined) throw value.error();
  throw typeError(`${what} is ${describeKind(value)}, which cannot be iterated over`);
}

/** Jinja2's make_attrgetter: `'a.b'` walks fields, digit parts are indices. */
export function attributeGetter(attribute: unknown, budget: Budget, fallback?: unknown): (item: unknown) => unknown {
  if (typeof attribute === 'number') {
    return (item) => {
      budget.chargeCalls(1);
      return orFallback(
        lookup(item, attribute, budget, () => 'item'),
        fallback,
      );
    };
  }
  if (typeof attribute !== 'string') {
    throw typeError(`attribute must be a string or an integer, not ${describeKind(attribute)}`);
  }
  const parts = attribute.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  // The path is spelled out only for a message: most lookups succeed.
  const pathTo = (count: number): string =>
    'item' +
    parts
      .slice(0, count)
      .map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`))
      .join('');
  return (item) => {
    let current = item;
    for (let index = 0; index < parts.length; index += 1) {
      budget.chargeCalls(1);
      current = lookup(current, parts[index], budget, () => pathTo(index));
      if (current instanceof Undefined) return orFallback(current, fallback);
    }
    return current;
  };
}

function orFallback(value: unknown, fallback: unknown): unknown {
  return value instanceof Undefined && fallback !== undefined ? fallback : value;
}

/** A value to compare or group by: strings folded when the comparison ignores case. */
function comparisonKey(value: unknown, caseSensitive: boolean, budget: Budget): unknown {
  if (value instanceof Undefined) throw value.error();
  if (caseSensitive || typeof value !== 'string') return value;
  budget.chargeChars(value.length);
  return value.toLowerCase();
}

/** A key getter for sort, min, max, unique, groupby, dictsort. */
export function keyGetter(attribute: unknown, caseSensitive: boolean, budget: Budget): (item: unknown) => unknown {
  const get =
    attribute === null || attribute === undefined ? (item: unknown) => item : attributeGetter(attribute, budget);
  return (item) => comparisonKey(get(item), caseSensitive, budget);
}

/** sort's key: `attribute='team,age'` compares several attributes in turn, as Jinja2. */
export function multiKeyGetter(attribute: unknown, caseSensitive: boolean, budget: Budget): (item: unknown) => unknown {
  if (typeof attribute !== 'string' || !attribute.includes(',')) return keyGetter(attribute, caseSensitive, budget);
  const getters = attribute.split(',').map((part) => keyGetter(part.trim(), caseSensitive, budget));
  return (item) => getters.map((get) => get(item));
}
