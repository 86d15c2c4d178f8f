// Finds a program on the worker's PATH or in the usual system folders (a service's PATH may
// be minimal).
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';

export function findExecutable(name: string): string | undefined {
  const folders = [
    ...(process.env.PATH ?? '').split(':').filter(Boolean),
    '/usr/bin',
    '/bin',
    '/usr/sbin',
    '/sbin',
    '/usr/local/bin',
  ];
  for (const folder of folders) {
    try {
      accessSync(join(folder, name), constants.X_OK);
      return join(folder, name);
    } catch {
      // Not here.
    }
  }
  return undefined;
}
