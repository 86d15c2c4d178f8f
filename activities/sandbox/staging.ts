// A private host folder per sandbox run for the program, its inputs, its environment, a minimal
// passwd and the seccomp filter; shown read-only at /orc inside the sandbox and removed
// afterwards. Only the worker and the sandbox's host user can read it: a step's program and
// environment may hold secrets, and /tmp is every local user's. A root worker keeps the folder
// and its files its own, readable through the group of the sandbox's host user (so the sandbox
// can read but not change them); any other worker keeps them to itself (mode 0700/0600).
import { chmod, chown, lstat, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Staging {
  dir: string;
  remove(): Promise<void>;
}

const PREFIX = 'orc-sandbox-';
// orc-sandbox-<worker pid>-<mkdtemp's six characters>
const STAGING_NAME = /^orc-sandbox-(\d+)-[A-Za-z0-9]{6}$/;

/** Stages `files`; `readerGroup` is the host gid that may read them besides the worker (a root worker's sandbox). */
export async function stageFiles(
  files: Readonly<Record<string, string | Buffer>>,
  readerGroup?: number,
): Promise<Staging> {
  // mkdtemp makes the folder 0700 and owned by the worker: nobody else can add or swap anything
  // in it while the files are written and handed over by path below.
  const dir = await mkdtemp(join(tmpdir(), `${PREFIX}${process.pid}-`));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    for (const [name, content] of Object.entries(files)) {
      const path = join(dir, name);
      await writeFile(path, content, { mode: readerGroup === undefined ? 0o600 : 0o640, flag: 'wx' });
      if (readerGroup !== undefined) await chown(path, process.getuid?.() ?? 0, readerGroup);
    }
    if (readerGroup !== undefined) {
      await chown(dir, process.getuid?.() ?? 0, readerGroup);
      await chmod(dir, 0o750);
    }
  } catch (error) {
    await remove();
    throw error;
  }
  return { dir, remove };
}

/**
 * Removes the staging folders of workers that are gone (killed before they could remove
 * their own): ours by owner, theirs by the pid in the name, which no live process has. A live
 * worker's folders (also a hung one's) stay.
 */
export async function removeStaleStaging(): Promise<void> {
  const owner = process.getuid?.();
  for (const name of await readdir(tmpdir()).catch(() => [])) {
    const pid = Number(STAGING_NAME.exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    const path = join(tmpdir(), name);
    // Only a real folder of ours: another user's folder, or a symlink, is not ours to remove.
    const info = await lstat(path).catch(() => undefined);
    if (info?.isDirectory() && info.uid === owner) await rm(path, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
