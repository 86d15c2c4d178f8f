// Filters on text. Like Jinja2, they turn a non-string value into its text first.

import { REQUIRED, expectInteger, expectString, filter, optionalString, replaceChecked } from './filter-support.js';
import type { FilterDefinition } from './filter-support.js';
import { percentFormatArguments, percentFormatMapping } from './percent-format.js';
import { PYTHON_SPACE_CLASS, capitalize, characterCount, codePointOffset, firstCharacter, split, splitLines, strip } from './python-string.js';
import { typeError, valueError } from './template-error.js';
import { toText } from './to-text.js';
import { createMapping, isTruthy } from './values.js';
import type { CallContext, KeywordArguments } from './values.js';

/** What Jinja2's title splits words on: whitespace, `-`, and opening brackets; a word is what lies between. */
const TITLE_WORD_RE = new RegExp(`[^-({\\[<${PYTHON_SPACE_CLASS.slice(1, -1)}]+`, 'gu');
const WORD_RE = /[\p{L}\p{N}_]+/gu;
const HTML_ESCAPES: readonly (readonly [string, string])[] = [['&', '&amp;'], ['<', '&lt;'], ['>', '&gt;'], ['"', '&#34;'], ["'", '&#39;']];

function text(value: unknown, context: CallContext): string {
  return toText(value, context.budget);
}

function built(result: string, context: CallContext): string {
  context.budget.checkStringLength(result.length);
  return result;
}

/** Jinja2's title filter: words start after whitespace, `-`, or an opening bracket. */
function title(source: string, context: CallContext): string {
  const result = source.replace(TITLE_WORD_RE, (word) => {
    context.budget.chargeItems(1);
    const first = firstCharacter(word);
    return first.toUpperCase() + word.slice(first.length).toLowerCase();
  });
  return built(result, context);
}

function truncate(value: unknown, args: readonly unknown[], context: CallContext): string {
  const source = text(value, context);
  const length = expectInteger(args[0], 'truncate length');
  const killWords = isTruthy(args[1]);
  const end = text(args[2], context);
  const leeway = args[3] === null ? 5 : expectInteger(args[3], 'truncate leeway');
  const endLength = characterCount(end);
  if (length < endLength) throw valueError(`truncate length must be at least ${endLength} (the length of "${end}")`);
  if (leeway < 0) throw valueError('truncate leeway must not be negative');
  context.budget.chargeChars(source.length);
  if (characterCount(source) <= length + leeway) return source;
  const kept = source.slice(0, codePointOffset(source, length - endLength));
  if (killWords) return kept + end;
  const lastSpace = kept.lastIndexOf(' ');
  return (lastSpace < 0 ? kept : kept.slice(0, lastSpace)) + end;
}

function indent(value: unknown, args: readonly unknown[], context: CallContext): string {
  const [width, first, blank] = args;
  const size = typeof width === 'string' ? width.length : Math.max(expectInteger(width, 'indent width'), 0);
  context.budget.checkStringLength(size);
  const indentation = typeof width === 'string' ? width : ' '.repeat(size);
  const lines = splitLines(text(value, context) + '\n');
  context.budget.chargeItems(lines.length);
  context.budget.checkStringLength(lines.length * indentation.length);
  let result: string;
  if (isTruthy(blank)) {
    result = lines.join('\n' + indentation);
  } else {
    const [head = '', ...rest] = lines;
    result = head + (rest.length > 0 ? '\n' + rest.map((line) => (line === '' ? line : indentation + line)).join('\n') : '');
  }
  return built(isTruthy(first) ? indentation + result : result, context);
}

function center(value: unknown, args: readonly unknown[], context: CallContext): string {
  const source = text(value, context);
  const width = expectInteger(args[0], 'center width');
  context.budget.checkStringLength(width);
  const margin = width - characterCount(source);
  if (margin <= 0) return source;
  const left = Math.floor(margin / 2) + (margin & width & 1);
  return ' '.repeat(left) + source + ' '.repeat(margin - left);
}

