// Filters on text. Like Jinja2, they turn a non-string value into its text first.

import {
  PYTHON_SPACE_CLASS,
  asciiTitle,
  capitalize,
  characterCount,
  chargeCaseMapping,
  codePointOffset,
  firstCharacter,
  isAscii,
  isPythonSpaceUnit,
  percentFormatArguments,
  percentFormatMapping,
  split,
  splitLines,
  strip,
  toText,
} from '../python/index.js';
import { createMapping, isTruthy, typeError, valueError } from '../shared/index.js';
import type { CallContext, KeywordArguments } from '../shared/index.js';
import { REQUIRED, expectInteger, expectString, filter, optionalString, replaceChecked } from './filter-support.js';
import type { FilterDefinition } from './filter-support.js';
import { escapeHtml } from './html-text.js';

/** What Jinja2's title splits words on: whitespace, `-`, and opening brackets; a word is what lies between. */
const TITLE_WORD_RE = new RegExp(`[^-({\\[<${PYTHON_SPACE_CLASS.slice(1, -1)}]+`, 'gu');
const WORD_RE = /[\p{L}\p{N}_]+/gu;
const ASCII_WORD_RE = /\w+/g;
const SPACES = PYTHON_SPACE_CLASS.slice(1, -1);
const UNSLUG_RE = new RegExp(`[^\\p{L}\\p{N}_\\-${SPACES}]`, 'gu');
const SLUG_GAP_RE = new RegExp(`[-${SPACES}]+`, 'gu');
function text(value: unknown, context: CallContext): string {
  return toText(value, context.budget);
}

/** The text of `value`, paid for mapping its case. */
function caseMapped(value: unknown, context: CallContext): string {
  const source = text(value, context);
  chargeCaseMapping(source, context.budget);
  return source;
}

function built(result: string, context: CallContext): string {
  context.budget.checkStringLength(result.length);
  return result;
}

const isTitleSeparator = (unit: number): boolean =>
  unit < 0 ||
  isPythonSpaceUnit(unit) ||
  unit === 0x2d ||
  unit === 0x28 ||
  unit === 0x7b ||
  unit === 0x5b ||
  unit === 0x3c;

/** Jinja2's title filter: words start after whitespace, `-`, or an opening bracket. */
function title(source: string, context: CallContext): string {
  if (isAscii(source))
    return asciiTitle(
      source,
      (unit, previous) => isTitleSeparator(previous) && !isTitleSeparator(unit),
      context.budget,
    );
  chargeCaseMapping(source, context.budget);
  const result = source.replace(TITLE_WORD_RE, (word) => {
    context.budget.chargeCalls(1);
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
    result =
      head + (rest.length > 0 ? '\n' + rest.map((line) => (line === '' ? line : indentation + line)).join('\n') : '');
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
      context.budget.chargeCalls(1);
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
  // A character at a time (ASCII), or three passes of Unicode classes.
  context.budget.chargeItems(lowered.length * 2);
  if (isAscii(lowered)) return asciiSlug(lowered);
  const kept = lowered.replace(UNSLUG_RE, '');
  return kept.replace(SLUG_GAP_RE, '-').replace(/^-+|-+$/g, '');
}

/** The same for ASCII, in one pass: word characters kept, runs of dashes and spaces one dash, the rest dropped. */
function asciiSlug(lowered: string): string {
  const pieces: string[] = [];
  let runStart = -1;
  let gap = false;
  const flush = (end: number): void => {
    if (runStart < 0) return;
    if (gap && pieces.length > 0) pieces.push('-');
    pieces.push(lowered.slice(runStart, end));
    runStart = -1;
    gap = false;
  };
  for (let index = 0; index < lowered.length; index += 1) {
    const unit = lowered.charCodeAt(index);
    const word = (unit >= 0x61 && unit <= 0x7a) || (unit >= 0x30 && unit <= 0x39) || unit === 0x5f;
    if (word) {
      if (runStart < 0) runStart = index;
      continue;
    }
    flush(index);
    if (unit === 0x2d || isPythonSpaceUnit(unit)) gap = true;
  }
  flush(lowered.length);
  return pieces.join('');
}

function escapeFilter(value: unknown, _args: readonly unknown[], context: CallContext): string {
  return escapeHtml(text(value, context), context.budget);
}

function wordcount(value: unknown, _args: readonly unknown[], context: CallContext): number {
  const source = text(value, context);
  const ascii = isAscii(source);
  if (!ascii) context.budget.chargeItems(source.length);
  const count = (source.match(ascii ? ASCII_WORD_RE : WORD_RE) ?? []).length;
  context.budget.chargeCalls(count);
  return count;
}

function splitFilter(value: unknown, [separator, maxSplit]: readonly unknown[], context: CallContext): string[] {
  const source = expectString(value, 'the value to split');
  const sep = optionalString(separator, 'split separator');
  if (sep === '') throw valueError('split separator must not be empty');
  const parts = split(source, sep, expectInteger(maxSplit, 'split maxsplit'));
  // Splitting on whitespace looks at each character in turn.
  context.budget.chargeItems(parts.length + (sep === null ? source.length : 0));
  return parts;
}

function truncateWords(value: unknown, [count]: readonly unknown[], context: CallContext): string {
  const source = text(value, context);
  const words = split(source, null, -1);
  context.budget.chargeItems(words.length + source.length);
  const limit = expectInteger(count, 'truncate_words count');
  return words.length <= limit ? source : words.slice(0, Math.max(limit, 0)).join(' ') + '...';
}

export const TEXT_FILTERS: Readonly<Record<string, FilterDefinition>> = {
  upper: filter([], (value, _, context) => built(caseMapped(value, context).toUpperCase(), context)),
  lower: filter([], (value, _, context) => built(caseMapped(value, context).toLowerCase(), context)),
  capitalize: filter([], (value, _, context) => built(capitalize(caseMapped(value, context)), context)),
  title: filter([], (value, _, context) => title(text(value, context), context)),
  trim: filter([['chars', null]], (value, [chars], context) =>
    strip(text(value, context), optionalString(chars, 'trim chars'), 'both', context.budget),
  ),
  strip: filter([['chars', null]], (value, [chars], context) =>
    strip(text(value, context), optionalString(chars, 'strip chars'), 'both', context.budget),
  ),
  replace: filter(
    [
      ['old', REQUIRED],
      ['new', REQUIRED],
      ['count', null],
    ],
    (value, [old, replacement, count], context) => {
      const limit = count === null ? -1 : expectInteger(count, 'replace count');
      return replaceChecked(
        text(value, context),
        text(old, context),
        text(replacement, context),
        limit,
        context.budget,
      );
    },
  ),
  truncate: filter(
    [
      ['length', 255],
      ['killwords', false],
      ['end', '...'],
      ['leeway', null],
    ],
    truncate,
  ),
  truncate_words: filter([['count', 50]], truncateWords),
  wordcount: filter([], wordcount),
  split: filter(
    [
      ['sep', null],
      ['maxsplit', -1],
    ],
    splitFilter,
  ),
  indent: filter(
    [
      ['width', 4],
      ['first', false],
      ['blank', false],
    ],
    indent,
  ),
  center: filter([['width', 80]], center),
  format: filter(null, format),
  slugify: filter([], (value, _, context) => slugify(value, context)),
  basename: filter([], (value, _, context) => {
    const path = text(value, context);
    return path.slice(path.lastIndexOf('/') + 1);
  }),
  string: filter([], (value, _, context) => text(value, context)),
  safe: filter([], (value) => value),
  escape: filter([], escapeFilter),
  e: filter([], escapeFilter),
};
