// Issue 14's goals beside the figures: a scenario says what its figure should be and, when the
// figure misses it, why — with the measurement that shows it, not a guess.
import { round1 } from './bench-numbers.js';

/** "met", or "missed: " and the reason (computed only when missed). */
export function verdict(met: boolean, why: () => string): string {
  return met ? 'met' : `missed: ${why()}`;
}

/** Steps per second two cores allow when each step costs `cpuMs` of CPU in all. */
export function ceilingOnTwoCores(cpuMs: number): number {
  return round1(2000 / cpuMs);
}
