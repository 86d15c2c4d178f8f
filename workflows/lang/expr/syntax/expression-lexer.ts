// Splits the inside of a `{{ }}` / `{% %}` tag (or a bare expression) into tokens, as
// Jinja2's lexer does: a closing `}}` or `%}` only counts once brackets are balanced.

import { syntaxError } from '../shared/index.js';
import { decodeStringLiteral } from './string-literal.js';

export type TokenType = 'name' | 'string' | 'integer' | 'float' | 'operator' | 'end';

export interface Token {
  readonly type: TokenType;
  readonly value: string | number;
  readonly offset: number;
  readonly length: number;
}

export type CloseMarker = '}}' | '%}';

export interface LexedTag {
  readonly tokens: readonly Token[];
  /** Where the closing marker (with its `-`/`+`) starts. */
  readonly closeOffset: number;
  /** Just after the closing marker. */
  readonly end: number;
  readonly closeSign: '-' | '+' | '';
}

/** Python's keywords that never join a hyphenated name (`a-not` is not a name). */
const KEYWORDS = new Set([
  'and',
  'or',
  'not',
  'in',
  'is',
  'if',
  'else',
  'true',
  'false',
  'none',
  'True',
  'False',
  'None',
  'recursive',
]);

// `$` starts names too: py-orc's loop variables are `$item`, `$index`.
const NAME_RE = /[\p{ID_Start}_$][\p{ID_Continue}$]*/uy;
const FLOAT_RE = /\d+(?:_\d+)*(?:(?:\.\d+(?:_\d+)*)?[eE][+-]?\d+(?:_\d+)*|\.\d+(?:_\d+)*)/y;
const INTEGER_RE = /0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0[xX](?:_?[0-9a-fA-F])+|[1-9](?:_?\d)*|0(?:_?0)*/y;
const STRING_RE = /'([^'\\]*(?:\\[\s\S][^'\\]*)*)'|"([^"\\]*(?:\\[\s\S][^"\\]*)*)"/y;
const OPERATORS = [
  '//',
  '**',
  '==',
  '!=',
  '>=',
  '<=',
  '+',
  '-',
  '/',
  '*',
  '%',
  '~',
  '[',
  ']',
  '(',
  ')',
  '{',
  '}',
  '>',
  '<',
  '=',
  '.',
  ':',
  '|',
  ',',
  ';',
];
const CLOSING: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
const WHITESPACE_RE = /\s+/y;

class ExpressionLexer {
  readonly tokens: Token[] = [];
  private readonly brackets: { close: string; offset: number }[] = [];
  position: number;

  constructor(
    private readonly source: string,
    start: number,
    /** Bare expressions are lexed in pieces; the parser checks their brackets. */
    private readonly trackBrackets: boolean,
  ) {
    this.position = start;
  }

  skipWhitespace(): void {
    WHITESPACE_RE.lastIndex = this.position;
    if (WHITESPACE_RE.test(this.source)) this.position = WHITESPACE_RE.lastIndex;
  }

  get balanced(): boolean {
    return this.brackets.length === 0;
  }

  /** Reads one token at the current position (whitespace already skipped). */
  readToken(): void {
    const { source, position } = this;
    const previous = source[position - 1];
    const number = previous === '.' ? undefined : this.match(FLOAT_RE, 'float');
    if (number !== undefined) return this.push(number);
    const integer = this.match(INTEGER_RE, 'integer');
    if (integer !== undefined) return this.push(integer);
    const name = this.readName();
    if (name !== undefined) return this.push(name);
    const string = this.readString();
    if (string !== undefined) return this.push(string);
    const operator = OPERATORS.find((candidate) => source.startsWith(candidate, position));
    if (operator === undefined) {
      const char = String.fromCodePoint(source.codePointAt(position) ?? 0);
      if (char === '"' || char === "'") {
        throw syntaxError('unterminated string: the closing quote is missing', { offset: position, length: 1 });
      }
      throw syntaxError(`unexpected character '${char}'`, { offset: position, length: char.length });
    }
    this.balance(operator, position);
    this.push({ type: 'operator', value: operator, offset: position, length: operator.length });
  }

  private push(token: Token): void {
    this.tokens.push(token);
    this.position = token.offset + token.length;
  }

  private match(pattern: RegExp, type: 'float' | 'integer'): Token | undefined {
    pattern.lastIndex = this.position;
    const found = pattern.exec(this.source);
    if (found === null) return undefined;
    const text = found[0].replace(/_/g, '');
    const value = type === 'float' ? Number(text) : parseInteger(text);
    if (type === 'integer' && !Number.isSafeInteger(value)) throw inexactInteger(text, this.position, found[0].length);
    return { type, value, offset: this.position, length: found[0].length };
  }

  /** A name; `web-search` (no spaces around the `-`) is one name: py-orc's step ids. */
  private readName(): Token | undefined {
    NAME_RE.lastIndex = this.position;
    const first = NAME_RE.exec(this.source);
    if (first === null) return undefined;
    let name = first[0];
    let end = NAME_RE.lastIndex;
    while (this.source[end] === '-' && !KEYWORDS.has(name)) {
      NAME_RE.lastIndex = end + 1;
      const part = NAME_RE.exec(this.source);
      if (part === null || KEYWORDS.has(part[0])) break;
      name += '-' + part[0];
      end = NAME_RE.lastIndex;
    }
    return { type: 'name', value: name, offset: this.position, length: end - this.position };
  }

  private readString(): Token | undefined {
    STRING_RE.lastIndex = this.position;
    const found = STRING_RE.exec(this.source);
    if (found === null) return undefined;
    const body = found[1] ?? found[2] ?? '';
    const value = decodeStringLiteral(body, this.position + 1);
    return { type: 'string', value, offset: this.position, length: found[0].length };
  }

  private balance(operator: string, offset: number): void {
    if (!this.trackBrackets) return;
    const close = CLOSING[operator];
    if (close !== undefined) {
      this.brackets.push({ close, offset });
      return;
    }
    if (operator !== ')' && operator !== ']' && operator !== '}') return;
    const expected = this.brackets.pop();
    if (expected === undefined) throw syntaxError(`unexpected '${operator}'`, { offset, length: 1 });
    if (expected.close !== operator) {
      throw syntaxError(`unexpected '${operator}', expected '${expected.close}'`, { offset, length: 1 });
    }
  }
}

/**
 * Python's integers have no bound, ours are doubles: `12345678901234567890` would silently print
 * as 12345678901234567000. Refused where it is written, so `orc validate` names it.
 */
function inexactInteger(text: string, offset: number, length: number): Error {
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return syntaxError(
    `the integer ${shown} is beyond ${Number.MAX_SAFE_INTEGER}, the largest a template holds exactly ` +
      `(numbers are JSON numbers); write it as a string ('${shown}') or as a float (${Number(text).toExponential()})`,
    { offset, length },
  );
}

function parseInteger(text: string): number {
  const prefix = text.slice(0, 2).toLowerCase();
  const radix = prefix === '0b' ? 2 : prefix === '0o' ? 8 : prefix === '0x' ? 16 : 10;
  return radix === 10 ? Number(text) : Number.parseInt(text.slice(2), radix);
}

/**
 * Lexes a tag's inside from `start` up to its closing marker. `openOffset`/`openLength`
 * locate the opening marker, for the error when the tag is never closed.
 */
export function lexTag(
  source: string,
  start: number,
  close: CloseMarker,
  openOffset: number,
  openLength: number,
): LexedTag {
  const lexer = new ExpressionLexer(source, start, true);
  for (;;) {
    lexer.skipWhitespace();
    const position = lexer.position;
    if (position >= source.length) {
      const open = close === '}}' ? '{{' : '{%';
      throw syntaxError(`'${open}' is never closed: '${close}' is missing`, { offset: openOffset, length: openLength });
    }
    if (lexer.balanced) {
      const closing = matchClose(source, position, close);
      if (closing !== undefined) {
        const tokens = [...lexer.tokens, endToken(position)];
        return { tokens, closeOffset: position, end: position + closing.length, closeSign: closing.sign };
      }
    }
    lexer.readToken();
  }
}

function matchClose(
  source: string,
  position: number,
  close: CloseMarker,
): { length: number; sign: '-' | '+' | '' } | undefined {
  if (source.startsWith('-' + close, position)) return { length: 3, sign: '-' };
  if (close === '%}' && source.startsWith('+' + close, position)) return { length: 3, sign: '+' };
  if (source.startsWith(close, position)) return { length: 2, sign: '' };
  return undefined;
}

function endToken(offset: number): Token {
  return { type: 'end', value: '', offset, length: 0 };
}

/** Lexes `source[start, stop)` as expression code, e.g. a bare condition. */
export function lexRange(source: string, start: number, stop: number): Token[] {
  const lexer = new ExpressionLexer(source.slice(0, stop), start, false);
  for (;;) {
    lexer.skipWhitespace();
    if (lexer.position >= stop) break;
    lexer.readToken();
  }
  return lexer.tokens;
}

export function endOfRange(offset: number): Token {
  return endToken(offset);
}
