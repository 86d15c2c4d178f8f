// How often the code at an offset of a script ran, from V8's block coverage of that script: the
// count of the innermost range that contains the offset (V8's ranges nest, functions and blocks
// alike, and a function's first range is the whole function).
import type { V8Function } from './raw-coverage-file.js';

export class ExecutionCounts {
  /** From this offset on (until the next one), code ran `counts[i]` times. */
  private readonly boundaries: number[] = [];
  private readonly counts: number[] = [];
  private readonly functionStarts = new Set<number>();

  constructor(functions: V8Function[]) {
    const ranges = functions.flatMap((fn, functionIndex) =>
      fn.ranges.map((range, rangeIndex) => ({ ...range, order: functionIndex * 1e6 + rangeIndex })),
    );
    for (const fn of functions) if (fn.ranges[0] && fn.ranges[0].startOffset > 0) this.functionStarts.add(fn.ranges[0].startOffset);
    // Outer ranges first; of two equal ranges the later (a block's) is the more specific.
    ranges.sort((a, b) => a.startOffset - b.startOffset || b.endOffset - a.endOffset || a.order - b.order);
    const open: typeof ranges = [];
    const closeUntil = (offset: number) => {
      while (open.length > 0 && open[open.length - 1]!.endOffset <= offset) {
        const closed = open.pop()!;
        this.mark(closed.endOffset, open[open.length - 1]?.count ?? 0);
      }
    };
    for (const range of ranges) {
      closeUntil(range.startOffset);
      this.mark(range.startOffset, range.count);
      open.push(range);
    }
    closeUntil(Number.MAX_SAFE_INTEGER);
  }

  /**
   * The count at `offset`. A function's own range starts where its first token is, so an offset
   * that lands exactly on a function's start (`const handler = () => …`: the statement is the
   * declaration, whose first mapped token is the arrow's) counts as the code around it, as
   * vitest's conversion counts it.
   */
  at(offset: number): number {
    const where = this.functionStarts.has(offset) ? offset - 1 : offset;
    let low = 0;
    let high = this.boundaries.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.boundaries[middle]! <= where) low = middle + 1;
      else high = middle;
    }
    return low === 0 ? 0 : this.counts[low - 1]!;
  }

  /** The most any of `offsets` ran (the same code can appear more than once in a transform's output). */
  most(offsets: number[]): number {
    let most = 0;
    for (const offset of offsets) most = Math.max(most, this.at(offset));
    return most;
  }

  /** Adds the count at each of `offsets` (ascending) to `sums`: `at` for all of them in one pass. */
  addAt(offsets: readonly number[], sums: Float64Array): void {
    let boundary = 0;
    offsets.forEach((offset, index) => {
      const where = this.functionStarts.has(offset) ? offset - 1 : offset;
      while (boundary < this.boundaries.length && this.boundaries[boundary]! <= where) boundary++;
      if (boundary > 0) sums[index]! += this.counts[boundary - 1]!;
    });
  }

  private mark(offset: number, count: number): void {
    this.boundaries.push(offset);
    this.counts.push(count);
  }
}
