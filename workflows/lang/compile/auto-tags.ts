// `<AUTO …>…</AUTO>` tags may stand unquoted where a scalar may, also inside longer strings
// and nested. Their text would confuse the YAML parser (`Answer: yes` starts a mapping,
// ` #` a comment), so before parsing, the characters YAML gives meaning to are swapped, inside
// tags only, for private-use characters of the same length; after parsing they are swapped
// back in every scalar. Lengths and line breaks are unchanged, so every position stays exact.

const SWAPS: ReadonlyArray<readonly [string, string]> = [
  [':', '\uE000'],
  ['#', '\uE001'],
  [',', '\uE002'],
  ['[', '\uE003'],
  [']', '\uE004'],
  ['{', '\uE005'],
  ['}', '\uE006'],
  ['&', '\uE007'],
  ['*', '\uE008'],
  ['!', '\uE009'],
  ['|', '\uE00A'],
  ['>', '\uE00B'],
];
import { findAutoTagSpans } from '../auto-tag-spans.js';

export { findAutoTagSpans, type AutoTagSpan } from '../auto-tag-spans.js';

const TO_PRIVATE = new Map(SWAPS.map(([plain, private_]) => [plain, private_]));
const FROM_PRIVATE = new Map(SWAPS.map(([plain, private_]) => [private_, plain]));
const PRIVATE_PATTERN = /[\uE000-\uE00B]/g;

/** The text to hand to the YAML parser: same length, same lines, tags made inert. */
export function protectAutoTags(text: string): string {
  const spans = findAutoTagSpans(text);
  if (spans.length === 0) return text;
  let protectedText = '';
  let cursor = 0;
  for (const span of spans) {
    protectedText += text.slice(cursor, span.start);
    // The tag's first "<" stays: YAML reads a scalar starting with it as plain text.
    protectedText +=
      text[span.start] +
      [...text.slice(span.start + 1, span.end)].map((character) => TO_PRIVATE.get(character) ?? character).join('');
    cursor = span.end;
  }
  return protectedText + text.slice(cursor);
}

/** Undoes `protectAutoTags` in a parsed scalar. */
export function restoreAutoTags(value: string): string {
  return value.replace(PRIVATE_PATTERN, (character) => FROM_PRIVATE.get(character) ?? character);
}

/** True when the file itself uses the private characters (then protection is not safe). */
export function usesPrivateCharacters(text: string): boolean {
  return /[\uE000-\uE00B]/.test(text);
}
