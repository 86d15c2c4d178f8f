// The coverage that `npm test` reports counts code run by the processes tests spawn
// (test/support/coverage/). Here a process runs a file through tsx, as `orc` runs ours, and the
// counts read back from its raw V8 coverage must be the ones vitest's own v8 provider gives the
// same file run once in a test process.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { FileCoverageData } from '../support/coverage/file-probes.js';
import { RawCoverageTotals } from '../support/coverage/merge-raw-coverage.js';

const FIXTURE = new URL('fixtures/counted.ts', import.meta.url).pathname;

// What vitest's v8 provider made of fixtures/counted.ts imported once in a test process (its json
// reporter's entry, end columns `null` there and Infinity in memory): the maps a merge adds to,
// and the counts a spawned run must give.
const VITEST_ENTRY = `{
  "statementMap": {
    "0": { "start": { "line": 7, "column": 2 }, "end": { "line": 9, "column": null } },
    "1": { "start": { "line": 8, "column": 4 }, "end": { "line": 8, "column": null } },
    "2": { "start": { "line": 10, "column": 2 }, "end": { "line": 10, "column": null } },
    "3": { "start": { "line": 14, "column": 2 }, "end": { "line": 14, "column": null } },
    "4": { "start": { "line": 17, "column": 25 }, "end": { "line": 17, "column": null } },
    "5": { "start": { "line": 18, "column": 0 }, "end": { "line": 18, "column": null } },
    "6": { "start": { "line": 18, "column": 31 }, "end": { "line": 18, "column": null } },
    "7": { "start": { "line": 19, "column": 13 }, "end": { "line": 19, "column": null } },
    "8": { "start": { "line": 20, "column": 0 }, "end": { "line": 20, "column": null } }
  },
  "fnMap": {
    "0": { "name": "classify", "loc": { "start": { "line": 6, "column": 46 }, "end": { "line": 11, "column": null } } },
    "1": { "name": "neverCalled", "loc": { "start": { "line": 13, "column": 31 }, "end": { "line": 15, "column": null } } }
  },
  "branchMap": {
    "0": {
      "type": "if",
      "loc": { "start": { "line": 7, "column": 2 }, "end": { "line": 9, "column": null } },
      "locations": [{ "start": { "line": 7, "column": 2 }, "end": { "line": 9, "column": null } }, { "start": {}, "end": {} }]
    },
    "1": {
      "type": "cond-expr",
      "loc": { "start": { "line": 19, "column": 13 }, "end": { "line": 19, "column": null } },
      "locations": [
        { "start": { "line": 19, "column": 33 }, "end": { "line": 19, "column": 49 } },
        { "start": { "line": 19, "column": 49 }, "end": { "line": 19, "column": null } }
      ]
    }
  }
}`;
const VITEST_COUNTS = {
  s: { 0: 3, 1: 1, 2: 2, 3: 0, 4: 1, 5: 1, 6: 3, 7: 1, 8: 1 },
  f: { 0: 3, 1: 0 },
  b: { 0: [1, 2], 1: [0, 1] },
};

function emptyEntry(): FileCoverageData {
  const maps = JSON.parse(VITEST_ENTRY, (_key, value: unknown) => (value === null ? Infinity : value)) as Pick<
    FileCoverageData,
    'statementMap' | 'fnMap' | 'branchMap'
  >;
  return { path: FIXTURE, ...maps, s: {}, f: {}, b: {} };
}

/**
 * Runs the fixture `times` times, each in a process of its own writing raw coverage to a new
 * folder: through tsx, or compiled to JavaScript with a source map file beside it.
 */
async function runFixture(times: number, how: 'tsx' | 'compiled' = 'tsx'): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'orc-raw-coverage-'));
  const args = how === 'tsx' ? ['--import', 'tsx', FIXTURE] : [await compileFixture()];
  for (let run = 0; run < times; run++) {
    const { stdout } = await promisify(execFile)(process.execPath, args, {
      env: { ...process.env, NODE_V8_COVERAGE: directory },
      timeout: 30_000,
    });
    expect(stdout.trim()).toBe('small,small,big 3');
  }
  return directory;
}

