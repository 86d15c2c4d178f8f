// `engines` in package.json promises Node lines; every package in the lockfile must accept the
// oldest version of each, or installing there prints npm's EBADENGINE warning (as vega-lite 6.5,
// which wants Node 22, did on Node 20). CI runs the suite on the newest of each line.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/temporal.js';

// npm's own range logic (a dependency of the toolchain, loaded untyped).
const semver = createRequire(import.meta.url)('semver') as {
  satisfies(version: string, range: string): boolean;
  minVersion(range: string): { version: string } | null;
};

interface LockEntry {
  version: string;
  engines?: { node?: string } | string[];
}

const read = async (file: string) =>
  JSON.parse(await readFile(join(repoRoot, file), 'utf8')) as Record<string, unknown>;

describe('supported Node versions', () => {
  it('are the 20, 22 and 24 lines that CI tests', async () => {
    const range = ((await read('package.json')).engines as { node: string }).node;
    const oldest = range.split('||').map((part) => semver.minVersion(part.trim())!.version);
    expect(oldest.map((version) => version.split('.')[0])).toEqual(['20', '22', '24']);
    expect(await readFile(join(repoRoot, '.ci', 'run'), 'utf8')).toContain('for line in 20 22 24; do');
  });

  it('are accepted by every package in the lockfile, at the oldest version of each line', async () => {
    const range = ((await read('package.json')).engines as { node: string }).node;
    const oldest = range.split('||').map((part) => semver.minVersion(part.trim())!.version);
    const packages = (await read('package-lock.json')).packages as Record<string, LockEntry>;
    const refusals: string[] = [];
    for (const [path, entry] of Object.entries(packages)) {
      const engines = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (!path || !engines) continue;
      for (const version of oldest)
        if (!semver.satisfies(version, engines))
          refusals.push(`${path}@${entry.version} wants node ${engines}, not ${version}`);
    }
    expect(refusals).toEqual([]);
  });
});
