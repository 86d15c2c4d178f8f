// Text that data turns into (JSON, repr) is built piece by piece under the output limit and
// paid for as it grows: a list that holds itself many times (`[x, x]` doubled 30 times) is
// refused after a million characters, not after writing billions of them.

import type { Budget } from './limits.js';

export class TextBuilder {
  private readonly pieces: string[] = [];
  private length = 0;

  constructor(private readonly budget: Budget) {}

  add(text: string): void {
    this.length += text.length;
    this.budget.checkGrowingString(this.length);
    this.budget.chargeChars(text.length);
    this.pieces.push(text);
  }

  /** Refuses, before it is built, a piece that would make the text too long. */
  reserve(extra: number): void {
    this.budget.checkGrowingString(this.length + extra);
  }

  /** One value of the data visited, whatever it writes. */
  visit(): void {
    this.budget.chargeItems(1);
  }

  toString(): string {
    return this.pieces.join('');
  }
}
