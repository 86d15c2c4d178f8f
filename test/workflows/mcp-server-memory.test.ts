// py-orc's mcp-server and mcp-memory tools through real pipelines on the real server: the
// corpus's mcp_integration_pipeline.yaml end to end against the test MCP server (started by
// the file's own `python …duckduckgo_server.py`, a stand-in written into the workspace), and
// every action of both tools in their own form.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePipeline } from '../../workflows/lang/compile/index.js';
import type { PipelineIR } from '../../workflows/lang/ir.js';
import { mcpTestServerScript, stdioTestServer } from '../support/mcp-servers.js';
import { documentOf, runPipelineDocument, startPipeline } from '../support/run-document.js';
import { compatRoot, compileFile, withWorker } from '../support/temporal.js';

/** py-orc's server path in the example, as a Python script that becomes the test MCP server. */
async function writeStandIn(workspace: string): Promise<void> {
  const folder = join(workspace, 'src/orchestrator/tools/mcp_servers');
  await mkdir(folder, { recursive: true });
  const argv = [
    process.execPath,
    '--import',
    import.meta.resolve('tsx'),
    mcpTestServerScript,
    '--stdio',
    '--with-search',
  ];
  await writeFile(
    join(folder, 'duckduckgo_server.py'),
    `import os\nos.execv(${JSON.stringify(process.execPath)}, ${JSON.stringify(argv)})\n`,
  );
}

function compile(text: string): PipelineIR {
  const result = compilePipeline(text, { file: 'mcp-memory-test.yaml' });
  if (!result.ir) throw new Error(result.diagnostics.map((item) => `${item.code} ${item.message}`).join('\n'));
  return result.ir;
}

