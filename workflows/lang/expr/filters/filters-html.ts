// Filters for HTML and URLs, as Jinja2 3.1.2 (Debian's) defines them: urlencode, xmlattr,
// striptags, urlize, forceescape. py-orc renders text, never Markup: what Jinja2 escapes,
// these escape too, and nothing is escaped twice by an autoescaping environment.

import { iterate } from '../operations/index.js';
import { PYTHON_SPACE_CLASS, toText } from '../python/index.js';
import { Undefined, describeKind, isMapping, mappingEntries, typeError, valueError } from '../shared/index.js';
import type { Budget, CallContext } from '../shared/index.js';
import { escapeHtml, unescapeHtml } from './html-text.js';
import { expectString, filter, joinChecked } from './filter-support.js';
import type { FilterDefinition } from './filter-support.js';
import { urlize } from './urlize.js';

/** What encodeURIComponent leaves as it is but urllib.parse.quote escapes. */
const QUOTE_ALSO_RE = /[!'()*]/g;
/** What Debian's Jinja2 refuses in an attribute name: it would end the name. */
const ATTRIBUTE_NAME_BREAK = /[\t\n\x0b\x0c\r /=>]/;

/**
 * urllib.parse.quote of the UTF-8 bytes; `/` kept unless quoting for a query string, where
 * spaces are `+`. The runtime's encodeURIComponent does the encoding in one native pass.
 */
export function urlQuote(text: string, forQuery: boolean, budget: Budget): string {
  budget.chargeChars(text.length * 4);
  let quoted: string;
  try {
    quoted = encodeURIComponent(text);
  } catch {
    throw valueError('urlencode: the text holds a lone UTF-16 surrogate, which has no UTF-8 form');
  }
  budget.checkStringLength(quoted.length);
  quoted = quoted.replace(QUOTE_ALSO_RE, (char) => '%' + char.charCodeAt(0).toString(16).toUpperCase());
  return forQuery ? quoted.replaceAll('%20', '+') : quoted.replaceAll('%2F', '/');
}

/** A string is quoted as a path; a mapping, or a list of pairs, becomes a query string. */
function urlencode(value: unknown, _args: readonly unknown[], context: CallContext): string {
  const { budget } = context;
  if (typeof value === 'string' || !(isMapping(value) || Array.isArray(value))) {
    return urlQuote(toText(value, budget), false, budget);
  }
  const pairs = isMapping(value)
    ? mappingEntries(value, budget)
    : iterate(value, budget).map((pair, index) => {
        if (!Array.isArray(pair) || pair.length !== 2) {
          throw typeError(`urlencode: item ${index} is ${describeKind(pair)}, not a pair of a key and a value`);
        }
        return pair as [unknown, unknown];
      });
  budget.chargeCalls(pairs.length);
  const parts = pairs.map(
    ([key, item]) => `${urlQuote(toText(key, budget), true, budget)}=${urlQuote(toText(item, budget), true, budget)}`,
  );
  return joinChecked(parts, '&', budget);
}

/** ` key="value"` for each item whose value is not none, keys and values escaped. */
function xmlattr(value: unknown, [autospace]: readonly unknown[], context: CallContext): string {
  if (!isMapping(value)) throw typeError(`xmlattr needs a mapping, not ${describeKind(value)}`);
  const { budget } = context;
  const parts: string[] = [];
  for (const [key, item] of mappingEntries(value, budget)) {
    if (item === null || item instanceof Undefined) continue;
    budget.chargeChars(key.length);
    if (ATTRIBUTE_NAME_BREAK.test(key)) {
      throw valueError(`xmlattr: the attribute name "${key}" has a space, "/", ">" or "=", which would end it`);
    }
    parts.push(`${escapeHtml(key, budget)}="${escapeHtml(toText(item, budget), budget)}"`);
  }
  const attributes = joinChecked(parts, ' ', budget);
  return autospace !== false && attributes !== '' ? ' ' + attributes : attributes;
}

const SPACE_RUN_RE = new RegExp(`${PYTHON_SPACE_CLASS}+`, 'g');

/**
 * markupsafe's `re.sub(r"<!--.*?-->", "")`, then `<.*?>`, scanned by hand: once no end marker
 * follows, no later start can match either, so each pass reads the text once.
 */
function removeBetween(text: string, start: string, end: string): string {
  const pieces: string[] = [];
  let position = 0;
  for (;;) {
    const opening = text.indexOf(start, position);
    const closing = opening < 0 ? -1 : text.indexOf(end, opening + start.length);
    if (closing < 0) break;
    pieces.push(text.slice(position, opening));
    position = closing + end.length;
  }
  pieces.push(text.slice(position));
  return pieces.join('');
}

/** Markup(text).striptags(): comments and tags removed, whitespace runs one space, entities decoded. */
function striptags(value: unknown, _args: readonly unknown[], context: CallContext): string {
  const text = toText(value, context.budget);
  // Two passes that each read the text once, a piece kept per tag (a tag has two characters at least).
  context.budget.chargeChars(text.length * 3);
  context.budget.chargeItems(text.length / 2);
  const withoutTags = removeBetween(removeBetween(text, '<!--', '-->'), '<', '>');
  context.budget.chargeItems(withoutTags.length);
  const collapsed = withoutTags.replace(SPACE_RUN_RE, ' ').replace(/^ | $/g, '');
  return unescapeHtml(collapsed, context.budget);
}

function urlizeFilter(value: unknown, args: readonly unknown[], context: CallContext): string {
  const [trimUrlLimit, nofollow, target, rel, extraSchemes] = args;
  const relParts = new Set((rel === null ? '' : expectString(rel, 'urlize rel')).split(/\s+/).filter(Boolean));
  if (nofollow === true) relParts.add('nofollow');
  relParts.add('noopener');
  const schemes =
    extraSchemes === null
      ? []
      : iterate(extraSchemes, context.budget).map((scheme) => expectString(scheme, 'a scheme'));
  return urlize(toText(value, context.budget), {
    trimUrlLimit: trimUrlLimit === null ? undefined : Number(trimUrlLimit),
    rel: [...relParts].sort().join(' '),
    target: target === null ? undefined : expectString(target, 'urlize target'),
    extraSchemes: schemes,
    budget: context.budget,
  });
}

export const HTML_FILTERS: Readonly<Record<string, FilterDefinition>> = {
  urlencode: filter([], urlencode),
  xmlattr: filter([['autospace', true]], xmlattr),
  striptags: filter([], striptags),
  urlize: filter(
    [
      ['trim_url_limit', null],
      ['nofollow', false],
      ['target', null],
      ['rel', null],
      ['extra_schemes', null],
    ],
    urlizeFilter,
  ),
  forceescape: filter([], (value, _args, context) => escapeHtml(toText(value, context.budget), context.budget)),
};
