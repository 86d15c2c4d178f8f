// py-orc's `mcp-server` tool (mcp_tools.py) mapped onto the mcp tool's sessions: `connect`,
// `list_tools`, `execute_tool`, `disconnect`, as the `execute` action's `action` parameter (py-orc's
// form) or as actions of their own. A session lasts one call, so connect checks the server and
// disconnect has nothing to close (docs/tools/mcp.md).
import { defineTool } from './definition.js';

const serverName = {
  type: 'string',
  required: true,
  description: "the server's name: one in `mcp_servers`, or one a connect step declares with server_config",
} as const;
const serverConfig = {
  type: 'object',
  description: 'connect: the server (command, args, env for stdio; url, headers for HTTP); declares it for the run',
} as const;
const toolName = { type: 'string', description: 'execute_tool: the tool to call, as list_tools gives it' } as const;
const toolParams = { type: 'object', default: {}, description: "execute_tool: the tool's arguments" } as const;

const connectResult = '{ success, server_name, connected, capabilities }';
const listResult = '{ success, server_name, tools: [{ name, description, input_schema }] }';
const callResult =
  '{ success, server_name, tool_name, result, content, text } — result: the structured result, else the text read as JSON, else the text';
const disconnectResult = '{ success, server_name, message }';

export const MCP_SERVER_ACTIONS = ['connect', 'list_tools', 'execute_tool', 'disconnect'] as const;

export const mcpServerTool = defineTool({
  name: 'mcp-server',
  description: "py-orc's MCP client tool: connect to, list and call tools of, and disconnect from an MCP server.",
  actions: {
    execute: {
      description: "py-orc's form: the `action` parameter says which of connect, list_tools, execute_tool, disconnect.",
      parameters: {
        action: { type: 'string', required: true, enum: MCP_SERVER_ACTIONS, description: 'what to do' },
        server_name: serverName,
        server_config: serverConfig,
        tool_name: toolName,
        tool_params: toolParams,
      },
      result: `connect ${connectResult}; list_tools ${listResult}; execute_tool ${callResult}; disconnect ${disconnectResult}`,
    },
    connect: {
      description: 'Start a session with the server and end it: proves it answers; returns its capabilities.',
      parameters: { server_name: serverName, server_config: serverConfig },
      returns: ['success', 'server_name', 'connected', 'capabilities'],
      result: connectResult,
    },
    list_tools: {
      description: "List the server's tools.",
      parameters: { server_name: serverName },
      returns: ['success', 'server_name', 'tools'],
      result: listResult,
    },
    execute_tool: {
      description: 'Call one tool of the server; an error the tool reports fails the step.',
      parameters: { server_name: serverName, tool_name: { ...toolName, required: true }, tool_params: toolParams },
      result: callResult,
    },
    disconnect: {
      description: 'Nothing stays open between steps, so there is nothing to close; kept for py-orc pipelines.',
      parameters: { server_name: serverName },
      returns: ['success', 'server_name', 'message'],
      result: disconnectResult,
    },
  },
});
