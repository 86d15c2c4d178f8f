// The SDK's Runtime — its logger, Core's log forwarding and the Prometheus endpoint — installed
// once per process, before the first worker or native connection (the SDK allows one install).
import { DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { ConfigError, type OperationsSettings } from './config.js';
import { fileLogger, jsonLinesLogger } from './json-logger.js';

export type RuntimeSettings = Partial<Pick<OperationsSettings, 'logFormat' | 'logLevel' | 'metricsAddress'>> & {
  /** Logs go to this file instead of stderr (`orc run`'s own worker: stderr is the step view). */
  logFile?: string;
};

let installed: RuntimeSettings | undefined;

/**
 * Installs the runtime with these settings the first time; later calls keep the first. Tests
 * call it without settings (WARN, text, no metrics); `orc worker` passes ORC_* settings.
 */
export function installRuntime(settings: RuntimeSettings = {}): void {
  if (installed) {
    if (settings.metricsAddress && settings.metricsAddress !== installed.metricsAddress) {
      throw new ConfigError(
        `ORC_METRICS_PORT: the metrics endpoint can only be set up once per process, and this one already runs ${installed.metricsAddress ? `on ${installed.metricsAddress}` : 'without one'}`,
      );
    }
    return;
  }
  const level = settings.logLevel ?? 'WARN';
  const format = settings.logFormat ?? 'text';
  const logger = settings.logFile
    ? fileLogger(settings.logFile, level, format)
    : format === 'json'
      ? jsonLinesLogger(level)
      : new DefaultLogger(level);
  try {
    Runtime.install({
      logger,
      telemetryOptions: {
        // Core's own (Rust) logs go through the same logger, so they too are JSON lines.
        logging: { filter: makeTelemetryFilterString({ core: level }), forward: {} },
        ...(settings.metricsAddress ? { metrics: { prometheus: { bindAddress: settings.metricsAddress } } } : {}),
      },
    });
  } catch (error) {
    const message = (error as Error).message;
    if (settings.metricsAddress)
      throw new ConfigError(`ORC_METRICS_PORT: cannot serve metrics on ${settings.metricsAddress}: ${message}`);
    // Already installed by the host (a test's own runtime): keep theirs.
    if (!/already/i.test(message)) throw error;
  }
  installed = settings;
}
