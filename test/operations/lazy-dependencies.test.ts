// A real `orc worker` loads a tool's or a provider's heavy dependencies when that tool first
// runs, not at start: the process records every package it resolves (fixtures/record-packages.mjs),
// and the list is read once the worker polls and again after a run that draws a chart and writes
// an HTML report.
import { readFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import type { ResultDocument } from '../../workflows/result-document.js';
import { runCli } from '../support/run-cli.js';
import { repoRoot, uniqueTaskQueue } from '../support/temporal.js';
import { spawnWorker } from './spawn-worker.js';

/** Loaded by the tools and providers that use them, never by a worker that only starts. */
const HEAVY = [
  'vega',
  'vega-lite',
  'playwright-core',
  'cheerio',
  'parse5',
  'marked',
  '@modelcontextprotocol/sdk',
  'openai',
  '@anthropic-ai/sdk',
  '@google/genai',
  '@opentelemetry/sdk-trace-base',
  // Only a worker with ORC_BLOB_STORE loads the S3 client.
  '@aws-sdk/client-s3',
];

const PIPELINE = `
id: lazy-dependencies
steps:
  - id: chart
    tool: visualization
    action: create_chart
    parameters:
      data: [{month: "2024-01", revenue: 10}, {month: "2024-02", revenue: 7}]
      chart_type: bar
      y: revenue
      format: svg
      output_path: out/chart.svg
  - id: report
    tool: report-generator
    action: generate
    parameters: {title: Lazy, content: "Some **bold** text", format: html}
`;

async function packagesIn(file: string): Promise<Set<string>> {
  return new Set((await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean));
}

describe('orc worker and heavy dependencies', () => {
  it('starts without vega, playwright, cheerio, marked, MCP or provider SDKs and loads vega and marked on first use', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'orc-lazy-'));
    const packagesFile = join(folder, 'packages.txt');
    const register = join(repoRoot, 'test', 'operations', 'fixtures', 'record-packages-register.mjs');
    const env = {
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      ORC_DATA_DIR: inject('dataDir'),
      ORC_WORKSPACE: folder,
      ORC_TASK_QUEUE: uniqueTaskQueue('lazy'),
      ORC_LOG_FORMAT: 'text',
    };
    const worker = await spawnWorker({
      ...env,
      NODE_OPTIONS: `--import ${pathToFileURL(register).href}`,
      ORC_TEST_PACKAGES_FILE: packagesFile,
      // Every provider is configured, so each adapter exists; none is called.
      OPENAI_API_KEY: 'sk-test',
      ANTHROPIC_API_KEY: 'sk-ant-test',
      GEMINI_API_KEY: 'test',
    });
    try {
      const atStart = await packagesIn(packagesFile);
      // The recorder works: the worker's own SDK is there.
      expect([...atStart]).toContain('@temporalio/worker');
      expect(HEAVY.filter((name) => atStart.has(name))).toEqual([]);

      const file = join(folder, 'lazy.yaml');
      await writeFile(file, PIPELINE);
      const result = await runCli(['run', file, '--json'], env, 120_000);
      expect(result.code, result.stderr).toBe(0);
      expect((JSON.parse(result.stdout) as ResultDocument).success).toBe(true);

      const afterRun = await packagesIn(packagesFile);
      expect(HEAVY.filter((name) => afterRun.has(name))).toEqual(['vega', 'vega-lite', 'marked']);
    } finally {
      await worker.stop();
    }
  }, 240_000);
});
