// An `mcp` step must name a server the pipeline declares in `mcp_servers`: a misspelt literal
// name is caught here; a templated one is checked when the step runs (McpServerNotDeclared).
import { isMap, isScalar, type Node, type Pair } from 'yaml';
import { closestMatch } from '../../diagnostics.js';
import { hasTemplate } from '../../expr/index.js';
import type { McpServerIR } from '../../ir.js';
import type { CompileContext } from '../context.js';
import type { Entry } from '../mapping.js';
import { pointerJoin } from '../source.js';

export function checkMcpServer(context: CompileContext, id: string, parametersEntry: Entry | undefined): void {
  if (!parametersEntry || !isMap(parametersEntry.value)) return;
  const pair = (parametersEntry.value.items as Pair<Node, Node | null>[]).find(
    (item) => isScalar(item.key) && item.key.value === 'server',
  );
  if (!pair || !isScalar(pair.value) || typeof pair.value.value !== 'string') return;
  const name = pair.value.value;
  const declared = context.mcpServers ?? [];
  if (hasTemplate(name) || name.includes('<AUTO') || declared.includes(name)) return;
  const suggestion = closestMatch(name, [...declared]);
  const hint = suggestion
    ? `did you mean "${suggestion}"?`
    : declared.length
      ? `declared servers: ${declared.join(', ')}`
      : 'declare it under the top-level "mcp_servers:" (command/args/env for stdio, url/headers for streamable HTTP)';
  context.source.report(
    'error',
    'E_MCP_SERVER',
    pair.value,
    pointerJoin(parametersEntry.pointer, 'server'),
    `step "${id}" uses MCP server "${name}", which mcp_servers does not declare`,
    hint,
  );
}

/**
 * py-orc's `mcp-server` names its server `server_name`; a connect step with a literal
 * `server_config` declares it (as `mcp_servers` would), so the steps after it may use it.
 */
export function checkPyOrcMcpServer(
  context: CompileContext,
  id: string,
  action: string,
  parametersEntry: Entry | undefined,
  toolEntry: Entry,
): void {
  const parameters = parametersEntry && isMap(parametersEntry.value) ? parametersEntry.value : undefined;
  const node = (key: string) =>
    (parameters?.items as Pair<Node, Node | null>[] | undefined)?.find(
      (item) => isScalar(item.key) && item.key.value === key,
    )?.value ?? null;
  const inner = node('action');
  const what = action === 'execute' && isScalar(inner) ? String(inner.value) : action;
  const nameNode = node('server_name');
  if (!isScalar(nameNode) || typeof nameNode.value !== 'string' || hasTemplate(nameNode.value)) return;
  const name = nameNode.value;
  const config = node('server_config');
  if (what === 'connect' && config) return declareConnected(context, id, name, config, parametersEntry!);
  const declared = [...(context.mcpServers ?? []), ...Object.keys(context.connectedMcpServers ?? {})];
  if (declared.includes(name)) return;
  const suggestion = closestMatch(name, declared);
  context.source.report(
    'error',
    'E_MCP_SERVER',
    nameNode,
    pointerJoin(parametersEntry?.pointer ?? toolEntry.pointer, 'server_name'),
    `step "${id}" uses MCP server "${name}", which neither mcp_servers nor an earlier connect step declares`,
    suggestion
      ? `did you mean "${suggestion}"?`
      : 'declare it under the top-level "mcp_servers:", or connect to it first with server_config',
  );
}

function declareConnected(context: CompileContext, id: string, name: string, config: Node, parametersEntry: Entry) {
  const value = config.toJSON() as unknown;
  const pointer = pointerJoin(parametersEntry.pointer, 'server_config');
  const server = value && typeof value === 'object' && !Array.isArray(value) ? (value as McpServerIR) : undefined;
  const templated = JSON.stringify(value).includes('{{');
  if (!server || templated || (typeof server.command !== 'string' && typeof server.url !== 'string')) {
    context.source.report(
      'error',
      'E_MCP_SERVER',
      config,
      pointer,
      `step "${id}": server_config of MCP server "${name}" must be a literal mapping with "command" (stdio) or "url" (streamable HTTP)`,
      'write the server as it is, without templates: {command: python, args: [server.py], env: {}}',
    );
    return;
  }
  if ((context.mcpServers ?? []).includes(name)) return;
  const fields = ['command', 'args', 'env', 'url', 'headers'] as const;
  const declared = Object.fromEntries(fields.filter((field) => field in server).map((field) => [field, server[field]]));
  context.connectedMcpServers = { ...context.connectedMcpServers, [name]: declared as McpServerIR };
}
