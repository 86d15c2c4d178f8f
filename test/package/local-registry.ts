// A package registry on 127.0.0.1 for installing the packed tarball without the internet.
// `npm install -g TARBALL` asks the registry for the full metadata (packument) of every
// dependency, which `npm ci` never stores in the npm cache, so `--offline` cannot work from a
// cache that `npm ci` filled. This server answers those questions from package-lock.json — the
// versions the suite runs with, their dependencies, engines, platforms and integrity — and npm
// then takes each tarball from its cache by that integrity (`npm ci` put them there). A tarball
// that is not in the cache is answered 404, so the install fails and says which one.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

interface LockEntry {
  version: string;
  integrity?: string;
  dev?: boolean;
  link?: boolean;
  [field: string]: unknown;
}

const MANIFEST_FIELDS = [
  'dependencies',
  'optionalDependencies',
  'peerDependencies',
  'peerDependenciesMeta',
  'bin',
  'engines',
  'os',
  'cpu',
  'libc',
  'license',
] as const;

export interface LocalRegistry {
  url: string;
  /** Tarballs npm asked the registry for (none when its cache had them all). */
  missedTarballs: string[];
  close(): Promise<void>;
}

export async function startLocalRegistry(repoRoot: string): Promise<LocalRegistry> {
  const lock = JSON.parse(await readFile(join(repoRoot, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const versionsByName = new Map<string, Map<string, LockEntry>>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.link) continue;
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (!versionsByName.has(name)) versionsByName.set(name, new Map());
    versionsByName.get(name)!.set(entry.version, entry);
  }
  const missedTarballs: string[] = [];
  let base = '';
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent((request.url ?? '/').split('?')[0]!).slice(1);
    if (path.includes('/-/')) {
      missedTarballs.push(path);
      response.writeHead(404).end(`${path} is not in the npm cache (run npm ci first)`);
      return;
    }
    const versions = versionsByName.get(path);
    if (!versions) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify(packument(path, versions, base)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/`,
    missedTarballs,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function packument(name: string, versions: Map<string, LockEntry>, base: string) {
  const manifests: Record<string, unknown> = {};
  for (const [version, entry] of versions) {
    const manifest: Record<string, unknown> = { name, version };
    for (const field of MANIFEST_FIELDS) if (entry[field] !== undefined) manifest[field] = entry[field];
    const file = `${name.split('/').pop()}-${version}.tgz`;
    manifest.dist = {
      tarball: `${base}/${name}/-/${file}`,
      ...(entry.integrity ? { integrity: entry.integrity } : {}),
    };
    manifests[version] = manifest;
  }
  const latest = [...versions.keys()].sort(compareVersions).at(-1)!;
  return { name, 'dist-tags': { latest }, versions: manifests };
}

function compareVersions(left: string, right: string): number {
  const a = left.split(/[.+-]/).map(Number);
  const b = right.split(/[.+-]/).map(Number);
  for (let index = 0; index < 3; index++)
    if ((a[index] ?? 0) !== (b[index] ?? 0)) return (a[index] ?? 0) - (b[index] ?? 0);
  return 0;
}
