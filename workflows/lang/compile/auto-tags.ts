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
const TO_PRIVATE = new Map(SWAPS.map(([plain, private_]) => [plain, private_]));
const FROM_PRIVATE = new Map(SWAPS.map(([plain, private_]) => [private_, plain]));
const PRIVATE_PATTERN = /[\uE000-\uE00B]/g;

export interface AutoTagSpan {
  start: number;
  end: number;
}

/** The outermost AUTO tags of a text: `<AUTO …>…</AUTO>` (nesting counted) or a lone `<AUTO>`. */
export function findAutoTagSpans(text: string): AutoTagSpan[] {
  const spans: AutoTagSpan[] = [];
  const opening = /<AUTO(?=[\s>])[^>]*>/g;
  let match: RegExpExecArray | null;
  while ((match = opening.exec(text)) !== null) {
    const end = closingOf(text, match.index + match[0].length);
    // A lone `<AUTO>` (py-orc's "choose for me" in model positions) has no closing tag.
    spans.push({ start: match.index, end: end ?? match.index + match[0].length });
    opening.lastIndex = end ?? match.index + match[0].length;
  }
  return spans;
}

/** Index just after the `</AUTO>` that closes a tag whose body starts at `from`. */
function closingOf(text: string, from: number): number | undefined {
  const tokens = /<AUTO(?=[\s>])[^>]*>|<\/AUTO>/g;
  tokens.lastIndex = from;
  let depth = 1;
  let token: RegExpExecArray | null;
  while ((token = tokens.exec(text)) !== null) {
    depth += token[0].startsWith('</') ? -1 : 1;
    if (depth === 0) return token.index + token[0].length;
  }
  return undefined;
}

/** The text to hand to the YAML parser: same length, same lines, tags made inert. */
export function protectAutoTags(text: string): string {
  const spans = findAutoTagSpans(text);
  if (spans.length === 0) return text;
  let protectedText = '';
  let cursor = 0;
  for (const span of spans) {
    protectedText += text.slice(cursor, span.start);
    // The tag's first "<" stays: YAML reads a scalar starting with it as plain text.
    protectedText += text[span.start] + [...text.slice(span.start + 1, span.end)].map((character) => TO_PRIVATE.get(character) ?? character).join('');
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
