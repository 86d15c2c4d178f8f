// A small glob matcher for `filesystem.list`'s pattern: `*`, `?`, `[abc]`, `[!abc]`, `{a,b}`
// and `**`. Hand-written because the project has no glob dependency and the pattern is matched
// against names we already listed, never used to walk the disk.
//
// The pattern becomes a Thompson automaton simulated one character at a time over the set of
// states it may be in, so matching takes time proportional to name length × pattern length for
// every pattern. (A backtracking regular expression took minutes on `*a*a*a*a*a*a*a*a*a*a*a*ab`.)
import { ERROR_TYPES } from '../../workflows/activity-interfaces.js';
import { toolFailure } from '../tool-failure.js';

/** Longer patterns are refused: they only make the automaton larger. */
export const MAX_PATTERN_LENGTH = 500;

export interface Glob {
  test(text: string): boolean;
}

type CharTest = (char: string) => boolean;
type Piece = { one: CharTest } | { many: CharTest } | { optional: Piece[] } | { either: Piece[][] };

export function compileGlob(pattern: string): Glob {
  if ([...pattern].length > MAX_PATTERN_LENGTH)
    throw badPattern(pattern, `it is longer than ${MAX_PATTERN_LENGTH} characters`);
  const characters = [...pattern];
  const cursor = { index: 0, pattern, characters };
  const pieces = parseSequence(cursor, false);
  return new Automaton(pieces);
}

interface Cursor {
  index: number;
  pattern: string;
  characters: string[];
}

const anyCharacter: CharTest = () => true;
const notSlash: CharTest = (char) => char !== '/';
const exactly =
  (expected: string): CharTest =>
  (char) =>
    char === expected;

function parseSequence(cursor: Cursor, inBraces: boolean): Piece[] {
  const pieces: Piece[] = [];
  const { characters } = cursor;
  while (cursor.index < characters.length) {
    const char = characters[cursor.index]!;
    if (inBraces && (char === ',' || char === '}')) return pieces;
    cursor.index++;
    if (char === '*') pieces.push(star(cursor));
    else if (char === '?') pieces.push({ one: notSlash });
    else if (char === '[') pieces.push(characterClass(cursor));
    else if (char === '{') {
      const either = [parseSequence(cursor, true)];
      while (characters[cursor.index] === ',') {
        cursor.index++;
        either.push(parseSequence(cursor, true));
      }
      // An unclosed brace closes at the end of the pattern.
      if (characters[cursor.index] === '}') cursor.index++;
      pieces.push({ either });
    } else pieces.push({ one: exactly(char) });
  }
  return pieces;
}

// `*` within one path segment; `**` across segments; `**` then a slash also matches no folder at all.
function star(cursor: Cursor): Piece {
  if (cursor.characters[cursor.index] !== '*') return { many: notSlash };
  cursor.index++;
  if (cursor.characters[cursor.index] !== '/') return { many: anyCharacter };
  cursor.index++;
  return { optional: [{ many: anyCharacter }, { one: exactly('/') }] };
}

/** `[abc]`, `[a-z]`, `[!a-z]` (or `[^a-z]`); a `[` that never closes is itself. */
function characterClass(cursor: Cursor): Piece {
  const end = cursor.characters.indexOf(']', cursor.index);
  if (end === -1) return { one: exactly('[') };
  let body = cursor.characters.slice(cursor.index, end);
  cursor.index = end + 1;
  const negated = body[0] === '!' || body[0] === '^';
  if (negated) body = body.slice(1);
  const ranges: [string, string][] = [];
  for (let index = 0; index < body.length; index++) {
    const from = body[index]!;
    if (body[index + 1] === '-' && index + 2 < body.length) {
      const to = body[index + 2]!;
      if (from.codePointAt(0)! > to.codePointAt(0)!)
        throw badPattern(cursor.pattern, `the range "${from}-${to}" runs backwards: write "${to}-${from}"`);
      ranges.push([from, to]);
      index += 2;
    } else ranges.push([from, from]);
  }
  const inClass = (char: string) =>
    ranges.some(
      ([from, to]) => char.codePointAt(0)! >= from.codePointAt(0)! && char.codePointAt(0)! <= to.codePointAt(0)!,
    );
  return { one: (char) => inClass(char) !== negated };
}

function badPattern(pattern: string, why: string) {
  return toolFailure(ERROR_TYPES.toolError, `the pattern "${pattern}" is not a valid glob: ${why}`, {
    retryable: false,
  });
}

interface State {
  /** The character this state consumes; none for a state that only leads on (or accepts). */
  test?: CharTest;
  next: number[];
}

const ACCEPT = 0;

class Automaton implements Glob {
  private readonly states: State[] = [{ next: [] }];
  private readonly start: number;
  private readonly marks: number[] = [];
  private stamp = 0;

  constructor(pieces: Piece[]) {
    this.start = this.sequence(pieces, ACCEPT);
  }

  test(text: string): boolean {
    let current = this.closure([this.start]);
    for (const char of text) {
      const reached: number[] = [];
      for (const id of current) if (this.states[id]!.test?.(char)) reached.push(...this.states[id]!.next);
      current = this.closure(reached);
      if (current.length === 0) return false;
    }
    return current.includes(ACCEPT);
  }

  /** The states that consume a character (or accept) reachable from `ids` without consuming one. */
  private closure(ids: number[]): number[] {
    const stamp = ++this.stamp;
    const found: number[] = [];
    const stack = [...ids];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (this.marks[id] === stamp) continue;
      this.marks[id] = stamp;
      const state = this.states[id]!;
      if (state.test !== undefined || id === ACCEPT) found.push(id);
      else stack.push(...state.next);
    }
    return found;
  }

  private add(state: State): number {
    this.states.push(state);
    return this.states.length - 1;
  }

  /** Builds `pieces` leading to `next`, back to front; answers the first state. */
  private sequence(pieces: Piece[], next: number): number {
    let entry = next;
    for (let index = pieces.length - 1; index >= 0; index--) entry = this.piece(pieces[index]!, entry);
    return entry;
  }

  private piece(piece: Piece, next: number): number {
    if ('one' in piece) return this.add({ test: piece.one, next: [next] });
    if ('optional' in piece) return this.add({ next: [this.sequence(piece.optional, next), next] });
    if ('either' in piece) return this.add({ next: piece.either.map((pieces) => this.sequence(pieces, next)) });
    const loop = this.add({ next: [] });
    this.states[loop]!.next = [this.add({ test: piece.many, next: [loop] }), next];
    return loop;
  }
}
