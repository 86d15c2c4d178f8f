// How often the code at each mapped offset of one script ran, added up over every process and
// thread that ran it. A raw file is read once, added here and deleted while the suite goes on, so
// the hundreds of 17 MB files the suite's processes write neither pile up on disk nor are all
// read when the run ends; the coverage entries are filled from these totals once, at the end.
import type { ExecutionCounts } from './execution-counts.js';
import type { GeneratedPositions } from './generated-positions.js';

/** What FileProbes reads: the most any of the offsets ran. */
export interface Counts {
  most(offsets: number[]): number;
}

export class ScriptTotals implements Counts {
  private readonly offsets: number[];
  private readonly sums: Float64Array;

  constructor(readonly positions: GeneratedPositions) {
    this.offsets = positions.generatedOffsets();
    this.sums = new Float64Array(this.offsets.length);
  }

  add(counts: ExecutionCounts): void {
    counts.addAt(this.offsets, this.sums);
  }

  most(offsets: number[]): number {
    let most = 0;
    for (const offset of offsets) {
      const index = this.indexOf(offset);
      if (index !== -1) most = Math.max(most, this.sums[index]!);
    }
    return most;
  }

  private indexOf(offset: number): number {
    let low = 0;
    let high = this.offsets.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.offsets[middle]! < offset) low = middle + 1;
      else high = middle;
    }
    return this.offsets[low] === offset ? low : -1;
  }
}
