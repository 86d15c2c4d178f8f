// ffmpeg and ffprobe run as the code steps' programs do: in the bubblewrap sandbox (no network,
// only the workspace writable, the sandbox's limits), never on the worker itself — a video is
// untrusted input to a large decoder. Paths reach them as `file:` URLs under the sandbox's
// workspace, so no name is taken for another protocol, and only the file protocol is allowed.
import { relative } from 'node:path';
import { ERROR_TYPES } from '../../../workflows/activity-interfaces.js';
import {
  findExecutable,
  resolveInWorkspace,
  runSandboxed,
  SANDBOX_LIMITS,
  type ProgramPaths,
} from '../../sandbox/index.js';
import { toolFailure } from '../../tool-failure.js';
import { ownerOf } from '../code-runner.js';
import type { ToolContext } from '../tool-implementation.js';

export type VideoProgram = 'ffmpeg' | 'ffprobe';

/** A workspace path as the sandboxed program names it: `file:` + the sandbox's workspace + the path. */
export type SandboxPath = (paths: ProgramPaths) => string;

export interface ProgramRun {
  program: VideoProgram;
  /** Arguments, given where the workspace is inside the sandbox. */
  args: (paths: ProgramPaths) => string[];
  timeoutSeconds: number;
  /** What the run is for, in the failure's message ("probing \"clip.mp4\""). */
  purpose: string;
}

/** The program's stdout and stderr; a non-zero exit is a typed failure with ffmpeg's own words. */
export async function runVideoProgram(run: ProgramRun, context: ToolContext) {
  const file = findExecutable(run.program);
  if (!file)
    throw toolFailure(
      ERROR_TYPES.toolError,
      `video-processing needs ${run.program}, which this worker's machine does not have: install it (apt-get install ffmpeg)`,
      { retryable: false },
    );
  const outcome = await runSandboxed({
    command: (paths) => [file, ...run.args(paths)],
    timeoutSeconds: run.timeoutSeconds,
    network: false,
    workspaceRoot: context.workspaceRoot,
    settings: context.settings.sandbox,
    signal: context.signal,
    ...ownerOf(context),
  });
  if (outcome.exitCode !== 0)
    throw toolFailure(
      ERROR_TYPES.toolError,
      `video-processing: ${run.program} failed ${run.purpose} (exit ${outcome.exitCode}): ${lastLines(outcome.stderr)}`,
      { retryable: false },
    );
  return outcome;
}

/** `userPath` checked to stay in the workspace, as the sandbox sees it. */
export async function sandboxPath(workspaceRoot: string, userPath: string): Promise<SandboxPath> {
  const root = await resolveInWorkspace(workspaceRoot, '.');
  const inside = relative(root, await resolveInWorkspace(workspaceRoot, userPath));
  return (paths) => `file:${paths.workspace}${inside === '' ? '' : `/${inside}`}`;
}

/** Options every ffmpeg run starts with: quiet, one thread (a shared worker), no terminal. */
export const FFMPEG_START = ['-hide_banner', '-nostdin', '-nostats', '-threads', '1'];
/** Input options: only plain files may be opened, also by playlists and concat lists inside. */
export const INPUT_OPTIONS = ['-protocol_whitelist', 'file'];

export function timeoutSecondsOf(value: unknown): number {
  const seconds = value === undefined || value === null ? 300 : Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > SANDBOX_LIMITS.maxTimeoutSeconds)
    throw toolFailure(
      ERROR_TYPES.toolError,
      `video-processing: "timeout" must be a number of seconds between 0 and ${SANDBOX_LIMITS.maxTimeoutSeconds}, not ${JSON.stringify(value)}`,
      { retryable: false },
    );
  return seconds;
}

function lastLines(stderr: string): string {
  const lines = stderr.trim().split('\n').filter(Boolean);
  return lines.slice(-3).join(' / ') || 'no message';
}
