// Filters on text. Like Jinja2, they turn a non-string value into its text first.

import { REQUIRED, expectInteger, expectString, filter, optionalString, replaceChecked } from './filter-support.js';
import type { FilterDefinition } from './filter-support.js';
import { percentFormatArguments, percentFormatMapping } from './percent-format.js';
import { PYTHON_SPACE_CLASS, capitalize, characterCount, characters, split, splitLines, strip } from './python-string.js';
import { typeError, valueError } from './template-error.js';
import { toText } from './to-text.js';
import { createMapping, isTruthy } from './values.js';
import type { CallContext, KeywordArguments } from './values.js';

const WORD_BEGINNING_SPLIT_RE = new RegExp(`([-({\\[<${PYTHON_SPACE_CLASS.slice(1, -1)}]+)`, 'u');
const WORD_RE = /[\p{L}\p{N}_]+/gu;
const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

function text(value: unknown, context: CallContext): string {
  return toText(value, context.budget.limits.maxDepth);
}

function built(result: string, context: CallContext): string {
  context.budget.checkStringLength(result.length);
  return result;
}

/** Jinja2's title filter: words start after whitespace, `-`, or an opening bracket. */
function title(source: string): string {
  const pieces = source.split(new RegExp(WORD_BEGINNING_SPLIT_RE.source, 'gu'));
  return pieces.map((piece) => {
    const [first = '', ...rest] = characters(piece);
    return first.toUpperCase() + rest.join('').toLowerCase();
  }).join('');
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
  const chars = characters(source);
  if (chars.length <= length + leeway) return source;
  const kept = chars.slice(0, length - endLength).join('');
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

export const TEXT_FILTERS: Readonly<Record<string, FilterDefinition>> = {
  upper: filter([], (value, _, context) => text(value, context).toUpperCase()),
  lower: filter([], (value, _, context) => text(value, context).toLowerCase()),
  capitalize: filter([], (value, _, context) => capitalize(text(value, context))),
  title: filter([], (value, _, context) => title(text(value, context))),
  trim: filter([['chars', null]], (value, [chars], context) => strip(text(value, context), optionalString(chars, 'trim chars'), 'both')),
  strip: filter([['chars', null]], (value, [chars], context) => strip(text(value, context), optionalString(chars, 'strip chars'), 'both')),
  replace: filter([['old', REQUIRED], ['new', REQUIRED], ['count', null]], (value, [old, replacement, count], context) => {
    const limit = count === null ? -1 : expectInteger(count, 'replace count');
    return replaceChecked(text(value, context), text(old, context), text(replacement, context), limit, context.budget);
  }),
  truncate: filter([['length', 255], ['killwords', false], ['end', '...'], ['leeway', null]], truncate),
  truncate_words: filter([['count', 50]], (value, [count], context) => {
    const source = text(value, context);
    const words = split(source, null, -1);
    const limit = expectInteger(count, 'truncate_words count');
    return words.length <= limit ? source : words.slice(0, Math.max(limit, 0)).join(' ') + '...';
  }),
  wordcount: filter([], (value, _, context) => (text(value, context).match(WORD_RE) ?? []).length),
  split: filter([['sep', null], ['maxsplit', -1]], (value, [separator, maxSplit]) => {
    const source = expectString(value, 'the value to split');
    const sep = optionalString(separator, 'split separator');
    if (sep === '') throw valueError('split separator must not be empty');
    return split(source, sep, expectInteger(maxSplit, 'split maxsplit'));
  }),
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
  escape: filter([], (value, _, context) => text(value, context).replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char)),
  e: filter([], (value, _, context) => text(value, context).replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char)),
};
