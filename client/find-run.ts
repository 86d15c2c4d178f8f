// `RUN` on the command line: a workflow id, optionally followed by `/runId`. Finding it, and
// what the commands that inspect a run need from Temporal besides the workflow's own answers.
import { WorkflowNotFoundError, type WorkflowExecutionDescription, type WorkflowHandle } from '@temporalio/client';
// Internal to the SDK, but the very calls its own result() makes: large inputs live in external
// storage (workers/external-storage.ts), and only this pass brings them back.
import {
  decodeFromPayloadsAtIndex,
  extstoreInboundOptions,
  visit,
  walkGetWorkflowExecutionHistoryResponse,
} from '@temporalio/common/lib/internal-non-workflow/index.js';
import type { RunPipelineInput } from '../workflows/lang/ir.js';
import { loadCliConfig, type CliConfig } from './config.js';
import { connectToEngine, type Engine } from './connect.js';
import { CliError, EXIT } from './exit-codes.js';

export interface RunReference {
  workflowId: string;
  runId?: string;
}

export interface FoundRun {
  handle: WorkflowHandle;
  description: WorkflowExecutionDescription;
}

const RUN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A trailing `/<uuid>` is the run id; anything else belongs to the workflow id. */
export function parseRunReference(text: string): RunReference {
  const slash = text.lastIndexOf('/');
  const tail = slash >= 0 ? text.slice(slash + 1) : '';
  const reference = RUN_ID.test(tail) ? { workflowId: text.slice(0, slash), runId: tail } : { workflowId: text };
  if (reference.workflowId.trim() === '')
    throw new CliError(`"${text}" is not a run: expected a workflow id, optionally followed by /runId`, EXIT.invalid);
  return reference;
}

/** Connects without ever starting a server (only `orc run` and `orc dev` do that). */
export async function withEngine<T>(
  log: (message: string) => void,
  body: (engine: Engine, config: CliConfig) => Promise<T>,
): Promise<T> {
  const config = await loadCliConfig();
  const engine = await connectToEngine(config, { startLocal: false, log });
  try {
    return await body(engine, config);
  } finally {
    await engine.connection.close().catch(() => {});
  }
}

export async function findRun(engine: Engine, text: string): Promise<FoundRun> {
  const reference = parseRunReference(text);
  try {
    const handle = engine.client.workflow.getHandle(reference.workflowId, reference.runId);
    const description = await handle.describe();
    if (description.status.name !== 'CONTINUED_AS_NEW') return { handle, description };
    // Long runs continue as new: RUN names the whole chain, which goes on in its latest run.
    const latest = engine.client.workflow.getHandle(reference.workflowId);
    return { handle: latest, description: await latest.describe() };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      throw new CliError(
        `no run "${text}" in namespace "${engine.namespace}" on ${engine.address}`,
        EXIT.invalid,
        'orc list shows the recent runs',
      );
    }
    throw error;
  }
}

export function isRunning(description: WorkflowExecutionDescription): boolean {
  return description.status.name === 'RUNNING';
}

/** What the run was started with: its compiled pipeline and inputs (the first history event). */
export async function runInputOf(
  engine: Engine,
  workflowId: string,
  runId: string,
): Promise<RunPipelineInput | undefined> {
  const response = await engine.client.workflowService.getWorkflowExecutionHistory({
    namespace: engine.namespace,
    execution: { workflowId, runId },
    maximumPageSize: 1,
  });
  const converter = engine.client.options.loadedDataConverter;
  await visit(response, walkGetWorkflowExecutionHistoryResponse, extstoreInboundOptions(converter.externalStorage));
  const payloads = response.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads;
  if (!payloads?.length) return undefined;
  const input = await decodeFromPayloadsAtIndex<RunPipelineInput>(converter, 0, payloads);
  return input && typeof input === 'object' && 'ir' in input ? input : undefined;
}

/**
 * A workflow's answer (query, update) within `timeoutMs`: only a worker can answer, and with
 * none polling the server would keep the call open for a minute.
 */
export async function askWithin<T>(engine: Engine, timeoutMs: number, ask: () => Promise<T>): Promise<T> {
  return await engine.connection.withDeadline(Date.now() + timeoutMs, ask);
}
