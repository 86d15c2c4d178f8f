// Numeric filters: abs, round, int, float, bool.

import { parsePythonFloat, parsePythonInt, pythonRound } from '../python/index.js';
import { describeKind, isNumeric, limitError, toNumber, typeError, valueError } from '../shared/index.js';
import type { CallContext } from '../shared/index.js';
import { expectInteger, filter } from './filter-support.js';
import type { FilterDefinition } from './filter-support.js';

function round(value: unknown, args: readonly unknown[]): number {
  const [precisionArgument, method] = args;
  if (!isNumeric(value)) throw typeError(`round needs a number, not ${describeKind(value)}`);
  const number = toNumber(value);
  const precision = expectInteger(precisionArgument, 'round precision');
  if (method === 'common') return pythonRound(number, precision);
  if (method !== 'ceil' && method !== 'floor') throw valueError('round method must be "common", "ceil" or "floor"');
  const scale = 10 ** precision;
  return (method === 'ceil' ? Math.ceil(number * scale) : Math.floor(number * scale)) / scale;
}

/** Jinja2's int filter: int(), else int(float()), else the default. Parsing is linear in the text. */
function toInteger(value: unknown, args: readonly unknown[], context: CallContext): unknown {
  const [fallback, baseArgument] = args;
  if (typeof value === 'string') context.budget.chargeItems(value.length);
  const base = expectInteger(baseArgument, 'int base');
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? exactInteger(Math.trunc(value), value) : fallback;
  if (typeof value !== 'string') return fallback;
  const integer = parsePythonInt(value, base);
  if (integer !== undefined) return exactInteger(integer, value);
  const float = parsePythonFloat(value);
  return float !== undefined && Number.isFinite(float) ? exactInteger(Math.trunc(float), value) : fallback;
}

/**
 * Python's int has no bound, our numbers are doubles: beyond 2**53 an integer would silently
 * become a neighbour (`'12345678901234567890'|int` → …570000). Refused instead, with the way out.
 */
function exactInteger(integer: number, source: unknown): number {
  if (Number.isSafeInteger(integer)) return integer;
  const shown =
    typeof source === 'string' ? `"${source.length > 40 ? source.slice(0, 40) + '…' : source}"` : String(source);
  throw limitError(
    `int: ${shown} is beyond ${Number.MAX_SAFE_INTEGER}, the largest integer a template holds exactly ` +
      '(numbers are JSON numbers); keep it as a string, or use float for an approximate value',
  );
}

function toFloat(value: unknown, args: readonly unknown[], context: CallContext): unknown {
  const [fallback] = args;
  if (typeof value === 'string') context.budget.chargeItems(value.length);
  if (isNumeric(value)) return toNumber(value);
  if (typeof value !== 'string') return fallback;
  return parsePythonFloat(value) ?? fallback;
}

/** Ansible's bool: true, yes, on, 1 (any case) are true; everything else is false. */
function toBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1;
  if (typeof value !== 'string') return false;
  return ['yes', 'on', '1', 'true', 'y', 't'].includes(value.trim().toLowerCase());
}

export const NUMBER_FILTERS: Readonly<Record<string, FilterDefinition>> = {
  abs: filter([], (value) => {
    if (!isNumeric(value)) throw typeError(`abs needs a number, not ${describeKind(value)}`);
    return Math.abs(toNumber(value));
  }),
  round: filter(
    [
      ['precision', 0],
      ['method', 'common'],
    ],
    round,
  ),
  int: filter(
    [
      ['default', 0],
      ['base', 10],
    ],
    toInteger,
  ),
  float: filter([['default', 0]], toFloat),
  bool: filter([], toBoolean),
};
