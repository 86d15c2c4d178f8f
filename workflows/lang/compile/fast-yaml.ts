// A fast reader for the plain shape most pipeline files have: block mappings and sequences,
// one-line plain or double-quoted scalars, one-line flow lists of plain words. It builds the
// same nodes, values and ranges the `yaml` package builds (test/lang/fast-yaml.test.ts compares
// both on every YAML file of the repository), in a fraction of its time: that package's lexer,
// parser and composer took ~140 of the ~250 ms a 2,000-step pipeline took to compile
// (docs/performance.md). Anything outside that shape — comments after content, block or
// multi-line scalars, escapes, anchors, tags, flow maps, nulls, floats, tabs, documents, a
// broken line — returns undefined, and the caller parses with the `yaml` package as before, so
// its diagnostics and positions are unchanged.
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';

interface Line {
  start: number;
  end: number;
  indent: number;
}

/** Deeper than this the reader gives up (no recursion past it); the `yaml` path decides. */
const MAX_DEPTH = 64;
const KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const FLOW_WORD = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;
const INTEGER = /^-?(?:0|[1-9][0-9]{0,14})$/;
const BOOLEAN = /^(?:true|True|TRUE|false|False|FALSE)$/;
const NOT_STRING = /^(?:null|Null|NULL|~)$/;
// A plain scalar starting with one of these is something else in YAML, or a number this reader leaves to `yaml`.
const PLAIN_FIRST = /^[^-?:,[\]{}#&*!|>'"%@`\s.+0-9]/;

class GiveUp extends Error {}

/** The parsed document, or undefined when the text is not in the shape this reader knows. */
export function readSimpleYaml(text: string): Document.Parsed | undefined {
  if (/[\t\r\uFEFF]/.test(text)) return undefined;
  const lines = contentLines(text);
  if (!lines || lines.length === 0 || lines[0]!.indent !== 0) return undefined;
  const reader = new Reader(text, lines);
  try {
    const root = reader.block(0, lines[0]!.start, 0);
    if (reader.index !== lines.length) return undefined;
    const document = new Document() as Document.Parsed;
    document.contents = root as Document.Parsed['contents'];
    document.range = [root.range![0], text.length, text.length];
    return document;
  } catch (error) {
    if (error instanceof GiveUp) return undefined;
    throw error;
  }
}

/** Lines with content; undefined when a comment follows content or a line is a document marker. */
function contentLines(text: string): Line[] | undefined {
  const lines: Line[] = [];
  for (let start = 0; start < text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    let indent = start;
    while (indent < end && text.charCodeAt(indent) === 32) indent++;
    if (indent < end) {
      const first = text[indent];
      // Comments above the first content belong to no node; later ones would need yaml's rules.
      if (first === '#' && lines.length > 0) return undefined;
      if (first !== '#') {
        if (first === '%' || text.startsWith('---', start) || text.startsWith('...', start)) return undefined;
        if (text.charCodeAt(end - 1) === 32) return undefined;
        lines.push({ start, end, indent: indent - start });
      }
    }
    start = end + 1;
  }
  return lines;
}

class Reader {
  index = 0;

  constructor(
    private readonly text: string,
    private readonly lines: readonly Line[],
  ) {}

  /** The block collection whose first entry begins at `from` on the current line, at column `column`. */
  block(column: number, from: number, depth: number): YAMLMap | YAMLSeq {
    if (depth > MAX_DEPTH) throw new GiveUp();
    return this.text.startsWith('- ', from) ? this.sequence(column, from, depth) : this.mapping(column, from, depth);
  }

  private mapping(column: number, from: number, depth: number): YAMLMap {
    const map = new YAMLMap();
    let start = from;
    for (;;) {
      const line = this.lines[this.index]!;
      const colon = this.text.indexOf(':', start);
      if (colon === -1 || colon >= line.end) throw new GiveUp();
      const keyText = this.text.slice(start, colon);
      if (!KEY.test(keyText) || BOOLEAN.test(keyText) || NOT_STRING.test(keyText)) throw new GiveUp();
      const key = scalar(keyText, 'PLAIN', [start, colon, colon]);
      map.items.push(new Pair(key, this.value(column, colon + 1, line, depth)));
      const next = this.lines[this.index];
      if (!next || next.indent < column) break;
      if (next.indent > column || this.text.startsWith('-', next.start + column)) throw new GiveUp();
      start = next.start + column;
    }
    const end = (map.items[map.items.length - 1]!.value as Node).range![2];
    map.range = [from, end, end];
    return map;
  }

  /** A mapping's value after its key's colon: the rest of the line, or a block on the lines below. */
  private value(column: number, afterColon: number, line: Line, depth: number): Node {
    if (afterColon === line.end) {
      this.index++;
      const next = this.lines[this.index];
      if (!next || next.indent <= column) throw new GiveUp();
      return this.block(next.indent, next.start + next.indent, depth + 1);
    }
    if (this.text[afterColon] !== ' ') throw new GiveUp();
    let start = afterColon + 1;
    while (this.text.charCodeAt(start) === 32) start++;
    return this.inline(start, line, column);
  }

  private sequence(column: number, from: number, depth: number): YAMLSeq {
    const sequence = new YAMLSeq();
    let dash = from;
    for (;;) {
      const line = this.lines[this.index]!;
      let start = dash + 2;
      while (this.text.charCodeAt(start) === 32) start++;
      if (start >= line.end || this.text[start] === '-') throw new GiveUp();
      const itemColumn = start - line.start;
      sequence.items.push(
        this.startsMapping(start, line) ? this.mapping(itemColumn, start, depth + 1) : this.inline(start, line, column),
      );
      const next = this.lines[this.index];
      if (!next || next.indent < column) break;
      if (next.indent > column || !this.text.startsWith('- ', next.start + column)) throw new GiveUp();
      dash = next.start + column;
    }
    const end = (sequence.items[sequence.items.length - 1] as Node).range![2];
    sequence.range = [from, end, end];
    return sequence;
  }

  private startsMapping(start: number, line: Line): boolean {
    const colon = this.text.indexOf(':', start);
    return colon !== -1 && colon < line.end && KEY.test(this.text.slice(start, colon));
  }

  /** A scalar or flow list filling the rest of the line; the line is consumed. */
  private inline(start: number, line: Line, column: number): Node {
    this.index++;
    const next = this.lines[this.index];
    // A line deeper than the collection after a one-line value would continue it (or be an error): yaml decides.
    if (next && next.indent > column) throw new GiveUp();
    const nodeEnd = line.end < this.text.length ? line.end + 1 : line.end;
    const first = this.text[start];
    if (first === '"') return this.quoted(start, line.end, nodeEnd);
    if (first === '[') return this.flowList(start, line.end, nodeEnd);
    const source = this.text.slice(start, line.end);
    if (!PLAIN_FIRST.test(source) && !INTEGER.test(source)) throw new GiveUp();
    return plain(source, [start, line.end, nodeEnd]);
  }

  private quoted(start: number, end: number, nodeEnd: number): Scalar {
    const value = this.text.slice(start + 1, end - 1);
    if (end - start < 2 || this.text[end - 1] !== '"' || /["\\]/.test(value)) throw new GiveUp();
    return scalar(value, 'QUOTE_DOUBLE', [start, end, nodeEnd]);
  }

  private flowList(start: number, end: number, nodeEnd: number): YAMLSeq {
    if (this.text[end - 1] !== ']') throw new GiveUp();
    const list = new YAMLSeq();
    list.flow = true;
    const inner = this.text.slice(start + 1, end - 1);
    if (inner !== '') {
      let offset = start + 1;
      // Only "[a, b]" as written so: other spacing gives other ranges, which yaml decides.
      for (const [index, part] of inner.split(',').entries()) {
        const word = index === 0 ? part : part.slice(1);
        if (index > 0 && part[0] !== ' ') throw new GiveUp();
        if (!FLOW_WORD.test(word) || (!PLAIN_FIRST.test(word) && !INTEGER.test(word))) throw new GiveUp();
        const wordStart = offset + part.length - word.length;
        list.items.push(plain(word, [wordStart, wordStart + word.length, wordStart + word.length]));
        offset += part.length + 1;
      }
    }
    list.range = [start, end, nodeEnd];
    return list;
  }
}

function plain(source: string, range: [number, number, number]): Scalar {
  if (NOT_STRING.test(source) || source.includes(': ') || source.includes(' #') || source.endsWith(':'))
    throw new GiveUp();
  const value = INTEGER.test(source) ? Number(source) : BOOLEAN.test(source) ? /^t/i.test(source) : source;
  return scalar(value, 'PLAIN', range, source);
}

function scalar(value: unknown, type: Scalar.Type, range: [number, number, number], source = String(value)): Scalar {
  const node = new Scalar(value);
  node.range = range;
  node.type = type;
  (node as Scalar & { source: string }).source = source;
  return node;
}
