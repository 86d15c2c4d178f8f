// Python truthiness of plain values, for callers deciding a condition's outcome.

import { isTruthy as truthy } from './shared/index.js';

/** Python's bool(): empty strings, lists and mappings, 0, none and false are false. */
export function isTruthy(value: unknown): boolean {
  return truthy(value);
}