async function compileFixture(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'orc-compiled-'));
  const { outputText, sourceMapText } = ts.transpileModule(await readFile(FIXTURE, 'utf8'), {
    fileName: 'counted.ts',
    compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, sourceMap: true },
  });
  const map = JSON.parse(sourceMapText!) as { sources: string[] };
  map.sources = [pathToFileURL(FIXTURE).href];
  await writeFile(join(folder, 'package.json'), '{ "type": "module" }');
  await writeFile(join(folder, 'counted.js.map'), JSON.stringify(map));
  await writeFile(join(folder, 'counted.js'), outputText);
  return join(folder, 'counted.js');
}

/** Adds up the raw files of `directory`, as the suite does, and fills `entry` from the totals. */
async function merge(directory: string, entry: FileCoverageData) {
  const totals = new RawCoverageTotals({ isMeasured: (path) => path === FIXTURE, bundles: async () => new Map() });
  await totals.collect(directory);
  totals.addTo((path) => (path === FIXTURE ? entry : undefined));
  return { ...totals.report, left: (await readdir(directory)).length };
}

describe('raw V8 coverage of spawned processes', () => {
  it('counts statements, functions and branches as vitest counts the same code in its own process', async () => {
    const entry = emptyEntry();
    const report = await merge(await runFixture(1), entry);
    expect(report).toMatchObject({ scripts: 1, unreadable: 0, unmapped: 0 });
    expect({ s: entry.s, f: entry.f, b: entry.b }).toEqual(VITEST_COUNTS);
  });

  it('reads compiled JavaScript back to the .ts file through its source map file', async () => {
    const entry = emptyEntry();
    const report = await merge(await runFixture(1, 'compiled'), entry);
    expect(report).toMatchObject({ scripts: 1, unreadable: 0, unmapped: 0 });
    expect({ s: entry.s, f: entry.f, b: entry.b }).toEqual(VITEST_COUNTS);
  });

  it('leaves a file someone wrote to moments ago for a later pass (its process may still be writing it)', async () => {
    const directory = await runFixture(1);
    const files = (await readdir(directory)).length;
    const totals = new RawCoverageTotals({ isMeasured: (path) => path === FIXTURE, bundles: async () => new Map() });
    await totals.collect(directory, 60_000);
    expect(totals.report.files).toBe(0);
    expect((await readdir(directory)).length).toBe(files);
    await totals.collect(directory, 0);
    expect(totals.report).toMatchObject({ files, scripts: 1 });
    expect(await readdir(directory)).toEqual([]);
  });

  it('adds up the runs of several processes, and skips a raw file cut short by a process still writing it', async () => {
    const directory = await runFixture(2);
    // A copy of a raw file that ends inside the fixture's own entry.
    const urlKey = `"url":"file://${FIXTURE}"`;
    for (const name of (await readdir(directory)).filter((entry) => entry.endsWith('.json'))) {
      const whole = await readFile(join(directory, name));
      const at = whole.indexOf(urlKey);
      if (at !== -1) await writeFile(join(directory, 'coverage-cut-short.json'), whole.subarray(0, at + urlKey.length + 20));
    }
    const entry = emptyEntry();
    const report = await merge(directory, entry);
    expect(report).toMatchObject({ scripts: 2, unreadable: 1, left: 0 });
    expect(entry.s).toEqual(Object.fromEntries(Object.entries(VITEST_COUNTS.s).map(([id, count]) => [id, count * 2])));
    expect(entry.f).toEqual({ 0: 6, 1: 0 });
    expect(entry.b).toEqual({ 0: [2, 4], 1: [0, 2] });
  });
});
