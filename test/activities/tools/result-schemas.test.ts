// Every built-in action's declared result fields (`returns` in workflows/lang/tools/*.ts, what the
// compiler checks `{{ step.field }}` against) are exactly what its implementation returns: each
// action runs for real here, in a temporary workspace, and its result's keys are compared.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUILT_IN_TOOL_IMPLEMENTATIONS,
  defaultToolSettings,
  type ToolContext,
} from '../../../activities/tools/index.js';
import { BUILT_IN_TOOLS } from '../../../workflows/lang/tools/index.js';
import { bubblewrapProblem } from '../../sandbox/sandbox-pipelines.js';

const ROWS = [
  { team: 'x', name: 'a', score: 1 },
  { team: 'y', name: 'b', score: 2 },
];
const SANDBOX = bubblewrapProblem();

/** `[tool.action, parameters]`, in an order where each finds what the earlier ones wrote. */
const CALLS: [string, Record<string, unknown>][] = [
  ['filesystem.write', { path: 'a/notes.txt', content: 'hello' }],
  ['filesystem.append', { path: 'a/notes.txt', content: '!' }],
  ['filesystem.read', { path: 'a/notes.txt' }],
  ['filesystem.list', { path: 'a' }],
  ['filesystem.exists', { path: 'a/notes.txt' }],
  ['filesystem.mkdir', { path: 'b' }],
  ['filesystem.copy', { source: 'a/notes.txt', destination: 'b/copy.txt' }],
  ['filesystem.move', { source: 'b/copy.txt', destination: 'b/moved.txt' }],
  ['filesystem.delete', { path: 'b/moved.txt' }],
  ['terminal.execute', { command: 'echo hi' }],
  ['python-executor.execute', { code: 'print(1)' }],
  ['code.run', { language: 'python', code: 'print(1)' }],
  ['data-processing.convert', { data: ROWS, output_format: 'csv' }],
  ['data-processing.filter', { data: ROWS, criteria: { team: 'x' } }],
  ['data-processing.sort', { data: ROWS, by: 'score' }],
  ['data-processing.aggregate', { data: ROWS, group_by: 'team', aggregations: { score: 'sum' } }],
  ['data-processing.transform', { data: ROWS, operations: [{ type: 'rename', columns: { name: 'who' } }] }],
  ['data-processing.clean', { data: ROWS, handle_missing: 'drop' }],
  ['data-processing.profile', { data: ROWS }],
  [
    'data-processing.merge',
    {
      datasets: [
        { name: 'l', data: ROWS },
        { name: 'r', data: ROWS },
      ],
    },
  ],
  ['data-processing.pivot', { data: ROWS, index: ['team'], columns: ['name'], values: ['score'], aggfunc: 'sum' }],
  ['validation.validate', { data: { a: 1 }, schema: { type: 'object', required: ['a'] } }],
  ['validation.infer_schema', { data: ROWS }],
  ['report-generator.generate', { title: 'T', content: 'body', output_path: 'r.md' }],
  ['visualization.create_chart', { data: ROWS, chart_type: 'bar', x: 'name', y: 'score', output_path: 'c/one.svg' }],
  ['visualization.create_charts', { data: ROWS, chart_types: ['bar'], output_dir: 'c' }],
  ['visualization.create_dashboard', { charts: ['c/one.svg'], output_dir: 'c' }],
];

