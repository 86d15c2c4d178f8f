// Runs one program under the operator's sandbox mode and limits, and turns how it ended into
// a result (it exited, whatever its code) or a typed failure (a limit, a timeout, no sandbox).
import { stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { CancelledFailure, Context } from '@temporalio/activity';
import { ERROR_TYPES } from '../../workflows/activity-interfaces.js';
import { toolFailure } from '../tool-failure.js';
import type { SandboxSettings } from './sandbox-settings.js';
import { resolveInWorkspace } from './workspace-path.js';
import { bubblewrapArguments, readOnlyExtras, SANDBOX_PATHS } from './bubblewrap-arguments.js';
import { endEarlierAttempts, markerOf, type SandboxOwner } from './earlier-attempts.js';
import { findExecutable } from './find-executable.js';
import { GROUP_DEATH_TIMEOUT_MS, prlimitArguments, SANDBOX_HOST_ID, SANDBOX_LIMITS } from './limits.js';
import { probeBubblewrap } from './probe-bubblewrap.js';
import { limitExceeded, networkNotAllowed, sandboxUnavailable, wallTimeout } from './sandbox-errors.js';
import { spawnLimited, type LimitedResult } from './spawn-limited.js';
import { ENVIRONMENT_FILE, environmentScript, withStagedEnvironment } from './sandbox-environment.js';
import { seccompFilter } from './seccomp-filter.js';
import { removeStaleStaging, stageFiles } from './staging.js';
import { grantWorkspace } from './workspace-access.js';

/** Where the program finds the workspace and its staged files (differs in unsafe-host mode). */
export interface ProgramPaths {
  workspace: string;
  files: string;
}

export interface SandboxRun {
  /** The program's argv, given where things are. */
  command: (paths: ProgramPaths) => string[];
  /** Files staged read-only for the program (at /orc/NAME in the sandbox). */
  files?: Readonly<Record<string, string>>;
  /** The step's environment variables, added to the clean base environment. */
  env?: (paths: ProgramPaths) => Record<string, string>;
  /** Working folder relative to the workspace ('.' when omitted). */
  cwd?: string;
  timeoutSeconds: number;
  network: boolean;
  workspaceRoot: string;
  settings: SandboxSettings;
  signal?: AbortSignal;
  /** Host files the program needs that may live outside /usr (Node's binary). */
  readOnlyPaths?: readonly string[];
  /** The activity this runs for: its processes carry its marker, and a retry ends an earlier attempt's first. */
  owner?: SandboxOwner;
}

export interface SandboxOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

const SIGXCPU_EXIT = 128 + 24;
const SECCOMP_FILE = 'seccomp.bpf';

// Staging folders of killed workers are removed once per worker process, before its first sandbox.
let staleStaging: Promise<void> | undefined;
const staleStagingRemoved = () => (staleStaging ??= removeStaleStaging());

export async function runSandboxed(run: SandboxRun): Promise<SandboxOutcome> {
  if (run.network && !run.settings.allowNetwork) throw networkNotAllowed();
  const relativeCwd = await workingFolder(run.workspaceRoot, run.cwd ?? '.');
  if (run.owner) await endEarlierAttempts(run.owner, warn);
  const result =
    run.settings.mode === 'unsafe-host' ? await runOnHost(run, relativeCwd) : await runInBubblewrap(run, relativeCwd);
  if (result.lingering)
    warn(
      `processes of the sandbox (pids ${result.lingering.join(', ')}) were still alive ${GROUP_DEATH_TIMEOUT_MS / 1000} s after SIGKILL (stuck in the kernel?)`,
    );
  return outcomeOf(result, run);
}

/** The marker in the environment of the processes the worker starts (earlier-attempts.ts). */
function markerEnvironment(run: SandboxRun): Record<string, string> {
  return run.owner ? markerOf(run.owner) : {};
}

async function runInBubblewrap(run: SandboxRun, relativeCwd: string): Promise<LimitedResult> {
  const bwrap = run.settings.bubblewrapPath ?? findExecutable('bwrap') ?? 'bwrap';
  const prlimit = findExecutable('prlimit');
  if (!prlimit) throw sandboxUnavailable('"prlimit" (util-linux) was not found, and the sandbox\'s limits need it');
  const bash = findExecutable('bash');
  if (!bash)
    throw sandboxUnavailable(
      '"bash" was not found, and the sandbox\'s launcher needs it to close the file descriptors the worker inherited',
    );
  // Root's processes are exempt from the process limit: a root worker runs the sandbox as nobody.
  const asUid = process.getuid?.() === 0 ? SANDBOX_HOST_ID : undefined;
  const filter = seccompFilter();
  if (!filter)
    warnOnce(
      `no seccomp filter for the architecture "${process.arch}": sandboxed code can make every system call the namespaces allow`,
    );
  const problem = await probeBubblewrap(bwrap, asUid, filter);
  if (problem) throw sandboxUnavailable(problem);
  await staleStagingRemoved();
  const workspace = asUid === undefined ? run.workspaceRoot : await grantWorkspace(run.workspaceRoot, asUid);
  const paths = { workspace: SANDBOX_PATHS.workspace, files: SANDBOX_PATHS.files };
  const env = { ...baseEnvironment(SANDBOX_PATHS.home), ...run.env?.(paths) };
  const user = {
    passwd: `sandbox:x:${SANDBOX_HOST_ID}:${SANDBOX_HOST_ID}:sandbox:/tmp:/bin/sh\n`,
    group: `sandbox:x:${SANDBOX_HOST_ID}:\n`,
  };
  const staging = await stageFiles(
    {
      ...run.files,
      ...user,
      [ENVIRONMENT_FILE]: environmentScript(env),
      ...(filter ? { [SECCOMP_FILE]: filter } : {}),
    },
    asUid,
  );
  try {
    const cwd = relativeCwd === '' ? paths.workspace : `${paths.workspace}/${relativeCwd}`;
    const layout = {
      workspace,
      files: staging.dir,
      cwd,
      network: run.network,
      uid: SANDBOX_HOST_ID,
      seccomp: filter !== undefined,
      extraReadOnly: readOnlyExtras(run.readOnlyPaths ?? []),
    };
    const args = [
      ...prlimitArguments(run.timeoutSeconds),
      bwrap,
      ...bubblewrapArguments(layout),
      ...withStagedEnvironment(paths.files, run.command(paths)),
    ];
    const launcher = { bash, ...(filter ? { seccompFile: join(staging.dir, SECCOMP_FILE) } : {}) };
    return await spawnLimited({
      file: prlimit,
      args,
      env: { PATH: '/usr/bin:/bin', ...markerEnvironment(run) },
      cwd: staging.dir,
      ...(asUid !== undefined ? { uid: asUid, gid: asUid } : {}),
      timeoutMs: run.timeoutSeconds * 1000,
      outputBytes: SANDBOX_LIMITS.outputBytes,
      signal: run.signal,
      launcher,
    });
  } finally {
    await staging.remove();
  }
}

/** ORC_UNSAFE_HOST_CODE=1: same limits and clean environment, but no isolation at all. */
async function runOnHost(run: SandboxRun, relativeCwd: string): Promise<LimitedResult> {
  warnUnsafe();
  const prlimit = findExecutable('prlimit');
  await staleStagingRemoved();
  const uid = process.getuid?.() ?? SANDBOX_HOST_ID;
  const staging = await stageFiles({
    ...run.files,
    passwd: `sandbox:x:${uid}:${uid}:sandbox:/tmp:/bin/sh\n`,
    group: `sandbox:x:${uid}:\n`,
  });
  try {
    const paths = { workspace: run.workspaceRoot, files: staging.dir };
    const env = { ...baseEnvironment(run.workspaceRoot), ...run.env?.(paths), ...markerEnvironment(run) };
    const command = run.command(paths);
    const [file, args] = prlimit
      ? [prlimit, [...prlimitArguments(run.timeoutSeconds), ...command]]
      : [command[0]!, command.slice(1)];
    const bash = findExecutable('bash');
    return await spawnLimited({
      file,
      args,
      env,
      cwd: `${run.workspaceRoot}/${relativeCwd}`,
      timeoutMs: run.timeoutSeconds * 1000,
      outputBytes: SANDBOX_LIMITS.outputBytes,
      signal: run.signal,
      launcher: bash ? { bash } : {},
    });
  } finally {
    await staging.remove();
  }
}

/** What every program gets: no variable of the worker's (no API keys), only these and the step's. */
function baseEnvironment(home: string): Record<string, string> {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    TMPDIR: '/tmp',
    // BLAS starts a thread per core, each reserving address space: one keeps numpy inside the limit.
    OPENBLAS_NUM_THREADS: '1',
    OMP_NUM_THREADS: '1',
    PYTHONDONTWRITEBYTECODE: '1',
  };
}

