// Python's view of strings: indexed by code point (not UTF-16 unit), compared by code
// point, with Python's notion of whitespace. No locale anywhere.

import type { Budget } from '../shared/index.js';

const SURROGATE_RE = /[\uD800-\uDFFF]/;
/** The characters for which Python's str.isspace() is true. */
const PYTHON_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
export const PYTHON_SPACE_CLASS = `[${PYTHON_SPACE}]`;

/**
 * Python's whitespace, one UTF-16 unit at a time. Scans use this rather than a regular
 * expression: `\s+$` retries at every start of a long inner run, which is quadratic.
 */
export function isPythonSpaceUnit(unit: number): boolean {
  if (unit <= 0x20) return unit === 0x20 || (unit >= 0x09 && unit <= 0x0d) || (unit >= 0x1c && unit <= 0x1f);
  if (unit < 0x85) return false;
  return (
    unit === 0x85 ||
    unit === 0xa0 ||
    unit === 0x1680 ||
    (unit >= 0x2000 && unit <= 0x200a) ||
    unit === 0x2028 ||
    unit === 0x2029 ||
    unit === 0x202f ||
    unit === 0x205f ||
    unit === 0x3000
  );
}

export function hasSurrogates(text: string): boolean {
  return SURROGATE_RE.test(text);
}

/** The string as a list of characters (code points). */
export function characters(text: string): string[] {
  return hasSurrogates(text) ? Array.from(text) : text.split('');
}

/**
 * The UTF-16 offset where code point number `count` starts (the length if there are fewer),
 * scanning only as far as needed: `s[:100]` of a long text looks at 100 characters.
 */
export function codePointOffset(text: string, count: number): number {
  const end = Math.min(Math.max(count, 0), text.length);
  if (!hasSurrogates(text.slice(0, end))) return end;
  let offset = 0;
  for (let point = 0; point < count && offset < text.length; point += 1) {
    const unit = text.charCodeAt(offset);
    const next = text.charCodeAt(offset + 1);
    offset += unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
  }
  return offset;
}

/** The first character (code point), or '' for an empty text. */
export function firstCharacter(text: string): string {
  const point = text.codePointAt(0);
  return point === undefined ? '' : String.fromCodePoint(point);
}

/** The last character (code point), or '' for an empty text. */
export function lastCharacter(text: string): string {
  return codePointBefore(text, text.length);
}