describe('mcp-server and mcp-memory', () => {
  it('mcp_integration_pipeline.yaml connects, lists, searches, remembers and saves the results', async () => {
    const ir = await compileFile(join(compatRoot, 'mcp_integration_pipeline.yaml'));
    expect(Object.keys(ir.mcp_servers ?? {})).toEqual(['duckduckgo-search']);
    await withWorker(async (engine) => {
      await writeStandIn(engine.workspaceRoot);
      const document = await runPipelineDocument(engine, ir, { search_query: 'temporal workflows' });
      expect(document.status, JSON.stringify(document.steps)).toBe('completed');
      expect(document.outputs.connected).toBe(true);
      expect(document.outputs.tools_available).toBe(7);
      expect(document.outputs.results_saved).toBe(true);
      expect(document.steps.list_memory?.result).toMatchObject({ keys: ['query', 'results'], count: 2 });
      const saved = JSON.parse(
        await readFile(join(engine.workspaceRoot, document.outputs.output_file as string), 'utf8'),
      ) as { query: string; total: number; results: { title: string }[]; memory_keys: string[] };
      expect(saved).toMatchObject({ query: 'temporal workflows', total: 3, memory_keys: ['query', 'results'] });
      expect(saved.results[0]?.title).toBe('temporal workflows result 1');
      expect(document.steps.disconnect_mcp?.result).toMatchObject({ success: true, server_name: 'duckduckgo-search' });
    });
  });

  it('runs every memory action in the workflow, and the mcp-server actions by name', async () => {
    const ir = compile(`
id: memory_actions
mcp_servers:
  local: ${JSON.stringify(stdioTestServer())}
steps:
  - {id: put_a, tool: mcp-memory, action: store, parameters: {namespace: notes, key: a, value: {n: 1}}}
  - {id: put_b, tool: mcp-memory, action: store, parameters: {namespace: notes, key: b, value: [2], ttl: 0.001}, depends_on: [put_a]}
  - {id: put_c, tool: mcp-memory, action: store, parameters: {key: c, value: three}, depends_on: [put_b]}
  - {id: pause, wait: 50ms, depends_on: [put_c]}
  - {id: get_a, tool: mcp-memory, action: retrieve, parameters: {namespace: notes, key: a}, depends_on: [pause]}
  - {id: get_b, tool: mcp-memory, action: retrieve, parameters: {namespace: notes, key: b}, depends_on: [pause]}
  - {id: listed, tool: mcp-memory, action: list, parameters: {namespace: notes}, depends_on: [pause]}
  - {id: dropped, tool: mcp-memory, action: delete, parameters: {key: c}, depends_on: [listed]}
  - {id: cleared, tool: mcp-memory, action: clear, parameters: {namespace: notes}, depends_on: [dropped]}
  - {id: after, tool: mcp-memory, action: execute, parameters: {action: list, namespace: notes}, depends_on: [cleared]}
  - {id: sum, tool: mcp-server, action: execute_tool, parameters: {server_name: local, tool_name: add, tool_params: {a: 1, b: 2}}}
  - {id: bye, tool: mcp-server, action: disconnect, parameters: {server_name: local}}
outputs:
  a: "{{ get_a.result.value.n }}"
  b_found: "{{ get_b.result.found }}"
  b_expired: "{{ get_b.result.expired }}"
  keys: "{{ listed.result.keys }}"
  deleted: "{{ dropped.result.deleted }}"
  after: "{{ after.result.count }}"
  sum: "{{ sum.result.result.sum }}"
`);
    await withWorker(async (engine) => {
      const document = await runPipelineDocument(engine, ir);
      expect(document.status, JSON.stringify(document.steps)).toBe('completed');
      expect(document.outputs).toEqual({
        a: 1,
        b_found: false,
        b_expired: true,
        keys: ['a'],
        deleted: true,
        after: 0,
        sum: 3,
      });
      // The memory is the workflow's: no activity ran for it.
      const handle = engine.client.workflow.getHandle(document.run.workflow_id);
      const scheduled = (await handle.fetchHistory()).events?.filter(
        (event) => event.activityTaskScheduledEventAttributes,
      );
      expect(scheduled?.map((event) => event.activityTaskScheduledEventAttributes?.activityType?.name)).toEqual([
        'runTool',
        'runTool',
      ]);
    });
  });

  it('fails a store without a key with a clear message, not a stack trace', async () => {
    const ir = compile(`
id: memory_mistake
steps:
  - {id: put, tool: mcp-memory, action: execute, parameters: {action: store, key: "{{ '' }}", value: 1}}
`);
    await withWorker(async (engine) => {
      const document = await runPipelineDocument(engine, ir);
      expect(document.status).toBe('failed');
      expect(document.steps.put?.error).toEqual({
        type: 'ToolError',
        message: 'step "put": mcp-memory store needs "key", a non-empty text, not ""',
      });
    });
  });

  it('keeps the memory across continue-as-new', async () => {
    const ir = compile(`
id: memory_continued
steps:
  - id: fill
    until: "{{ fill.iteration >= 29 }}"
    max_iterations: 30
    steps:
      - {id: put, tool: mcp-memory, action: store, parameters: {namespace: loop, key: "k{{ fill.iteration }}", value: "{{ fill.iteration }}"}}
      # A regular activity: history grows by six events an iteration. A timer, even of 1 ms, took
      # about a second an iteration on the dev server (30 s of the suite).
      - {id: tick, tool: filesystem, action: exists, execution: activity, parameters: {path: tick}, depends_on: [put]}
  - {id: listed, tool: mcp-memory, action: list, parameters: {namespace: loop}, depends_on: [fill]}
outputs:
  count: "{{ listed.result.count }}"
  last: "{{ listed.result.keys | last }}"
`);
    await withWorker(async (engine) => {
      const handle = await startPipeline(engine, ir, {}, { continue_as_new_after_events: 40 });
      const document = await documentOf(handle);
      expect(document.status, JSON.stringify(document.steps)).toBe('completed');
      expect(document.run.run_id).not.toBe(handle.firstExecutionRunId);
      // Every iteration's key, stored in earlier runs of the chain too.
      const iterations = document.steps.fill?.iterations as number;
      expect(iterations).toBeGreaterThan(20);
      expect(document.outputs).toEqual({ count: iterations, last: `k${iterations - 1}` });
    });
  });
});
