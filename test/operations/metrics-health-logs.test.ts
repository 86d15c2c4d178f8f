// A real `orc worker` with ORC_METRICS_PORT and ORC_HEALTH_PORT: Prometheus serves the SDK
// runtime's temporal_* worker metrics, /healthz says ok while polling, and with stderr not a
// terminal every log line is a JSON object. /healthz stays on 127.0.0.1 unless ORC_HEALTH_HOST
// names another address. Bad settings stop it at start-up.
import { mkdtemp } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { freePort } from '../../temporal-dev/index.js';
import { eventually } from '../support/cli-runs.js';
import { runCli } from '../support/run-cli.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import { spawnWorker } from './spawn-worker.js';

/** This machine's first address that is not loopback (the tests reach it without a network). */
const otherAddress = Object.values(networkInterfaces())
  .flat()
  .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;

/** The HTTP status of GET /healthz at `host`, or the connection error's code. */
async function healthAt(host: string, port: number): Promise<number | string> {
  try {
    return (await fetch(`http://${host}:${port}/healthz`, { signal: AbortSignal.timeout(5_000) })).status;
  } catch (error) {
    return String((error as { cause?: { code?: string } }).cause?.code ?? error);
  }
}

describe('orc worker metrics, health and logs', () => {
  it('serves temporal_ worker metrics and /healthz, and logs JSON lines', async () => {
    const [metricsPort, healthPort] = [await freePort(), await freePort()];
    const taskQueue = uniqueTaskQueue('metrics');
    const env = {
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      ORC_DATA_DIR: inject('dataDir'),
      ORC_WORKSPACE: await mkdtemp(join(tmpdir(), 'orc-metrics-')),
      ORC_TASK_QUEUE: taskQueue,
      ORC_METRICS_PORT: String(metricsPort),
      ORC_METRICS_HOST: '127.0.0.1',
      ORC_HEALTH_PORT: String(healthPort),
      ORC_LOG_LEVEL: 'INFO',
    };
    const worker = await spawnWorker(env);
    try {
      const health = await fetch(`http://127.0.0.1:${healthPort}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', state: 'RUNNING', task_queue: taskQueue });

      const run = await runCli(['run', 'pipelines/hello.yaml', '--json'], env, 90_000);
      expect(run.code, run.stderr).toBe(0);
      // Core exports on its own schedule; the activity metrics appear within seconds. hello's
      // filesystem writes are local steps, so they are local-activity metrics.
      const metrics = await eventually(
        async () => {
          const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
          return text.includes('temporal_local_activity_execution_latency') ? text : undefined;
        },
        30_000,
        'activity metrics on /metrics',
      );
      expect(metrics).toMatch(new RegExp(`^temporal_num_pollers\\{.*task_queue="${taskQueue}".*\\} \\d+`, 'm'));
      expect(metrics).toMatch(
        new RegExp(`^temporal_local_activity_execution_latency_count\\{.*task_queue="${taskQueue}".*\\} [1-9]`, 'm'),
      );
    } finally {
      expect(await worker.stop('SIGTERM')).toBe(0);
    }
    const lines = worker.stderr().split('\n').filter(Boolean);
    const records = lines.map((line) => JSON.parse(line) as { time: string; level: string; message: string });
    expect(
      records.every(
        (record) =>
          typeof record.time === 'string' && typeof record.level === 'string' && typeof record.message === 'string',
      ),
    ).toBe(true);
    expect(records.map((record) => record.message)).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`metrics on http://127.0.0.1:${metricsPort}/metrics`),
        expect.stringContaining('SIGTERM: stopping the worker gracefully'),
        'Worker stopped.',
      ]),
    );
    expect(records.some((record) => record.message === 'Worker state changed')).toBe(true);
  }, 180_000);

  it.skipIf(!otherAddress)(
    'serves /healthz on 127.0.0.1 only, or on the address ORC_HEALTH_HOST names',
    async () => {
      const healthPort = await freePort();
      const env = {
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        ORC_DATA_DIR: inject('dataDir'),
        ORC_WORKSPACE: await mkdtemp(join(tmpdir(), 'orc-health-')),
        ORC_TASK_QUEUE: uniqueTaskQueue('health'),
        ORC_HEALTH_PORT: String(healthPort),
      };
      for (const [host, reachable, refused] of [
        [undefined, '127.0.0.1', otherAddress!],
        [otherAddress!, otherAddress!, '127.0.0.1'],
      ] as const) {
        const worker = await spawnWorker({ ...env, ...(host ? { ORC_HEALTH_HOST: host } : {}) });
        try {
          expect(await healthAt(reachable, healthPort)).toBe(200);
          expect(await healthAt(refused, healthPort)).toBe('ECONNREFUSED');
          expect(worker.stderr()).toContain(`health on http://${reachable}:${healthPort}/healthz`);
        } finally {
          expect(await worker.stop('SIGTERM')).toBe(0);
        }
      }
    },
    240_000,
  );

  it('refuses bad operations settings at start-up with the variable named', async () => {
    const base = {
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      ORC_DATA_DIR: inject('dataDir'),
      ORC_TASK_QUEUE: uniqueTaskQueue('badops'),
    };
    const port = await runCli(['worker'], { ...base, ORC_METRICS_PORT: 'ninety' });
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('ORC_METRICS_PORT must be a TCP port from 1 to 65535, not "ninety"');
    const format = await runCli(['worker'], { ...base, ORC_LOG_FORMAT: 'xml' });
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('ORC_LOG_FORMAT must be json, text or auto');
    const host = await runCli(['worker'], { ...base, ORC_HEALTH_PORT: '9465', ORC_HEALTH_HOST: 'every interface' });
    expect(host.code).toBe(2);
    expect(host.stderr).toContain('ORC_HEALTH_HOST must be an IP address to listen on');
    expect(host.stderr).toContain('not "every interface"');
    expect(host.stderr).not.toMatch(/^\s+at /m);
  }, 120_000);
});