/** Actions not run here, and why; their shapes are tested where their servers are. */
const NOT_RUN: Record<string, string> = {
  'http.fetch': 'the same implementation as web.fetch',
  'web-search.search': 'needs a search API (test/activities/tools/web)',
  'headless-browser.scrape': 'needs Chromium and a page server (test/activities/tools/web)',
  'headless-browser.scrape_js': 'needs Chromium and a page server (test/activities/tools/web)',
  'headless-browser.extract': 'needs Chromium and a page server (test/activities/tools/web)',
  'mcp.list_tools': 'needs an MCP server (test/activities/mcp.test.ts)',
  'mcp.call_tool': 'needs an MCP server (test/activities/mcp.test.ts)',
  'mcp-server.connect': 'needs an MCP server (test/workflows/mcp-server-memory.test.ts)',
  'mcp-server.list_tools': 'needs an MCP server (test/workflows/mcp-server-memory.test.ts)',
  'mcp-server.disconnect': 'needs an MCP server (test/workflows/mcp-server-memory.test.ts)',
  ...Object.fromEntries(
    ['execute', 'store', 'retrieve', 'list', 'delete', 'clear'].map((action) => [
      `mcp-memory.${action}`,
      'runs in the workflow, not as a tool activity (test/workflows/mcp-server-memory.test.ts reads each field)',
    ]),
  ),
  ...Object.fromEntries(
    ['task-delegation', 'multi-model-routing', 'prompt-optimization'].map((tool) => [
      `${tool}.execute`,
      'runs in the workflow and calls models (test/workflows/model-tools.test.ts)',
    ]),
  ),
  ...Object.fromEntries(
    ['image-analysis', 'image-generation', 'audio-processing'].map((tool) => [
      `${tool}.execute`,
      'calls a model through a provider server (test/workflows/media-tools.test.ts)',
    ]),
  ),
  'video-processing.execute':
    'runs ffmpeg in the sandbox and calls a vision model (test/workflows/video-processing.test.ts checks every field it returns against this declaration)',
};

/** Results that are open-ended by design: reads of them are not checked. */
const OPEN_ENDED: Record<string, string> = {
  'mcp-server.execute': "execute_tool copies a mapping result's fields to the top, as py-orc reads them",
  'mcp-server.execute_tool': "a mapping result's fields are copied to the top, as py-orc reads them",
};

let context: ToolContext;
let server: Server;
let pageUrl: string;
beforeAll(async () => {
  server = createServer((_request, response) => response.end('<html><title>t</title><p>hi</p></html>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const workspaceRoot = await mkdtemp(join(tmpdir(), 'orc-result-schemas-'));
  await writeFile(join(workspaceRoot, 'seed.txt'), 'seed');
  context = {
    workspaceRoot,
    stepId: 's',
    workflowId: 'w',
    runId: 'r',
    settings: defaultToolSettings({ web: { allowPrivateAddresses: true } }),
  };
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function resultOf(name: string, parameters: Record<string, unknown>): Promise<Record<string, unknown>> {
  const [tool, action] = name.split('.') as [string, string];
  const result: unknown = await new MockActivityEnvironment().run(() =>
    BUILT_IN_TOOL_IMPLEMENTATIONS[tool]![action]!(parameters, context),
  );
  return result as Record<string, unknown>;
}

function declared(name: string): string[] {
  const [tool, action] = name.split('.') as [string, string];
  return [...(BUILT_IN_TOOLS[tool]!.actions[action]!.returns ?? [])].sort();
}

describe('declared result fields', () => {
  it('every built-in action declares them, and is run below or listed with a reason', () => {
    const all = Object.entries(BUILT_IN_TOOLS).flatMap(([tool, definition]) =>
      Object.keys(definition.actions).map((action) => `${tool}.${action}`),
    );
    for (const name of all) if (!(name in OPEN_ENDED)) expect(declared(name).length, name).toBeGreaterThan(0);
    for (const name of Object.keys(OPEN_ENDED)) expect(declared(name), name).toEqual([]);
    const covered = [...CALLS.map(([name]) => name), 'web.fetch', ...Object.keys(NOT_RUN), ...Object.keys(OPEN_ENDED)];
    expect(covered.sort()).toEqual(all.sort());
  });

  it.each(CALLS)('%s returns exactly its declared fields', async (name, parameters) => {
    if (SANDBOX && /^(terminal|python-executor|code)\./.test(name)) return;
    expect(Object.keys(await resultOf(name, parameters)).sort()).toEqual(declared(name));
  });

  it('web.fetch returns exactly its declared fields', async () => {
    expect(Object.keys(await resultOf('web.fetch', { url: pageUrl })).sort()).toEqual(declared('web.fetch'));
  });
});
