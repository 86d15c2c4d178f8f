// A deterministic random source for the fuzz test: the same seed gives the same cases on
// every machine, so a failure printed in CI can be rebuilt locally.

/** A number in [0, 1), like Math.random, but the same sequence for the same seed everywhere. */
export type Random = () => number;

/** mulberry32: tiny, fast and good enough to spread mutations. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** FNV-1a, so a case's seed depends on its file's name, not on how many files came before. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The seed of one mutated case: rebuildable from the run's seed, the file and the case number. */
export function caseSeed(baseSeed: number, file: string, caseIndex: number): number {
  return hashText(`${baseSeed}:${file}:${caseIndex}`);
}

/** Inclusive on both ends. */
export function randomInteger(random: Random, minimum: number, maximum: number): number {
  return minimum + Math.floor(random() * (maximum - minimum + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick from an empty list');
  return items[Math.floor(random() * items.length)]!;
}
