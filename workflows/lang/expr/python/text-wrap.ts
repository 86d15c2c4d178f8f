// Python's textwrap.wrap as Jinja2's wordwrap calls it (tabs and whitespace kept as they are,
// whitespace dropped at line ends): text cut into chunks — whitespace runs, words, the parts
// of hyphenated words — and chunks packed into lines of at most `width` characters.

import { valueError } from '../shared/index.js';
import type { Budget } from '../shared/index.js';
import { characterCount, codePointOffset, strip } from './python-string.js';

const WS = String.raw`[\t\n\x0b\x0c\r ]`;
const NWS = String.raw`[^\t\n\x0b\x0c\r ]`;
const WORD_PUNCT = String.raw`[\p{L}\p{N}_!"'&.,?]`;
/** Python's `[^\d\W]`: word characters that are not digits. */
const LETTER = String.raw`[\p{L}\p{Nl}\p{No}_]`;
const WORD = String.raw`[\p{L}\p{N}_]`;
/** textwrap's wordsep_re: whitespace, em-dashes between words, words split after their hyphens. */
const WORD_SEPARATOR_RE = new RegExp(
  `(${WS}+|(?<=${WORD_PUNCT})-{2,}(?=${WORD})|${NWS}+?(?:-(?:(?<=${LETTER}{2}-)|(?<=${LETTER}-${LETTER}-))` +
    `(?=${LETTER}-?${LETTER})|(?=${WS}|$)|(?<=${WORD_PUNCT})(?=-{2,}${WORD})))`,
  'u',
);
const SIMPLE_SEPARATOR_RE = new RegExp(`(${WS}+)`);

export interface WrapOptions {
  readonly width: number;
  readonly breakLongWords: boolean;
  readonly breakOnHyphens: boolean;
}

/** A chunk and its length in characters, measured once. */
interface Chunk {
  readonly text: string;
  readonly size: number;
}

const isBlank = (chunk: Chunk): boolean => strip(chunk.text, null, 'both') === '';

/** textwrap.wrap(text, width, expand_tabs=False, replace_whitespace=False, …). */
export function wrapText(text: string, options: WrapOptions, budget: Budget): string[] {
  if (options.width <= 0) throw valueError(`wordwrap: the width must be at least 1, not ${options.width}`);
  budget.chargeItems(text.length * 2);
  const pieces = text.split(options.breakOnHyphens ? WORD_SEPARATOR_RE : SIMPLE_SEPARATOR_RE).filter(Boolean);
  budget.chargeCalls(pieces.length);
  const chunks: Chunk[] = pieces.map((piece) => ({ text: piece, size: characterCount(piece) })).reverse();
  const lines: string[] = [];
  while (chunks.length > 0) {
    const line: Chunk[] = [];
    let length = 0;
    const first = chunks[chunks.length - 1];
    if (lines.length > 0 && first !== undefined && isBlank(first)) chunks.pop();
    for (let next = chunks[chunks.length - 1]; next !== undefined; next = chunks[chunks.length - 1]) {
      if (length + next.size > options.width) break;
      line.push(next);
      length += next.size;
      chunks.pop();
    }
    const next = chunks[chunks.length - 1];
    if (next !== undefined && next.size > options.width) breakLongWord(chunks, line, options.width - length, options);
    const end = line[line.length - 1];
    if (end !== undefined && isBlank(end)) line.pop();
    budget.chargeCalls(1);
    if (line.length > 0) lines.push(line.map((chunk) => chunk.text).join(''));
  }
  return lines;
}

/** A word longer than a line: cut at the space left (after a hyphen if there is one), or put alone on a line. */
function breakLongWord(chunks: Chunk[], line: Chunk[], spaceLeft: number, options: WrapOptions): void {
  const chunk = chunks[chunks.length - 1];
  if (chunk === undefined) return;
  if (options.breakLongWords) {
    const room = Math.max(spaceLeft, 0);
    // Only the part that may go on this line is looked at: a long word costs its length once.
    const headEnd = codePointOffset(chunk.text, room);
    let end = room;
    let endOffset = headEnd;
    if (options.breakOnHyphens && chunk.size > room) {
      const head = chunk.text.slice(0, headEnd);
      const hyphen = head.lastIndexOf('-');
      if (hyphen > 0 && /[^-]/.test(head.slice(0, hyphen))) {
        endOffset = hyphen + 1;
        end = characterCount(head.slice(0, endOffset));
      }
    }
    line.push({ text: chunk.text.slice(0, endOffset), size: end });
    chunks[chunks.length - 1] = { text: chunk.text.slice(endOffset), size: chunk.size - end };
  } else if (line.length === 0) {
    line.push(chunk);
    chunks.pop();
  }
}
