// PyYAML's leniency about indentation inside quoted strings and flow collections: PyYAML ends a
// "…" or '…' string at its closing quote and a [ … ] or { … } at its closing bracket, however
// little the lines in between are indented; the YAML spec (and the `yaml` library) wants them
// indented deeper than the mapping around them. py-orc's files rely on it, and the closing
// delimiter makes the meaning unambiguous, so such lines are indented here before parsing — the
// leading spaces of a continuation line are never part of the value — and every offset of the
// parsed tree is mapped back to the file as written.
import { Parser, isNode, type Document } from 'yaml';
import { walkTree } from './yaml-tree.js';

/** Spaces added before the original offset `at`. */
interface Insertion {
  at: number;
  count: number;
}

export interface Relaxed {
  /** The text to parse: the original with continuation lines indented. */
  text: string;
  insertions: Insertion[];
  /** Original offsets of the first under-indented line of each string or collection relaxed. */
  places: { start: number; end: number; what: string }[];
}

interface Broken {
  offset: number;
  opener: string;
}

// Each pass parses the whole text again; a file with more broken strings than this is left as
// the YAML library sees it (its first error is reported).
const MAX_PASSES = 20;

/** The text with under-indented continuation lines indented, or undefined when nothing applies. */
export function relaxIndentation(original: string): Relaxed | undefined {
  const relaxed: Relaxed = { text: original, insertions: [], places: [] };
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const broken = firstBroken(relaxed.text);
    if (!broken) return relaxed.insertions.length > 0 ? relaxed : undefined;
    const close = closingOffset(relaxed.text, broken);
    if (close === undefined) return undefined;
    if (!indentBetween(relaxed, broken, close)) return undefined;
    relaxed.text = applyInsertions(original, relaxed.insertions);
  }
  return undefined;
}

/** The first quoted string or flow collection the parser ended early, in document order. */
function firstBroken(text: string): Broken | undefined {
  const stack: unknown[] = [...new Parser().parse(text)].reverse();
  while (stack.length > 0) {
    const token = stack.pop() as Record<string, unknown> | undefined;
    if (!token || typeof token !== 'object') continue;
    const type = token.type;
    if (type === 'double-quoted-scalar' || type === 'single-quoted-scalar') {
      if (!closesItself(String(token.source)))
        return { offset: token.offset as number, opener: text[token.offset as number]! };
      continue;
    }
    if (type === 'flow-collection' && !(token.end as { type: string }[]).some((end) => end.type.endsWith('-end'))) {
      const start = token.start as { offset: number; source: string };
      return { offset: start.offset, opener: start.source };
    }
    const children = Array.isArray(token) ? token : Object.values(token);
    for (let index = children.length - 1; index >= 0; index--)
      if (children[index] && typeof children[index] === 'object') stack.push(children[index]);
  }
  return undefined;
}

function closesItself(source: string): boolean {
  if (source.length < 2) return false;
  const quote = source[0]!;
  if (quote === "'") return /^'(?:[^']|'')*'$/.test(source);
  return /^"(?:[^"\\]|\\[^])*"$/.test(source);
}

