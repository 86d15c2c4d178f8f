// A Pike VM: runs a compiled pattern over the input in one pass, keeping at most one thread
// per instruction, so matching time is linear in the input (no catastrophic backtracking)
// while matches and groups are those of Python's backtracking engine.

import { limitError } from '../shared/index.js';
import { isWordCharacter } from './regex-program.js';
import type { Instruction, Program } from './regex-program.js';
import type { Assertion } from './regex-syntax.js';

/** Capture positions, in code points; -1 where a group did not take part. */
export type Captures = readonly number[];

interface Thread {
  readonly pc: number;
  readonly captures: number[];
}

/** Steps one render's regular expressions may take at most, whatever its step budget. */
export const MAX_THREAD_STEPS = 20_000_000;

export class Machine {
  steps = 0;
  private readonly seen: Int32Array;
  private generation = 0;

  constructor(
    private readonly program: Program,
    private readonly input: ArrayLike<number>,
    /** The caller's allowance: the machine stops as soon as it is spent, not after the search. */
    private readonly maxSteps = MAX_THREAD_STEPS,
  ) {
    this.seen = new Int32Array(program.instructions.length).fill(-1);
  }

  /**
   * The leftmost match starting at or after `start`. With `mustAdvance`, an empty match at
   * `start` does not count (Python's rule after an empty match in re.sub).
   */
  search(start: number, mustAdvance: boolean): Captures | null {
    const { input } = this;
    let current: Thread[] = [];
    let matched: number[] | null = null;
    for (let position = start; position <= input.length; position += 1) {
      this.generation += 1;
      if (matched === null) this.addThread(current, 0, new Array<number>(this.program.slotCount).fill(-1), position);
      if (current.length === 0) {
        if (matched !== null) break;
        continue;
      }
      const next: Thread[] = [];
      const nextGeneration = ++this.generation;
      for (const thread of current) {
        const instruction = this.program.instructions[thread.pc] as Instruction;
        if (instruction.op === 'match') {
          if (mustAdvance && thread.captures[0] === start && position === start) continue;
          matched = thread.captures;
          break;
        }
        if (instruction.op !== 'test') continue;
        const codePoint = input[position];
        this.countStep();
        if (codePoint !== undefined && instruction.matches(codePoint)) {
          this.generation = nextGeneration;
          this.addThread(next, thread.pc + 1, thread.captures, position + 1);
        }
      }
      current = next;
    }
    return matched;
  }

  /** Follows jumps, splits, saves and assertions, in priority order, without recursion. */
  private addThread(list: Thread[], pc: number, captures: number[], position: number): void {
    const pending: { pc: number; captures: number[] }[] = [{ pc, captures }];
    for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
      if (this.seen[entry.pc] === this.generation) continue;
      this.seen[entry.pc] = this.generation;
      this.countStep();
      const instruction = this.program.instructions[entry.pc] as Instruction;
      switch (instruction.op) {
        case 'jump':
          pending.push({ pc: instruction.target, captures: entry.captures });
          break;
        case 'split':
          pending.push({ pc: instruction.other, captures: entry.captures });
          pending.push({ pc: instruction.preferred, captures: entry.captures });
          break;
        case 'save': {
          const saved = entry.captures.slice();
          saved[instruction.slot] = position;
          pending.push({ pc: entry.pc + 1, captures: saved });
          break;
        }
        case 'assert':
          if (this.holds(instruction.assertion, position)) pending.push({ pc: entry.pc + 1, captures: entry.captures });
          break;
        default:
          list.push({ pc: entry.pc, captures: entry.captures });
      }
    }
  }

  private holds(assertion: Assertion, position: number): boolean {
    const { input } = this;
    const { multiline } = this.program.flags;
    switch (assertion) {
      case 'textStart':
        return position === 0;
      case 'textEnd':
        return position === input.length;
      case 'lineStart':
        return position === 0 || (multiline && input[position - 1] === 10);
      case 'lineEnd':
        return position === input.length || (input[position] === 10 && (multiline || position === input.length - 1));
      case 'wordBoundary':
      case 'notWordBoundary': {
        const before = position > 0 && isWordCharacter(input[position - 1] ?? 0);
        const after = position < input.length && isWordCharacter(input[position] ?? 0);
        return (before !== after) === (assertion === 'wordBoundary');
      }
    }
  }

  private countStep(): void {
    this.steps += 1;
    if (this.steps > this.maxSteps) throw limitError('the regular expression takes too long on this input');
  }
}
