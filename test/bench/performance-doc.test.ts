// docs/performance.md is rewritten by every bench run: a run replaces the rows of its scenarios,
// keeps the others, and keeps what follows the table — including a hand-written table, which an
// earlier version took for scenario rows and lost.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePerformanceDoc, type BenchRow } from './performance-doc.js';

const row = (scenario: string, figure: number): BenchRow => ({
  scenario,
  figure,
  unit: 'ms',
  date: '2026-12-07',
  machine: '2 cores',
});

describe('writePerformanceDoc', () => {
  it('replaces the rows it ran, keeps the others and the hand-written sections and tables after the table', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'orc-perf-doc-')), 'performance.md');
    await writePerformanceDoc(path, [row('seq', 6), row('compile', 200)]);
    const handWritten =
      '### Targets\n\n| figure | measured | target | result |\n| --- | --- | --- | --- |\n| `orc --help` | 1 | 2 | met |\n\nProse.';
    await writeFile(path, `${await readFile(path, 'utf8')}\n${handWritten}\n`);
    await writePerformanceDoc(path, [row('seq', 5), row('fuzz', 0)]);
    const text = await readFile(path, 'utf8');
    const table = text.slice(0, text.indexOf('### Targets'));
    expect(table).toContain('| seq | 5 |');
    expect(table).not.toContain('| seq | 6 |');
    expect(table).toContain('| compile | 200 |');
    expect(table.indexOf('| compile |')).toBeLessThan(table.indexOf('| fuzz |'));
    expect(table).not.toMatch(/^\| figure \|/m);
    expect(text).toContain(handWritten);
  });
});
