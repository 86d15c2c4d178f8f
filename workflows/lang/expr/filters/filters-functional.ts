// Filters that apply other filters and tests: map, select, reject, selectattr,
// rejectattr; and `default`, the one filter that accepts an undefined value.

import { attributeGetter, iterate } from '../operations/index.js';
import { Undefined, isTruthy, typeError } from '../shared/index.js';
import type { Arguments, CallContext, KeywordArguments } from '../shared/index.js';
import { expectString } from './filter-support.js';
import type { FilterDefinition } from './filter-support.js';

function map(value: unknown, args: Arguments, context: CallContext, kwargs: KeywordArguments): unknown[] {
  const items = iterate(value, context.budget);
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
    const items = iterate(value, context.budget);
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

export const FUNCTIONAL_FILTERS: Readonly<Record<string, FilterDefinition>> = {
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
