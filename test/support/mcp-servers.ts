// Declarations of the test MCP server (mcp-test-server.ts) as a pipeline's mcp_servers holds them.
import { fileURLToPath } from 'node:url';
import type { McpServerIR } from '../../workflows/lang/ir.js';

export const mcpTestServerScript = fileURLToPath(new URL('./mcp-test-server.ts', import.meta.url));

/** node with tsx's loader by absolute URL: the server runs in the workspace, not the repository. */
export function stdioTestServer(env: Record<string, string> = {}, extraArgs: string[] = []): McpServerIR {
  return {
    command: process.execPath,
    args: ['--import', import.meta.resolve('tsx'), mcpTestServerScript, '--stdio', ...extraArgs],
    env,
  };
}
