// Row expressions ("quantity * unit_price", "status != 'cancelled'") evaluated by the project's
// own template expression engine (workflows/lang/expr): safe (no eval), bounded, and the same
// language authors already write in templates. A row's columns are the names in scope; a few
// SQL-style functions py-orc pipelines use (DATE_FORMAT, UPPER, COALESCE…) are added.
import { evaluateExpression, formatDate, isTruthy } from '../../../workflows/lang/expr/index.js';
import { badInput, isMissing, toNumber, type Row } from './rows.js';

const FUNCTIONS: Record<string, (...args: unknown[]) => unknown> = {
  DATE_FORMAT: (value, format) => (isMissing(value) ? null : formatDate(value, String(format), undefined)),
  YEAR: (value) => (isMissing(value) ? null : Number(formatDate(value, '%Y', undefined))),
  MONTH: (value) => (isMissing(value) ? null : Number(formatDate(value, '%m', undefined))),
  DAY: (value) => (isMissing(value) ? null : Number(formatDate(value, '%d', undefined))),
  UPPER: (value) => (isMissing(value) ? null : String(value).toUpperCase()),
  LOWER: (value) => (isMissing(value) ? null : String(value).toLowerCase()),
  TRIM: (value) => (isMissing(value) ? null : String(value).trim()),
  LENGTH: (value) => (isMissing(value) ? 0 : String(value).length),
  CONCAT: (...values) => values.map((value) => (isMissing(value) ? '' : String(value))).join(''),
  COALESCE: (...values) => values.find((value) => !isMissing(value)) ?? null,
  ROUND: (value, digits = 0) => roundTo(toNumber(value), Number(digits)),
  ABS: (value) => {
    const number = toNumber(value);
    return number === undefined ? null : Math.abs(number);
  },
  NUMBER: (value) => toNumber(value) ?? null,
};
// Lower-case spellings too, so "round(price, 2)" and "date_format(...)" also work.
for (const [name, fn] of Object.entries(FUNCTIONS)) FUNCTIONS[name.toLowerCase()] ??= fn;

function roundTo(value: number | undefined, digits: number): number | null {
  if (value === undefined) return null;
  const factor = 10 ** (Number.isInteger(digits) ? digits : 0);
  return Math.round(value * factor) / factor;
}

/** The expression's value for one row; a mistake in it fails the step, naming the expression. */
export function evaluateOnRow(expression: string, row: Row, where: string): unknown {
  try {
    return evaluateExpression(expression, row, { globals: FUNCTIONS });
  } catch (error) {
    if (error instanceof Error) {
      throw badInput(
        `${where}: cannot evaluate "${expression}": ${error.message}. Columns are names (quantity * unit_price); text is quoted ('cancelled'); functions: ${Object.keys(
          FUNCTIONS,
        )
          .filter((name) => name === name.toUpperCase())
          .join(', ')}`,
      );
    }
    throw error;
  }
}

/** Whether a row matches a condition; SQL's AND/OR/NOT and a single "=" are accepted too. */
export function rowMatches(condition: string, row: Row, where: string): boolean {
  return isTruthy(evaluateOnRow(normaliseCondition(condition), row, where));
}

/** py-orc conditions are written in SQL or pandas style now and then; map the safe spellings. */
export function normaliseCondition(condition: string): string {
  // Quoted text is left alone: only the parts between quotes are rewritten.
  const parts = condition.split(/('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/);
  return parts.map((part, index) => (index % 2 === 1 ? part : normaliseOperators(part))).join('');
}

function normaliseOperators(text: string): string {
  return text
    .replace(/\bAND\b/g, 'and')
    .replace(/\bOR\b/g, 'or')
    .replace(/\bNOT\b/g, 'not')
    .replace(/&&/g, ' and ')
    .replace(/\|\|/g, ' or ')
    .replace(/(^|[^=!<>])=(?!=)/g, '$1==');
}
