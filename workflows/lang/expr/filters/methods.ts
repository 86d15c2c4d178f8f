// The few methods templates may call: on strings upper, lower, strip, lstrip, rstrip,
// split, startswith, endswith, replace, title, capitalize, join; on mappings get, items,
// keys, values. Nothing else is callable.

import { iterate } from '../operations/index.js';
import { capitalize, chargeCaseMapping, pythonTitle, split, strip } from '../python/index.js';
import { Callable, describeKind, isMapping, mappingEntries, ownValue, typeError, valueError } from '../shared/index.js';
import type { Arguments, CallContext, KeywordArguments, Mapping } from '../shared/index.js';
import {
  REQUIRED,
  bindArguments,
  expectInteger,
  expectString,
  joinChecked,
  optionalString,
  replaceChecked,
} from './filter-support.js';
import type { Parameter } from './filter-support.js';

interface Method<T> {
  readonly params: readonly Parameter[];
  call(target: T, args: readonly unknown[], context: CallContext): unknown;
}

function affixes(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.map((item) => expectString(item, 'each prefix or suffix'));
  throw typeError(`startswith and endswith take a string or a list of strings, not ${describeKind(value)}`);
}

/** Case mapping can lengthen a text ('ß' upper-cases to 'SS'): the result is checked too. */
function built(text: string, context: CallContext): string {
  context.budget.checkStringLength(text.length);
  return text;
}

function caseMapped(text: string, context: CallContext): string {
  chargeCaseMapping(text, context.budget);
  return text;
}

function startsOrEnds(text: string, value: unknown, context: CallContext, test: (affix: string) => boolean): boolean {
  return affixes(value).some((affix) => {
    context.budget.chargeChars(Math.min(affix.length, text.length));
    return test(affix);
  });
}

const STRING_METHODS: Readonly<Record<string, Method<string>>> = {
  upper: { params: [], call: (text, _, context) => built(caseMapped(text, context).toUpperCase(), context) },
  lower: { params: [], call: (text, _, context) => built(caseMapped(text, context).toLowerCase(), context) },
  title: {
    params: [],
    call: (text, _, context) => built(pythonTitle(text, context.budget), context),
  },
  capitalize: { params: [], call: (text, _, context) => built(capitalize(caseMapped(text, context)), context) },
  strip: {
    params: [['chars', null]],
    call: (text, [chars], context) => strip(text, optionalString(chars, 'chars'), 'both', context.budget),
  },
  lstrip: {
    params: [['chars', null]],
    call: (text, [chars], context) => strip(text, optionalString(chars, 'chars'), 'left', context.budget),
  },
  rstrip: {
    params: [['chars', null]],
    call: (text, [chars], context) => strip(text, optionalString(chars, 'chars'), 'right', context.budget),
  },
  split: {
    params: [
      ['sep', null],
      ['maxsplit', -1],
    ],
    call: (text, [separator, maxSplit], context) => {
      const sep = optionalString(separator, 'sep');
      if (sep === '') throw valueError('split: the separator must not be empty');
      const parts = split(text, sep, expectInteger(maxSplit, 'maxsplit'));
      context.budget.chargeItems(parts.length + (sep === null ? text.length : 0));
      return parts;
    },
  },
  startswith: {
    params: [['prefix', REQUIRED]],
    call: (text, [prefix], context) => startsOrEnds(text, prefix, context, (affix) => text.startsWith(affix)),
  },
  endswith: {
    params: [['suffix', REQUIRED]],
    call: (text, [suffix], context) => startsOrEnds(text, suffix, context, (affix) => text.endsWith(affix)),
  },
  replace: {
    params: [
      ['old', REQUIRED],
      ['new', REQUIRED],
      ['count', -1],
    ],
    call: (text, [old, replacement, count], context) =>
      replaceChecked(
        text,
        expectString(old, 'old'),
        expectString(replacement, 'new'),
        expectInteger(count, 'count'),
        context.budget,
      ),
  },
  join: {
    params: [['iterable', REQUIRED]],
    call: (text, [iterable], context) => {
      const parts = iterate(iterable, context.budget).map((item, index) => {
        if (typeof item !== 'string') throw typeError(`join: item ${index} is ${describeKind(item)}, not a string`);
        return item;
      });
      return joinChecked(parts, text, context.budget);
    },
  },
};

const MAPPING_METHODS: Readonly<Record<string, Method<Mapping>>> = {
  get: {
    params: [
      ['key', REQUIRED],
      ['default', null],
    ],
    call: (mapping, [key, fallback]) => {
      const found = typeof key === 'string' ? ownValue(mapping, key) : undefined;
      return found === undefined ? fallback : found.value;
    },
  },
  items: { params: [], call: (mapping, _, context) => mappingEntries(mapping, context.budget) },
  keys: { params: [], call: (mapping, _, context) => mappingEntries(mapping, context.budget).map(([key]) => key) },
  values: {
    params: [],
    call: (mapping, _, context) => mappingEntries(mapping, context.budget).map(([, value]) => value),
  },
};

/** The names of the methods, by the kind of value that has them. */
export const METHOD_NAMES: Readonly<Record<'string' | 'mapping', readonly string[]>> = {
  string: Object.keys(STRING_METHODS),
  mapping: Object.keys(MAPPING_METHODS),
};

/** Calls `target.name(...)` if it is one of the allowed methods; throws otherwise. */
export function callMethod(
  target: unknown,
  name: string,
  args: Arguments,
  kwargs: KeywordArguments,
  context: CallContext,
): unknown {
  if (typeof target === 'string') {
    const method = lookupMethod(STRING_METHODS, name, 'strings');
    return method.call(target, bindArguments(`${name}()`, method.params, args, kwargs), context);
  }
  if (isMapping(target)) {
    const method = lookupMethod(MAPPING_METHODS, name, 'mappings');
    return method.call(target, bindArguments(`${name}()`, method.params, args, kwargs), context);
  }
  throw typeError(`${describeKind(target)} has no method "${name}"; only strings and mappings have methods`);
}

function lookupMethod<T>(methods: Readonly<Record<string, Method<T>>>, name: string, owner: string): Method<T> {
  const method = Object.hasOwn(methods, name) ? methods[name] : undefined;
  if (method === undefined) {
    throw typeError(`${owner} have no method "${name}"; the methods are ${Object.keys(methods).join(', ')}`);
  }
  return method;
}

export function hasMethod(target: unknown, name: string): boolean {
  if (typeof target === 'string') return Object.hasOwn(STRING_METHODS, name);
  return isMapping(target) && Object.hasOwn(MAPPING_METHODS, name);
}

/** A bound method: `s.upper`, `d.items`, callable later, or by the `attr` filter. */
export function bindMethod(target: unknown, name: string, path: string): Callable {
  return new Callable(path, (args, kwargs, context) => callMethod(target, name, args, kwargs, context));
}
