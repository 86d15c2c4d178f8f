// Splits a template into text, `{{ }}` and `{% %}` segments, dropping comments and applying
// Jinja2's whitespace control exactly as py-orc configures it: `{%-`/`-%}` strip,
// trim_blocks, lstrip_blocks (`{%+` opts out), keep_trailing_newline; `{% raw %}` blocks.

import { MAX_TEMPLATE_CHARS, limitError, syntaxError } from '../shared/index.js';
import { lexTag } from './expression-lexer.js';
import type { CloseMarker, Token } from './expression-lexer.js';

export type Segment =
  | { readonly kind: 'text'; readonly text: string; readonly offset: number; readonly length: number }
  | {
      readonly kind: 'variable' | 'block';
      readonly tokens: readonly Token[];
      readonly offset: number;
      readonly length: number;
    };

const TAG_START_RE = /\{\{|\{%|\{#/g;
const RAW_BEGIN_RE = /\{%(-|\+|)\s*raw\s*(?:-%\}\s*|%\})/y;
const RAW_END_RE = /\{%(-|\+|)\s*endraw\s*(?:\+%\}|-%\}\s*|%\}(?:\r\n|\r|\n)?)/g;
const WHITESPACE_RE = /\s*/y;
const ALL_WHITESPACE_RE = /^\s+$/;

class TemplateLexer {
  readonly segments: Segment[] = [];
  private position = 0;
  /** Whether the last thing consumed ended a line (Jinja2's `line_starting`). */
  private lineStarting = true;

  constructor(private readonly source: string) {}

  run(): Segment[] {
    const { source } = this;
    while (this.position < source.length) {
      TAG_START_RE.lastIndex = this.position;
      const found = TAG_START_RE.exec(source);
      if (found === null) {
        this.pushText(this.position, source.length, source.slice(this.position));
        break;
      }
      this.readTag(found.index, found[0]);
    }
    return this.segments;
  }

  private readTag(tagStart: number, opener: string): void {
    const { source } = this;
    RAW_BEGIN_RE.lastIndex = tagStart;
    const raw = opener === '{%' ? RAW_BEGIN_RE.exec(source) : null;
    const signChar = source[tagStart + 2];
    const sign = raw !== null ? (raw[1] ?? '') : signChar === '-' || signChar === '+' ? signChar : '';
    const text = this.stripBefore(source.slice(this.position, tagStart), sign, opener !== '{{');
    this.pushText(this.position, tagStart, text);
    if (raw !== null) return this.readRaw(tagStart, tagStart + raw[0].length);
    const contentStart = tagStart + 2 + sign.length;
    if (opener === '{#') return this.readComment(tagStart, contentStart);
    const close: CloseMarker = opener === '{{' ? '}}' : '%}';
    const tag = lexTag(source, contentStart, close, tagStart, 2);
    const kind = opener === '{{' ? 'variable' : 'block';
    this.segments.push({ kind, tokens: tag.tokens, offset: tagStart, length: tag.end - tagStart });
    this.finishTag(tag.end, tag.closeSign, kind === 'block');
  }

  /** Whitespace control before a tag: `-` strips, lstrip_blocks strips an indented line start. */
  private stripBefore(text: string, sign: string, isBlockOrComment: boolean): string {
    if (sign === '-') return text.trimEnd();
    if (sign === '+' || !isBlockOrComment) return text;
    const lineStart = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) + 1;
    if ((lineStart > 0 || this.lineStarting) && ALL_WHITESPACE_RE.test(text.slice(lineStart))) {
      return text.slice(0, lineStart);
    }
    return text;
  }

  /** Whitespace control after a tag: `-` strips all, trim_blocks drops one newline. */
  private finishTag(end: number, sign: string, trimNewline: boolean): void {
    let position = end;
    if (sign === '-') {
      WHITESPACE_RE.lastIndex = position;
      WHITESPACE_RE.test(this.source);
      position = WHITESPACE_RE.lastIndex;
    } else if (sign === '' && trimNewline) {
      position = skipNewline(this.source, position);
    }
    this.position = position;
    this.lineStarting = endsLine(this.source, position);
  }

  private readComment(tagStart: number, contentStart: number): void {
    const close = this.source.indexOf('#}', contentStart);
    if (close < 0) throw syntaxError("'{#' is never closed: '#}' is missing", { offset: tagStart, length: 2 });
    const before = this.source[close - 1];
    const sign = close - 1 >= contentStart && (before === '-' || before === '+') ? before : '';
    this.finishTag(close + 2, sign, true);
  }

  private readRaw(tagStart: number, contentStart: number): void {
    RAW_END_RE.lastIndex = contentStart;
    const end = RAW_END_RE.exec(this.source);
    if (end === null) {
      throw syntaxError("'{% raw %}' is never closed: '{% endraw %}' is missing", { offset: tagStart, length: 2 });
    }
    this.lineStarting = endsLine(this.source, contentStart);
    const content = this.stripBefore(this.source.slice(contentStart, end.index), end[1] ?? '', true);
    this.pushText(contentStart, end.index, content);
    this.position = end.index + end[0].length;
    this.lineStarting = endsLine(this.source, this.position);
  }

  private pushText(start: number, end: number, text: string): void {
    if (text === '') return;
    const normalized = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
    this.segments.push({ kind: 'text', text: normalized, offset: start, length: end - start });
  }
}

function skipNewline(source: string, position: number): number {
  if (source.startsWith('\r\n', position)) return position + 2;
  const char = source[position];
  return char === '\n' || char === '\r' ? position + 1 : position;
}

function endsLine(source: string, position: number): boolean {
  const previous = source[position - 1];
  return previous === '\n' || previous === '\r';
}

export function lexTemplate(source: string): Segment[] {
  if (source.length > MAX_TEMPLATE_CHARS) {
    throw limitError(`the template is ${source.length} characters long; the limit is ${MAX_TEMPLATE_CHARS}`);
  }
  return new TemplateLexer(source).run();
}
