// Iteration and item keys as Jinja2's list filters see them: strings yield characters,
// mappings their keys; `attribute='a.b.0'` walks into each item.

import { lookup } from './access.js';
import { characters } from './python-string.js';
import { typeError } from './template-error.js';
import { Undefined, describeKind, isMapping, mappingEntries } from './values.js';

export function iterate(value: unknown, what = 'the value'): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return characters(value);
  if (isMapping(value)) return mappingEntries(value).map(([key]) => key);
  if (value instanceof Undefined) throw value.error();
  throw typeError(`${what} is ${describeKind(value)}, which cannot be iterated over`);
}

/** Jinja2's make_attrgetter: `'a.b'` walks fields, digit parts are indices. */
export function attributeGetter(attribute: unknown, fallback?: unknown): (item: unknown) => unknown {
  if (typeof attribute === 'number') return (item) => orFallback(lookup(item, attribute, () => 'item'), fallback);
  if (typeof attribute !== 'string') {
    throw typeError(`attribute must be a string or an integer, not ${describeKind(attribute)}`);
  }
  const parts = attribute.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  return (item) => {
    let current = item;
    let path = 'item';
    for (const part of parts) {
      const described = path;
      current = lookup(current, part, () => described);
      if (current instanceof Undefined) return orFallback(current, fallback);
      path += typeof part === 'number' ? `[${part}]` : `.${part}`;
    }
    return current;
  };
}

function orFallback(value: unknown, fallback: unknown): unknown {
  return value instanceof Undefined && fallback !== undefined ? fallback : value;
}

/** A value to compare or group by: strings folded when the comparison ignores case. */
function comparisonKey(value: unknown, caseSensitive: boolean): unknown {
  if (value instanceof Undefined) throw value.error();
  return !caseSensitive && typeof value === 'string' ? value.toLowerCase() : value;
}

/** A key getter for sort, min, max, unique, groupby, dictsort. */
export function keyGetter(attribute: unknown, caseSensitive: boolean): (item: unknown) => unknown {
  const get = attribute === null || attribute === undefined ? (item: unknown) => item : attributeGetter(attribute);
  return (item) => comparisonKey(get(item), caseSensitive);
}

/** sort's key: `attribute='team,age'` compares several attributes in turn, as Jinja2. */
export function multiKeyGetter(attribute: unknown, caseSensitive: boolean): (item: unknown) => unknown {
  if (typeof attribute !== 'string' || !attribute.includes(',')) return keyGetter(attribute, caseSensitive);
  const getters = attribute.split(',').map((part) => keyGetter(part.trim(), caseSensitive));
  return (item) => getters.map((get) => get(item));
}
