// HTML text as markupsafe and Python's html module treat it: escape (Jinja2's `escape`) and
// html.unescape (what `striptags` decodes), both linear in the text.

import type { Budget } from '../shared/index.js';
import { DROPPED_CODEPOINTS, INVALID_CHARREFS, LEGACY_ENTITIES, NAMED_ENTITIES } from './html-entities.js';

const HTML_ESCAPES: readonly (readonly [string, string])[] = [
  ['&', '&amp;'],
  ['<', '&lt;'],
  ['>', '&gt;'],
  ['"', '&#34;'],
  ["'", '&#39;'],
];
/** By UTF-16 unit: how many characters escaping it adds. */
const ESCAPE_GROWTH: Readonly<Record<number, number>> = Object.fromEntries(
  HTML_ESCAPES.map(([char, entity]) => [char.charCodeAt(0), entity.length - 1]),
);

/** markupsafe's escape: the result's length is known (and checked) first, then one native pass per character escaped. */
export function escapeHtml(text: string, budget: Budget): string {
  let length = text.length;
  for (let index = 0; index < text.length; index += 1) length += ESCAPE_GROWTH[text.charCodeAt(index)] ?? 0;
  budget.chargeItems(text.length);
  budget.checkStringLength(length);
  let result = text;
  for (const [char, entity] of HTML_ESCAPES) {
    if (result.includes(char)) result = result.replaceAll(char, entity);
  }
  return result;
}

/** The character references html.unescape looks for: numeric, or a name of up to 32 characters. */
const CHARREF_RE = /&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)/g;

function numericReference(body: string): string {
  const hex = body[1] === 'x' || body[1] === 'X';
  const digits = body.slice(hex ? 2 : 1).replace(/;$/, '');
  const point = Number.parseInt(digits, hex ? 16 : 10);
  const replaced = INVALID_CHARREFS.get(point);
  if (replaced !== undefined) return String.fromCodePoint(replaced);
  if ((point >= 0xd800 && point <= 0xdfff) || !(point <= 0x10ffff)) return '\ufffd';
  if (DROPPED_CODEPOINTS.some(([first, last]) => point >= first && point <= last)) return '';
  return String.fromCodePoint(point);
}

function namedReference(body: string): string {
  const name = body.endsWith(';') ? body.slice(0, -1) : body;
  const point = NAMED_ENTITIES.get(name);
  if (point !== undefined && (body.endsWith(';') || LEGACY_ENTITIES.has(name))) return String.fromCodePoint(point);
  // The longest name the reference starts with that is valid without its `;`, as the standard says.
  for (let end = body.length - 1; end > 1; end -= 1) {
    const prefix = body.slice(0, end);
    const legacy = LEGACY_ENTITIES.has(prefix) ? NAMED_ENTITIES.get(prefix) : undefined;
    if (legacy !== undefined) return String.fromCodePoint(legacy) + body.slice(end);
  }
  return '&' + body;
}

/** Python's html.unescape, for the HTML 4 names and every numeric reference. */
export function unescapeHtml(text: string, budget: Budget): string {
  if (!text.includes('&')) return text;
  budget.chargeItems(text.length);
  return text.replace(CHARREF_RE, (_whole, body: string) => {
    budget.chargeCalls(1);
    return body.startsWith('#') ? numericReference(body) : namedReference(body);
  });
}
