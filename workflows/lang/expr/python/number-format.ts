// Python's number formatting where it differs from JavaScript's: round() and '%.2f' round
// the exact binary value half-to-even (JavaScript's toFixed rounds ties up), exponents
// have at least two digits.

interface ExactDecimal {
  readonly negative: boolean;
  /** All digits, integer part first. */
  readonly digits: string;
  /** How many of `digits` are before the decimal point. */
  readonly point: number;
}

/** The exact decimal expansion of a finite double (to 100 fractional digits). */
function exactDecimal(value: number): ExactDecimal {
  const negative = value < 0 || Object.is(value, -0);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e21) {
    const digits = BigInt(magnitude).toString();
    return { negative, digits, point: digits.length };
  }
  const [integer = '0', fraction = ''] = magnitude.toFixed(100).split('.');
  return { negative, digits: integer + fraction, point: integer.length };
}

/** Keeps the first `keep` digits, rounding half to even on the rest; may carry one digit. */
function roundDigits(digits: string, keep: number): string {
  if (keep < 0) return '';
  if (keep >= digits.length) return digits + '0'.repeat(keep - digits.length);
  const kept = digits.slice(0, keep);
  const rest = digits.slice(keep);
  const first = rest[0] ?? '0';
  const exactHalf = first === '5' && /^0*$/.test(rest.slice(1));
  const lastKept = Number(kept[kept.length - 1] ?? '0');
  const roundUp = first > '5' || (first === '5' && (!exactHalf || lastKept % 2 === 1));
  return roundUp ? incrementDigits(kept) : kept;
}

function incrementDigits(digits: string): string {
  if (digits === '') return '1';
  const list = digits.split('');
  for (let index = list.length - 1; index >= 0; index -= 1) {
    if (list[index] !== '9') {
      list[index] = String(Number(list[index]) + 1);
      return list.join('');
    }
    list[index] = '0';
  }
  return '1' + list.join('');
}

const ROUND_DIGITS_MAX = 323;
const ROUND_DIGITS_MIN = -308;

/** Python's round(value, ndigits) for a float: correctly rounded, ties to even. */
export function pythonRound(value: number, ndigits: number): number {
  if (!Number.isFinite(value)) return value;
  if (Number.isInteger(value) && ndigits >= 0) return value;
  // As CPython: past these, a double has no digit left to round (and nothing is built).
  if (ndigits > ROUND_DIGITS_MAX) return value;
  if (ndigits < ROUND_DIGITS_MIN) return 0 * value;
  const exact = exactDecimal(value);
  const keep = exact.point + ndigits;
  const rounded = roundDigits(exact.digits, keep);
  const carried = rounded.length - Math.max(keep, 0);
  const integerLength = exact.point + carried;
  let text: string;
  if (ndigits >= 0) {
    text = `${rounded.slice(0, integerLength) || '0'}.${rounded.slice(integerLength)}`;
  } else {
    text = (rounded || '0') + '0'.repeat(-ndigits);
  }
  const result = Number(text);
  return exact.negative ? -result : result;
}

/** '%.Nf': fixed notation with `precision` decimals. */
export function formatFixed(value: number, precision: number): string {
  if (!Number.isFinite(value)) return nonFinite(value);
  const exact = exactDecimal(value);
  const rounded = roundDigits(exact.digits, exact.point + precision);
  const integerLength = rounded.length - precision;
  const integer = rounded.slice(0, integerLength).replace(/^0+(?=\d)/, '') || '0';
  const fraction = rounded.slice(integerLength);
  return (exact.negative ? '-' : '') + integer + (precision > 0 ? '.' + fraction : '');
}

/** '%.Ne': one digit, `precision` decimals, and an exponent of at least two digits. */
export function formatExponent(value: number, precision: number): string {
  if (!Number.isFinite(value)) return nonFinite(value);
  const { mantissa, exponent, negative } = significant(value, precision + 1);
  const body = mantissa[0] + (precision > 0 ? '.' + mantissa.slice(1) : '');
  const sign = exponent < 0 ? '-' : '+';
  return (negative ? '-' : '') + body + 'e' + sign + String(Math.abs(exponent)).padStart(2, '0');
}

/** '%.Ng': Python's choice between fixed and exponent, trailing zeros removed. */
export function formatGeneral(value: number, precision: number, alternate: boolean): string {
  if (!Number.isFinite(value)) return nonFinite(value);
  const digits = precision === 0 ? 1 : precision;
  const { exponent } = significant(value, digits);
  const text =
    exponent >= -4 && exponent < digits ? formatFixed(value, digits - 1 - exponent) : formatExponent(value, digits - 1);
  if (alternate) return text;
  const [mantissa = '', exponentPart] = text.split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return exponentPart === undefined ? trimmed : `${trimmed}e${exponentPart}`;
}

function significant(value: number, count: number): { mantissa: string; exponent: number; negative: boolean } {
  const exact = exactDecimal(value);
  const firstNonZero = exact.digits.search(/[1-9]/);
  if (firstNonZero < 0) {
    if (value !== 0) return fromExponential(value, count);
    return { mantissa: '0'.repeat(count), exponent: 0, negative: exact.negative };
  }
  let exponent = exact.point - firstNonZero - 1;
  let mantissa = roundDigits(exact.digits.slice(firstNonZero), count);
  if (mantissa.length > count) {
    mantissa = mantissa.slice(0, count);
    exponent += 1;
  }
  return { mantissa, exponent, negative: exact.negative };
}

/** Numbers too small for toFixed(100): JavaScript's own exponent form. */
function fromExponential(value: number, count: number): { mantissa: string; exponent: number; negative: boolean } {
  const [mantissa = '0', exponent = '0'] = Math.abs(value)
    .toExponential(count - 1)
    .split('e');
  return { mantissa: mantissa.replace('.', ''), exponent: Number(exponent), negative: value < 0 };
}

function nonFinite(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  return value > 0 ? 'inf' : '-inf';
}
