import { defineTool } from './definition.js';

const server = {
  type: 'string',
  required: true,
  description: "the name of a server in the pipeline's `mcp_servers`",
} as const;

export const mcpTool = defineTool({
  name: 'mcp',
  description: 'Tools offered by an MCP (Model Context Protocol) server that the pipeline declares in `mcp_servers`.',
  actions: {
    list_tools: {
      description: "List the server's tools with their input schemas.",
      parameters: { server },
      returns: ['server', 'tools'],
      result: '{ server, tools: [{ name, description, input_schema }] }',
    },
    call_tool: {
      description: 'Call one tool of the server; an error the tool reports fails the step.',
      parameters: {
        server,
        tool: { type: 'string', required: true, description: 'the tool name, as list_tools gives it' },
        arguments: {
          type: 'object',
          default: {},
          description: "the tool's arguments, checked against its input schema by the server",
        },
      },
      returns: ['server', 'tool', 'content', 'structured_content', 'text'],
      result:
        '{ server, tool, content: [{ type, text? }], structured_content, text } — text joins the text parts of content',
    },
  },
});
