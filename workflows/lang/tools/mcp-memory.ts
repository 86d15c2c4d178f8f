// py-orc's `mcp-memory` tool (mcp_tools.py): a namespaced key/value memory for the run, kept in
// the workflow's own state (workflows/interpreter/run-memory.ts, docs/decisions/0014).
import { defineTool } from './definition.js';

const namespace = { type: 'string', default: 'default', description: 'the namespace of the key' } as const;
const key = { type: 'string', description: 'the key' } as const;

export const MCP_MEMORY_ACTIONS = ['store', 'retrieve', 'list', 'delete', 'clear'] as const;

const results = {
  store: '{ success, namespace, key, stored, ttl }',
  retrieve: '{ success, namespace, key, found, value?, expired?, metadata? }',
  list: '{ success, namespace, keys, count }',
  delete: '{ success, namespace, key, deleted }',
  clear: '{ success, namespace, cleared }',
};

export const mcpMemoryTool = defineTool({
  name: 'mcp-memory',
  description: 'A key/value memory shared by the steps of one run, in namespaces; durable with the run.',
  actions: {
    execute: {
      description: "py-orc's form: the `action` parameter says which of store, retrieve, list, delete, clear.",
      parameters: {
        action: { type: 'string', required: true, enum: MCP_MEMORY_ACTIONS, description: 'what to do' },
        namespace,
        key,
        value: { type: 'any', description: 'store: the value (any JSON value)' },
        ttl: {
          type: 'number',
          default: 0,
          description: "store: seconds the value lives, by the run's clock; 0: for the run",
        },
      },
      returns: [
        'success',
        'namespace',
        'key',
        'stored',
        'ttl',
        'found',
        'value',
        'expired',
        'metadata',
        'keys',
        'count',
        'deleted',
        'cleared',
      ],
      result: Object.entries(results)
        .map(([action, result]) => `${action} ${result}`)
        .join('; '),
    },
    store: {
      description: 'Store a value under a key; a stored key is replaced.',
      parameters: {
        namespace,
        key: { ...key, required: true },
        value: { type: 'any', required: true, description: 'the value (any JSON value)' },
        ttl: { type: 'number', default: 0, description: "seconds the value lives, by the run's clock; 0: for the run" },
      },
      returns: ['success', 'namespace', 'key', 'stored', 'ttl'],
      result: results.store,
    },
    retrieve: {
      description: 'Read a key: found false when it is absent or expired.',
      parameters: { namespace, key: { ...key, required: true } },
      returns: ['success', 'namespace', 'key', 'found', 'value', 'expired', 'metadata'],
      result: results.retrieve,
    },
    list: {
      description: 'The live keys of a namespace, in the order they were stored.',
      parameters: { namespace },
      returns: ['success', 'namespace', 'keys', 'count'],
      result: results.list,
    },
    delete: {
      description: 'Remove one key.',
      parameters: { namespace, key: { ...key, required: true } },
      returns: ['success', 'namespace', 'key', 'deleted'],
      result: results.delete,
    },
    clear: {
      description: 'Remove every key of a namespace.',
      parameters: { namespace },
      result: results.clear,
      returns: ['success', 'namespace', 'cleared'],
    },
  },
});
