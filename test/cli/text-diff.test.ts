// The unified diff `orc diff` prints: applying it to the first text gives the second, its
// hunks count their lines right, and unchanged texts give nothing.
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../client/text-diff.js';
import { mulberry32 } from '../support/seeded-random.js';

/** Applies a unified diff's hunks to `before`, checking every context and removed line. */
function applyDiff(before: string, diff: string): string {
  const source = before.split('\n');
  const result: string[] = [];
  let at = 0;
  for (const line of diff.split('\n').slice(2)) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/.exec(line);
    if (header) {
      const start = Number(header[1]) - (header[2] === '0' ? 0 : 1);
      while (at < start) result.push(source[at++]!);
      continue;
    }
    if (line.startsWith('+')) result.push(line.slice(1));
    else {
      expect(source[at], `line ${at + 1}`).toBe(line.slice(1));
      if (line.startsWith(' ')) result.push(source[at]!);
      at++;
    }
  }
  return [...result, ...source.slice(at)].join('\n');
}

describe('unifiedDiff', () => {
  it('is empty for equal texts and names both sides', () => {
    expect(unifiedDiff('a\nb', 'a\nb', { before: 'A', after: 'B' })).toBe('');
    expect(unifiedDiff('prompt: two', 'prompt: two, said again', { before: 'A x', after: 'B x' })).toBe(
      '--- A x\n+++ B x\n@@ -1 +1 @@\n-prompt: two\n+prompt: two, said again',
    );
  });

  it('keeps three lines of context and joins close changes into one hunk', () => {
    const before = Array.from({ length: 20 }, (_, index) => `line ${index + 1}`).join('\n');
    const after = before.replace('line 5', 'line five').replace('line 18', 'line eighteen');
    expect(
      unifiedDiff(before, after, { before: 'a', after: 'b' })
        .split('\n')
        .filter((line) => line.startsWith('@@')),
    ).toEqual(['@@ -2,7 +2,7 @@', '@@ -15,6 +15,6 @@']);
  });

  it('turns any text into any other (500 seeded cases)', () => {
    const random = mulberry32(15);
    const words = ['a', 'b', 'c', 'd', ''];
    const text = () =>
      Array.from({ length: Math.floor(random() * 12) }, () => words[Math.floor(random() * words.length)]).join('\n');
    for (let index = 0; index < 500; index++) {
      const before = text();
      const after = text();
      const diff = unifiedDiff(before, after, { before: 'a', after: 'b' });
      expect(before === after ? '' : applyDiff(before, diff), `case ${index}`).toBe(before === after ? '' : after);
    }
  });
});
