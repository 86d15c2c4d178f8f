// The `mcp` tool: list_tools and call_tool on a server the pipeline declares in `mcp_servers`.
// The declaration arrives in the tool context (ToolCallInput.mcp_server), never from the worker.
import { ApplicationFailure } from '@temporalio/activity';
import { ERROR_TYPES } from '../../../workflows/activity-interfaces.js';
import type { McpServerIR } from '../../../workflows/lang/ir.js';
import { toolFailure } from '../../tool-failure.js';
import type { ToolContext, ToolImplementation } from '../tool-implementation.js';
import type { McpSession } from './connect-mcp.js';

/** One tool call may run long; the step's own timeout cancels it sooner through the signal. */
export const MCP_REQUEST_TIMEOUT_MS = 10 * 60_000;
/** A server that pages its tool list forever is cut off here. */
const MAX_LIST_PAGES = 50;

export const mcp: ToolImplementation = {
  async list_tools(parameters, context) {
    const { name, server } = declaredServer(parameters, context);
    return session(name, server, context, async ({ client }) => {
      const tools: { name: string; description: string; input_schema: unknown }[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_LIST_PAGES; page++) {
        const listed = await client.listTools(cursor ? { cursor } : {}, requestOptions(context));
        for (const tool of listed.tools)
          tools.push({ name: tool.name, description: tool.description ?? '', input_schema: tool.inputSchema });
        cursor = listed.nextCursor;
        if (!cursor) break;
      }
      return { server: name, tools };
    });
  },

  async call_tool(parameters, context) {
    const { name, server } = declaredServer(parameters, context);
    const tool = parameters.tool;
    if (typeof tool !== 'string' || tool === '')
      throw toolFailure(ERROR_TYPES.toolError, 'mcp.call_tool needs "tool", the name of one of the server\'s tools', {
        retryable: false,
      });
    const args = parameters.arguments ?? {};
    if (typeof args !== 'object' || args === null || Array.isArray(args))
      throw toolFailure(
        ERROR_TYPES.toolError,
        `mcp.call_tool "arguments" must be a mapping, not ${JSON.stringify(args)}`,
        { retryable: false },
      );
    return session(name, server, context, async ({ client }) => {
      const result = await client.callTool(
        { name: tool, arguments: args as Record<string, unknown> },
        undefined,
        requestOptions(context),
      );
      const content = (Array.isArray(result.content) ? result.content : []) as { type: string; text?: string }[];
      const text = content
        .filter((part) => part.type === 'text' && typeof part.text === 'string')
        .map((part) => part.text)
        .join('\n');
      // The tool itself said it failed: the same arguments will fail again.
      if (result.isError)
        throw toolFailure(ERROR_TYPES.mcpToolError, `MCP tool "${name}.${tool}" failed: ${text || 'no message'}`, {
          retryable: false,
        });
      return { server: name, tool, content, structured_content: result.structuredContent ?? null, text };
    });
  },
};

export function declaredServer(
  parameters: Record<string, unknown>,
  context: ToolContext,
): { name: string; server: McpServerIR } {
  const name = parameters.server;
  if (typeof name !== 'string' || name === '')
    throw toolFailure(
      ERROR_TYPES.toolError,
      'the mcp tool needs "server", the name of a server in the pipeline\'s mcp_servers',
      { retryable: false },
    );
  if (!context.mcpServer)
    throw toolFailure(
      ERROR_TYPES.mcpServerNotDeclared,
      `MCP server "${name}" is not declared in the pipeline's mcp_servers`,
      { retryable: false },
    );
  return { name, server: context.mcpServer };
}

function requestOptions(context: ToolContext) {
  return {
    timeout: MCP_REQUEST_TIMEOUT_MS,
    resetTimeoutOnProgress: true,
    ...(context.signal ? { signal: context.signal } : {}),
  };
}

/**
 * A session with protocol errors mapped: timeouts and dropped connections may pass on a retry.
 * The MCP SDK is loaded by the first call, not when the worker starts.
 */
export async function session<T>(
  name: string,
  server: McpServerIR,
  context: ToolContext,
  body: (session: McpSession) => Promise<T>,
): Promise<T> {
  const [{ withMcpSession }, { ErrorCode, McpError }] = await Promise.all([
    import('./connect-mcp.js'),
    import('@modelcontextprotocol/sdk/types.js'),
  ]);
  return withMcpSession(
    name,
    server,
    { workspaceRoot: context.workspaceRoot, signal: context.signal },
    async (opened) => {
      try {
        return await body(opened);
      } catch (error) {
        if (error instanceof ApplicationFailure || context.signal?.aborted || !(error instanceof McpError))
          throw withStderr(error, opened);
        const retryable = error.code === ErrorCode.RequestTimeout || error.code === ErrorCode.ConnectionClosed;
        throw toolFailure(ERROR_TYPES.mcpToolError, `MCP server "${name}": ${error.message}${stderrNote(opened)}`, {
          retryable,
        });
      }
    },
  );
}

function withStderr(error: unknown, opened: McpSession): unknown {
  if (!(error instanceof Error) || error instanceof ApplicationFailure) return error;
  const note = stderrNote(opened);
  if (note) error.message += note;
  return error;
}

function stderrNote(opened: McpSession): string {
  const tail = opened.stderrTail();
  return tail ? `\nserver stderr: ${tail}` : '';
}
