// Jinja2's urlize (jinja2.utils.urlize, 3.1.2): links for http(s) URLs, `www.` and bare
// domains of the common top-level domains, IP addresses, `mailto:` and email addresses, in
// text that is HTML-escaped first. Every pattern is anchored to one word and linear in it.

import { PYTHON_SPACE_CLASS } from '../python/index.js';
import { valueError } from '../shared/index.js';
import type { Budget } from '../shared/index.js';
import { escapeHtml } from './html-text.js';

const WORD = String.raw`[\p{L}\p{N}_]`;
const HTTP_RE = new RegExp(
  String.raw`^(?:(?:https?:\/\/|www\.)(?:(?:[\p{L}\p{N}_%-]+\.)+)?(?:[a-z]{2,63}|xn--[\p{L}\p{N}_%]{2,59})` +
    String.raw`|(?:[\p{L}\p{N}_%-]{2,63}\.)+(?:com|net|int|edu|gov|org|info|mil)` +
    String.raw`|https?:\/\/(?:\d{1,3}(?:\.\d{1,3}){3}|\[(?:[\da-f]{0,4}:){2}(?:[\da-f]{0,4}:?){1,6}\]))` +
    String.raw`(?::\d{1,5})?(?:[\/?#]\S*)?$`,
  'iu',
);
const EMAIL_RE = new RegExp(String.raw`^\S+@${WORD}[\p{L}\p{N}_.-]*\.${WORD}+$`, 'u');
const SCHEME_RE = new RegExp(String.raw`^[\p{L}\p{N}_.+-]{2,}:\/{0,2}$`, 'u');
const WORDS_RE = new RegExp(`(${PYTHON_SPACE_CLASS}+)`);
const LEAD_RE = /^(?:[(<]|&lt;)+/;
const TRAIL_ENDINGS = [')', '>', '.', ',', '\n', '&gt;'];
const PAIRS: readonly (readonly [string, string])[] = [
  ['(', ')'],
  ['<', '>'],
  ['&lt;', '&gt;'],
];

export interface UrlizeOptions {
  readonly trimUrlLimit: number | undefined;
  readonly rel: string;
  readonly target: string | undefined;
  readonly extraSchemes: readonly string[];
  readonly budget: Budget;
}

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

/** Where Jinja2's `([)>.,\n]|&gt;)+$` starts: found from the end, so a long word is read once. */
function trailStart(middle: string): number {
  let end = middle.length;
  for (;;) {
    const ending = TRAIL_ENDINGS.find((candidate) => middle.endsWith(candidate, end));
    if (ending === undefined) return end;
    end -= ending.length;
  }
}

/** Where the tail holds its `count`th `close`, just after it: what moves back into the link. */
function afterNth(tail: string, close: string, count: number): number {
  let end = 0;
  for (let found = 0; found < count; found += 1) end = tail.indexOf(close, end) + close.length;
  return end;
}

/** A word's leading `(`/`<` and trailing punctuation, kept outside the link; brackets balanced back in. */
function splitPunctuation(word: string): { head: string; middle: string; tail: string } {
  const lead = LEAD_RE.exec(word);
  const head = lead === null ? '' : lead[0];
  let middle = word.slice(head.length);
  const start = trailStart(middle);
  let tail = middle.slice(start);
  middle = middle.slice(0, start);
  for (const [open, close] of PAIRS) {
    const opened = count(middle, open);
    if (opened <= count(middle, close)) continue;
    const end = afterNth(tail, close, Math.min(opened, count(tail, close)));
    middle += tail.slice(0, end);
    tail = tail.slice(end);
  }
  return { head, middle, tail };
}

function link(middle: string, options: UrlizeOptions, attributes: string): string {
  const shown =
    options.trimUrlLimit !== undefined && middle.length > options.trimUrlLimit
      ? `${middle.slice(0, Math.max(options.trimUrlLimit, 0))}...`
      : middle;
  if (HTTP_RE.test(middle)) {
    const href = middle.startsWith('https://') || middle.startsWith('http://') ? middle : `https://${middle}`;
    return `<a href="${href}"${attributes}>${shown}</a>`;
  }
  if (middle.startsWith('mailto:') && EMAIL_RE.test(middle.slice(7))) {
    return `<a href="${middle}">${middle.slice(7)}</a>`;
  }
  if (middle.includes('@') && !middle.startsWith('www.') && !middle.includes(':') && EMAIL_RE.test(middle)) {
    return `<a href="mailto:${middle}">${middle}</a>`;
  }
  let result = middle;
  for (const scheme of options.extraSchemes) {
    if (result !== scheme && result.startsWith(scheme)) result = `<a href="${result}"${attributes}>${result}</a>`;
  }
  return result;
}

export function urlize(text: string, options: UrlizeOptions): string {
  const { budget } = options;
  for (const scheme of options.extraSchemes) {
    if (!SCHEME_RE.test(scheme)) throw valueError(`urlize: "${scheme}" is not a valid URI scheme prefix`);
  }
  const escape = (value: string): string => escapeHtml(value, budget);
  const attributes =
    (options.rel === '' ? '' : ` rel="${escape(options.rel)}"`) +
    (options.target === undefined || options.target === '' ? '' : ` target="${escape(options.target)}"`);
  const words = escape(text).split(WORDS_RE);
  // Each word is scanned a few times by anchored patterns, and may become a link.
  budget.chargeItems(text.length * 4);
  budget.chargeCalls(words.length);
  let length = 0;
  const linked = words.map((word) => {
    const { head, middle, tail } = splitPunctuation(word);
    const result = head + link(middle, options, attributes) + tail;
    length += result.length;
    budget.checkGrowingString(length);
    return result;
  });
  return linked.join('');
}
