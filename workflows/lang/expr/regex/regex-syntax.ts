// Parses a Python `re` pattern into a tree, for our own linear-time matcher. Lookaround
// and backreferences (the features that need backtracking) are refused with a clear error.

import { MAX_NESTING, MAX_REGEX_PATTERN_CHARS, limitError, valueError } from '../shared/index.js';

export type ClassEscape = 'd' | 'D' | 'w' | 'W' | 's' | 'S';
export type Assertion = 'lineStart' | 'lineEnd' | 'textStart' | 'textEnd' | 'wordBoundary' | 'notWordBoundary';

export type RegexNode =
  | { readonly kind: 'empty' }
  | { readonly kind: 'char'; readonly codePoint: number }
  | { readonly kind: 'any' }
  | {
      readonly kind: 'class';
      readonly negated: boolean;
      readonly ranges: readonly (readonly [number, number])[];
      readonly escapes: readonly ClassEscape[];
    }
  | { readonly kind: 'sequence'; readonly items: readonly RegexNode[] }
  | { readonly kind: 'alternation'; readonly options: readonly RegexNode[] }
  | { readonly kind: 'group'; readonly index: number | null; readonly body: RegexNode }
  | {
      readonly kind: 'repeat';
      readonly body: RegexNode;
      readonly min: number;
      readonly max: number;
      readonly greedy: boolean;
    }
  | { readonly kind: 'assert'; readonly assertion: Assertion };

export interface RegexFlags {
  ignoreCase: boolean;
  multiline: boolean;
  dotAll: boolean;
  verbose: boolean;
}

export interface ParsedRegex {
  readonly root: RegexNode;
  readonly groupCount: number;
  readonly groupNames: ReadonlyMap<string, number>;
  readonly flags: RegexFlags;
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { n: 10, t: 9, r: 13, f: 12, v: 11, a: 7 };
const CLASS_ESCAPES = new Set(['d', 'D', 'w', 'W', 's', 'S']);
const QUANTIFIER_RE = /\{(\d*)(?:(,)(\d*))?\}/y;

class RegexParser {
  private position = 0;
  private depth = 0;
  groupCount = 0;
  readonly groupNames = new Map<string, number>();

  constructor(
    private readonly pattern: string,
    readonly flags: RegexFlags,
  ) {}

  parse(): RegexNode {
    this.readGlobalFlags();
    const root = this.parseAlternation();
    if (this.position < this.pattern.length) this.fail(`unbalanced parenthesis at position ${this.position}`);
    return root;
  }

  private readGlobalFlags(): void {
    const found = /^\(\?([aiLmsux]+)\)/.exec(this.pattern);
    if (found === null) return;
    for (const flag of found[1] ?? '') {
      if (flag === 'i') this.flags.ignoreCase = true;
      if (flag === 'm') this.flags.multiline = true;
      if (flag === 's') this.flags.dotAll = true;
      if (flag === 'x') this.flags.verbose = true;
    }
    this.position = found[0].length;
  }

  private parseAlternation(): RegexNode {
    const options = [this.parseSequence()];
    while (this.peek() === '|') {
      this.position += 1;
      options.push(this.parseSequence());
    }
    return options.length === 1 ? (options[0] as RegexNode) : { kind: 'alternation', options };
  }

  private parseSequence(): RegexNode {
    const items: RegexNode[] = [];
    for (;;) {
      this.skipVerbose();
      const char = this.peek();
      if (char === undefined || char === '|' || char === ')') break;
      const atom = this.parseAtom();
      items.push(this.parseQuantifiers(atom));
    }
    if (items.length === 0) return { kind: 'empty' };
    return items.length === 1 ? (items[0] as RegexNode) : { kind: 'sequence', items };
  }

  private parseQuantifiers(atom: RegexNode): RegexNode {
    this.skipVerbose();
    const bounds = this.readQuantifier();
    if (bounds === undefined) return atom;
    if (atom.kind === 'assert' || atom.kind === 'empty') this.fail('nothing to repeat');
    let greedy = true;
    if (this.peek() === '?') {
      greedy = false;
      this.position += 1;
    } else if (this.peek() === '+') {
      this.fail('possessive quantifiers are not supported');
    }
    this.skipVerbose();
    if (this.readQuantifier() !== undefined) this.fail('multiple repeat');
    return { kind: 'repeat', body: atom, min: bounds[0], max: bounds[1], greedy };
  }

