// Python's printf-style formatting (`'%s: %.2f' % (name, score)`, the `format` filter).

import {
  describeKind,
  isInteger,
  isMapping,
  isNumeric,
  ownValue,
  toNumber,
  typeError,
  valueError,
} from '../shared/index.js';
import type { Budget } from '../shared/index.js';
import { formatExponent, formatFixed, formatGeneral } from './number-format.js';
import { pythonRepr } from './python-repr.js';
import { toText } from './to-text.js';

const SPEC_RE = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([a-zA-Z%])?/y;

interface Spec {
  readonly flags: string;
  readonly width: number;
  readonly precision: number | undefined;
  readonly conversion: string;
}

class ArgumentSource {
  private next = 0;

  constructor(
    private readonly positional: readonly unknown[],
    private readonly mapping: Record<string, unknown> | undefined,
  ) {}

  take(name: string | undefined): unknown {
    if (name !== undefined) {
      if (this.mapping === undefined) throw typeError('format requires a mapping for %(name) specifiers');
      const found = ownValue(this.mapping, name);
      if (found === undefined) throw valueError(`the format refers to "${name}", which the mapping does not have`);
      return found.value;
    }
    if (this.next >= this.positional.length) throw typeError('not enough arguments for the format string');
    this.next += 1;
    return this.positional[this.next - 1];
  }

  checkAllUsed(): void {
    if (this.mapping === undefined && this.next < this.positional.length) {
      throw typeError('not all arguments were converted during string formatting');
    }
  }
}

/** `format % values`: a list is the argument tuple, a mapping serves `%(name)s`. */
export function percentFormat(format: string, values: unknown, budget: Budget): string {
  const named = hasNamedSpecifier(format);
  const mapping = named && isMapping(values) ? values : undefined;
  const positional = Array.isArray(values) ? values : mapping === undefined ? [values] : [];
  return formatWith(format, new ArgumentSource(positional, mapping), budget);
}

export function percentFormatArguments(format: string, args: readonly unknown[], budget: Budget): string {
  return formatWith(format, new ArgumentSource(args, undefined), budget);
}

export function percentFormatMapping(format: string, mapping: Record<string, unknown>, budget: Budget): string {
  return formatWith(format, new ArgumentSource([], mapping), budget);
}

/** Whether a `%(` is closed by a `)` later on: two searches (a regular expression retried at every `%(` is quadratic). */
function hasNamedSpecifier(format: string): boolean {
  const open = format.indexOf('%(');
  return open >= 0 && format.indexOf(')', open + 2) >= 0;
}

function formatWith(format: string, source: ArgumentSource, budget: Budget): string {
  budget.chargeChars(format.length);
  let result = '';
  let position = 0;
  while (position < format.length) {
    const percent = format.indexOf('%', position);
    if (percent < 0) {
      result += format.slice(position);
      break;
    }
    result += format.slice(position, percent);
    SPEC_RE.lastIndex = percent;
    const match = SPEC_RE.exec(format);
    const conversion = match?.[5];
    if (match === null || conversion === undefined) throw valueError('incomplete format: a "%" ends the string');
    position = SPEC_RE.lastIndex;
    budget.chargeCalls(1);
    if (conversion === '%') {
      result += '%';
      continue;
    }
    const width = readCount(match[3], source, budget);
    const precisionText = match[4];
    const precision = precisionText === undefined ? undefined : readCount(precisionText, source, budget);
    const spec: Spec = { flags: match[2] ?? '', width, precision, conversion };
    const converted = convert(spec, source.take(match[1]), budget);
    budget.checkGrowingString(result.length + converted.length);
    budget.chargeChars(converted.length);
    result += converted;
  }
  source.checkAllUsed();
  return result;
}

function readCount(text: string | undefined, source: ArgumentSource, budget: Budget): number {
  if (text === undefined) return 0;
  const value = text === '*' ? source.take(undefined) : Number(text);
  if (!isInteger(value)) throw typeError('* wants an integer');
  const count = toNumber(value);
  budget.checkStringLength(Math.abs(count));
  return count;
}

function convert(spec: Spec, value: unknown, budget: Budget): string {
  const { conversion } = spec;
  if (conversion === 's') return pad(truncate(toText(value, budget), spec.precision), spec, false);
  if (conversion === 'r' || conversion === 'a')
    return pad(truncate(pythonRepr(value, budget), spec.precision), spec, false);
  if (conversion === 'c') return pad(character(value), spec, false);
  if ('diuxXo'.includes(conversion)) return pad(formatInteger(spec, value), spec, true);
  if ('eEfFgG'.includes(conversion)) return pad(formatFloat(spec, value), spec, true);
  throw valueError(`unsupported format character '${conversion}'`);
}

function truncate(text: string, precision: number | undefined): string {
  return precision === undefined ? text : text.slice(0, precision);
}

function character(value: unknown): string {
  if (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= 2 &&
    String.fromCodePoint(value.codePointAt(0) ?? 0) === value
  )
    return value;
  if (isInteger(value) && toNumber(value) >= 0 && toNumber(value) <= 0x10ffff)
    return String.fromCodePoint(toNumber(value));
  throw typeError(`%c requires an integer or a single character, not ${describeKind(value)}`);
}

function formatInteger(spec: Spec, value: unknown): string {
  const { conversion, flags } = spec;
  if (!isNumeric(value)) throw typeError(`%${conversion} format: a number is required, not ${describeKind(value)}`);
  const number = toNumber(value);
  if ('xXo'.includes(conversion) && !Number.isInteger(number)) {
    throw typeError(`%${conversion} format: an integer is required, not a fractional number`);
  }
  const integer = Math.trunc(number);
  const radix = conversion === 'o' ? 8 : conversion === 'd' || conversion === 'i' || conversion === 'u' ? 10 : 16;
  let digits = Math.abs(integer).toString(radix);
  if (conversion === 'X') digits = digits.toUpperCase();
  if (spec.precision !== undefined) digits = digits.padStart(spec.precision, '0');
  const prefix = flags.includes('#') && radix !== 10 ? '0' + (conversion === 'o' ? 'o' : conversion) : '';
  return signOf(integer < 0, flags) + prefix + digits;
}

function formatFloat(spec: Spec, value: unknown): string {
  const { conversion, flags } = spec;
  if (!isNumeric(value)) throw typeError(`%${conversion} format: a number is required, not ${describeKind(value)}`);
  const number = toNumber(value);
  const precision = spec.precision ?? 6;
  const magnitude = Math.abs(number);
  const lower = conversion.toLowerCase();
  let body =
    lower === 'f'
      ? formatFixed(magnitude, precision)
      : lower === 'e'
        ? formatExponent(magnitude, precision)
        : formatGeneral(magnitude, precision, flags.includes('#'));
  if (conversion === conversion.toUpperCase()) body = body.toUpperCase();
  return signOf(number < 0 || Object.is(number, -0), flags) + body;
}

function signOf(negative: boolean, flags: string): string {
  if (negative) return '-';
  if (flags.includes('+')) return '+';
  return flags.includes(' ') ? ' ' : '';
}

function pad(text: string, spec: Spec, numeric: boolean): string {
  const { flags, width } = spec;
  if (text.length >= width) return text;
  if (flags.includes('-')) return text.padEnd(width, ' ');
  if (numeric && flags.includes('0')) {
    const sign = /^[-+ ]?(?:0[xXo])?/.exec(text)?.[0] ?? '';
    return sign + text.slice(sign.length).padStart(width - sign.length, '0');
  }
  return text.padStart(width, ' ');
}
