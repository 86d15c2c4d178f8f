// One MCP session per tool call: connect to the declared server (a child process over stdio, or
// streamable HTTP), run the request, close. A connection per call keeps a worker stateless —
// no pooled process outlives a step or leaks between pipelines — at the price of a spawn or an
// HTTP handshake per call.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpServerIR } from '../../../workflows/lang/ir.js';
import { ERROR_TYPES } from '../../../workflows/activity-interfaces.js';
import { toolFailure } from '../../tool-failure.js';

/** Starting a server and the initialize handshake; a server slower than this is broken. */
export const MCP_CONNECT_TIMEOUT_MS = 30_000;
/** Kept on the server's stderr for error messages, so a crashing server says why. */
const STDERR_TAIL_CHARS = 2_000;

export interface McpSession {
  client: Client;
  /** The last lines the server wrote on stderr (stdio only). */
  stderrTail(): string;
}

export interface McpConnectOptions {
  workspaceRoot: string;
  signal?: AbortSignal;
}

/** Runs `body` with a connected client and always closes it (and so ends a stdio child). */
export async function withMcpSession<T>(
  name: string,
  server: McpServerIR,
  options: McpConnectOptions,
  body: (session: McpSession) => Promise<T>,
): Promise<T> {
  const stderr = { text: '' };
  const transport = transportFor(name, server, options.workspaceRoot, stderr);
  const client = new Client({ name: 'orchestrator-temporal', version: '0.1.0' });
  const close = () => void client.close().catch(() => undefined);
  // A cancelled step must not leave a server process behind.
  options.signal?.addEventListener('abort', close, { once: true });
  try {
    await connect(name, client, transport, options.signal, () => stderr.text);
    return await body({ client, stderrTail: () => stderr.text.trim() });
  } finally {
    options.signal?.removeEventListener('abort', close);
    await client.close().catch(() => undefined);
  }
}

async function connect(
  name: string,
  client: Client,
  transport: Transport,
  signal: AbortSignal | undefined,
  stderr: () => string,
): Promise<void> {
  try {
    await client.connect(transport, { timeout: MCP_CONNECT_TIMEOUT_MS, ...(signal ? { signal } : {}) });
  } catch (error) {
    if (signal?.aborted) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const tail = stderr().trim();
    // A command that does not exist will not appear on a retry; anything else might.
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw toolFailure(
      ERROR_TYPES.mcpConnectionFailed,
      `cannot connect to MCP server "${name}": ${message}${tail ? `\nserver stderr: ${tail}` : ''}`,
      { retryable: !missing },
    );
  }
}

function transportFor(name: string, server: McpServerIR, workspaceRoot: string, stderr: { text: string }): Transport {
  if (server.url) {
    let url: URL;
    try {
      url = new URL(server.url);
    } catch {
      throw toolFailure(ERROR_TYPES.mcpConnectionFailed, `MCP server "${name}" has an invalid url "${server.url}"`, {
        retryable: false,
      });
    }
    return new StreamableHTTPClientTransport(url, { requestInit: { headers: server.headers ?? {} } });
  }
  if (!server.command)
    throw toolFailure(ERROR_TYPES.mcpConnectionFailed, `MCP server "${name}" declares neither "command" nor "url"`, {
      retryable: false,
    });
  const transport = new StdioClientTransport({
    command: server.command,
    args: server.args ?? [],
    env: serverEnvironment(server),
    cwd: workspaceRoot,
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr.text = (stderr.text + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
  });
  return transport;
}

/**
 * A stdio server sees only what the pipeline declares plus PATH (to find its command) — and the
 * SDK's own short list of non-secret basics it always adds (HOME, LOGNAME, SHELL, TERM, USER) —
 * never the worker's provider keys or other secrets. PATH is the worker process's own search
 * path, not configuration, so it is read here rather than in workers/config.ts.
 */
export function serverEnvironment(server: McpServerIR): Record<string, string> {
  const path = process.env.PATH;
  return { ...(path ? { PATH: path } : {}), ...server.env };
}