  private readQuantifier(): [number, number] | undefined {
    const char = this.peek();
    if (char === '*' || char === '+' || char === '?') {
      this.position += 1;
      return char === '*' ? [0, Infinity] : char === '+' ? [1, Infinity] : [0, 1];
    }
    if (char !== '{') return undefined;
    QUANTIFIER_RE.lastIndex = this.position;
    const found = QUANTIFIER_RE.exec(this.pattern);
    if (found === null || (found[1] === '' && found[2] === undefined)) return undefined;
    this.position = QUANTIFIER_RE.lastIndex;
    const min = found[1] === '' ? 0 : Number(found[1]);
    const max = found[2] === undefined ? min : found[3] === '' ? Infinity : Number(found[3]);
    if (max < min) this.fail('min repeat greater than max repeat');
    if (min > 1000 || (max !== Infinity && max > 1000))
      throw limitError('a regex repeat count above 1000 is not allowed');
    return [min, max];
  }

  private parseAtom(): RegexNode {
    const char = this.peek() ?? '';
    this.position += 1;
    switch (char) {
      case '(':
        return this.parseGroup();
      case '[':
        return this.parseClass();
      case '.':
        return { kind: 'any' };
      case '^':
        return { kind: 'assert', assertion: 'lineStart' };
      case '$':
        return { kind: 'assert', assertion: 'lineEnd' };
      case '\\':
        return this.parseEscape(false);
      case '*':
      case '+':
      case '?':
        return this.fail('nothing to repeat');
      default: {
        const codePoint = this.pattern.codePointAt(this.position - 1) ?? 0;
        if (codePoint > 0xffff) this.position += 1;
        return { kind: 'char', codePoint };
      }
    }
  }

  private parseGroup(): RegexNode {
    this.depth += 1;
    if (this.depth > MAX_NESTING) throw limitError('the regex nests too deeply');
    let index: number | null = null;
    if (this.pattern.startsWith('?', this.position)) {
      const rest = this.pattern.slice(this.position + 1);
      const named = /^P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
      if (rest.startsWith(':')) {
        this.position += 2;
      } else if (named !== null) {
        index = this.newGroup(named[1] ?? '');
        this.position += 1 + named[0].length;
      } else if (rest.startsWith('#')) {
        const end = this.pattern.indexOf(')', this.position);
        if (end < 0) this.fail('missing ), unterminated comment');
        this.position = end + 1;
        this.depth -= 1;
        return { kind: 'empty' };
      } else if (/^(?:=|!|<=|<!)/.test(rest)) {
        this.fail('lookahead and lookbehind are not supported');
      } else if (rest.startsWith('P=')) {
        this.fail('backreferences are not supported');
      } else {
        this.fail('this group syntax is not supported (inline flags go at the very start)');
      }
    } else {
      index = this.newGroup(null);
    }
    const body = this.parseAlternation();
    if (this.peek() !== ')') this.fail('missing ), unterminated subpattern');
    this.position += 1;
    this.depth -= 1;
    return { kind: 'group', index, body };
  }

  private newGroup(name: string | null): number {
    this.groupCount += 1;
    if (name !== null) {
      if (this.groupNames.has(name)) this.fail(`redefinition of group name "${name}"`);
      this.groupNames.set(name, this.groupCount);
    }
    return this.groupCount;
  }

  private parseClass(): RegexNode {
    const negated = this.peek() === '^';
    if (negated) this.position += 1;
    const ranges: [number, number][] = [];
    const escapes: ClassEscape[] = [];
    let first = true;
    for (;;) {
      const char = this.peek();
      if (char === undefined) this.fail('unterminated character set');
      if (char === ']' && !first) break;
      first = false;
      const low = this.classMember(escapes);
      if (low === undefined) continue;
      if (this.peek() === '-' && this.pattern[this.position + 1] !== ']' && this.position + 1 < this.pattern.length) {
        this.position += 1;
        const high = this.classMember(escapes);
        if (high === undefined || high < low) this.fail('bad character range');
        ranges.push([low, high]);
      } else {
        ranges.push([low, low]);
      }
    }
    this.position += 1;
    return { kind: 'class', negated, ranges, escapes };
  }