export function characterCount(text: string): number {
  if (!hasSurrogates(text)) return text.length;
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** The first UTF-16 index where the strings differ (the shorter length when one is a prefix). */
export function firstDifference(left: string, right: string): number {
  const length = Math.min(left.length, right.length);
  let index = 0;
  // Whole chunks first, compared by the runtime: equal prefixes of long strings are common
  // (sorting many equal strings), and a character-by-character loop is much slower.
  for (const chunk of [65_536, 1_024, 32]) {
    while (index + chunk <= length && left.slice(index, index + chunk) === right.slice(index, index + chunk))
      index += chunk;
  }
  while (index < length && left.charCodeAt(index) === right.charCodeAt(index)) index += 1;
  return index;
}

/**
 * The code-point order (Python's; JavaScript's `<` compares UTF-16 units) of two strings
 * that agree before `index`, their first difference.
 */
export function compareFrom(left: string, right: string, index: number): number {
  if (index >= left.length || index >= right.length) {
    return left.length === right.length ? 0 : left.length < right.length ? -1 : 1;
  }
  const leftPoint = left.codePointAt(index) ?? 0;
  const rightPoint = right.codePointAt(index) ?? 0;
  return leftPoint < rightPoint ? -1 : 1;
}

/** str.strip / lstrip / rstrip, with Python's whitespace or the given characters. */
/** `budget`, when given, pays for the characters looked at one by one. */
export function strip(text: string, chars: string | null, side: 'both' | 'left' | 'right', budget?: Budget): string {
  const points = chars === null ? null : new Set(Array.from(chars, (char) => char.codePointAt(0) ?? 0));
  const strips = (point: number): boolean => (points === null ? isPythonSpaceUnit(point) : points.has(point));
  let start = 0;
  let end = text.length;
  if (side !== 'right') {
    for (let point = text.codePointAt(start) ?? 0; start < end && strips(point); point = text.codePointAt(start) ?? 0) {
      start += point > 0xffff ? 2 : 1;
    }
  }
  if (side !== 'left') {
    for (let point = codePointEndingAt(text, end); end > start && strips(point); point = codePointEndingAt(text, end)) {
      end -= point > 0xffff ? 2 : 1;
    }
  }
  budget?.chargeItems(text.length - (end - start) + 1);
  return text.slice(start, end);
}

/** The code point that ends just before UTF-16 index `index` (0 at the start). */
function codePointEndingAt(text: string, index: number): number {
  if (index <= 0) return 0;
  const unit = text.charCodeAt(index - 1);
  const high = index >= 2 ? text.charCodeAt(index - 2) : 0;
  if (unit >= 0xdc00 && unit <= 0xdfff && high >= 0xd800 && high <= 0xdbff) return text.codePointAt(index - 2) ?? unit;
  return unit;
}

/** The character (code point) ending just before UTF-16 index `index`, or '' at the start. */
function codePointBefore(text: string, index: number): string {
  if (index <= 0) return '';
  const unit = text.charCodeAt(index - 1);
  const isLowSurrogate = unit >= 0xdc00 && unit <= 0xdfff;
  const high = index >= 2 ? text.charCodeAt(index - 2) : 0;
  return isLowSurrogate && high >= 0xd800 && high <= 0xdbff ? text.slice(index - 2, index) : text.charAt(index - 1);
}

/** str.split(sep, maxsplit): whitespace runs when `separator` is null. */
export function split(text: string, separator: string | null, maxSplit: number): string[] {
  if (separator === null) return splitWhitespace(text, maxSplit);
  if (separator === '') throw new RangeError('empty separator');
  const parts = text.split(separator);
  if (maxSplit < 0 || parts.length <= maxSplit + 1) return parts;
  // Past `maxsplit` splits, the rest is one part: the separators it held are put back.
  return [...parts.slice(0, maxSplit), parts.slice(maxSplit).join(separator)];
}

/** One pass over the text: words are the runs between whitespace. */
function splitWhitespace(text: string, maxSplit: number): string[] {
  const parts: string[] = [];
  let index = 0;
  const skipSpace = (): void => {
    while (index < text.length && isPythonSpaceUnit(text.charCodeAt(index))) index += 1;
  };
  skipSpace();
  while (index < text.length) {
    if (maxSplit >= 0 && parts.length >= maxSplit) {
      parts.push(text.slice(index));
      return parts;
    }
    const start = index;
    while (index < text.length && !isPythonSpaceUnit(text.charCodeAt(index))) index += 1;
    parts.push(text.slice(start, index));
    skipSpace();
  }
  return parts;
}

/** str.replace(old, new, count), including Python's handling of an empty `old`. */
export function replace(text: string, old: string, replacement: string, count: number): string {
  if (old === '') {
    // The replacement goes into the first `count` of the n + 1 gaps around the n characters.
    const list = characters(text);
    const filled = count < 0 ? list.length + 1 : Math.min(count, list.length + 1);
    if (filled === 0) return text;
    if (filled <= list.length)
      return replacement + list.slice(0, filled).join(replacement) + list.slice(filled).join('');
    return list.length === 0 ? replacement : replacement + list.join(replacement) + replacement;
  }
  if (count < 0) return text.split(old).join(replacement);
  const parts = split(text, old, count);
  return parts.join(replacement);
}

/** str.splitlines(): every line boundary Python knows, separators dropped. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const ASCII_RE = /^[\x00-\x7f]*$/;

const isAsciiLetter = (unit: number): boolean => (unit | 32) >= 0x61 && (unit | 32) <= 0x7a;

/**
 * ASCII text lower-cased except at word starts, which are upper-cased: one loop over the
 * UTF-16 units into a buffer, decoded in large chunks (no callback or piece per word).
 */
export function asciiTitle(
  text: string,
  startsWord: (unit: number, previous: number) => boolean,
  budget: Budget,
): string {
  budget.chargeItems(text.length);
  const units = new Uint16Array(text.length);
  let previous = -1;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    const letter = isAsciiLetter(unit);
    units[index] = !letter ? unit : startsWord(unit, previous) ? unit & ~32 : unit | 32;
    previous = unit;
  }
  const pieces: string[] = [];
  for (let start = 0; start < units.length; start += DECODE_CHUNK) {
    // `apply` takes the typed array as it is; spreading it first is several times slower.
    pieces.push(String.fromCharCode.apply(null, units.subarray(start, start + DECODE_CHUNK) as unknown as number[]));
  }
  return pieces.join('');
}

/** Units turned back into text at a time: well below any engine's limit on arguments. */
const DECODE_CHUNK = 8_192;

/** Python's str.title(): a cased character after a non-cased one starts a word. */
export function pythonTitle(text: string, budget: Budget): string {
  // In ASCII the cased characters are the letters.
  if (isAscii(text))
    return asciiTitle(text, (unit, previous) => isAsciiLetter(unit) && !isAsciiLetter(previous), budget);
  // One map lookup and one piece per character.
  budget.chargeItems(text.length * 2);
  const forms = new Map<string, { lower: string; upper: string; cased: boolean }>();
  const pieces: string[] = [];
  let previousCased = false;
  for (const char of text) {
    let form = forms.get(char);
    if (form === undefined) {
      const lower = char.toLowerCase();
      const upper = char.toUpperCase();
      form = { lower, upper, cased: lower !== upper };
      forms.set(char, form);
    }
    pieces.push(previousCased ? form.lower : form.upper);
    previousCased = form.cased;
  }
  return pieces.join('');
}

/** Python's str.capitalize(). */
export function capitalize(text: string): string {
  const first = text.codePointAt(0);
  if (first === undefined) return '';
  const head = String.fromCodePoint(first);
  return head.toUpperCase() + text.slice(head.length).toLowerCase();
}

/**
 * Python's str.islower() / isupper(): at least one cased character, all of one case. Whole
 * strings are case-mapped natively, as one pass each: the only context rule of default case
 * mapping (final sigma) changes nothing that per-character testing would accept.
 */
export function hasOnlyCase(text: string, lower: boolean): boolean {
  const lowered = text.toLowerCase();
  const uppered = text.toUpperCase();
  return lower ? lowered === text && uppered !== text : uppered === text && lowered !== text;
}

/** What mapping the case of `text` costs: outside ASCII the runtime works much harder per character. */
export function chargeCaseMapping(text: string, budget: Budget): void {
  budget.chargeChars(text.length);
  if (!isAscii(text)) budget.chargeItems(text.length);
}

/** Whether the text is all ASCII (then a UTF-16 index is a character index). */
export function isAscii(text: string): boolean {
  return ASCII_RE.test(text);
}
