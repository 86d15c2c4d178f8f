// The CLI process's configuration: the only place on the client side that reads the
// environment. The worker settings come from the same variables (workers/config.ts).
import { workerConfigFromEnv, type WorkerConfig } from '../workers/index.js';

export interface CliConfig extends WorkerConfig {
  color: boolean;
  interactive: boolean;
}

export function loadCliConfig(overrides: { taskQueue?: string; maxConcurrentActivities?: number } = {}): CliConfig {
  const env = process.env;
  return {
    ...workerConfigFromEnv(env, overrides),
    color: Boolean(process.stdout.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb',
    interactive: Boolean(process.stdout.isTTY),
  };
}
