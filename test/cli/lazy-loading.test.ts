// A command loads only what it uses (issue 13): help, validate, compile, schema and completion
// never load the Temporal worker or client, a provider SDK, vega or playwright. Every module the
// spawned `orc` loads is written down by a preloaded hook (test/support/module-trace.mjs).
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { repoRoot } from '../support/temporal.js';

const HEAVY = [
  '@temporalio/worker',
  '@temporalio/core-bridge',
  '@temporalio/client',
  'openai',
  '@anthropic-ai/sdk',
  '@google/genai',
  '@aws-sdk/client-bedrock-runtime',
  '@aws-sdk/client-s3',
  'vega',
  'vega-lite',
  'playwright-core',
  '@modelcontextprotocol/sdk',
];

/** The packages (node_modules/<name>) whose files `orc args` loaded, and its exit code. */
async function packagesLoaded(args: string[]): Promise<{ code: number | null; packages: Set<string> }> {
  const trace = join(await mkdtemp(join(tmpdir(), 'orc-trace-')), 'modules.txt');
  const hook = pathToFileURL(join(repoRoot, 'test/support/module-trace.mjs')).href;
  const run = await runCli(args, {
    ORC_MODULE_TRACE: trace,
    NODE_OPTIONS: [process.env.NODE_OPTIONS, `--import=${hook}`].filter(Boolean).join(' '),
  });
  const urls = (await readFile(trace, 'utf8')).split('\n').filter(Boolean);
  const packages = new Set(
    urls.flatMap((url) => {
      const name = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
      return name ? [name] : [];
    }),
  );
  return { code: run.code, packages };
}

describe('lazy loading', () => {
  it.each([
    [['--help']],
    [['help', 'run']],
    [['validate', 'pipelines/hello.yaml']],
    [['compile', 'pipelines/hello.yaml']],
    [['schema']],
    [['completion', 'bash']],
  ])('orc %j loads none of the heavy packages', async (args) => {
    const { code, packages } = await packagesLoaded(args);
    expect(code).toBe(0);
    expect(packages.has('commander'), 'the trace sees the packages orc loads').toBe(true);
    expect(HEAVY.filter((name) => packages.has(name))).toEqual([]);
  });

  it('sees them when a command does load them (orc models reads the worker side)', async () => {
    const { code, packages } = await packagesLoaded(['models', '--json']);
    expect(code).toBe(0);
    expect(packages.has('@temporalio/worker')).toBe(true);
    // A provider's SDK is loaded when one of its models runs, not with the registry.
    expect(packages.has('@aws-sdk/client-bedrock-runtime')).toBe(false);
    expect(packages.has('openai')).toBe(false);
  });
});
