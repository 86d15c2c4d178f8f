// A small MCP server for the tests, built with the SDK's McpServer. Run as a script it serves
// stdio (`node --import tsx test/support/mcp-test-server.ts`); `startHttpMcpServer` serves
// streamable HTTP on a local port in the test process.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

export function buildTestMcpServer(options: { search?: boolean } = {}): McpServer {
  const server = new McpServer({ name: 'orc-test-server', version: '1.0.0' });
  server.registerTool('echo', { description: 'Says the text back', inputSchema: { text: z.string() } }, ({ text }) => ({
    content: [{ type: 'text', text: `echo: ${text}` }],
  }));
  server.registerTool(
    'add',
    {
      description: 'Adds two numbers',
      inputSchema: { a: z.number(), b: z.number() },
      outputSchema: { sum: z.number() },
    },
    ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }], structuredContent: { sum: a + b } }),
  );
  server.registerTool('fail', { description: 'Always reports an error', inputSchema: {} }, () => ({
    isError: true,
    content: [{ type: 'text', text: 'the widget is broken' }],
  }));
  // What a stdio server can see of its environment: the names only.
  server.registerTool('environment', { description: 'Lists environment variable names', inputSchema: {} }, () => ({
    content: [{ type: 'text', text: Object.keys(process.env).sort().join(',') }],
    structuredContent: { names: Object.keys(process.env).sort(), greeting: process.env.GREETING ?? null },
  }));
  server.registerTool(
    'sleep',
    { description: 'Waits a number of milliseconds', inputSchema: { ms: z.number() } },
    async ({ ms }) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return { content: [{ type: 'text', text: `slept ${ms}` }] };
    },
  );
  server.registerTool('pid', { description: "The server process's id", inputSchema: {} }, () => ({
    content: [{ type: 'text', text: String(process.pid) }],
  }));
  if (options.search) registerSearch(server);
  return server;
}

/** py-orc's duckduckgo_server.py's `search`, answered from a fixed list: no network. */
function registerSearch(server: McpServer): void {
  server.registerTool(
    'search',
    {
      description: 'Searches the web (canned results)',
      inputSchema: { query: z.string(), max_results: z.number().optional() },
    },
    ({ query, max_results }) => {
      const results = Array.from({ length: Math.min(max_results ?? 3, 3) }, (_, index) => ({
        title: `${query} result ${index + 1}`,
        url: `https://example.test/${index + 1}`,
      }));
      const found = { query, results, total: results.length };
      return { content: [{ type: 'text', text: JSON.stringify(found) }] };
    },
  );
}

export interface HttpMcpServer {
  url: string;
  /** Authorization headers the server saw, in order. */
  authorizations: (string | undefined)[];
  close(): Promise<void>;
}

/** Stateless streamable HTTP: a fresh server and transport per request, as the SDK's example does. */
export async function startHttpMcpServer(): Promise<HttpMcpServer> {
  const authorizations: (string | undefined)[] = [];
  const http: Server = createServer((request, response) => {
    authorizations.push(request.headers.authorization);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    const server = buildTestMcpServer();
    response.on('close', () => {
      void transport.close();
      void server.close();
    });
    server
      .connect(transport)
      .then(() => transport.handleRequest(request, response))
      .catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500).end(String(error));
      });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

if (
  process.argv[1] &&
  import.meta.url.endsWith(process.argv[1].split('/').pop()!) &&
  process.argv.includes('--stdio')
) {
  await buildTestMcpServer({ search: process.argv.includes('--with-search') }).connect(new StdioServerTransport());
}
