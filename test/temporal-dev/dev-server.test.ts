// The local dev server's life (temporal-dev/): `npm run temporal-dev -- status|stop|path` spawned
// as a user runs it (tsx temporal-dev/cli.ts) against a real server that ensureLocalDevServer
// started on free ports with a data folder of this test's own; and what a user sees when the
// server cannot start (a `temporal` script that fails as the real one does when its port is
// taken, or never answers).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ensureLocalDevServer,
  freePort,
  isServing,
  startDevServer,
  startDevServerOnFreePorts,
  stopLocalDevServer,
  stopProcessGroup,
} from '../../temporal-dev/index.js';
import { SEARCH_ATTRIBUTE_TYPES } from '../../workflows/search-attributes.js';
import { repoRoot } from '../support/temporal.js';

const tsxCli = fileURLToPath(import.meta.resolve('tsx/cli'));
const dataDir = await mkdtemp(join(tmpdir(), 'orc-temporal-dev-'));

afterAll(async () => {
  await stopLocalDevServer(dataDir);
});

/** `npm run temporal-dev -- ARGS` (the script is `tsx temporal-dev/cli.ts`), with a bounded time. */
function temporalDev(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsxCli, 'temporal-dev/cli.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`temporal-dev ${args.join(' ')} did not finish within 60 s\nstdout: ${stdout}\nstderr: ${stderr}`),
      );
    }, 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A `temporal` binary stand-in: `body` is the shell script's text after the shebang. */
async function fakeTemporal(body: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'orc-fake-temporal-')), 'temporal');
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm run temporal-dev', () => {
  it('reports, reuses and stops the server it started; says so when there is none', async () => {
    const env = { ORC_DATA_DIR: dataDir };
    const none = await temporalDev(['status'], env);
    expect(none).toMatchObject({ code: 1, stdout: 'Not running.\n' });
    expect((await temporalDev(['stop'], env)).stdout).toBe(`No dev server started from ${dataDir} is running.\n`);

    const port = await freePort();
    const uiPort = await freePort();
    const options = {
      dataDir,
      port,
      uiPort,
      searchAttributes: SEARCH_ATTRIBUTE_TYPES,
      obtain: { explicitPath: process.env.ORC_TEMPORAL_CLI },
    };
    const server = await ensureLocalDevServer(options);
    expect(server).toMatchObject({ address: `127.0.0.1:${port}`, uiUrl: `http://localhost:${uiPort}`, started: true });
    expect(server.logFile).toBe(join(dataDir, 'temporal', 'dev-server.log'));
    // A second `ensure` finds it answering and starts nothing.
    expect(await ensureLocalDevServer(options)).toMatchObject({
      address: server.address,
      uiUrl: server.uiUrl,
      started: false,
    });

    const status = await temporalDev(['status'], env);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(
      new RegExp(`^Running on 127\\.0\\.0\\.1:${port} \\(pid \\d+\\); Web UI http://localhost:${uiPort}\\n$`),
    );

    const stop = await temporalDev(['stop'], env);
    expect(stop).toMatchObject({ code: 0, stdout: 'Stopped the Temporal dev server.\n' });
    expect(await isServing(server.address, 1_000)).toBe(false);
    expect(existsSync(join(dataDir, 'temporal', 'dev-server.json'))).toBe(false);
    expect((await temporalDev(['status'], env)).stdout).toBe('Not running.\n');
  }, 180_000);

  it('prints the CLI it would use, and its usage for anything else', async () => {
    const cli = await fakeTemporal('echo "temporal version 1.9.1 (Server 1.32.0, UI 2.45.0)"');
    const path = await temporalDev(['path'], { ORC_TEMPORAL_CLI: cli });
    expect(path).toMatchObject({ code: 0, stdout: `${cli}\n` });
    for (const args of [[], ['restart']]) {
      const usage = await temporalDev(args, {});
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('usage: npm run temporal-dev -- start|stop|status|path');
      expect(usage.stdout).toBe('');
    }
  }, 120_000);
});

describe('a dev server that cannot start', () => {
  it('says where it did not start and shows the end of its log', async () => {
    const cli = await fakeTemporal(
      'echo "starting"\necho "listen tcp 127.0.0.1:7233: bind: address already in use"\nexit 1',
    );
    const logFile = join(await mkdtemp(join(tmpdir(), 'orc-dev-log-')), 'dev.log');
    const port = await freePort();
    const failure = await startDevServer({
      cli,
      port,
      uiPort: false,
      searchAttributes: {},
      logFile,
      detached: false,
    }).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toBe(
      `The Temporal dev server did not start on 127.0.0.1:${port}. Its log (${logFile}):\nstarting\nlisten tcp 127.0.0.1:7233: bind: address already in use\n`,
    );
  });

  it('tries new ports with a fresh database three times before giving up', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'orc-dev-retry-'));
    const calls = join(folder, 'calls');
    // Records each start and whether the database of the attempt before was still there.
    const cli = await fakeTemporal(
      `while [ $# -gt 0 ]; do case "$1" in --db-filename) db="$2";; --port) port="$2";; esac; shift; done\n` +
        `if [ -e "$db" ]; then echo "kept $port" >> ${calls}; else echo "fresh $port" >> ${calls}; fi\n` +
        `: > "$db"\necho "bind: address already in use"\nexit 1`,
    );
    const databaseFile = join(folder, 'temporal.db');
    const logFile = join(folder, 'dev.log');
    await expect(
      startDevServerOnFreePorts({ cli, withUi: true, databaseFile, searchAttributes: {}, logFile, detached: false }),
    ).rejects.toThrow(/did not start on 127\.0\.0\.1:\d+/);
    const attempts = (await readFile(calls, 'utf8')).trim().split('\n');
    expect(attempts).toHaveLength(3);
    expect(attempts.every((line) => line.startsWith('fresh '))).toBe(true);
  });

  it('gives up on a server that never answers, and stops it', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'orc-dev-silent-'));
    const cli = await fakeTemporal(`echo $$ > ${folder}/pid\nexec sleep 60`);
    const started = Date.now();
    await expect(
      startDevServer({
        cli,
        port: await freePort(),
        uiPort: false,
        searchAttributes: {},
        logFile: join(folder, 'log'),
        detached: false,
        readyTimeoutMs: 1_500,
      }),
    ).rejects.toThrow(/^The Temporal dev server did not start on 127\.0\.0\.1:\d+ \(no answer within 2 s\)\. Its log/);
    expect(Date.now() - started).toBeLessThan(20_000);
    const pid = Number(await readFile(join(folder, 'pid'), 'utf8'));
    await expect.poll(() => isAlive(pid), { timeout: 5_000 }).toBe(false);
  });

  it('stops a server that ignores SIGTERM with SIGKILL once the grace time is over', async () => {
    const child = spawn('/bin/sh', ['-c', 'trap "" TERM; while :; do sleep 1; done'], {
      detached: true,
      stdio: 'ignore',
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    await stopProcessGroup(child.pid!, 1_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    await expect.poll(() => isAlive(child.pid!), { timeout: 5_000 }).toBe(false);
  });
});
