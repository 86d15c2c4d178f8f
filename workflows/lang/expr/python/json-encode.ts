// JSON text as Python's json.dumps writes it (`, ` and `: ` separators, optional indent,
// sorted keys, ASCII escapes), which is what Jinja2's tojson and our text rendering use.

import {
  COSTS,
  Callable,
  Undefined,
  describeKind,
  isMapping,
  limitError,
  mappingEntries,
  typeError,
} from '../shared/index.js';
import type { Budget } from '../shared/index.js';
import { compareStringsCharged } from './compare.js';
import { TextBuilder } from './text-builder.js';

export interface JsonOptions {
  readonly sortKeys: boolean;
  readonly ensureAscii: boolean;
  /** Jinja2's tojson: `<`, `>`, `&` and `'` as \u escapes, safe inside HTML. */
  readonly htmlSafe: boolean;
  readonly indent: string | null;
}

export const TEXT_JSON: JsonOptions = {
  sortKeys: false,
  ensureAscii: false,
  htmlSafe: false,
  indent: null,
};

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};
const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  "'": '\\u0027',
};

/** The JSON text of `value`, refused once longer than the output limit. */
export function encodeJson(value: unknown, options: JsonOptions, budget: Budget): string {
  const encoder = new JsonEncoder(options, budget);
  encoder.value(value, 0);
  return encoder.text.toString();
}

/** A number as Python's json and our text rendering spell it (JavaScript digits). */
function formatJsonNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return String(value);
}

function escapeUnit(unit: number): string {
  const char = String.fromCharCode(unit);
  return SHORT_ESCAPES[char] ?? HTML_ESCAPES[char] ?? '\\u' + unit.toString(16).padStart(4, '0');
}

/** Whether a UTF-16 unit is written as it is. One loop over the units: no per-character callbacks. */
function isPlain(unit: number, options: JsonOptions): boolean {
  if (unit < 0x20 || unit === 0x22 || unit === 0x5c) return false;
  if (options.ensureAscii && unit >= 0x7f) return false;
  return !options.htmlSafe || (unit !== 0x3c && unit !== 0x3e && unit !== 0x26 && unit !== 0x27);
}

/** The quoted text, or null as soon as it would be longer than `room` (escapes can make it six times longer). */
function quote(text: string, options: JsonOptions, room: number): string | null {
  const pieces: string[] = ['"'];
  let length = text.length + 2;
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    if (isPlain(unit, options)) continue;
    const escaped = escapeUnit(unit);
    length += escaped.length - 1;
    if (length > room) return null;
    if (index > start) pieces.push(text.slice(start, index));
    pieces.push(escaped);
    start = index + 1;
  }
  pieces.push(start === 0 ? text : text.slice(start), '"');
  return pieces.join('');
}

function htmlSafeText(text: string): string {
  return text.replace(/[<>&']/g, (char) => HTML_ESCAPES[char] ?? char);
}

class JsonEncoder {
  readonly text: TextBuilder;
  private readonly maxDepth: number;
  private readonly indent: string | null;

  constructor(
    private readonly options: JsonOptions,
    private readonly budget: Budget,
  ) {
    this.text = new TextBuilder(budget);
    this.maxDepth = budget.limits.maxDepth;
    // Jinja2 makes the whole text safe for HTML, indentation included.
    this.indent = options.indent !== null && options.htmlSafe ? htmlSafeText(options.indent) : options.indent;
  }

  value(value: unknown, depth: number): void {
    this.text.visit();
    if (value === null || value === undefined) return this.write('null');
    if (typeof value === 'boolean') return this.write(value ? 'true' : 'false');
    if (typeof value === 'number') return this.write(formatJsonNumber(value));
    if (typeof value === 'string') return this.string(value);
    if (depth >= this.maxDepth) throw limitError(`the data is nested deeper than ${this.maxDepth} levels`);
    if (Array.isArray(value)) return this.list(value as readonly unknown[], depth);
    if (isMapping(value)) return this.mapping(mappingEntries(value, this.budget), depth);
    if (value instanceof Undefined) throw value.error();
    if (value instanceof Callable) throw typeError(`${value.name} is a function; it cannot be turned into JSON`);
    throw typeError(`${describeKind(value)} cannot be turned into JSON`);
  }

  private list(items: readonly unknown[], depth: number): void {
    if (items.length === 0) return this.write('[]');
    this.write('[');
    items.forEach((item, index) => {
      this.separator(index, depth);
      this.value(item, depth + 1);
    });
    this.close(']', depth);
  }

  private mapping(entries: [string, unknown][], depth: number): void {
    if (entries.length === 0) return this.write('{}');
    if (this.options.sortKeys) {
      this.budget.charge(entries.length * Math.log2(entries.length + 1) * COSTS.item);
      entries.sort(([left], [right]) => compareStringsCharged(left, right, this.budget));
    }
    this.write('{');
    entries.forEach(([key, item], index) => {
      this.separator(index, depth);
      this.string(key);
      this.write(': ');
      this.value(item, depth + 1);
    });
    this.close('}', depth);
  }

  private separator(index: number, depth: number): void {
    const { indent } = this;
    if (indent === null) {
      if (index > 0) this.write(', ');
      return;
    }
    this.write((index > 0 ? ',' : '') + '\n' + indent.repeat(depth + 1));
  }

  private close(bracket: string, depth: number): void {
    const { indent } = this;
    this.write(indent === null ? bracket : '\n' + indent.repeat(depth) + bracket);
  }

  private string(text: string): void {
    // The quoted text is at least as long as the text: refuse it before escaping it, or while.
    this.text.reserve(text.length + 2);
    const quoted = quote(text, this.options, this.text.room);
    if (quoted === null) this.text.reserve(this.text.room + 1);
    else this.write(quoted);
  }

  /** Structure and quoted strings; neither can hold a character that HTML safety escapes. */
  private write(piece: string): void {
    this.text.add(piece);
  }
}
