// The worker side's configuration, read from the environment in this one place. Bad values
// fail at start-up with a message that names the variable.
import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { loadClientConnectConfig, type ClientConnectConfig } from '@temporalio/envconfig';
import type { SecretStore, ToolSettings } from '../activities/index.js';
import { ConfigError } from './config-error.js';
import { secretsFromEnv } from './secrets-file.js';
import { storageFromEnv } from './storage-config.js';
import type { StorageSettings } from './stores.js';

export { ConfigError };

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
  /** ORC_CACHE_DIR: the response cache of model steps with `cache:` (default `<dataDir>/cache`, beside the blobs). */
  cacheDir: string;
  /** ORC_BLOB_STORE: large values and the response cache in an S3-compatible bucket instead of dataDir and cacheDir. */
  storage: StorageSettings;
  /** Where `orc run`'s own worker writes its log, one file per run: `<dataDir>/logs`. */
  logDir: string;
  maxConcurrentActivities?: number;
  temporalCli?: string;
  webUiUrl?: string;
  /** ORC_MODELS_FILE: the user's model registry entries. */
  modelsFile?: string;
  /** Provider keys and base URLs, passed to the model activities (the SDKs' own variables). */
  providerEnvironment: Readonly<Record<string, string | undefined>>;
  /**
   * The variables of these names: a user's provider in ORC_MODELS_FILE may name any variable
   * (`api_key_env: [GATEWAY_KEY]`), known only once the registry is read (provider-environment.ts).
   */
  variablesNamed: (names: readonly string[]) => Readonly<Record<string, string | undefined>>;
  /** Sandbox, network policy, search APIs and browser for the tools. */
  toolSettings: ToolSettings;
  /** ORC_TOOLS: custom tool modules (absolute paths), loaded by workers/custom-tools.ts. */
  toolModules?: string[];
  /** Values of `secrets.NAME`: ORC_SECRETS_FILE, then the environment (workers/secrets-file.ts). */
  secrets: SecretStore;
  /** Metrics, health, logs and shutdown of the worker process (docs/operations.md). */
  operations: OperationsSettings;
}

export interface OperationsSettings {
  /** ORC_METRICS_PORT (and ORC_METRICS_HOST, default 0.0.0.0): the SDK runtime's Prometheus endpoint. */
  metricsAddress?: string;
  /** ORC_HEALTH_PORT: GET /healthz answers 200 while the worker polls. */
  healthPort?: number;
  /** ORC_HEALTH_HOST: the address /healthz listens on; 127.0.0.1 unless another one is named. */
  healthHost: string;
  /** ORC_LOG_FORMAT json|text|auto: auto writes JSON lines unless stderr (where logs go) is a terminal. */
  logFormat: 'json' | 'text';
  /** ORC_LOG_LEVEL: the SDK runtime's log level (WARN unless asked). */
  logLevel: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** ORC_SHUTDOWN_GRACE_SECONDS: how long running activities may finish after SIGTERM before they are handed back. */
  shutdownGraceMs: number;
  /** OTEL_EXPORTER_OTLP_ENDPOINT (OTLP over HTTP) and OTEL_SERVICE_NAME: activity spans (workers/tracing.ts). */
  tracing?: { tracesUrl: string; serviceName: string };
}

/** The variables of the registry's built-in providers (docs/models.md, "Providers and keys"). */
const PROVIDER_VARIABLES =
  /^(OPENAI_|ANTHROPIC_|GEMINI_|GOOGLE_|OLLAMA_|GROQ_|MISTRAL_|DEEPSEEK_|TOGETHER_|FIREWORKS_|OPENROUTER_|XAI_|VLLM_|LMSTUDIO_|AZURE_OPENAI_|AWS_)/;

type Environment = Readonly<Record<string, string | undefined>>;

export function temporalSettingsFromEnv(env: Environment): TemporalSettings {
  let connect: ClientConnectConfig;
  try {
    connect = loadClientConnectConfig({ overrideEnvVars: definedOnly(env), profile: env.TEMPORAL_PROFILE });
  } catch (error) {
    throw new ConfigError(
      `The Temporal connection settings could not be read (TEMPORAL_* variables or temporal.toml): ${(error as Error).message}`,
    );
  }
  const address = connect.connectionOptions.address;
  return {
    connect,
    namespace: connect.namespace ?? 'default',
    addressConfigured: Boolean(address),
    address: address ?? 'localhost:7233',
  };
}

