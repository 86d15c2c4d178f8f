// A run's event history: fetched from the server with large values brought back inline (so an
// exported file is complete on another machine), or read from a JSON file as `orc history`,
// the Temporal CLI or the Web UI export it.
import { readFile } from 'node:fs/promises';
import type { History } from '@temporalio/common/lib/proto-utils.js';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
// Internal to the SDK, as in find-run.ts: the pass its own clients make to bring stored values back.
import {
  extstoreInboundOptions,
  visit,
  walkGetWorkflowExecutionHistoryResponse,
} from '@temporalio/common/lib/internal-non-workflow/index.js';
import protos from '@temporalio/proto';
import type { Engine } from './connect.js';
import { CliError, EXIT } from './exit-codes.js';
import { findRun } from './find-run.js';

// A CommonJS package: under ESM its namespaces come through the default export.
const { temporal } = protos;

export interface RunHistory {
  workflowId: string;
  runId: string;
  workflowType: string;
  history: History;
}

export async function fetchRunHistory(engine: Engine, run: string): Promise<RunHistory> {
  const { description } = await findRun(engine, run);
  const history = await engine.client.workflow.getHandle(description.workflowId, description.runId).fetchHistory();
  const response = { history };
  await visit(
    response,
    walkGetWorkflowExecutionHistoryResponse,
    extstoreInboundOptions(engine.client.options.loadedDataConverter.externalStorage),
  );
  return {
    workflowId: description.workflowId,
    runId: description.runId,
    workflowType: description.type,
    history: response.history,
  };
}

export async function readHistoryFile(path: string): Promise<RunHistory> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read "${path}": ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      EXIT.invalid,
    );
  }
  let history: History;
  try {
    history = historyFromJSON(JSON.parse(text));
  } catch (error) {
    throw new CliError(
      `"${path}" is not a Temporal event history: ${(error as Error).message.split('\n')[0]}`,
      EXIT.invalid,
      'export one with orc history RUN --output FILE (or from the Web UI\'s "Download" of a run)',
    );
  }
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  if (!started)
    throw new CliError(
      `"${path}" is not a Temporal event history: its first event is not WorkflowExecutionStarted`,
      EXIT.invalid,
      'export one with orc history RUN --output FILE',
    );
  // Child workflow ids derive from the run's own id, so replay under the id it ran with.
  return {
    workflowId: started.workflowId || 'replayed-run',
    runId: started.originalExecutionRunId ?? '',
    workflowType: started.workflowType?.name ?? 'unknown',
    history,
  };
}

/** `WorkflowExecutionStarted`, `ActivityTaskScheduled`, …: the proto's enum names, shortened. */
export function eventTypeName(event: protos.temporal.api.history.v1.IHistoryEvent): string {
  const name = temporal.api.enums.v1.EventType[event.eventType ?? 0] ?? 'EVENT_TYPE_UNSPECIFIED';
  return name
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_match, _sep: string, letter: string) => letter.toUpperCase());
}
