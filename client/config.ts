// The CLI process's configuration: the only place on the client side that reads the
// environment. The worker settings come from the same variables (workers/config.ts), loaded
// only by the commands that talk to Temporal: `orc validate` and `orc schema` must not load the
// worker side at all (docs/decisions/0008-commander.md).
import { userInfo } from 'node:os';
import { delimiter, resolve } from 'node:path';
import type { WorkerConfig } from '../workers/index.js';

export interface CliConfig extends WorkerConfig {
  color: boolean;
  interactive: boolean;
  /** Redraw the step view in place: both streams are terminals and colour is welcome. */
  liveView: boolean;
  /** Who answers approvals from this shell. */
  userName: string;
}

export async function loadCliConfig(
  overrides: { taskQueue?: string; maxConcurrentActivities?: number } = {},
): Promise<CliConfig> {
  const { workerConfigFromEnv } = await import('../workers/index.js');
  const env = process.env;
  const color = terminalColor();
  return {
    ...workerConfigFromEnv(env, overrides),
    color,
    interactive: Boolean(process.stdout.isTTY),
    liveView: color && Boolean(process.stderr.isTTY),
    userName: osUserName(env),
  };
}

/** Colour on a terminal, unless NO_COLOR or a dumb terminal says otherwise. */
export function terminalColor(): boolean {
  return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
}

function osUserName(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): the shell's idea of the user is the next best.
    return env.USER ?? env.USERNAME ?? 'unknown';
  }
}

/**
 * ORC_TOOLS alone, for commands that compile but start nothing (validate, compile): the
 * comma-separated module paths, resolved as workers/config.ts resolves them for a worker.
 */
export function loadToolModules(): string[] {
  return (process.env.ORC_TOOLS ?? '')
    .split(',')
    .map((path) => path.trim())
    .filter(Boolean)
    .map((path) => resolve(process.cwd(), path));
}

/** ORC_MODELS_FILE alone: the compiler checks model references against the registry workers use. */
export function loadModelsFile(): string | undefined {
  return process.env.ORC_MODELS_FILE ? resolve(process.cwd(), process.env.ORC_MODELS_FILE) : undefined;
}

/** ORC_INCLUDE_PATHS: folders besides the pipeline's own that includes and sub-pipelines may be read from. */
export function loadIncludePaths(): string[] {
  return (process.env.ORC_INCLUDE_PATHS ?? '')
    .split(delimiter)
    .filter((folder) => folder.trim() !== '')
    .map((folder) => resolve(folder));
}

/** ORC_DEBUG alone: internal errors print their stack, and `orc replay` keeps the SDK's logs. */
export function debugEnabled(): boolean {
  return Boolean(process.env.ORC_DEBUG);
}
