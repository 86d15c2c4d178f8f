// py-orc's `mcp-server` tool over the mcp tool's per-call sessions, with py-orc's result fields.
// The server's declaration arrives in the tool context, as for the mcp tool: a connect step's
// server_config was declared by the compiler, and the parameter itself is not read here.
import { ERROR_TYPES } from '../../../workflows/activity-interfaces.js';
import { parseJsonOr } from '../../../workflows/lang/json-text.js';
import { toolFailure } from '../../tool-failure.js';
import type { ToolAction, ToolContext, ToolImplementation } from '../tool-implementation.js';
import { declaredServer, mcp, session } from './mcp-tool.js';

const asServer = (parameters: Record<string, unknown>) => ({ server: parameters.server_name });

const connect: ToolAction = async (parameters, context) => {
  const { name, server } = declaredServer(asServer(parameters), context);
  const capabilities = await session(name, server, context, ({ client }) =>
    Promise.resolve(client.getServerCapabilities() ?? {}),
  );
  return { success: true, server_name: name, connected: true, capabilities };
};

const listTools: ToolAction = async (parameters, context) => {
  const listed = (await mcp.list_tools!(asServer(parameters), context)) as { tools: unknown[] };
  return { success: true, server_name: parameters.server_name, tools: listed.tools };
};

const executeTool: ToolAction = async (parameters, context) => {
  const called = (await mcp.call_tool!(
    { server: parameters.server_name, tool: parameters.tool_name, arguments: parameters.tool_params ?? {} },
    context,
  )) as { content: unknown[]; structured_content: unknown; text: string };
  const result = called.structured_content ?? parseJsonOr(called.text, called.text);
  // In py-orc a step's `result` names this field, while here it names the step's whole result:
  // a mapping's fields are also at the top, so `search.result.total` reads the same in both.
  const fields = result && typeof result === 'object' && !Array.isArray(result) ? result : {};
  return {
    ...fields,
    success: true,
    server_name: parameters.server_name,
    tool_name: parameters.tool_name,
    result,
    content: called.content,
    text: called.text,
  };
};

const disconnect: ToolAction = (parameters, context: ToolContext) => {
  const { name } = declaredServer(asServer(parameters), context);
  return Promise.resolve({ success: true, server_name: name, message: `Disconnected from server '${name}'` });
};

const byName: Record<string, ToolAction> = { connect, list_tools: listTools, execute_tool: executeTool, disconnect };

export const mcpServer: ToolImplementation = {
  ...byName,
  execute(parameters, context) {
    const action = typeof parameters.action === 'string' ? byName[parameters.action] : undefined;
    if (!action)
      throw toolFailure(
        ERROR_TYPES.toolError,
        `mcp-server's action must be one of ${Object.keys(byName).join(', ')}, not ${JSON.stringify(parameters.action)}`,
        { retryable: false },
      );
    return action(parameters, context);
  },
};
