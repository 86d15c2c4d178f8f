// Casting a column's values to a type. A value that cannot be cast becomes null, as pandas'
// errors="coerce" does, so a following fill_missing can handle it.
import { badInput, isMissing, toNumber } from './rows.js';

type Caster = (value: unknown) => unknown;

function toDate(value: unknown, dateOnly: boolean): string | null {
  if (isMissing(value)) return null;
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(String(value).trim());
  if (Number.isNaN(date.getTime())) return null;
  const iso = date.toISOString();
  return dateOnly ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}

function toBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  const text = String(value ?? '')
    .trim()
    .toLowerCase();
  if (['true', 'yes', 'y', '1', 't'].includes(text)) return true;
  if (['false', 'no', 'n', '0', 'f'].includes(text)) return false;
  return null;
}

const CASTERS: Readonly<Record<string, Caster>> = {
  integer: (value) => {
    const number = toNumber(value);
    return number === undefined ? null : Math.trunc(number);
  },
  float: (value) => toNumber(value) ?? null,
  string: (value) =>
    value === null || value === undefined ? null : typeof value === 'object' ? JSON.stringify(value) : String(value),
  boolean: toBoolean,
  datetime: (value) => toDate(value, false),
  date: (value) => toDate(value, true),
};

const TYPE_ALIASES: Readonly<Record<string, string>> = {
  int: 'integer',
  int64: 'integer',
  int32: 'integer',
  number: 'float',
  numeric: 'float',
  double: 'float',
  float64: 'float',
  str: 'string',
  text: 'string',
  bool: 'boolean',
  timestamp: 'datetime',
  datetime64: 'datetime',
};

export function casterFor(type: unknown, column: string): Caster {
  const key = typeof type === 'string' ? type.toLowerCase() : '';
  const caster = CASTERS[TYPE_ALIASES[key] ?? key];
  if (caster === undefined) {
    throw badInput(
      `cast: unknown type ${JSON.stringify(type)} for column "${column}"; use one of ${Object.keys(CASTERS).join(', ')}`,
    );
  }
  return caster;
}