export function workerConfigFromEnv(
  env: Environment,
  overrides: { taskQueue?: string; maxConcurrentActivities?: number } = {},
): WorkerConfig {
  const cwd = env.PWD && isAbsolute(env.PWD) ? env.PWD : process.cwd();
  const taskQueue = overrides.taskQueue ?? env.ORC_TASK_QUEUE ?? 'orchestrator';
  if (!/^[\w.:-]{1,200}$/.test(taskQueue))
    throw new ConfigError(
      `ORC_TASK_QUEUE "${taskQueue}" is not a valid task queue name (letters, digits, "_", "-", ".", ":")`,
    );
  const maxConcurrentActivities =
    overrides.maxConcurrentActivities ?? positiveInteger(env, 'ORC_MAX_CONCURRENT_ACTIVITIES');
  const dataDir = resolve(process.cwd(), env.ORC_DATA_DIR ?? join(homedir(), '.orc'));
  return {
    temporal: temporalSettingsFromEnv(env),
    taskQueue,
    workspaceRoot: resolve(process.cwd(), env.ORC_WORKSPACE ?? join(cwd, 'workspace')),
    dataDir,
    cacheDir: env.ORC_CACHE_DIR ? resolve(process.cwd(), env.ORC_CACHE_DIR) : join(dataDir, 'cache'),
    storage: storageFromEnv(env),
    logDir: join(dataDir, 'logs'),
    ...(maxConcurrentActivities ? { maxConcurrentActivities } : {}),
    ...(env.ORC_TEMPORAL_CLI ? { temporalCli: env.ORC_TEMPORAL_CLI } : {}),
    ...(env.ORC_WEB_UI_URL ? { webUiUrl: env.ORC_WEB_UI_URL.replace(/\/+$/, '') } : {}),
    ...(modelsFileFromEnv(env) ? { modelsFile: modelsFileFromEnv(env) } : {}),
    providerEnvironment: Object.fromEntries(Object.entries(env).filter(([name]) => PROVIDER_VARIABLES.test(name))),
    variablesNamed: (names) =>
      Object.fromEntries(names.filter((name) => env[name] !== undefined).map((name) => [name, env[name]])),
    toolSettings: toolSettingsFromEnv(env),
    toolModules: toolModulesFromEnv(env),
    secrets: secretsFromEnv(env),
    operations: operationsFromEnv(env),
  };
}

const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const;

/** ORC_METRICS_PORT, ORC_METRICS_HOST, ORC_HEALTH_PORT, ORC_HEALTH_HOST, ORC_LOG_FORMAT, ORC_LOG_LEVEL, ORC_SHUTDOWN_GRACE_SECONDS. */
export function operationsFromEnv(
  env: Environment,
  logsOnTerminal = Boolean(process.stderr.isTTY),
): OperationsSettings {
  const host = env.ORC_METRICS_HOST || '0.0.0.0';
  const metricsPort = tcpPort(env, 'ORC_METRICS_PORT');
  const healthPort = tcpPort(env, 'ORC_HEALTH_PORT');
  if (metricsPort !== undefined && metricsPort === healthPort)
    throw new ConfigError(`ORC_METRICS_PORT and ORC_HEALTH_PORT must differ (both are ${metricsPort})`);
  const format = (env.ORC_LOG_FORMAT || 'auto').toLowerCase();
  if (format !== 'auto' && format !== 'json' && format !== 'text')
    throw new ConfigError(`ORC_LOG_FORMAT must be json, text or auto, not "${env.ORC_LOG_FORMAT}"`);
  const level = (env.ORC_LOG_LEVEL || 'WARN').toUpperCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level))
    throw new ConfigError(`ORC_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${env.ORC_LOG_LEVEL}"`);
  const grace = env.ORC_SHUTDOWN_GRACE_SECONDS ? Number(env.ORC_SHUTDOWN_GRACE_SECONDS) : 10;
  if (!Number.isFinite(grace) || grace < 0 || grace > 86_400)
    throw new ConfigError(
      `ORC_SHUTDOWN_GRACE_SECONDS must be a number of seconds from 0 to 86400, not "${env.ORC_SHUTDOWN_GRACE_SECONDS}"`,
    );
  return {
    ...(metricsPort !== undefined
      ? { metricsAddress: `${host.includes(':') ? `[${host}]` : host}:${metricsPort}` }
      : {}),
    ...(healthPort !== undefined ? { healthPort } : {}),
    healthHost: listenAddress(env, 'ORC_HEALTH_HOST', '127.0.0.1'),
    logFormat: format === 'auto' ? (logsOnTerminal ? 'text' : 'json') : format,
    logLevel: level as OperationsSettings['logLevel'],
    shutdownGraceMs: Math.round(grace * 1000),
    ...tracingFromEnv(env),
  };
}

