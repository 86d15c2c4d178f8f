// Python's arithmetic on template values: `//` floors, `%` takes the divisor's sign,
// `+` joins only like with like, `'ab' * 3` repeats; sizes are checked before building,
// so that no count, however large, makes an operator loop.

import { percentFormat, toText } from '../python/index.js';
import { describeKind, isInteger, isNumeric, limitError, toNumber, typeError } from '../shared/index.js';
import type { Budget } from '../shared/index.js';
import type { BinaryOperator } from '../syntax/index.js';

export function applyBinary(operator: BinaryOperator, left: unknown, right: unknown, budget: Budget): unknown {
  switch (operator) {
    case '+':
      return add(left, right, budget);
    case '*':
      return multiply(left, right, budget);
    case '~': {
      const leftText = toText(left, budget);
      const rightText = toText(right, budget);
      budget.checkStringLength(leftText.length + rightText.length);
      return leftText + rightText;
    }
    case '%':
      if (typeof left === 'string') return percentFormat(left, right, budget);
      return arithmetic(operator, left, right);
    default:
      return arithmetic(operator, left, right);
  }
}

function add(left: unknown, right: unknown, budget: Budget): unknown {
  if (isNumeric(left) && isNumeric(right))
    return exactSum('+', toNumber(left), toNumber(right), toNumber(left) + toNumber(right));
  if (typeof left === 'string' && typeof right === 'string') {
    budget.checkStringLength(left.length + right.length);
    return left + right;
  }
  if (Array.isArray(left) && Array.isArray(right)) {
    budget.checkListLength(left.length + right.length);
    return [...(left as unknown[]), ...(right as unknown[])];
  }
  throw operandError(
    '+',
    left,
    right,
    typeof left === 'string' || typeof right === 'string' ? " (use '~' to join as text)" : '',
  );
}

/** `'ab' * 3`, `3 * [0]`: Python's repetition; a count of zero or less gives an empty value. */
function multiply(left: unknown, right: unknown, budget: Budget): unknown {
  if (isNumeric(left) && isNumeric(right))
    return exactSum('*', toNumber(left), toNumber(right), toNumber(left) * toNumber(right));
  const [sequence, count] = isInteger(right) ? [left, toNumber(right)] : isInteger(left) ? [right, toNumber(left)] : [];
  if (typeof sequence === 'string') return repeatString(sequence, count ?? 0, budget);
  if (Array.isArray(sequence)) return repeatList(sequence as readonly unknown[], count ?? 0, budget);
  throw operandError('*', left, right, '');
}

// The size is known before anything is built: an empty value or a count below one answers at
// once, and a result over the limit is refused, whatever the count (1e11, 1e308).
function repeatString(text: string, count: number, budget: Budget): string {
  if (text === '' || count <= 0) return '';
  budget.checkStringLength(text.length * count);
  return text.repeat(count);
}

function repeatList(items: readonly unknown[], count: number, budget: Budget): unknown[] {
  if (items.length === 0 || count <= 0) return [];
  const total = items.length * count;
  budget.checkListLength(total);
  const result = new Array<unknown>(total);
  for (let index = 0; index < total; index += 1) result[index] = items[index % items.length];
  return result;
}

function arithmetic(operator: BinaryOperator, left: unknown, right: unknown): number {
  if (!isNumeric(left) || !isNumeric(right)) throw operandError(operator, left, right, '');
  const a = toNumber(left);
  const b = toNumber(right);
  switch (operator) {
    case '-':
      return exactSum('-', a, b, a - b);
    case '/':
      if (b === 0) throw typeError('division by zero');
      return a / b;
    case '//':
      if (b === 0) throw typeError('integer division by zero');
      return Math.floor(a / b);
    case '%':
      return modulo(a, b);
    case '**':
      return power(a, b);
    default:
      throw new Error(`not an arithmetic operator: ${operator}`);
  }
}

/**
 * Two exact integers give an exact integer in Python, however large; ours are doubles, so a
 * result beyond 2**53 would be a silent neighbour (9007199254740991 + 2 → …992). Refused, like
 * `**` and the int filter. Floats (1e300 + 1) stay floats, as in Python.
 */
function exactSum(operator: string, a: number, b: number, result: number): number {
  if (Number.isSafeInteger(a) && Number.isSafeInteger(b) && !Number.isSafeInteger(result) && Number.isFinite(result))
    throw limitError(
      `${a} ${operator} ${b} is beyond ${Number.MAX_SAFE_INTEGER}, the largest integer a template holds exactly (numbers are JSON numbers)`,
    );
  return result;
}

function modulo(a: number, b: number): number {
  if (b === 0) throw typeError('modulo by zero');
  const remainder = a % b;
  return remainder !== 0 && remainder < 0 !== b < 0 ? remainder + b : remainder;
}

function power(base: number, exponent: number): number {
  if (base === 0 && exponent < 0) throw typeError('zero cannot be raised to a negative power');
  if (base < 0 && !Number.isInteger(exponent)) {
    throw typeError('a negative number raised to a fractional power is not a real number');
  }
  const result = base ** exponent;
  const exact = Number.isInteger(base) && Number.isInteger(exponent) && exponent >= 0;
  if (!Number.isFinite(result) || (exact && !Number.isSafeInteger(result))) {
    throw limitError(`${base} ** ${exponent} is too large a number`);
  }
  return result;
}

function operandError(operator: string, left: unknown, right: unknown, hint: string): Error {
  return typeError(
    `unsupported operand types for ${operator}: ${describeKind(left)} and ${describeKind(right)}${hint}`,
  );
}

export function negate(operand: unknown, operator: '-' | '+'): number {
  if (!isNumeric(operand)) throw typeError(`bad operand type for unary ${operator}: ${describeKind(operand)}`);
  const value = toNumber(operand);
  return operator === '-' ? -value : value;
}
