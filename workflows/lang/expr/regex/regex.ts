// Python-compatible regular expressions for the regex filters, on our linear-time matcher:
// search (first match) and sub (with Python's replacement templates).

import { COSTS, MAX_REGEX_INPUT_CHARS, limitError, valueError } from '../shared/index.js';
import type { Budget } from '../shared/index.js';
import { MAX_THREAD_STEPS, Machine } from './regex-machine.js';
import type { Captures } from './regex-machine.js';
import { compileRegex } from './regex-program.js';
import type { Program } from './regex-program.js';
import { parseRegex } from './regex-syntax.js';

export interface RegexOptions {
  readonly ignoreCase: boolean;
  readonly multiline: boolean;
}

const programCache = new Map<string, Program>();
const PROGRAM_CACHE_SIZE = 200;

function programFor(pattern: string, options: RegexOptions): Program {
  const key = `${options.ignoreCase ? 'i' : ''}${options.multiline ? 'm' : ''}/${pattern}`;
  const cached = programCache.get(key);
  if (cached !== undefined) return cached;
  const flags = { ignoreCase: options.ignoreCase, multiline: options.multiline, dotAll: false, verbose: false };
  const program = compileRegex(parseRegex(pattern, flags));
  if (programCache.size >= PROGRAM_CACHE_SIZE) programCache.clear();
  programCache.set(key, program);
  return program;
}

/** The text as code points, with the UTF-16 offset of each (and of the end). */
function decode(text: string, budget: Budget): { points: Int32Array; offsets: Int32Array } {
  if (text.length > MAX_REGEX_INPUT_CHARS) {
    throw limitError(
      `regex filters accept at most ${MAX_REGEX_INPUT_CHARS} characters of input; this one has ${text.length}`,
    );
  }
  budget.chargeItems(text.length);
  const points = new Int32Array(text.length);
  const offsets = new Int32Array(text.length + 1);
  let count = 0;
  for (let offset = 0; offset < text.length; count += 1) {
    const point = text.codePointAt(offset) ?? 0;
    points[count] = point;
    offsets[count] = offset;
    offset += point > 0xffff ? 2 : 1;
  }
  offsets[count] = text.length;
  return { points: points.subarray(0, count), offsets: offsets.subarray(0, count + 1) };
}

export interface RegexMatch {
  /** Per group (0 = whole match): the matched text, or null when the group did not take part. */
  readonly groups: readonly (string | null)[];
  readonly groupNames: ReadonlyMap<string, number>;
}

function toMatch(text: string, offsets: Int32Array, captures: Captures, program: Program): RegexMatch {
  const groups: (string | null)[] = [];
  for (let slot = 0; slot < program.slotCount; slot += 2) {
    const start = captures[slot] ?? -1;
    const end = captures[slot + 1] ?? -1;
    groups.push(start < 0 || end < 0 ? null : text.slice(offsets[start], offsets[end]));
  }
  return { groups, groupNames: program.groupNames };
}

/**
 * Runs `search` on a machine that stops once the render's step budget is spent (then the
 * budget's own limit error is raised), and pays for the steps it took.
 */
function withMachine<T>(program: Program, points: Int32Array, budget: Budget, search: (machine: Machine) => T): T {
  const affordable = Math.floor(budget.remainingSteps / COSTS.regexStep) + 1;
  const machine = new Machine(program, points, Math.min(MAX_THREAD_STEPS, affordable));
  try {
    return search(machine);
  } finally {
    budget.charge(machine.steps * COSTS.regexStep);
  }
}

export function regexSearch(text: string, pattern: string, options: RegexOptions, budget: Budget): RegexMatch | null {
  const program = programFor(pattern, options);
  const { points, offsets } = decode(text, budget);
  const captures = withMachine(program, points, budget, (machine) => machine.search(0, false));
  return captures === null ? null : toMatch(text, offsets, captures, program);
}

/** re.sub(pattern, replacement, text, count): `count` 0 replaces every match. */
export function regexReplace(
  text: string,
  pattern: string,
  replacement: string,
  count: number,
  options: RegexOptions,
  budget: Budget,
): string {
  const program = programFor(pattern, options);
  const template = parseReplacement(replacement, program);
  const { points, offsets } = decode(text, budget);
  const pieces: string[] = [];
  let length = 0;
  let position = 0;
  let mustAdvance = false;
  withMachine(program, points, budget, (machine) => {
    for (let replaced = 0; count <= 0 || replaced < count; replaced += 1) {
      const captures = machine.search(position, mustAdvance);
      if (captures === null) break;
      const [start = 0, end = 0] = captures;
      const piece =
        text.slice(offsets[position], offsets[start]) + expand(template, toMatch(text, offsets, captures, program));
      pieces.push(piece);
      length += piece.length;
      budget.checkGrowingString(length);
      budget.chargeChars(piece.length);
      budget.chargeItems(1);
      mustAdvance = start === end;
      position = end;
    }
  });
  pieces.push(text.slice(offsets[position]));
  const result = pieces.join('');
  budget.checkStringLength(result.length);
  return result;
}

type ReplacementPart = string | number;

const REPLACEMENT_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  f: '\f',
  v: '\v',
  a: '\x07',
  b: '\b',
  '\\': '\\',
};

/** Python's replacement template: \1, \g<1>, \g<name>, and the usual escapes. */
function parseReplacement(replacement: string, program: Program): ReplacementPart[] {
  const parts: ReplacementPart[] = [];
  const groupLimit = program.slotCount / 2;
  const pattern = /\\(?:g<([^>]*)>|(\d\d?)|([\s\S]))|[^\\]+/g;
  for (let found = pattern.exec(replacement); found !== null; found = pattern.exec(replacement)) {
    const [whole, named, numbered, escaped] = found;
    if (named !== undefined) {
      const index = /^\d+$/.test(named) ? Number(named) : program.groupNames.get(named);
      if (index === undefined || index >= groupLimit)
        throw valueError(`the replacement refers to an unknown group "${named}"`);
      parts.push(index);
    } else if (numbered !== undefined && numbered.startsWith('0')) {
      parts.push(String.fromCharCode(Number.parseInt(numbered, 8)));
    } else if (numbered !== undefined) {
      if (Number(numbered) >= groupLimit) throw valueError(`the replacement refers to an unknown group ${numbered}`);
      parts.push(Number(numbered));
    } else if (escaped !== undefined) {
      const known = REPLACEMENT_ESCAPES[escaped];
      if (known === undefined && /[A-Za-z]/.test(escaped))
        throw valueError(`bad escape \\${escaped} in the replacement`);
      parts.push(known ?? '\\' + escaped);
    } else {
      parts.push(whole);
    }
  }
  if (replacement.endsWith('\\') && !replacement.endsWith('\\\\'))
    throw valueError('the replacement ends with a lone backslash');
  return parts;
}

function expand(template: readonly ReplacementPart[], match: RegexMatch): string {
  return template.map((part) => (typeof part === 'number' ? (match.groups[part] ?? '') : part)).join('');
}
