// The object store as a folder: a key is a relative path. A value is written to a staging file
// and renamed into place, so a reader sees a whole value or none; a delete removes the folders
// it empties (as a bucket has no empty folders), and a write whose folder a delete removed
// meanwhile makes it again.
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import type { ObjectStore, StoredObject } from './object-store.js';

export function localObjectStore(folder: string): ObjectStore {
  const pathOf = (key: string) => join(folder, ...key.split('/'));
  return {
    location: folder,
    async get(key) {
      try {
        return await readFile(pathOf(key));
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async put(key, bytes) {
      const path = pathOf(key);
      const staging = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      for (let attempt = 1; ; attempt++) {
        await mkdir(dirname(path), { recursive: true });
        try {
          await writeFile(staging, bytes);
          await rename(staging, path);
          return;
        } catch (error) {
          if (!isMissing(error) || attempt >= 3) throw error;
        }
      }
    },
    async head(key) {
      return statOf(pathOf(key), key);
    },
    async list(prefix) {
      const names = await readdir(folder, { recursive: true }).catch((error: unknown) => {
        if (isMissing(error)) return [];
        throw error;
      });
      const keys = names.map((name) => name.split(sep).join('/')).filter((key) => key.startsWith(prefix));
      const found = await Promise.all(keys.map((key) => statOf(pathOf(key), key)));
      return found.filter((entry) => entry !== undefined);
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
      await removeEmptyFolders(folder, key);
    },
    async move(from, to) {
      await mkdir(dirname(pathOf(to)), { recursive: true });
      await rename(pathOf(from), pathOf(to));
    },
  };
}

/** A file's size and time; undefined for a folder, a staging file or a file gone meanwhile. */
async function statOf(path: string, key: string): Promise<StoredObject | undefined> {
  if (key.endsWith('.tmp')) return undefined;
  const info = await stat(path).catch((error: unknown) => {
    if (isMissing(error)) return undefined;
    throw error;
  });
  if (!info?.isFile()) return undefined;
  return { key, bytes: info.size, modifiedMs: info.mtimeMs };
}

async function removeEmptyFolders(folder: string, key: string): Promise<void> {
  const parts = key.split('/').slice(0, -1);
  for (let depth = parts.length; depth > 0; depth--) {
    const removed = await rmdir(join(folder, ...parts.slice(0, depth))).then(
      () => true,
      () => false,
    );
    if (!removed) return;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
