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

const UNRESERVED = /[A-Za-z0-9_.\-~]/;
/** What Debian's Jinja2 refuses in an attribute name: it would end the name. */
const ATTRIBUTE_NAME_BREAK = /[\t\n\x0b\x0c\r /=>]/;

/** urllib.parse.quote of the UTF-8 bytes; `/` kept unless quoting for a query string, where spaces are `+`. */
export function urlQuote(text: string, forQuery: boolean, budget: Budget): string {
  budget.chargeItems(text.length);
  const pieces: string[] = [];
  for (const char of text) {
    if (UNRESERVED.test(char) || (!forQuery && char === '/')) {
      pieces.push(char);
      continue;
    }
    for (const byte of new TextEncoder().encode(char)) {
      pieces.push(byte === 0x20 && forQuery ? '+' : '%' + byte.toString(16).toUpperCase().padStart(2, '0'));
    }
  }
  const quoted = pieces.join('');
  budget.checkStringLength(quoted.length);
  return quoted;
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

const COMMENT_RE = /<!--[\s\S]*?-->/g;
const TAG_RE = /<[\s\S]*?>/g;
const SPACE_RUN_RE = new RegExp(`${PYTHON_SPACE_CLASS}+`, 'g');

/** Markup(text).striptags(): comments and tags removed, whitespace runs one space, entities decoded. */
function striptags(value: unknown, _args: readonly unknown[], context: CallContext): string {
  const text = toText(value, context.budget);
  // Each pass scans the text once (the lazy bodies stop at the first end marker).
  context.budget.chargeItems(text.length * 3);
  const stripped = text.replace(COMMENT_RE, '').replace(TAG_RE, '').replace(SPACE_RUN_RE, ' ').trim();
  return unescapeHtml(stripped.replace(/^ | $/g, ''), context.budget);
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
