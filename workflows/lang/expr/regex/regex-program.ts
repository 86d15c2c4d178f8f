// Compiles a parsed pattern into instructions for the Pike VM in regex-machine.ts.

import { PYTHON_SPACE_CLASS } from '../python/index.js';
import { limitError } from '../shared/index.js';
import type { Assertion, ClassEscape, ParsedRegex, RegexFlags, RegexNode } from './regex-syntax.js';

export type Instruction =
  | { op: 'test'; matches: (codePoint: number) => boolean }
  | { op: 'split'; preferred: number; other: number }
  | { op: 'jump'; target: number }
  | { op: 'save'; slot: number }
  | { op: 'assert'; assertion: Assertion }
  | { op: 'match' };

export interface Program {
  readonly instructions: readonly Instruction[];
  readonly slotCount: number;
  readonly flags: RegexFlags;
  readonly groupNames: ReadonlyMap<string, number>;
}

const MAX_INSTRUCTIONS = 20_000;
const WORD_RE = /^[\p{L}\p{N}_]$/u;
const DIGIT_RE = /^\p{Nd}$/u;
const SPACE_RE = new RegExp(`^${PYTHON_SPACE_CLASS}$`);

function cachedPredicate(pattern: RegExp): (codePoint: number) => boolean {
  const cache = new Map<number, boolean>();
  return (codePoint) => {
    let result = cache.get(codePoint);
    if (result === undefined) {
      result = pattern.test(String.fromCodePoint(codePoint));
      if (cache.size < 4096) cache.set(codePoint, result);
    }
    return result;
  };
}

export const isWordCharacter = cachedPredicate(WORD_RE);
const isDigit = cachedPredicate(DIGIT_RE);
const isSpace = cachedPredicate(SPACE_RE);

function escapeMatches(escape: ClassEscape, codePoint: number): boolean {
  const lower = escape.toLowerCase();
  const result = lower === 'd' ? isDigit(codePoint) : lower === 'w' ? isWordCharacter(codePoint) : isSpace(codePoint);
  return escape === lower ? result : !result;
}

const variantCache = new Map<number, readonly number[]>();

/** The code point and its simple case variants, for IGNORECASE; cached, as every step asks. */
function caseVariants(codePoint: number): readonly number[] {
  let variants = variantCache.get(codePoint);
  if (variants === undefined) {
    variants = computeCaseVariants(codePoint);
    if (variantCache.size < 4096) variantCache.set(codePoint, variants);
  }
  return variants;
}

function computeCaseVariants(codePoint: number): number[] {
  const char = String.fromCodePoint(codePoint);
  const variants = new Set([codePoint]);
  for (const variant of [char.toLowerCase(), char.toUpperCase()]) {
    const point = variant.codePointAt(0);
    if (point !== undefined && String.fromCodePoint(point) === variant) variants.add(point);
  }
  return [...variants];
}

class Compiler {
  readonly instructions: Instruction[] = [];

  constructor(private readonly flags: RegexFlags) {}

  emit(instruction: Instruction): number {
    if (this.instructions.length >= MAX_INSTRUCTIONS) throw limitError('the regular expression is too complex');
    this.instructions.push(instruction);
    return this.instructions.length - 1;
  }

  compile(node: RegexNode): void {
    switch (node.kind) {
      case 'empty':
        return;
      case 'char':
        return void this.emit({ op: 'test', matches: this.charTest(node.codePoint) });
      case 'any':
        return void this.emit({ op: 'test', matches: this.flags.dotAll ? () => true : (point) => point !== 10 });
      case 'class':
        return void this.emit({ op: 'test', matches: this.classTest(node) });
      case 'sequence':
        return node.items.forEach((item) => this.compile(item));
      case 'alternation':
        return this.compileAlternation(node.options);
      case 'group':
        return this.compileGroup(node.index, node.body);
      case 'repeat':
        return this.compileRepeat(node.body, node.min, node.max, node.greedy);
      case 'assert':
        return void this.emit({ op: 'assert', assertion: node.assertion });
    }
  }

  private charTest(codePoint: number): (point: number) => boolean {
    if (!this.flags.ignoreCase) return (point) => point === codePoint;
    const variants = new Set(caseVariants(codePoint));
    return (point) => variants.has(point) || caseVariants(point).some((variant) => variants.has(variant));
  }

  private classTest(node: Extract<RegexNode, { kind: 'class' }>): (point: number) => boolean {
    const inClass = (point: number): boolean =>
      node.ranges.some(([low, high]) => point >= low && point <= high) ||
      node.escapes.some((escape) => escapeMatches(escape, point));
    const ignoreCase = this.flags.ignoreCase;
    return (point) => {
      const found = ignoreCase ? caseVariants(point).some(inClass) : inClass(point);
      return found !== node.negated;
    };
  }

  private compileAlternation(options: readonly RegexNode[]): void {
    const jumps: number[] = [];
    options.forEach((option, index) => {
      if (index === options.length - 1) return this.compile(option);
      const split = this.emit({ op: 'split', preferred: 0, other: 0 });
      this.compile(option);
      jumps.push(this.emit({ op: 'jump', target: 0 }));
      this.instructions[split] = { op: 'split', preferred: split + 1, other: this.instructions.length };
    });
    for (const jump of jumps) this.instructions[jump] = { op: 'jump', target: this.instructions.length };
  }

  private compileGroup(index: number | null, body: RegexNode): void {
    if (index === null) return this.compile(body);
    this.emit({ op: 'save', slot: index * 2 });
    this.compile(body);
    this.emit({ op: 'save', slot: index * 2 + 1 });
  }

  private compileRepeat(body: RegexNode, min: number, max: number, greedy: boolean): void {
    for (let count = 0; count < min; count += 1) this.compile(body);
    if (max === Infinity) {
      const split = this.emit({ op: 'split', preferred: 0, other: 0 });
      this.compile(body);
      this.emit({ op: 'jump', target: split });
      this.instructions[split] = this.branch(split + 1, this.instructions.length, greedy);
      return;
    }
    const splits: number[] = [];
    for (let count = min; count < max; count += 1) {
      splits.push(this.emit({ op: 'split', preferred: 0, other: 0 }));
      this.compile(body);
    }
    const end = this.instructions.length;
    for (const split of splits) this.instructions[split] = this.branch(split + 1, end, greedy);
  }

  private branch(body: number, skip: number, greedy: boolean): Instruction {
    return greedy ? { op: 'split', preferred: body, other: skip } : { op: 'split', preferred: skip, other: body };
  }
}

export function compileRegex(parsed: ParsedRegex): Program {
  const compiler = new Compiler(parsed.flags);
  compiler.emit({ op: 'save', slot: 0 });
  compiler.compile(parsed.root);
  compiler.emit({ op: 'save', slot: 1 });
  compiler.emit({ op: 'match' });
  return {
    instructions: compiler.instructions,
    slotCount: (parsed.groupCount + 1) * 2,
    flags: parsed.flags,
    groupNames: parsed.groupNames,
  };
}
