// Python's int(text, base) and float(text), which Jinja2's int and float filters use.

import { strip } from './python-string.js';

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';
const PREFIXES: Readonly<Record<string, number>> = { '0b': 2, '0o': 8, '0x': 16 };
const FLOAT_RE = /^[+-]?(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const SPECIAL_FLOAT_RE = /^([+-]?)(inf|infinity|nan)$/i;

/** int(text, base), or undefined where Python raises ValueError. */
export function parsePythonInt(text: string, base: number): number | undefined {
  let body = strip(text, null, 'both').toLowerCase();
  let sign = 1;
  if (body.startsWith('-') || body.startsWith('+')) {
    if (body.startsWith('-')) sign = -1;
    body = body.slice(1);
  }
  let radix = base;
  const prefixRadix = PREFIXES[body.slice(0, 2)];
  if (prefixRadix !== undefined && (base === 0 || base === prefixRadix)) {
    radix = prefixRadix;
    body = body.slice(2).replace(/^_/, '');
  } else if (base === 0) {
    // Not `0+(?:_?0)*`: two quantifiers over the same zeros backtrack quadratically on '000…0x'.
    if (/^0(?:_?0)*$/.test(body)) return 0;
    if (body.startsWith('0')) return undefined;
    radix = 10;
  }
  if (radix < 2 || radix > 36 || !/^[0-9a-z](?:_?[0-9a-z])*$/.test(body)) return undefined;
  let value = 0;
  for (const char of body.replace(/_/g, '')) {
    const digit = DIGITS.indexOf(char);
    if (digit < 0 || digit >= radix) return undefined;
    value = value * radix + digit;
  }
  return sign * value;
}

/** float(text), or undefined where Python raises ValueError. */
export function parsePythonFloat(text: string): number | undefined {
  const body = strip(text, null, 'both');
  const special = SPECIAL_FLOAT_RE.exec(body);
  if (special !== null) {
    const negative = special[1] === '-';
    if ((special[2] ?? '').toLowerCase() === 'nan') return Number.NaN;
    return negative ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (!FLOAT_RE.test(body)) return undefined;
  return Number(body.replace(/_/g, ''));
}
