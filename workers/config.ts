// The worker side's configuration, read from the environment in this one place. Bad values
// fail at start-up with a message that names the variable.
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { loadClientConnectConfig, type ClientConnectConfig } from '@temporalio/envconfig';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface TemporalSettings {
  connect: ClientConnectConfig;
  namespace: string;
  /** True when the user named a server (TEMPORAL_ADDRESS or a profile); false: local defaults. */
  addressConfigured: boolean;
  address: string;
}

export interface WorkerConfig {
  temporal: TemporalSettings;
  taskQueue: string;
  workspaceRoot: string;
  dataDir: string;
  maxConcurrentActivities?: number;
  temporalCli?: string;
  webUiUrl?: string;
  /** ORC_MODELS_FILE: the user's model registry entries. */
  modelsFile?: string;
  /** Provider keys and base URLs, passed to the model activities (the SDKs' own variables). */
  providerEnvironment: Readonly<Record<string, string | undefined>>;
}

const PROVIDER_VARIABLES = /^(OPENAI_|ANTHROPIC_|GEMINI_|GOOGLE_|OLLAMA_)/;

type Environment = Readonly<Record<string, string | undefined>>;

export function temporalSettingsFromEnv(env: Environment): TemporalSettings {
  let connect: ClientConnectConfig;
  try {
    connect = loadClientConnectConfig({ overrideEnvVars: definedOnly(env), profile: env.TEMPORAL_PROFILE });
  } catch (error) {
    throw new ConfigError(`The Temporal connection settings could not be read (TEMPORAL_* variables or temporal.toml): ${(error as Error).message}`);
  }
  const address = connect.connectionOptions.address;
  return { connect, namespace: connect.namespace ?? 'default', addressConfigured: Boolean(address), address: address ?? 'localhost:7233' };
}

export function workerConfigFromEnv(env: Environment, overrides: { taskQueue?: string; maxConcurrentActivities?: number } = {}): WorkerConfig {
  const cwd = env.PWD && isAbsolute(env.PWD) ? env.PWD : process.cwd();
  const taskQueue = overrides.taskQueue ?? env.ORC_TASK_QUEUE ?? 'orchestrator';
  if (!/^[\w.:-]{1,200}$/.test(taskQueue)) throw new ConfigError(`ORC_TASK_QUEUE "${taskQueue}" is not a valid task queue name (letters, digits, "_", "-", ".", ":")`);
  const maxConcurrentActivities = overrides.maxConcurrentActivities ?? positiveInteger(env, 'ORC_MAX_CONCURRENT_ACTIVITIES');
  return {
    temporal: temporalSettingsFromEnv(env),
    taskQueue,
    workspaceRoot: resolve(process.cwd(), env.ORC_WORKSPACE ?? join(cwd, 'workspace')),
    dataDir: resolve(process.cwd(), env.ORC_DATA_DIR ?? join(homedir(), '.orc')),
    ...(maxConcurrentActivities ? { maxConcurrentActivities } : {}),
    ...(env.ORC_TEMPORAL_CLI ? { temporalCli: env.ORC_TEMPORAL_CLI } : {}),
    ...(env.ORC_WEB_UI_URL ? { webUiUrl: env.ORC_WEB_UI_URL.replace(/\/+$/, '') } : {}),
    ...(env.ORC_MODELS_FILE ? { modelsFile: resolve(process.cwd(), env.ORC_MODELS_FILE) } : {}),
    providerEnvironment: Object.fromEntries(Object.entries(env).filter(([name]) => PROVIDER_VARIABLES.test(name))),
  };
}

function positiveInteger(env: Environment, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} must be a whole number of at least 1, not "${text}"`);
  return value;
}

function definedOnly(env: Environment): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
