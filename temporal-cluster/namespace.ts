// What a fresh cluster lacks and the dev server has from the start: the `default` namespace and
// our search attributes (with SQL visibility they belong to the namespace). Then a probe run
// proves that a workflow can start with them and be found by them (history and visibility up).
import { Client, Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common';
import protos from '@temporalio/proto';

// A CommonJS package: under ESM its namespaces come through the default export.
const { temporal } = protos;

const INDEXED_TYPES: Record<string, protos.temporal.api.enums.v1.IndexedValueType> = {
  Keyword: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Double: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  Text: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
};
const ALREADY_EXISTS = 6;
const RETENTION = '3 days';

export async function prepareNamespace(
  address: string,
  namespace: string,
  searchAttributes: Record<string, string>,
  timeoutMs: number,
): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: 10_000 });
  try {
    await untilDone(() => registerNamespace(connection, namespace), timeoutMs, `registering namespace ${namespace}`);
    await untilDone(
      () => addSearchAttributes(connection, namespace, searchAttributes),
      timeoutMs,
      'adding the search attributes',
    );
    await untilDone(() => probe(connection, namespace, searchAttributes), timeoutMs, 'a probe run');
  } finally {
    await connection.close();
  }
}

async function registerNamespace(connection: Connection, namespace: string): Promise<void> {
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs(RETENTION),
    });
  } catch (error) {
    if ((error as { code?: number }).code !== ALREADY_EXISTS) throw error;
  }
}

async function addSearchAttributes(connection: Connection, namespace: string, types: Record<string, string>) {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const present = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = Object.entries(types).filter(([name]) => !present.has(name));
  if (missing.length === 0) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(
      missing.map(([name, type]) => {
        const indexed = INDEXED_TYPES[type];
        if (indexed === undefined) throw new Error(`search attribute ${name}: unknown type ${type}`);
        return [name, indexed];
      }),
    ),
  });
  const listed = await connection.operatorService.listSearchAttributes({ namespace });
  const absent = missing.filter(([name]) => !(name in (listed.customAttributes ?? {})));
  if (absent.length > 0) throw new Error(`not listed yet: ${absent.map(([name]) => name).join(', ')}`);
}

/**
 * Each service caches namespaces for a few seconds: a run started with our attributes and
 * found by one of them proves the frontend, history and visibility all know them.
 */
async function probe(connection: Connection, namespace: string, types: Record<string, string>): Promise<void> {
  const client = new Client({ connection, namespace });
  const keyword = Object.entries(types).find(([, type]) => type === 'Keyword')?.[0];
  const workflowId = `orc-cluster-probe-${Date.now()}`;
  const handle = await client.workflow.start('orcClusterProbe', {
    workflowId,
    taskQueue: 'orc-cluster-probe',
    searchAttributes: keyword ? { [keyword]: [workflowId] } : {},
  });
  try {
    const query = keyword ? `${keyword} = "${workflowId}"` : `WorkflowId = "${workflowId}"`;
    const deadline = Date.now() + 15_000;
    while (!(await listed(client, query, workflowId))) {
      if (Date.now() > deadline) throw new Error(`the probe run was not found by ${query} within 15 s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await handle.terminate('cluster probe').catch(() => {});
  }
}

async function listed(client: Client, query: string, workflowId: string): Promise<boolean> {
  for await (const execution of client.workflow.list({ query })) if (execution.workflowId === workflowId) return true;
  return false;
}

async function untilDone(action: () => Promise<void>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await action();
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`Timed out after ${timeoutMs / 1000} s ${what}: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
