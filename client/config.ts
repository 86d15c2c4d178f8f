// The CLI process's configuration: the only place on the client side that reads the
// environment. The worker settings come from the same variables (workers/config.ts).
import { userInfo } from 'node:os';
import { delimiter, resolve } from 'node:path';
import { modelsFileFromEnv, toolModulesFromEnv, workerConfigFromEnv, type WorkerConfig } from '../workers/index.js';

export interface CliConfig extends WorkerConfig {
  color: boolean;
  interactive: boolean;
  /** Redraw the step view in place: both streams are terminals and colour is welcome. */
  liveView: boolean;
  /** Who answers approvals from this shell. */
  userName: string;
}

export function loadCliConfig(overrides: { taskQueue?: string; maxConcurrentActivities?: number } = {}): CliConfig {
  const env = process.env;
  const color = Boolean(process.stdout.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb';
  return {
    ...workerConfigFromEnv(env, overrides),
    color,
    interactive: Boolean(process.stdout.isTTY),
    liveView: color && Boolean(process.stderr.isTTY),
    userName: osUserName(env),
  };
}

function osUserName(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): the shell's idea of the user is the next best.
    return env.USER ?? env.USERNAME ?? 'unknown';
  }
}

/** ORC_TOOLS alone, for commands that compile but start nothing (validate, compile). */
export function loadToolModules(): string[] {
  return toolModulesFromEnv(process.env);
}

/** ORC_MODELS_FILE alone: the compiler checks model references against the registry workers use. */
export function loadModelsFile(): string | undefined {
  return modelsFileFromEnv(process.env);
}

/** ORC_INCLUDE_PATHS: folders besides the pipeline's own that includes and sub-pipelines may be read from. */
export function loadIncludePaths(): string[] {
  return (process.env.ORC_INCLUDE_PATHS ?? '')
    .split(delimiter)
    .filter((folder) => folder.trim() !== '')
    .map((folder) => resolve(folder));
}
