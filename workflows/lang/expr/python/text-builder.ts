// Text that data turns into (JSON, repr) is built piece by piece under the output limit and
// paid for as it grows: a list that holds itself many times (`[x, x]` doubled 30 times) is
// refused after a million characters, not after writing billions of them.

import type { Budget } from '../shared/index.js';

const PIECE_OVERHEAD_CHARS = 4;

export class TextBuilder {
  private readonly pieces: string[] = [];
  private length = 0;

  constructor(private readonly budget: Budget) {}

  add(text: string): void {
    this.length += text.length;
    this.budget.checkGrowingString(this.length);
    // A piece costs a few characters' worth on top of its own: most pieces are one or two long.
    this.budget.chargeChars(text.length + PIECE_OVERHEAD_CHARS);
    this.pieces.push(text);
  }

  /** Characters that may still be added. */
  get room(): number {
    return this.budget.limits.maxOutputChars - this.length;
  }

  /** Refuses, before it is built, a piece that would make the text too long. */
  reserve(extra: number): void {
    this.budget.checkGrowingString(this.length + extra);
  }

  /** One value of the data visited, whatever it writes: a call or two of the writer. */
  visit(): void {
    this.budget.chargeItems(2);
  }

  toString(): string {
    return this.pieces.join('');
  }
}
