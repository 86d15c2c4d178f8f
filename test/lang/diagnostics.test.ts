import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from '../../workflows/lang/diagnostics.js';

describe('did you mean', () => {
  it.each([
    ['serch', 'search', 1],
    ['raed', 'read', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
  ])('editDistance(%s, %s) = %d', (left, right, distance) => {
    expect(editDistance(left, right)).toBe(distance);
  });

  it.each([
    ['serch', ['search', 'summarise'], 'search'],
    ['stpes', ['steps', 'name'], 'steps'],
    ['dependson', ['depends_on', 'description'], 'depends_on'],
    ['filesytem', ['filesystem'], 'filesystem'],
    ['zzz', ['search'], undefined],
    ['ab', ['xy'], undefined],
  ])('closestMatch(%s) = %s', (word, candidates, expected) => {
    expect(closestMatch(word, candidates)).toBe(expected);
  });
});
