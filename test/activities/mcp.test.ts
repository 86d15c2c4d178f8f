// The mcp tool called directly against the test MCP server, over stdio (a child process) and
// streamable HTTP (a local port): result shapes, tool errors, the environment a server sees.
import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_INHERITED_ENV_VARS } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import type { ToolCallOutput } from '../../workflows/activity-interfaces.js';
import type { McpServerIR } from '../../workflows/lang/ir.js';
import { startHttpMcpServer, type HttpMcpServer } from '../support/mcp-test-server.js';
import { stdioTestServer } from '../support/mcp-servers.js';

let workspace: string;
let http: HttpMcpServer;

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'orc-mcp-'));
  http = await startHttpMcpServer();
});
afterAll(() => http.close());

function call(
  action: string,
  parameters: Record<string, unknown>,
  server: McpServerIR | undefined,
  environment = new MockActivityEnvironment(),
): Promise<ToolCallOutput> {
  const runTool = createActivities({ workspaceRoot: workspace }).runTool;
  return environment.run(runTool, {
    tool: 'mcp',
    action,
    parameters,
    step_id: 's',
    workflow_id: 'w',
    run_id: 'r',
    ...(server ? { mcp_server: server } : {}),
  });
}

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

const transports = () =>
  [
    ['stdio', stdioTestServer()],
    ['streamable HTTP', { url: http.url, headers: { Authorization: 'Bearer test-token' } }],
  ] as const;

describe.each(['stdio', 'streamable HTTP'])('the mcp tool over %s', (kind) => {
  const server = () => Object.fromEntries(transports())[kind] as McpServerIR;

  it('lists the tools with their input schemas', async () => {
    const { result } = await call('list_tools', { server: 'test' }, server());
    const listed = result as {
      server: string;
      tools: { name: string; description: string; input_schema: { properties?: object } }[];
    };
    expect(listed.server).toBe('test');
    expect(listed.tools.map((tool) => tool.name)).toEqual(['echo', 'add', 'fail', 'environment', 'sleep', 'pid']);
    expect(listed.tools[0]).toMatchObject({
      description: 'Says the text back',
      input_schema: { type: 'object', properties: { text: { type: 'string' } } },
    });
  });

  it('calls a tool: content, text and structured content', async () => {
    expect(
      (await call('call_tool', { server: 'test', tool: 'echo', arguments: { text: 'hi' } }, server())).result,
    ).toEqual({
      server: 'test',
      tool: 'echo',
      content: [{ type: 'text', text: 'echo: hi' }],
      structured_content: null,
      text: 'echo: hi',
    });
    const added = (await call('call_tool', { server: 'test', tool: 'add', arguments: { a: 2, b: 40 } }, server()))
      .result;
    expect(added).toMatchObject({ text: '42', structured_content: { sum: 42 } });
  });

  it("fails non-retryably with the tool's own text when the tool reports an error", async () => {
    const failure = await failureOf(call('call_tool', { server: 'test', tool: 'fail' }, server()));
    expect(failure.type).toBe('McpToolError');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('the widget is broken');
  });

  it('fails non-retryably on arguments the server rejects and on an unknown tool', async () => {
    const wrong = await failureOf(
      call('call_tool', { server: 'test', tool: 'add', arguments: { a: 'two' } }, server()),
    );
    expect(wrong.type).toBe('McpToolError');
    expect(wrong.nonRetryable).toBe(true);
    const unknown = await failureOf(call('call_tool', { server: 'test', tool: 'nope' }, server()));
    expect(unknown.nonRetryable).toBe(true);
    expect(unknown.message).toContain('nope');
  });
});

describe('the mcp tool', () => {
  it('passes the declared headers to a streamable HTTP server', async () => {
    const before = http.authorizations.length;
    await call('list_tools', { server: 'remote' }, { url: http.url, headers: { Authorization: 'Bearer abc' } });
    expect(http.authorizations.slice(before)).toContain('Bearer abc');
  });

  it("gives a stdio server only PATH and the declared env, never the worker's secrets", async () => {
    process.env.ORC_TEST_SECRET_KEY = 'sk-should-not-leak';
    try {
      const declared = stdioTestServer({ GREETING: 'hello' });
      const { result } = await call('call_tool', { server: 'test', tool: 'environment' }, declared);
      const seen = (result as { structured_content: { names: string[]; greeting: string } }).structured_content;
      expect(seen.greeting).toBe('hello');
      expect(seen.names).not.toContain('ORC_TEST_SECRET_KEY');
      // Beyond PATH and the declaration, only the SDK's short list of non-secret basics (HOME, USER, …).
      // NODE_V8_COVERAGE is set when the suite measures coverage, and Node's child_process copies it
      // into every child's environment whatever env the caller passes — a test artefact, not a leak.
      const allowed = ['PATH', 'GREETING', 'NODE_V8_COVERAGE', ...DEFAULT_INHERITED_ENV_VARS];
      expect(seen.names.filter((name) => !allowed.includes(name) && process.env[name] !== undefined)).toEqual([]);
    } finally {
      delete process.env.ORC_TEST_SECRET_KEY;
    }
  });

  it('says when the step names a server the pipeline does not declare', async () => {
    const failure = await failureOf(call('list_tools', { server: 'ghost' }, undefined));
    expect(failure.type).toBe('McpServerNotDeclared');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('"ghost"');
  });

  it('fails non-retryably when the command does not exist, retryably when nothing listens', async () => {
    const missing = await failureOf(call('list_tools', { server: 'x' }, { command: 'orc-no-such-mcp-server' }));
    expect(missing.type).toBe('McpConnectionFailed');
    expect(missing.nonRetryable).toBe(true);
    const closed = await failureOf(call('list_tools', { server: 'x' }, { url: 'http://127.0.0.1:9/mcp' }));
    expect(closed.type).toBe('McpConnectionFailed');
    expect(closed.nonRetryable).toBe(false);
  });

  it('says what a crashing stdio server wrote on stderr', async () => {
    const failure = await failureOf(
      call(
        'list_tools',
        { server: 'x' },
        { command: process.execPath, args: ['-e', 'console.error("bad config: no token"); process.exit(3)'] },
      ),
    );
    expect(failure.type).toBe('McpConnectionFailed');
    expect(failure.message).toContain('bad config: no token');
  });

  it('ends the stdio server when the step is cancelled', async () => {
    const environment = new MockActivityEnvironment();
    const started = Date.now();
    const marker = `--marker=${process.pid}-${started}`;
    const pending = call(
      'call_tool',
      { server: 'test', tool: 'sleep', arguments: { ms: 60_000 } },
      stdioTestServer({}, [marker]),
      environment,
    );
    await waitFor(() => processesWith(marker) > 0);
    environment.cancel();
    await expect(pending).rejects.toBeDefined();
    await waitFor(() => processesWith(marker) === 0);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

function processesWith(marker: string): number {
  return execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(marker)).length;
}

async function waitFor(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
