// Python's pprint.pformat (width 80, keys sorted), which Jinja2's `pprint` filter returns:
// a value's repr when it fits, else lists, mappings and long strings broken over lines the
// way pprint breaks them. Numbers are written as in the rest of our text (JavaScript's digits).

import { describeKind, isMapping, limitError, mappingEntries } from '../shared/index.js';
import type { Budget } from '../shared/index.js';
import { compareStringsCharged } from './compare.js';
import { reprString } from './python-repr.js';
import { PYTHON_SPACE_CLASS, characterCount } from './python-string.js';
import { TextBuilder } from './text-builder.js';
import { formatNumber } from './to-text.js';

const WIDTH = 80;
const LINE_END_RE = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g;
const WORD_AND_SPACE_RE = new RegExp(`[^${PYTHON_SPACE_CLASS.slice(1, -1)}]*${PYTHON_SPACE_CLASS}*`, 'gu');

/** A mapping's entries in pprint's order: sorted by key. */
function sortedEntries(value: Record<string, unknown>, budget: Budget): [string, unknown][] {
  const entries = mappingEntries(value, budget);
  budget.charge(entries.length * Math.log2(entries.length + 1));
  return entries.sort(([left], [right]) => compareStringsCharged(left, right, budget));
}

/** str.splitlines(True): the lines with their line ends. */
function linesWithEnds(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (const end of text.matchAll(LINE_END_RE)) {
    lines.push(text.slice(start, end.index + end[0].length));
    start = end.index + end[0].length;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

class PrettyPrinter {
  readonly out: TextBuilder;

  constructor(private readonly budget: Budget) {
    this.out = new TextBuilder(budget);
  }

  /** pprint's saferepr: repr() with mapping keys sorted. */
  repr(value: unknown, depth = 0): string {
    const text = new TextBuilder(this.budget);
    this.writeRepr(value, text, depth);
    return text.toString();
  }

  private writeRepr(value: unknown, text: TextBuilder, depth: number): void {
    text.visit();
    if (typeof value === 'string') return text.add(reprString(value));
    if (typeof value === 'number') return text.add(formatNumber(value));
    if (typeof value === 'boolean') return text.add(value ? 'True' : 'False');
    if (value === null) return text.add('None');
    if (depth >= this.budget.limits.maxDepth) throw limitError('pprint: the value is nested too deeply');
    if (Array.isArray(value)) {
      text.add('[');
      (value as readonly unknown[]).forEach((item, index) => {
        if (index > 0) text.add(', ');
        this.writeRepr(item, text, depth + 1);
      });
      return text.add(']');
    }
    if (isMapping(value)) {
      text.add('{');
      sortedEntries(value, this.budget).forEach(([key, item], index) => {
        text.add(`${index > 0 ? ', ' : ''}${reprString(key)}: `);
        this.writeRepr(item, text, depth + 1);
      });
      return text.add('}');
    }
    text.add(`<${describeKind(value)}>`);
  }

  format(value: unknown, indent: number, allowance: number, level: number): void {
    const rep = this.repr(value, level);
    if (characterCount(rep) > WIDTH - indent - allowance) {
      if (Array.isArray(value) && value.length > 0) return this.list(value, indent, allowance, level + 1);
      if (isMapping(value) && Object.keys(value).length > 0) return this.mapping(value, indent, allowance, level + 1);
      if (typeof value === 'string' && value !== '') return this.string(value, indent, allowance, level + 1);
    }
    this.out.add(rep);
  }

  private list(items: readonly unknown[], indent: number, allowance: number, level: number): void {
    this.out.add('[');
    const inner = indent + 1;
    items.forEach((item, index) => {
      const last = index === items.length - 1;
      if (index > 0) this.out.add(',\n' + ' '.repeat(inner));
      this.format(item, inner, last ? allowance + 1 : 1, level);
    });
    this.out.add(']');
  }

  private mapping(value: Record<string, unknown>, indent: number, allowance: number, level: number): void {
    this.out.add('{');
    const inner = indent + 1;
    const entries = sortedEntries(value, this.budget);
    entries.forEach(([key, item], index) => {
      const last = index === entries.length - 1;
      const keyRepr = reprString(key);
      this.out.add(keyRepr + ': ');
      this.format(item, inner + characterCount(keyRepr) + 2, last ? allowance + 1 : 1, level);
      if (!last) this.out.add(',\n' + ' '.repeat(inner));
    });
    this.out.add('}');
  }

  /** A long string as adjacent literals, split at line ends and then between words. */
  private string(text: string, indent: number, allowance: number, level: number): void {
    const lines = linesWithEnds(text);
    const inner = level === 1 ? indent + 1 : indent;
    const lastAllowance = level === 1 ? allowance + 1 : allowance;
    const maxWidth = WIDTH - inner;
    const chunks: string[] = [];
    lines.forEach((line, lineIndex) => {
      const lastLine = lineIndex === lines.length - 1;
      const rep = reprString(line);
      if (characterCount(rep) <= maxWidth - (lastLine ? lastAllowance : 0)) return chunks.push(rep);
      const parts = [...line.matchAll(WORD_AND_SPACE_RE)].map((match) => match[0]).filter((part) => part !== '');
      this.budget.chargeItems(parts.length + line.length);
      let current = '';
      parts.forEach((part, partIndex) => {
        const candidate = current + part;
        const width = maxWidth - (lastLine && partIndex === parts.length - 1 ? lastAllowance : 0);
        if (characterCount(reprString(candidate)) > width) {
          if (current !== '') chunks.push(reprString(current));
          current = part;
        } else {
          current = candidate;
        }
      });
      if (current !== '') chunks.push(reprString(current));
    });
    if (chunks.length === 1) return this.out.add(reprString(text));
    if (level === 1) this.out.add('(');
    chunks.forEach((chunk, index) => this.out.add((index > 0 ? '\n' + ' '.repeat(inner) : '') + chunk));
    if (level === 1) this.out.add(')');
  }
}

/** pprint.pformat(value) of template data. */
export function prettyPrint(value: unknown, budget: Budget): string {
  const printer = new PrettyPrinter(budget);
  printer.format(value, 0, 0, 0);
  return printer.out.toString();
}
