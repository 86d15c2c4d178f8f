// An `mcp` step must name a server the pipeline declares in `mcp_servers`: a misspelt literal
// name is caught here; a templated one is checked when the step runs (McpServerNotDeclared).
import { isMap, isScalar, type Node, type Pair } from 'yaml';
import { closestMatch } from '../../diagnostics.js';
import { hasTemplate } from '../../expr/index.js';
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
