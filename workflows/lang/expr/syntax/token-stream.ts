// A cursor over tokens, with the checks the parsers share.

import { syntaxError } from '../shared/index.js';
import type { TemplateError } from '../shared/index.js';
import type { Token } from './expression-lexer.js';

export class TokenStream {
  private index = 0;
  /** Where the last consumed token ends: the end of the node being built. */
  lastEnd = 0;

  constructor(
    private readonly tokens: readonly Token[],
    /** How the end of these tokens is called in messages ("end of print statement"). */
    private readonly endDescription: string,
  ) {}

  get current(): Token {
    return this.at(this.index);
  }

  look(ahead = 1): Token {
    return this.at(this.index + ahead);
  }

  next(): Token {
    const token = this.current;
    if (this.index < this.tokens.length - 1) this.index += 1;
    this.lastEnd = token.offset + token.length;
    return token;
  }

  isOperator(value: string, token: Token = this.current): boolean {
    return token.type === 'operator' && token.value === value;
  }

  isName(value: string, token: Token = this.current): boolean {
    return token.type === 'name' && token.value === value;
  }

  isEnd(token: Token = this.current): boolean {
    return token.type === 'end';
  }

  skipOperator(value: string): boolean {
    if (!this.isOperator(value)) return false;
    this.next();
    return true;
  }

  skipName(value: string): boolean {
    if (!this.isName(value)) return false;
    this.next();
    return true;
  }

  expectOperator(value: string): Token {
    if (!this.isOperator(value)) throw this.unexpected(`'${value}'`);
    return this.next();
  }

  expectName(what = 'a name'): Token & { value: string } {
    const token = this.current;
    if (token.type !== 'name') throw this.unexpected(what);
    this.next();
    return token as Token & { value: string };
  }

  expectEnd(): void {
    if (!this.isEnd()) throw this.unexpected(this.endDescription);
  }

  describe(token: Token = this.current): string {
    if (token.type === 'end') return this.endDescription;
    if (token.type === 'string') return 'a string';
    return `'${String(token.value)}'`;
  }

  unexpected(expected: string): TemplateError {
    const token = this.current;
    return syntaxError(`expected ${expected}, got ${this.describe(token)}`, {
      offset: token.offset,
      length: Math.max(token.length, 1),
    });
  }

  private at(index: number): Token {
    const token = this.tokens[index] ?? this.tokens[this.tokens.length - 1];
    if (token === undefined) throw new Error('a token stream must end with an end token');
    return token;
  }
}
