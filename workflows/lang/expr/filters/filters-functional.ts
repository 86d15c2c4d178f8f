// Filters that apply other filters and tests: map, select, reject, selectattr,
// rejectattr; and `default`, the one filter that accepts an undefined value.

import { attributeGetter, checkSafeName, iterate, lookup } from '../operations/index.js';
import { Callable, Undefined, describeKind, isMapping, isNamespace, isTruthy, typeError } from '../shared/index.js';
import type { Arguments, CallContext, KeywordArguments } from '../shared/index.js';
import { REQUIRED, expectString, filter } from './filter-support.js';
import type { FilterDefinition } from './filter-support.js';
import { bindMethod, hasMethod } from './methods.js';

/** The items of what map, select and reject go over: none of a false value, as Jinja2's `if value:`. */
function itemsOf(value: unknown, context: CallContext): unknown[] {
  return isTruthy(value, context.budget) ? iterate(value, context.budget) : [];
}

function map(value: unknown, args: Arguments, context: CallContext, kwargs: KeywordArguments): unknown[] {
  const items = itemsOf(value, context);
  context.budget.chargeCalls(items.length);
  if (args.length === 0 && kwargs.has('attribute')) {
    const unexpected = [...kwargs.keys()].find((name) => name !== 'attribute' && name !== 'default');
    if (unexpected !== undefined) throw typeError(`map got an unexpected argument "${unexpected}"`);
    const get = attributeGetter(kwargs.get('attribute'), context.budget, kwargs.get('default'));
    return items.map((item) => {
      const mapped = get(item);
      if (mapped instanceof Undefined) throw mapped.error();
      return mapped;
    });
  }
  const [name, ...rest] = args;
  if (name === undefined) throw typeError('map needs a filter name or attribute=');
  const filterName = expectString(name, 'the filter name given to map');
  return items.map((item) => context.applyFilter(filterName, item, rest, kwargs));
}

/** select/reject (`attribute` false) and selectattr/rejectattr (`attribute` true). */
function selector(keep: boolean, byAttribute: boolean): FilterDefinition['apply'] {
  return (value, args, context, kwargs) => {
    const items = itemsOf(value, context);
    context.budget.chargeCalls(items.length);
    let rest = args;
    let transform = (item: unknown): unknown => item;
    if (byAttribute) {
      const [attribute, ...others] = args;
      if (attribute === undefined) throw typeError('selectattr and rejectattr need an attribute name');
      transform = attributeGetter(attribute, context.budget);
      rest = others;
    }
    const [testName, ...testArgs] = rest;
    const check =
      testName === undefined
        ? (item: unknown) => {
            if (item instanceof Undefined) throw item.error();
            return isTruthy(item, context.budget);
          }
        : (item: unknown) => context.applyTest(expectString(testName, 'the test name'), item, testArgs, kwargs);
    return items.filter((item) => check(transform(item)) === keep);
  };
}

/** Jinja2's attr: an attribute, never an item — a method of a string or mapping, a namespace's or loop's value. */
function attr(value: unknown, [name]: Arguments, context: CallContext): unknown {
  const attribute = expectString(name, 'the attribute name');
  checkSafeName(attribute);
  if (hasMethod(value, attribute)) return bindMethod(value, attribute, attribute);
  if (isNamespace(value)) return lookup(value, attribute, context.budget, () => 'the namespace');
  if (value instanceof Callable && value.attributes !== undefined && Object.hasOwn(value.attributes, attribute)) {
    return value.attributes[attribute];
  }
  const hint = isMapping(value) ? `; attr reads attributes, not keys: for the key, write ['${attribute}']` : '';
  return new Undefined(`${describeKind(value)} has no attribute "${attribute}"${hint}`);
}

export const FUNCTIONAL_FILTERS: Readonly<Record<string, FilterDefinition>> = {
  attr: filter([['name', REQUIRED]], attr),
  map: { params: null, apply: map },
  select: { params: null, apply: selector(true, false) },
  reject: { params: null, apply: selector(false, false) },
  selectattr: { params: null, apply: selector(true, true) },
  rejectattr: { params: null, apply: selector(false, true) },
};

const applyDefault: FilterDefinition['apply'] = (value, [fallback, boolean], context) => {
  if (value instanceof Undefined) return fallback;
  return isTruthy(boolean) && !isTruthy(value, context.budget) ? fallback : value;
};

export const DEFAULT_FILTERS: Readonly<Record<string, FilterDefinition>> = {
  default: {
    params: [
      ['default_value', ''],
      ['boolean', false],
    ],
    acceptsUndefined: true,
    apply: applyDefault,
  },
  d: {
    params: [
      ['default_value', ''],
      ['boolean', false],
    ],
    acceptsUndefined: true,
    apply: applyDefault,
  },
};