async function workingFolder(workspaceRoot: string, cwd: string): Promise<string> {
  const resolved = await resolveInWorkspace(workspaceRoot, cwd);
  const info = await stat(resolved).catch(() => undefined);
  if (!info?.isDirectory())
    throw toolFailure(ERROR_TYPES.toolError, `the working folder "${cwd}" does not exist in the workspace`, {
      retryable: false,
    });
  return relative(await resolveInWorkspace(workspaceRoot, '.'), resolved);
}

function outcomeOf(result: LimitedResult, run: SandboxRun): SandboxOutcome {
  if (result.spawnError) throw sandboxUnavailable(`the sandbox could not be started (${result.spawnError.message})`);
  if (result.reason === 'aborted')
    throw run.signal?.reason instanceof Error
      ? run.signal.reason
      : new CancelledFailure('the step was cancelled; the program was killed');
  if (result.reason === 'timeout') throw wallTimeout(run.timeoutSeconds);
  if (result.reason === 'output-limit')
    throw limitExceeded(
      `the program wrote more than ${SANDBOX_LIMITS.outputBytes} bytes to stdout or stderr and was stopped`,
    );
  if (result.exitCode === SIGXCPU_EXIT)
    throw limitExceeded(
      `the program used its ${Math.ceil(run.timeoutSeconds)} s of CPU time and was stopped (SIGXCPU)`,
    );
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, durationMs: result.durationMs };
}

const warned = new Set<string>();
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  warn(message);
}

function warnUnsafe(): void {
  warn(
    'ORC_UNSAFE_HOST_CODE=1: running a code step ON THE HOST WITHOUT ISOLATION — it can read and change everything the worker can. Install bubblewrap and remove the flag.',
  );
}

/** The activity's logger (the worker's log, with the activity's ids), or stderr outside one. */
function warn(message: string): void {
  try {
    Context.current().log.warn(message);
  } catch {
    console.warn(message);
  }
}
