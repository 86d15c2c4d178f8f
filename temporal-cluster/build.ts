// The Temporal server and its SQL schema tool, built from the Go module proxy once and cached
// under the cluster folder (a build takes many minutes of both cores). The version is the one
// the pinned Temporal CLI embeds, so the cluster runs the same server as the dev server.
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { obtainTemporalCli } from '../temporal-dev/index.js';
import { runCommand } from './commands.js';
import type { ClusterSettings } from './settings.js';

export const SERVER_MODULE = 'go.temporal.io/server';

export interface ServerBinaries {
  version: string;
  server: string;
  sqlTool: string;
  /** The PostgreSQL schema folder (`v12`, with `temporal/` and `visibility/`) of that version. */
  postgresSchema: string;
  build: BuildRecord;
}

/** What docs/reliability.md quotes about a build. */
export interface BuildRecord {
  version: string;
  goVersion: string;
  builtAt: string;
  seconds: number;
}

const BUILD_TIMEOUT_MS = 60 * 60_000;

/** The server version of a Temporal CLI: `temporal version 1.9.1 (Server 1.32.0, UI 2.54.1)`. */
export async function serverVersionOfCli(cli: string): Promise<string> {
  const { stdout } = await runCommand(cli, ['--version'], { timeoutMs: 30_000 });
  const version = /Server (\d+\.\d+\.\d+)/.exec(stdout)?.[1];
  if (!version) throw new Error(`Could not read the server version from "${cli} --version": ${stdout.trim()}`);
  return version;
}

export async function serverVersionFor(settings: ClusterSettings, log: (message: string) => void): Promise<string> {
  if (settings.serverVersion) return settings.serverVersion.replace(/^v/, '');
  return serverVersionOfCli(await obtainTemporalCli({ explicitPath: settings.temporalCli, log }));
}

/** Returns the cached binaries of `version`, building them first when they are missing. */
export async function ensureServerBinaries(
  settings: ClusterSettings,
  version: string,
  log: (message: string) => void,
): Promise<ServerBinaries> {
  const home = join(settings.clusterDir, `v${version}`);
  const binaries = {
    version,
    server: join(home, 'bin', 'temporal-server'),
    sqlTool: join(home, 'bin', 'temporal-sql-tool'),
    postgresSchema: join(home, 'schema', 'postgresql', 'v12'),
  };
  const recordFile = join(home, 'build.json');
  if (existsSync(recordFile) && existsSync(binaries.server) && existsSync(binaries.sqlTool))
    return { ...binaries, build: JSON.parse(await readFile(recordFile, 'utf8')) as BuildRecord };

  log(`Building the Temporal server ${version} and temporal-sql-tool from ${SERVER_MODULE} (once; many minutes) …`);
  const started = Date.now();
  const source = await downloadModule(settings.go, version);
  const env = { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=readonly' };
  await mkdir(join(home, 'bin'), { recursive: true });
  for (const [output, pkg] of [
    [binaries.server, './cmd/server'],
    [binaries.sqlTool, './cmd/tools/sql'],
  ] as const) {
    if (existsSync(output)) continue;
    log(`  go build ${pkg} …`);
    await runCommand(settings.go, ['build', '-trimpath', '-o', `${output}.partial`, pkg], {
      cwd: source,
      env,
      timeoutMs: BUILD_TIMEOUT_MS,
    });
    await rename(`${output}.partial`, output);
  }
  // The schema is copied out of the module cache, which `go clean -modcache` may empty.
  await rm(join(home, 'schema'), { recursive: true, force: true });
  await cp(join(source, 'schema', 'postgresql', 'v12'), binaries.postgresSchema, { recursive: true });
  await runCommand('chmod', ['-R', 'u+w', join(home, 'schema')], { timeoutMs: 30_000 });
  const { stdout: goVersion } = await runCommand(settings.go, ['env', 'GOVERSION'], { timeoutMs: 30_000 });
  const build: BuildRecord = {
    version,
    goVersion: goVersion.trim(),
    builtAt: new Date().toISOString(),
    seconds: Math.round((Date.now() - started) / 1000),
  };
  await writeFile(recordFile, JSON.stringify(build, null, 2) + '\n');
  log(`Built the Temporal server ${version} in ${build.seconds} s (${join(home, 'bin')}).`);
  return { ...binaries, build };
}

/** `go mod download` puts the module's source (with cmd/ and schema/) in the module cache. */
async function downloadModule(go: string, version: string): Promise<string> {
  const { stdout } = await runCommand(go, ['mod', 'download', '-json', `${SERVER_MODULE}@v${version}`], {
    timeoutMs: 10 * 60_000,
  });
  const dir = (JSON.parse(stdout) as { Dir?: string }).Dir;
  if (!dir) throw new Error(`go mod download ${SERVER_MODULE}@v${version} named no source folder:\n${stdout}`);
  return dir;
}
