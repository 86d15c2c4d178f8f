// A PostgreSQL instance of our own (Debian's `postgresql` package, not its system service):
// its own data folder and port, password authentication, listening on loopback only.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runCommand } from './commands.js';
import { poll, spawnLogged, stopProcess, tailOf } from './processes.js';

export const POSTGRES_USER = 'temporal';

export interface PostgresOptions {
  /** The folder with `initdb`, `postgres`, `pg_isready`. */
  bin: string;
  /** Created and initialised when empty; reused (with its databases) when it exists. */
  dataDir: string;
  port: number;
  password: string;
  logFile: string;
  keepAfterExit: boolean;
}

export interface PostgresHandle {
  pid: number;
  port: number;
  stop(): Promise<void>;
}

/** The newest /usr/lib/postgresql/N/bin (Debian's layout), unless one is given. */
export function findPostgresBin(explicit: string | undefined): string | undefined {
  if (explicit) return explicit;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'postgres')))
    .sort((left, right) => Number(right) - Number(left));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

/** Installs Debian's `postgresql` when running as root and it is missing; otherwise says how. */
export async function ensurePostgresInstalled(explicit: string | undefined, log: (message: string) => void) {
  const found = findPostgresBin(explicit);
  if (found) return found;
  if (process.getuid?.() !== 0)
    throw new Error('PostgreSQL is not installed: run `sudo apt-get install postgresql` (or set ORC_POSTGRES_BIN).');
  log('Installing PostgreSQL (apt-get install postgresql) …');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = ['install', '-y', '--no-install-recommends', 'postgresql'];
  await runCommand('apt-get', install, { env, timeoutMs: 10 * 60_000 }).catch(async () => {
    await runCommand('apt-get', ['update'], { env, timeoutMs: 5 * 60_000 });
    await runCommand('apt-get', install, { env, timeoutMs: 10 * 60_000 });
  });
  const installed = findPostgresBin(undefined);
  if (!installed) throw new Error('apt-get installed postgresql but no /usr/lib/postgresql/N/bin/postgres was found.');
  return installed;
}

export async function startPostgres(options: PostgresOptions): Promise<PostgresHandle> {
  const user = postgresUser();
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) await initialise(options, user);
  await mkdir(dirname(options.logFile), { recursive: true });
  const child = spawnLogged(
    join(options.bin, 'postgres'),
    [
      '-D',
      options.dataDir,
      '-p',
      String(options.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      // Two clusters of four services, each with its pools, share one instance in the tests.
      '-c',
      'max_connections=400',
    ],
    { logFile: options.logFile, user, keepAfterExit: options.keepAfterExit },
  );
  const exited = child.exited.then(() => true);
  const ready = await Promise.race([
    poll(() => isReady(options), 60_000).then((answered) => (answered ? 'ready' : 'timeout')),
    exited.then(() => 'exited' as const),
  ]);
  if (ready !== 'ready') {
    await stopProcess(child.pid, 'SIGKILL', 1_000);
    throw new Error(
      `PostgreSQL did not start on port ${options.port} (${ready}). Its log:\n${tailOf(options.logFile)}`,
    );
  }
  // SIGINT is PostgreSQL's fast shutdown: it does not wait for clients to disconnect.
  return { pid: child.pid, port: options.port, stop: () => stopProcess(child.pid, 'SIGINT', 30_000) };
}

async function initialise(options: PostgresOptions, user: { uid: number; gid: number } | undefined) {
  if (user) checkReachable(dirname(options.dataDir));
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  // initdb reads the password from a file (never the command line), readable by its user alone.
  const passwordFile = join(dirname(options.dataDir), '.initdb-password');
  await writeFile(passwordFile, options.password + '\n', { mode: 0o600 });
  if (user) {
    await chown(options.dataDir, user.uid, user.gid);
    await chown(passwordFile, user.uid, user.gid);
  }
  try {
    await runCommand(
      join(options.bin, 'initdb'),
      [
        '-D',
        options.dataDir,
        '-U',
        POSTGRES_USER,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
      ],
      { timeoutMs: 120_000, user },
    );
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/** Run as `postgres`, PostgreSQL must be able to pass through every folder above its data. */
function checkReachable(folder: string): void {
  for (let current = folder; ; current = dirname(current)) {
    if ((statSync(current).mode & 0o001) === 0)
      throw new Error(
        `PostgreSQL runs as the user "postgres" and cannot pass through ${current} (no o+x) to reach its data ` +
          `under ${folder}: choose a folder every user can pass through (the cluster's default as root is /var/lib/orc-cluster).`,
      );
    if (current === dirname(current)) return;
  }
}

async function isReady(options: PostgresOptions): Promise<boolean> {
  await runCommand(join(options.bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(options.port), '-q'], {
    timeoutMs: 5_000,
  });
  return true;
}

/** PostgreSQL refuses to run as root: as root, run it as Debian's `postgres` user. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      'Running as root, and there is no `postgres` user to run PostgreSQL as (apt-get install postgresql creates it).',
    );
  }
}
