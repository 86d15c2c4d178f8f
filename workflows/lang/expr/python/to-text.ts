// How values appear inside rendered text: strings as they are, numbers as JavaScript
// writes them (`2`, `2.5`), booleans and none as Jinja2 does (`True`, `None`), lists and
// mappings as JSON with Python's spacing (`[1, 2]`, `{"a": 1}`).

import { Callable, Undefined, describeKind, limitError, textStandIn, typeError } from '../shared/index.js';
import type { Budget } from '../shared/index.js';
import { TEXT_JSON, encodeJson } from './json-encode.js';

/** A number in text: JavaScript's digits; Python's names for the non-finite ones. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return String(value);
}

/** `budget` pays for turning data into text, and refuses text longer than the output limit. */
export function toText(value: unknown, budget: Budget, depth = 0): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null) return 'None';
  if (value instanceof Undefined) {
    if (value.silent) return '';
    throw value.error();
  }
  if (value instanceof Callable) throw typeError(`${value.name} is a function: call it, as in ${value.name}(…)`);
  if (typeof value === 'object') {
    const standIn = textStandIn(value);
    if (standIn) {
      if (depth >= budget.limits.maxDepth)
        throw limitError(`the value stands in for values nested deeper than ${budget.limits.maxDepth} levels`);
      return toText(standIn.value, budget, depth + 1);
    }
    return encodeJson(value, TEXT_JSON, budget);
  }
  throw typeError(`${describeKind(value)} cannot be rendered as text`);
}
