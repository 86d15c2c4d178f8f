// "Did you mean": the closest candidate by edit distance (at most 3, similarity above 0.4).

/** Candidates compared at most: a mapping with 100,000 keys must not make an error message slow. */
const MAX_COMPARED = 2_000;

export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  let compared = 0;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - word.length) > 3) continue;
    if (++compared > MAX_COMPARED) break;
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    const similarity = 1 - distance / Math.max(word.length, candidate.length, 1);
    if (distance <= 3 && similarity > 0.4 && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** ` (did you mean "x"?)`, or nothing. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closestMatch(word, candidates);
  return match === undefined ? '' : ` (did you mean "${match}"?)`;
}

/** Damerau–Levenshtein (optimal string alignment): a swap of two letters counts once. */
export function editDistance(left: string, right: string): number {
  const table: number[][] = Array.from({ length: left.length + 1 }, (_, row) =>
    Array.from({ length: right.length + 1 }, (_, column) => (row === 0 ? column : column === 0 ? row : 0)),
  );
  for (let row = 1; row <= left.length; row++) {
    for (let column = 1; column <= right.length; column++) {
      const cost = left[row - 1] === right[column - 1] ? 0 : 1;
      const current = table[row]!;
      const previous = table[row - 1]!;
      current[column] = Math.min(previous[column]! + 1, current[column - 1]! + 1, previous[column - 1]! + cost);
      if (row > 1 && column > 1 && left[row - 1] === right[column - 2] && left[row - 2] === right[column - 1]) {
        current[column] = Math.min(current[column]!, table[row - 2]![column - 2]! + 1);
      }
    }
  }
  return table[left.length]![right.length]!;
}
