// JSON text as Python's json.dumps writes it (`, ` and `: ` separators, optional indent,
// sorted keys, ASCII escapes), which is what Jinja2's tojson and our text rendering use.

import { compareStrings } from './python-string.js';
import { limitError, typeError } from './template-error.js';
import { Callable, Undefined, describeKind, isMapping, mappingEntries } from './values.js';

export interface JsonOptions {
  readonly sortKeys: boolean;
  readonly ensureAscii: boolean;
  /** Jinja2's tojson: `<`, `>`, `&` and `'` as \u escapes, safe inside HTML. */
  readonly htmlSafe: boolean;
  readonly indent: string | null;
  readonly maxDepth: number;
}

export const TEXT_JSON: JsonOptions = {
  sortKeys: false,
  ensureAscii: false,
  htmlSafe: false,
  indent: null,
  maxDepth: 200,
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
const HTML_ESCAPES: Readonly<Record<string, string>> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', "'": '\\u0027' };

export function encodeJson(value: unknown, options: JsonOptions): string {
  const text = encodeValue(value, options, 0);
  return options.htmlSafe ? text.replace(/[<>&']/g, (char) => HTML_ESCAPES[char] ?? char) : text;
}

/** A number as Python's json and our text rendering spell it (JavaScript digits). */
function formatJsonNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return String(value);
}

function encodeJsonString(text: string, ensureAscii: boolean): string {
  const pattern = ensureAscii ? /[\\"]|[^ -~]/g : /[\\"\x00-\x1f]/g;
  return '"' + text.replace(pattern, escapeCharacter) + '"';
}

function escapeCharacter(char: string): string {
  return SHORT_ESCAPES[char] ?? '\\u' + char.charCodeAt(0).toString(16).padStart(4, '0');
}

function encodeValue(value: unknown, options: JsonOptions, depth: number): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return formatJsonNumber(value);
  if (typeof value === 'string') return encodeJsonString(value, options.ensureAscii);
  if (depth >= options.maxDepth) throw limitError(`the data is nested deeper than ${options.maxDepth} levels`);
  if (Array.isArray(value)) {
    const items = Array.from(value, (item: unknown) => encodeValue(item, options, depth + 1));
    return wrap('[', items, ']', options, depth);
  }
  if (isMapping(value)) {
    const entries = mappingEntries(value);
    if (options.sortKeys) entries.sort(([left], [right]) => compareStrings(left, right));
    const items = entries.map(
      ([key, item]) => encodeJsonString(key, options.ensureAscii) + ': ' + encodeValue(item, options, depth + 1),
    );
    return wrap('{', items, '}', options, depth);
  }
  if (value instanceof Undefined) throw value.error();
  if (value instanceof Callable) throw typeError(`${value.name} is a function; it cannot be turned into JSON`);
  throw typeError(`${describeKind(value)} cannot be turned into JSON`);
}

function wrap(open: string, items: string[], close: string, options: JsonOptions, depth: number): string {
  if (items.length === 0) return open + close;
  if (options.indent === null) return open + items.join(', ') + close;
  const inner = '\n' + options.indent.repeat(depth + 1);
  return open + inner + items.join(',' + inner) + '\n' + options.indent.repeat(depth) + close;
}
