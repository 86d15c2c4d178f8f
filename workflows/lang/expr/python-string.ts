// Python's view of strings: indexed by code point (not UTF-16 unit), compared by code
// point, with Python's notion of whitespace. No locale anywhere.

const SURROGATE_RE = /[\uD800-\uDFFF]/;
/** The characters for which Python's str.isspace() is true. */
const PYTHON_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
export const PYTHON_SPACE_CLASS = `[${PYTHON_SPACE}]`;
const LEADING_SPACE_RE = new RegExp(`^${PYTHON_SPACE_CLASS}+`);
const TRAILING_SPACE_RE = new RegExp(`${PYTHON_SPACE_CLASS}+$`);
const SPACE_RUN_RE = new RegExp(`${PYTHON_SPACE_CLASS}+`);

export function hasSurrogates(text: string): boolean {
  return SURROGATE_RE.test(text);
}

/** The string as a list of characters (code points). */
export function characters(text: string): string[] {
  return hasSurrogates(text) ? Array.from(text) : text.split('');
}

export function characterCount(text: string): number {
  if (!hasSurrogates(text)) return text.length;
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** Code-point order, as Python compares strings (JavaScript's `<` compares UTF-16 units). */
export function compareStrings(left: string, right: string): number {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index += 1) {
    const leftUnit = left.charCodeAt(index);
    const rightUnit = right.charCodeAt(index);
    if (leftUnit === rightUnit) continue;
    const leftPoint = left.codePointAt(index) ?? leftUnit;
    const rightPoint = right.codePointAt(index) ?? rightUnit;
    return leftPoint < rightPoint ? -1 : 1;
  }
  return left.length === right.length ? 0 : left.length < right.length ? -1 : 1;
}

/** str.strip / lstrip / rstrip, with Python's whitespace or the given characters. */
export function strip(text: string, chars: string | null, side: 'both' | 'left' | 'right'): string {
  if (chars === null) {
    let result = text;
    if (side !== 'right') result = result.replace(LEADING_SPACE_RE, '');
    if (side !== 'left') result = result.replace(TRAILING_SPACE_RE, '');
    return result;
  }
  const set = new Set(characters(chars));
  const list = characters(text);
  let start = 0;
  let end = list.length;
  if (side !== 'right') while (start < end && set.has(list[start] ?? '')) start += 1;
  if (side !== 'left') while (end > start && set.has(list[end - 1] ?? '')) end -= 1;
  return list.slice(start, end).join('');
}

/** str.split(sep, maxsplit): whitespace runs when `separator` is null. */
export function split(text: string, separator: string | null, maxSplit: number): string[] {
  if (separator === null) return splitWhitespace(text, maxSplit);
  if (separator === '') throw new RangeError('empty separator');
  const parts: string[] = [];
  let rest = text;
  while (maxSplit < 0 || parts.length < maxSplit) {
    const index = rest.indexOf(separator);
    if (index < 0) break;
    parts.push(rest.slice(0, index));
    rest = rest.slice(index + separator.length);
  }
  parts.push(rest);
  return parts;
}

function splitWhitespace(text: string, maxSplit: number): string[] {
  const parts: string[] = [];
  let rest = strip(text, null, 'left');
  while (rest !== '' && (maxSplit < 0 || parts.length < maxSplit)) {
    const match = SPACE_RUN_RE.exec(rest);
    if (match === null) break;
    parts.push(rest.slice(0, match.index));
    rest = strip(rest.slice(match.index), null, 'left');
  }
  if (rest !== '') parts.push(rest);
  return parts;
}

/** str.replace(old, new, count), including Python's handling of an empty `old`. */
export function replace(text: string, old: string, replacement: string, count: number): string {
  if (old === '') {
    const list = characters(text);
    const pieces: string[] = [];
    let replaced = 0;
    for (const char of ['', ...list]) {
      if (char !== '') pieces.push(char);
      if (count < 0 || replaced < count) {
        pieces.push(replacement);
        replaced += 1;
      }
    }
    return pieces.join('');
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

/** Python's str.title(): a letter after a non-letter starts a word. */
export function pythonTitle(text: string): string {
  let result = '';
  let previousCased = false;
  for (const char of text) {
    const cased = char.toLowerCase() !== char.toUpperCase();
    result += previousCased ? char.toLowerCase() : char.toUpperCase();
    previousCased = cased;
  }
  return result;
}

/** Python's str.capitalize(). */
export function capitalize(text: string): string {
  const [first = '', ...rest] = characters(text);
  return first.toUpperCase() + rest.join('').toLowerCase();
}

/** Python's str.islower() / isupper(): at least one cased character, all of one case. */
export function hasOnlyCase(text: string, lower: boolean): boolean {
  let cased = false;
  for (const char of text) {
    if (char.toLowerCase() === char.toUpperCase()) continue;
    cased = true;
    if (lower ? char !== char.toLowerCase() : char !== char.toUpperCase()) return false;
  }
  return cased;
}