  /** One member of a class: a code point, or undefined when it was \d, \w or \s. */
  private classMember(escapes: ClassEscape[]): number | undefined {
    const codePoint = this.pattern.codePointAt(this.position) ?? 0;
    this.position += codePoint > 0xffff ? 2 : 1;
    if (codePoint !== 0x5c) return codePoint;
    const next = this.peek() ?? '';
    if (CLASS_ESCAPES.has(next)) {
      this.position += 1;
      escapes.push(next as ClassEscape);
      return undefined;
    }
    if (next === 'b') {
      this.position += 1;
      return 8;
    }
    const node = this.parseEscape(true);
    if (node.kind !== 'char') this.fail('bad escape in a character set');
    return node.codePoint;
  }

  private parseEscape(inClass: boolean): RegexNode {
    const char = this.peek();
    if (char === undefined) this.fail('bad escape (end of pattern)');
    this.position += 1;
    if (CLASS_ESCAPES.has(char)) return { kind: 'class', negated: false, ranges: [], escapes: [char as ClassEscape] };
    const assertion = !inClass ? ASSERTION_ESCAPES[char] : undefined;
    if (assertion !== undefined) return { kind: 'assert', assertion };
    const simple = SIMPLE_ESCAPES[char];
    if (simple !== undefined) return { kind: 'char', codePoint: simple };
    if (char === 'x' || char === 'u' || char === 'U') return this.hexEscape(char);
    if (/[0-7]/.test(char)) return this.octalOrBackreference(char);
    if (/[1-9]/.test(char)) this.fail('backreferences are not supported');
    if (/[A-Za-z]/.test(char)) this.fail(`bad escape \\${char}`);
    const codePoint = this.pattern.codePointAt(this.position - 1) ?? 0;
    if (codePoint > 0xffff) this.position += 1;
    return { kind: 'char', codePoint };
  }

  private hexEscape(char: string): RegexNode {
    const length = char === 'x' ? 2 : char === 'u' ? 4 : 8;
    const digits = this.pattern.slice(this.position, this.position + length);
    if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(digits)) this.fail(`incomplete escape \\${char}`);
    this.position += length;
    const codePoint = Number.parseInt(digits, 16);
    if (codePoint > 0x10ffff) this.fail(`bad escape \\${char}${digits}`);
    return { kind: 'char', codePoint };
  }

  private octalOrBackreference(first: string): RegexNode {
    const rest = /^[0-7]{0,2}/.exec(this.pattern.slice(this.position))?.[0] ?? '';
    if (first !== '0' && rest.length < 2) this.fail('backreferences are not supported');
    this.position += rest.length;
    return { kind: 'char', codePoint: Number.parseInt(first + rest, 8) };
  }

  private skipVerbose(): void {
    if (!this.flags.verbose) return;
    const found = /(?:\s|#[^\n]*)*/y;
    found.lastIndex = this.position;
    found.exec(this.pattern);
    this.position = found.lastIndex;
  }

  private peek(): string | undefined {
    return this.pattern[this.position];
  }

  private fail(message: string): never {
    throw valueError(`invalid regular expression "${this.pattern}": ${message}`);
  }
}

const ASSERTION_ESCAPES: Readonly<Record<string, Assertion>> = {
  A: 'textStart',
  Z: 'textEnd',
  b: 'wordBoundary',
  B: 'notWordBoundary',
};

export function parseRegex(pattern: string, flags: RegexFlags): ParsedRegex {
  if (pattern.length > MAX_REGEX_PATTERN_CHARS) {
    throw limitError(
      `the regular expression is ${pattern.length} characters long; the limit is ${MAX_REGEX_PATTERN_CHARS}`,
    );
  }
  const parser = new RegexParser(pattern, { ...flags });
  const root = parser.parse();
  return { root, groupCount: parser.groupCount, groupNames: parser.groupNames, flags: parser.flags };
}
