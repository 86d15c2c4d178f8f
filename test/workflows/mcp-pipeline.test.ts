// The mcp tool through real pipelines on the real server: servers declared in `mcp_servers`
// (stdio and streamable HTTP), their results read by later steps, a tool error failing the run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePipeline } from '../../workflows/lang/compile/index.js';
import type { PipelineIR } from '../../workflows/lang/ir.js';
import { stdioTestServer } from '../support/mcp-servers.js';
import { startHttpMcpServer, type HttpMcpServer } from '../support/mcp-test-server.js';
import { runPipelineDocument } from '../support/run-document.js';
import { withWorker } from '../support/temporal.js';

let http: HttpMcpServer;
beforeAll(async () => {
  http = await startHttpMcpServer();
});
afterAll(() => http.close());

function compile(text: string): PipelineIR {
  const result = compilePipeline(text, { file: 'mcp-test.yaml' });
  if (!result.ir) throw new Error(result.diagnostics.map((item) => `${item.code} ${item.message}`).join('\n'));
  return result.ir;
}

// JSON is YAML: the declarations carry absolute paths of this machine.
const pipeline = () => `
id: mcp_tools
parameters:
  topic: {type: string}
mcp_servers:
  local: ${JSON.stringify(stdioTestServer({ GREETING: 'hi' }))}
  remote: ${JSON.stringify({ url: http.url, headers: { Authorization: 'Bearer pipeline-token' } })}
steps:
  - id: discover
    tool: mcp
    action: list_tools
    parameters: {server: local}
  - id: echo
    tool: mcp
    action: call_tool
    parameters:
      server: local
      tool: echo
      arguments: {text: "{{ topic }} ({{ discover.result.tools | length }} tools)"}
  - id: add
    tool: mcp
    action: call_tool
    parameters:
      server: remote
      tool: add
      arguments: {a: 40, b: 2}
outputs:
  echoed: "{{ echo.result.text }}"
  sum: "{{ add.result.structured_content.sum }}"
  first_tool: "{{ discover.result.tools[0].name }}"
`;

describe('mcp steps on a real server', () => {
  it('lists and calls tools on stdio and streamable HTTP servers the pipeline declares', async () => {
    const ir = compile(pipeline());
    await withWorker(async (engine) => {
      const document = await runPipelineDocument(engine, ir, { topic: 'temporal' });
      expect(document.status).toBe('completed');
      expect(document.outputs).toEqual({ echoed: 'echo: temporal (6 tools)', sum: 42, first_tool: 'echo' });
      expect(http.authorizations).toContain('Bearer pipeline-token');
    });
  });

  it("fails the run non-retryably with the tool's text when an MCP tool reports an error", async () => {
    const ir = compile(`
id: mcp_failure
mcp_servers:
  local: ${JSON.stringify(stdioTestServer())}
steps:
  - id: broken
    tool: mcp
    action: call_tool
    retry: {max_attempts: 3}
    parameters: {server: local, tool: fail}
  - id: templated
    tool: mcp
    action: list_tools
    parameters: {server: "{{ 'gh' ~ 'ost' }}"}
`);
    await withWorker(async (engine) => {
      const document = await runPipelineDocument(engine, ir);
      expect(document.status).toBe('failed');
      expect(document.steps.broken).toMatchObject({ status: 'failed', attempts: 1 });
      expect(JSON.stringify(document.steps.broken)).toContain('the widget is broken');
      expect(document.steps.broken!.error).toMatchObject({ type: 'McpToolError' });
      // A templated name is checked when the step runs.
      expect(document.steps.templated).toMatchObject({
        status: 'failed',
        attempts: 1,
        error: { type: 'McpServerNotDeclared' },
      });
    });
  });
});