/** The OpenTelemetry variables: a base endpoint gets `/v1/traces`; a traces endpoint is used as it is. */
function tracingFromEnv(env: Environment): { tracing?: OperationsSettings['tracing'] } {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || undefined;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined;
  const url = traces ?? (base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined);
  if (!url) return {};
  if (!/^https?:\/\/[^\s/]+/.test(url))
    throw new ConfigError(
      `${traces ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT'} must be an http:// or https:// URL, not "${traces ?? base}"`,
    );
  return { tracing: { tracesUrl: url, serviceName: env.OTEL_SERVICE_NAME || 'orc-worker' } };
}

/** An IP address to listen on: the health endpoint stays on the machine unless one is named. */
function listenAddress(env: Environment, name: string, fallback: string): string {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return fallback;
  if (text === 'localhost' || isIP(text) !== 0) return text;
  throw new ConfigError(
    `${name} must be an IP address to listen on — 127.0.0.1 (this machine only, the default), 0.0.0.0 (every interface, e.g. for Kubernetes probes), or one interface's address such as 10.0.0.5 or ::1 — not "${env[name]}"`,
  );
}

function tcpPort(env: Environment, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 65_535)
    throw new ConfigError(`${name} must be a TCP port from 1 to 65535, not "${text}"`);
  return value;
}

/** ORC_UNSAFE_HOST_CODE, ORC_SANDBOX_NETWORK, ORC_BWRAP, ORC_WEB_ALLOW_PRIVATE, search keys, ORC_CHROMIUM. */
export function toolSettingsFromEnv(env: Environment): ToolSettings {
  const unsafe = flag(env, 'ORC_UNSAFE_HOST_CODE');
  const network = env.ORC_SANDBOX_NETWORK ?? 'deny';
  if (network !== 'allow' && network !== 'deny')
    throw new ConfigError(`ORC_SANDBOX_NETWORK must be "allow" or "deny", not "${network}"`);
  const provider = env.ORC_SEARCH_PROVIDER || undefined;
  if (provider !== undefined && !isSearchProvider(provider))
    throw new ConfigError(`ORC_SEARCH_PROVIDER must be brave, tavily or searxng, not "${provider}"`);
  return {
    sandbox: {
      mode: unsafe ? 'unsafe-host' : 'bubblewrap',
      allowNetwork: network === 'allow',
      ...(env.ORC_BWRAP ? { bubblewrapPath: env.ORC_BWRAP } : {}),
    },
    web: { allowPrivateAddresses: flag(env, 'ORC_WEB_ALLOW_PRIVATE') },
    search: definedValues<ToolSettings['search']>({
      defaultProvider: provider,
      braveApiKey: env.BRAVE_API_KEY,
      braveBaseUrl: env.BRAVE_BASE_URL,
      tavilyApiKey: env.TAVILY_API_KEY,
      tavilyBaseUrl: env.TAVILY_BASE_URL,
      searxngUrl: env.ORC_SEARXNG_URL,
    }),
    browser: definedValues({ chromiumPath: env.ORC_CHROMIUM }),
  };
}

/** ORC_TOOLS: comma-separated paths of custom tool modules, relative to the current folder. */
/** ORC_MODELS_FILE, resolved: the worker prices calls with it, the CLI's compiler checks models against it. */
export function modelsFileFromEnv(env: Environment): string | undefined {
  return env.ORC_MODELS_FILE ? resolve(process.cwd(), env.ORC_MODELS_FILE) : undefined;
}

export function toolModulesFromEnv(env: Environment): string[] {
  return (env.ORC_TOOLS ?? '')
    .split(',')
    .map((path) => path.trim())
    .filter(Boolean)
    .map((path) => resolve(process.cwd(), path));
}

function isSearchProvider(name: string): name is 'brave' | 'tavily' | 'searxng' {
  return name === 'brave' || name === 'tavily' || name === 'searxng';
}

function flag(env: Environment, name: string): boolean {
  const text = env[name];
  if (text === undefined || text === '' || text === '0' || text === 'false') return false;
  if (text === '1' || text === 'true') return true;
  throw new ConfigError(`${name} must be 1 or 0 (true or false), not "${text}"`);
}

function definedValues<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter((entry) => entry[1] !== undefined && entry[1] !== '')) as T;
}

function positiveInteger(env: Environment, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new ConfigError(`${name} must be a whole number of at least 1, not "${text}"`);
  return value;
}

function definedOnly(env: Environment): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
