// The functions a template may call by name: range, len, min, max, now, and Jinja2's
// namespace() (a mapping `{% set ns.name = … %}` may change) and dict().

import { checkSafeName, iterate } from '../operations/index.js';
import { pyCompare } from '../python/index.js';
import {
  Callable,
  MAX_RANGE,
  createMapping,
  isMapping,
  limitError,
  mappingEntries,
  markNamespace,
  typeError,
  valueError,
} from '../shared/index.js';
import type { Arguments, CallContext, KeywordArguments, Mapping } from '../shared/index.js';
import { expectInteger } from './filter-support.js';
import { lengthOf } from './filters-lists.js';

function noKeywords(name: string, kwargs: KeywordArguments): void {
  if (kwargs.size > 0) throw typeError(`${name}() takes no keyword arguments`);
}

function range(args: Arguments, kwargs: KeywordArguments, context: CallContext): number[] {
  noKeywords('range', kwargs);
  if (args.length < 1 || args.length > 3) throw typeError(`range() takes 1 to 3 arguments, got ${args.length}`);
  const numbers = args.map((arg, index) => expectInteger(arg, `range() argument ${index + 1}`));
  const [start, stop, step] =
    numbers.length === 1 ? [0, numbers[0] ?? 0, 1] : [numbers[0] ?? 0, numbers[1] ?? 0, numbers[2] ?? 1];
  if (step === 0) throw valueError('range() step must not be zero');
  const count = Math.max(0, Math.ceil((stop - start) / step));
  if (count > MAX_RANGE) throw limitError(`range() of ${count} numbers is too big; the limit is ${MAX_RANGE}`);
  context.budget.chargeItems(count);
  const result = new Array<number>(count);
  for (let index = 0; index < count; index += 1) result[index] = start + index * step;
  return result;
}

function extreme(name: 'min' | 'max', sign: 1 | -1): Callable {
  return new Callable(name, (args, kwargs, context) => {
    noKeywords(name, kwargs);
    const [first] = args;
    const items = args.length === 1 ? iterate(first, context.budget) : args;
    context.budget.charge(items.length);
    if (items.length === 0) throw valueError(`${name}() of an empty sequence`);
    return items.reduce((best, item) => (sign * pyCompare(item, best, context.budget) > 0 ? item : best));
  });
}

/** `dict(mapping_or_pairs, name=value, …)`, as Python's dict() builds it from template values. */
function buildMapping(callee: string, args: Arguments, kwargs: KeywordArguments, context: CallContext): Mapping {
  if (args.length > 1) throw typeError(`${callee}() takes at most one positional argument, got ${args.length}`);
  const entries: [string, unknown][] = [];
  const [source] = args;
  if (isMapping(source)) {
    entries.push(...mappingEntries(source, context.budget));
  } else if (source !== undefined) {
    iterate(source, context.budget, `the value given to ${callee}()`).forEach((pair, index) => {
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string') {
        throw typeError(`${callee}(): item ${index} must be a pair of a string key and a value`);
      }
      entries.push([pair[0], pair[1]]);
    });
  }
  for (const [name, value] of kwargs) entries.push([name, value]);
  context.budget.chargeCalls(entries.length);
  for (const [key] of entries) checkSafeName(key);
  return createMapping(entries);
}

export const BUILTIN_GLOBALS: ReadonlyMap<string, Callable> = new Map([
  ['range', new Callable('range', range)],
  [
    'len',
    new Callable('len', (args, kwargs, context) => {
      noKeywords('len', kwargs);
      if (args.length !== 1) throw typeError(`len() takes exactly one argument, got ${args.length}`);
      return lengthOf(args[0], context.budget);
    }),
  ],
  [
    'namespace',
    new Callable('namespace', (args, kwargs, context) =>
      markNamespace(buildMapping('namespace', args, kwargs, context)),
    ),
  ],
  ['dict', new Callable('dict', (args, kwargs, context) => buildMapping('dict', args, kwargs, context))],
  ['min', extreme('min', -1)],
  ['max', extreme('max', 1)],
  [
    'now',
    new Callable('now', (args, kwargs, context) => {
      noKeywords('now', kwargs);
      if (args.length > 0) throw typeError('now() takes no arguments');
      if (context.now === undefined) throw valueError('now() is not available here (no clock was given)');
      return context.now();
    }),
  ],
]);