/** Where PyYAML ends what opens at `broken.offset`: the offset just past its closer. */
function closingOffset(text: string, broken: Broken): number | undefined {
  if (broken.opener === '"' || broken.opener === "'") return quotedEnd(text, broken.offset);
  let depth = 0;
  for (let index = broken.offset; index < text.length; index++) {
    const character = text[index]!;
    if (character === '[' || character === '{') depth++;
    else if (character === ']' || character === '}') {
      depth--;
      if (depth === 0) return index + 1;
    } else if ((character === '"' || character === "'") && /[[{,:\s]/.test(text[index - 1] ?? ' ')) {
      const end = quotedEnd(text, index);
      if (end === undefined) return undefined;
      index = end - 1;
    } else if (character === '#' && /\s/.test(text[index - 1] ?? ' ')) {
      const lineEnd = text.indexOf('\n', index);
      if (lineEnd === -1) return undefined;
      index = lineEnd;
    }
  }
  return undefined;
}

function quotedEnd(text: string, offset: number): number | undefined {
  const quote = text[offset]!;
  for (let index = offset + 1; index < text.length; index++) {
    const character = text[index]!;
    if (quote === '"' && character === '\\') index++;
    else if (character === quote) {
      if (quote === "'" && text[index + 1] === "'") index++;
      else return index + 1;
    }
  }
  return undefined;
}

/**
 * Indents every non-blank line after the opener's line, up to the closer's, to the opener's
 * column; false when one of them is a document marker (PyYAML refuses those too).
 */
function indentBetween(relaxed: Relaxed, broken: Broken, close: number): boolean {
  const text = relaxed.text;
  const lineStart = text.lastIndexOf('\n', broken.offset - 1) + 1;
  const column = broken.offset - lineStart;
  const added: Insertion[] = [];
  let first: number | undefined;
  for (let start = text.indexOf('\n', broken.offset) + 1; start > 0 && start < close;) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end === -1 ? text.length : end);
    if (/^(?:---|\.\.\.)(?:\s|$)/.test(line)) return false;
    const indent = /^ */.exec(line)![0].length;
    if (line.trim() !== '' && indent < column) {
      added.push({ at: toOriginal(relaxed.insertions, start), count: column - indent });
      first ??= start;
    }
    start = end + 1;
  }
  if (first === undefined) return false;
  const firstOriginal = toOriginal(relaxed.insertions, first);
  const what = broken.opener === '"' || broken.opener === "'" ? 'quoted string' : 'flow collection';
  relaxed.places.push({ start: firstOriginal, end: firstOriginal + 1, what });
  relaxed.insertions = mergeInsertions([...relaxed.insertions, ...added]);
  return true;
}

function mergeInsertions(insertions: Insertion[]): Insertion[] {
  const byOffset = new Map<number, number>();
  for (const { at, count } of insertions) byOffset.set(at, (byOffset.get(at) ?? 0) + count);
  return [...byOffset].sort(([left], [right]) => left - right).map(([at, count]) => ({ at, count }));
}

/** The text with the insertions applied. */
function applyInsertions(original: string, insertions: readonly Insertion[]): string {
  let result = '';
  let from = 0;
  for (const { at, count } of insertions) {
    result += original.slice(from, at) + ' '.repeat(count);
    from = at;
  }
  return result + original.slice(from);
}

/** The original offset of an offset of the relaxed text (inside added spaces: where they go). */
function toOriginal(insertions: readonly Insertion[], offset: number): number {
  return offsetMapper(insertions)(offset);
}

/** Relaxed offset → original offset, by binary search over the insertions (sorted by `at`). */
function offsetMapper(insertions: readonly Insertion[]): (offset: number) => number {
  const starts: number[] = [];
  const shifts: number[] = [];
  let shift = 0;
  for (const { at } of insertions) {
    starts.push(at + shift);
    shifts.push(shift);
    shift += insertions[starts.length - 1]!.count;
  }
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (starts[middle]! <= offset) {
        found = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    if (found === -1) return offset;
    const { at, count } = insertions[found]!;
    return offset < starts[found]! + count ? at : offset - shifts[found]! - count;
  };
}

/** Parses `text`; when that fails and relaxing the indentation helps, parses the relaxed text. */
export function parseLeniently(
  text: string,
  parse: (text: string) => Document.Parsed,
): { document: Document.Parsed; places: Relaxed['places'] } {
  const document = parse(text);
  // Only the parser's two symptoms of an under-indented string or collection are worth another
  // parse; a file broken otherwise (or nested past the parser's stack) is left as it is.
  const symptom = document.errors.some((error) =>
    /^(?:Missing closing .?quote|Flow (?:sequence|map) in block collection must be sufficiently indented)/.test(
      error.message,
    ),
  );
  if (!symptom || document.errors.some((error) => /Maximum call stack/.test(error.message)))
    return { document, places: [] };
  const relaxed = relaxIndentation(text);
  if (!relaxed) return { document, places: [] };
  const second = parse(relaxed.text);
  mapRangesBack(second, relaxed.insertions);
  return { document: second, places: relaxed.places };
}

/** Maps every range of the parsed tree, and of its errors, back to the original text. */
function mapRangesBack(document: Document.Parsed, insertions: readonly Insertion[]): void {
  const map = offsetMapper(insertions);
  walkTree(document.contents, ({ node }) => {
    if (isNode(node) && node.range) node.range = [map(node.range[0]), map(node.range[1]), map(node.range[2])];
  });
  for (const error of [...document.errors, ...document.warnings]) error.pos = [map(error.pos[0]), map(error.pos[1])];
}
