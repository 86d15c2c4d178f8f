// Every setting `orc worker` reads from its environment (workers/config.ts), when it is wrong:
// a ConfigError that names the variable, what it must be and what it got (the CLI prints it
// with exit 2 — metrics-health-logs.test.ts checks that through the spawned `orc worker`).
// And what correct values become.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operationsFromEnv } from '../../workers/config.js';
import { ConfigError, workerConfigFromEnv } from '../../workers/index.js';

function configError(env: Record<string, string>): string {
  try {
    workerConfigFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`no ConfigError for ${JSON.stringify(env)}`);
}

describe('orc worker settings', () => {
  it.each([
    [
      { ORC_TASK_QUEUE: 'my queue' },
      'ORC_TASK_QUEUE "my queue" is not a valid task queue name (letters, digits, "_", "-", ".", ":")',
    ],
    [
      { ORC_MAX_CONCURRENT_ACTIVITIES: '0' },
      'ORC_MAX_CONCURRENT_ACTIVITIES must be a whole number of at least 1, not "0"',
    ],
    [
      { ORC_MAX_CONCURRENT_ACTIVITIES: '2.5' },
      'ORC_MAX_CONCURRENT_ACTIVITIES must be a whole number of at least 1, not "2.5"',
    ],
    [{ ORC_METRICS_PORT: '70000' }, 'ORC_METRICS_PORT must be a TCP port from 1 to 65535, not "70000"'],
    [
      { ORC_METRICS_PORT: '9464', ORC_HEALTH_PORT: '9464' },
      'ORC_METRICS_PORT and ORC_HEALTH_PORT must differ (both are 9464)',
    ],
    [{ ORC_LOG_LEVEL: 'loud' }, 'ORC_LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, not "loud"'],
    [
      { ORC_SHUTDOWN_GRACE_SECONDS: '-1' },
      'ORC_SHUTDOWN_GRACE_SECONDS must be a number of seconds from 0 to 86400, not "-1"',
    ],
    [
      { ORC_SHUTDOWN_GRACE_SECONDS: 'soon' },
      'ORC_SHUTDOWN_GRACE_SECONDS must be a number of seconds from 0 to 86400, not "soon"',
    ],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' },
      'OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL, not "collector:4318"',
    ],
    [
      { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'grpc://collector:4317' },
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http:// or https:// URL, not "grpc://collector:4317"',
    ],
    [{ ORC_SANDBOX_NETWORK: 'open' }, 'ORC_SANDBOX_NETWORK must be "allow" or "deny", not "open"'],
    [{ ORC_SEARCH_PROVIDER: 'google' }, 'ORC_SEARCH_PROVIDER must be brave, tavily or searxng, not "google"'],
    [{ ORC_UNSAFE_HOST_CODE: 'yes' }, 'ORC_UNSAFE_HOST_CODE must be 1 or 0 (true or false), not "yes"'],
    [{ ORC_WEB_ALLOW_PRIVATE: 'on' }, 'ORC_WEB_ALLOW_PRIVATE must be 1 or 0 (true or false), not "on"'],
  ])('refuses %o', (env, message) => {
    expect(configError(env)).toBe(message);
  });

  it('names the Temporal settings when temporal.toml cannot be read', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'orc-envconfig-'));
    await writeFile(join(folder, 'temporal.toml'), '[profile.default\naddress = ');
    const message = configError({ TEMPORAL_CONFIG_FILE: join(folder, 'temporal.toml') });
    expect(message).toMatch(
      /^The Temporal connection settings could not be read \(TEMPORAL_\* variables or temporal\.toml\): ./,
    );
  });

  it('turns correct values into the settings the worker uses', () => {
    const config = workerConfigFromEnv({
      ORC_TASK_QUEUE: 'team.queue:1',
      ORC_MAX_CONCURRENT_ACTIVITIES: '4',
      ORC_DATA_DIR: '/var/lib/orc',
      ORC_WEB_UI_URL: 'https://temporal.example.com/',
      ORC_SANDBOX_NETWORK: 'allow',
      ORC_UNSAFE_HOST_CODE: 'false',
      ORC_WEB_ALLOW_PRIVATE: 'true',
      ORC_SEARCH_PROVIDER: 'searxng',
      ORC_SEARXNG_URL: 'http://searx.local',
      BRAVE_API_KEY: '',
      OPENAI_API_KEY: 'sk-test',
      ORC_TOOLS: ' ./tools/a.ts , ,/opt/b.js',
      ORC_MODELS_FILE: 'models.yaml',
    });
    expect(config).toMatchObject({
      taskQueue: 'team.queue:1',
      maxConcurrentActivities: 4,
      dataDir: '/var/lib/orc',
      logDir: '/var/lib/orc/logs',
      webUiUrl: 'https://temporal.example.com',
      providerEnvironment: { OPENAI_API_KEY: 'sk-test' },
      toolModules: [join(process.cwd(), 'tools/a.ts'), '/opt/b.js'],
      modelsFile: join(process.cwd(), 'models.yaml'),
      toolSettings: {
        sandbox: { mode: 'bubblewrap', allowNetwork: true },
        web: { allowPrivateAddresses: true },
        search: { defaultProvider: 'searxng', searxngUrl: 'http://searx.local' },
      },
    });
    expect(config.toolSettings.search).not.toHaveProperty('braveApiKey');
  });

  it('writes JSON log lines off a terminal and text on one unless told, and reads the tracing endpoint', () => {
    expect(operationsFromEnv({}, false)).toMatchObject({
      logFormat: 'json',
      logLevel: 'WARN',
      shutdownGraceMs: 10_000,
      healthHost: '127.0.0.1',
    });
    expect(operationsFromEnv({}, true).logFormat).toBe('text');
    expect(operationsFromEnv({ ORC_LOG_FORMAT: 'JSON', ORC_LOG_LEVEL: 'debug' }, true)).toMatchObject({
      logFormat: 'json',
      logLevel: 'DEBUG',
    });
    expect(
      operationsFromEnv(
        { ORC_METRICS_PORT: '9464', ORC_METRICS_HOST: '::1', ORC_HEALTH_PORT: '9465', ORC_HEALTH_HOST: '0.0.0.0' },
        false,
      ),
    ).toMatchObject({
      metricsAddress: '[::1]:9464',
      healthPort: 9465,
      healthHost: '0.0.0.0',
    });
    expect(operationsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }, false).tracing).toEqual({
      tracesUrl: 'http://collector:4318/v1/traces',
      serviceName: 'orc-worker',
    });
    expect(
      operationsFromEnv(
        { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example.com/in', OTEL_SERVICE_NAME: 'pipelines' },
        false,
      ).tracing,
    ).toEqual({ tracesUrl: 'https://traces.example.com/in', serviceName: 'pipelines' });
  });
});
