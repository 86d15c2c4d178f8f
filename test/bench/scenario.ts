// The contract of a benchmark scenario: one file under scenarios/ that exports `name` and
// `run`, found by run.ts without being listed anywhere.
import type { BenchContext } from './bench-context.js';

export interface BenchResult {
  /** The one number the scenario is about, e.g. the median compile time. */
  figure: number;
  unit: string;
  /** Whatever explains the figure: sizes, counts, every run's time. */
  details?: Record<string, unknown>;
  /** The figure issue 14 asks for, and "met" or "missed: " with the measurement that says why. */
  goal?: string;
  verdict?: string;
}

/** A scenario that cannot run here (a missing peer, say) says why instead of failing. */
export interface BenchSkipped {
  skipped: string;
}

export interface BenchScenario {
  name: string;
  run(context: BenchContext): Promise<BenchResult | BenchSkipped>;
}

export function isBenchScenario(value: unknown): value is BenchScenario {
  const candidate = value as Partial<BenchScenario> | null;
  return typeof candidate?.name === 'string' && typeof candidate.run === 'function';
}
