// Filters that lay text and lists out, as Jinja2 does: wordwrap (Python's textwrap),
// filesizeformat, pprint (Python's pprint), slice (a list into columns).

import { iterate } from '../operations/index.js';
import { formatFixed, parsePythonFloat, prettyPrint, splitLines, wrapText } from '../python/index.js';
import { describeKind, isNumeric, isTruthy, toNumber, typeError, valueError } from '../shared/index.js';
import type { CallContext } from '../shared/index.js';
import { REQUIRED, expectInteger, expectString, filter, joinChecked } from './filter-support.js';
import type { FilterDefinition } from './filter-support.js';

function wordwrap(value: unknown, args: readonly unknown[], context: CallContext): string {
  const [width, breakLongWords, wrapstring, breakOnHyphens] = args;
  const text = expectString(value, 'the value to wrap');
  const separator = wrapstring === null ? '\n' : expectString(wrapstring, 'wordwrap wrapstring');
  const options = {
    width: expectInteger(width, 'wordwrap width'),
    breakLongWords: isTruthy(breakLongWords),
    breakOnHyphens: isTruthy(breakOnHyphens),
  };
  // Lines are wrapped one by one, as Jinja2 does: a line break always stays.
  const lines = splitLines(text).map((line) =>
    joinChecked(wrapText(line, options, context.budget), separator, context.budget),
  );
  return joinChecked(lines, separator, context.budget);
}

const DECIMAL_PREFIXES = ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
const BINARY_PREFIXES = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

/** 13 kB, 4.1 MB, 102 Bytes: decimal prefixes, or binary ones (KiB, MiB) when asked. */
function filesizeformat(value: unknown, [binary]: readonly unknown[], context: CallContext): string {
  let bytes: number;
  if (isNumeric(value)) bytes = toNumber(value);
  else if (typeof value === 'string') {
    context.budget.chargeItems(value.length);
    const parsed = parsePythonFloat(value);
    if (parsed === undefined) throw valueError(`filesizeformat: "${value.slice(0, 40)}" is not a number`);
    bytes = parsed;
  } else throw typeError(`filesizeformat needs a number, not ${describeKind(value)}`);
  const base = isTruthy(binary) ? 1024 : 1000;
  const prefixes = isTruthy(binary) ? BINARY_PREFIXES : DECIMAL_PREFIXES;
  if (bytes === 1) return '1 Byte';
  if (bytes < base) {
    if (!Number.isFinite(bytes)) throw valueError('filesizeformat: the size must be a finite number');
    return `${Math.trunc(bytes)} Bytes`;
  }
  const index = prefixes.findIndex((_, position) => bytes < base ** (position + 2));
  const position = index < 0 ? prefixes.length - 1 : index;
  return `${formatFixed((base * bytes) / base ** (position + 2), 1)} ${prefixes[position] ?? ''}`;
}

/** Jinja2's slice: `count` columns, the first ones one item longer; `fill_with` evens the rest. */
function slice(value: unknown, [count, fillWith]: readonly unknown[], context: CallContext): unknown[][] {
  const slices = expectInteger(count, 'the number of slices');
  if (slices === 0) throw valueError('slice: the number of slices must be at least 1');
  const items = iterate(value, context.budget);
  if (slices < 0) return [];
  context.budget.checkListLength(slices);
  // A list made per slice, even an empty one.
  context.budget.chargeCalls(slices);
  context.budget.chargeItems(items.length);
  const perSlice = Math.floor(items.length / slices);
  const withExtra = items.length % slices;
  const columns: unknown[][] = [];
  let offset = 0;
  for (let number = 0; number < slices; number += 1) {
    const start = offset + number * perSlice;
    if (number < withExtra) offset += 1;
    const column = items.slice(start, offset + (number + 1) * perSlice);
    if (fillWith !== null && number >= withExtra) column.push(fillWith);
    columns.push(column);
  }
  return columns;
}

export const LAYOUT_FILTERS: Readonly<Record<string, FilterDefinition>> = {
  wordwrap: filter(
    [
      ['width', 79],
      ['break_long_words', true],
      ['wrapstring', null],
      ['break_on_hyphens', true],
    ],
    wordwrap,
  ),
  filesizeformat: filter([['binary', false]], filesizeformat),
  pprint: filter([], (value, _args, context) => prettyPrint(value, context.budget)),
  slice: filter(
    [
      ['slices', REQUIRED],
      ['fill_with', null],
    ],
    slice,
  ),
};