/** `'%s'|format(x)` as Jinja2; with keywords only, `{name}` fields as py-orc's str.format. */
function format(value: unknown, args: readonly unknown[], context: CallContext, kwargs: KeywordArguments): string {
  const source = text(value, context);
  if (args.length > 0 && kwargs.size > 0) throw typeError('format takes positional or keyword arguments, not both');
  if (kwargs.size === 0) return percentFormatArguments(source, args, context.budget);
  const mapping = createMapping(kwargs);
  if (source.includes('%(')) return percentFormatMapping(source, mapping, context.budget);
  return built(
    source.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (whole, field: string | undefined) => {
      context.budget.chargeItems(1);
      if (field === undefined) return whole[0] ?? '';
      if (!kwargs.has(field)) throw valueError(`format: no value was given for {${field}}`);
      return text(kwargs.get(field), context);
    }),
    context,
  );
}

/** py-orc's slugify: drop what is not a word character, space or dash; dash the gaps. */
function slugify(value: unknown, context: CallContext): string {
  const lowered = text(value, context).toLowerCase();
  const kept = lowered.replace(new RegExp(`[^\\p{L}\\p{N}_\\-${PYTHON_SPACE_CLASS.slice(1, -1)}]`, 'gu'), '');
  return kept.replace(new RegExp(`[-${PYTHON_SPACE_CLASS.slice(1, -1)}]+`, 'gu'), '-').replace(/^-+|-+$/g, '');
}

/** Jinja2's escape, one native pass per character it escapes. */
function escapeHtml(value: unknown, _args: readonly unknown[], context: CallContext): string {
  let result = text(value, context);
  for (const [char, entity] of HTML_ESCAPES) {
    if (result.includes(char)) result = result.replaceAll(char, entity);
  }
  return built(result, context);
}

function wordcount(value: unknown, _args: readonly unknown[], context: CallContext): number {
  const count = (text(value, context).match(WORD_RE) ?? []).length;
  context.budget.chargeItems(count);
  return count;
}

function splitFilter(value: unknown, [separator, maxSplit]: readonly unknown[], context: CallContext): string[] {
  const source = expectString(value, 'the value to split');
  const sep = optionalString(separator, 'split separator');
  if (sep === '') throw valueError('split separator must not be empty');
  const parts = split(source, sep, expectInteger(maxSplit, 'split maxsplit'));
  context.budget.chargeItems(parts.length);
  return parts;
}

function truncateWords(value: unknown, [count]: readonly unknown[], context: CallContext): string {
  const source = text(value, context);
  const words = split(source, null, -1);
  context.budget.chargeItems(words.length);
  const limit = expectInteger(count, 'truncate_words count');
  return words.length <= limit ? source : words.slice(0, Math.max(limit, 0)).join(' ') + '...';
}

export const TEXT_FILTERS: Readonly<Record<string, FilterDefinition>> = {
  upper: filter([], (value, _, context) => built(text(value, context).toUpperCase(), context)),
  lower: filter([], (value, _, context) => built(text(value, context).toLowerCase(), context)),
  capitalize: filter([], (value, _, context) => built(capitalize(text(value, context)), context)),
  title: filter([], (value, _, context) => title(text(value, context), context)),
  trim: filter([['chars', null]], (value, [chars], context) => strip(text(value, context), optionalString(chars, 'trim chars'), 'both')),
  strip: filter([['chars', null]], (value, [chars], context) => strip(text(value, context), optionalString(chars, 'strip chars'), 'both')),
  replace: filter([['old', REQUIRED], ['new', REQUIRED], ['count', null]], (value, [old, replacement, count], context) => {
    const limit = count === null ? -1 : expectInteger(count, 'replace count');
    return replaceChecked(text(value, context), text(old, context), text(replacement, context), limit, context.budget);
  }),
  truncate: filter([['length', 255], ['killwords', false], ['end', '...'], ['leeway', null]], truncate),
  truncate_words: filter([['count', 50]], truncateWords),
  wordcount: filter([], wordcount),
  split: filter([['sep', null], ['maxsplit', -1]], splitFilter),
  indent: filter([['width', 4], ['first', false], ['blank', false]], indent),
  center: filter([['width', 80]], center),
  format: filter(null, format),
  slugify: filter([], (value, _, context) => slugify(value, context)),
  basename: filter([], (value, _, context) => {
    const path = text(value, context);
    return path.slice(path.lastIndexOf('/') + 1);
  }),
  string: filter([], (value, _, context) => text(value, context)),
  safe: filter([], (value) => value),
  escape: filter([], escapeHtml),
  e: filter([], escapeHtml),
};
