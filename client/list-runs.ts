// Finding runs through the visibility store: by pipeline with our search attribute
// OrcPipelineId, by status with Temporal's ExecutionStatus — the authority on how a run ended
// (the workflow's own OrcStatus, meant for the Web UI, cannot record a cancellation, a timeout
// or a termination).
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { PIPELINE_ID_ATTRIBUTE, RUN_STATUS_ATTRIBUTE } from '../workflows/search-attributes.js';
import type { Engine } from './connect.js';
import { CliError, EXIT } from './exit-codes.js';
import { PIPELINE_WORKFLOW_TYPE } from '../workflows/messages.js';

export const LIST_STATUSES = ['running', 'waiting', 'paused', 'completed', 'failed', 'cancelled', 'timed_out'] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];

const STATUS_CLAUSES: Record<ListStatus, string> = {
  running: "ExecutionStatus = 'Running'",
  // Running and waiting for a person, or for its budget to be raised (the run's own OrcStatus).
  waiting: `ExecutionStatus = 'Running' AND ${RUN_STATUS_ATTRIBUTE.name} = 'waiting'`,
  paused: `ExecutionStatus = 'Running' AND ${RUN_STATUS_ATTRIBUTE.name} = 'paused'`,
  completed: "ExecutionStatus = 'Completed'",
  failed: "ExecutionStatus IN ('Failed', 'Terminated')",
  cancelled: "ExecutionStatus = 'Canceled'",
  timed_out: "ExecutionStatus = 'TimedOut'",
};

const EXECUTION_STATUSES: Record<string, string> = {
  RUNNING: 'running',
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  TIMED_OUT: 'timed_out',
  TERMINATED: 'terminated',
  CONTINUED_AS_NEW: 'continued_as_new',
  PAUSED: 'paused',
};

/** What `orc list --json` prints per run. */
export interface RunRow {
  workflow_id: string;
  run_id: string;
  pipeline_id: string | null;
  status: string;
  started_at: string;
  closed_at: string | null;
  duration_ms: number;
  /** A rerun's source run (`orc rerun`), from the run's memo. */
  rerun_of: string | null;
}

export interface RunFilter {
  status?: ListStatus;
  pipeline?: string;
}

export function parseListStatus(text: string | undefined): ListStatus | undefined {
  if (text === undefined) return undefined;
  if ((LIST_STATUSES as readonly string[]).includes(text)) return text as ListStatus;
  throw new CliError(`--status "${text}" is not a run status`, EXIT.invalid, `one of: ${LIST_STATUSES.join(', ')}`);
}

export function listQuery(filter: RunFilter): string {
  const clauses = [`WorkflowType = '${PIPELINE_WORKFLOW_TYPE}'`];
  if (filter.pipeline !== undefined) clauses.push(`${PIPELINE_ID_ATTRIBUTE.name} = ${quote(filter.pipeline)}`);
  if (filter.status) clauses.push(STATUS_CLAUSES[filter.status]);
  return clauses.join(' AND ');
}

/**
 * At most `limit` runs, newest first. The dev server's store cannot ORDER BY, and lists open
 * runs first, then by closing time: the page is sorted here by start time.
 */
export async function listRuns(engine: Engine, filter: RunFilter, limit: number): Promise<RunRow[]> {
  const rows: RunRow[] = [];
  for await (const info of engine.client.workflow.list({ query: listQuery(filter), pageSize: Math.min(limit, 100) })) {
    rows.push(runRow(info, Date.now()));
    if (rows.length >= limit) break;
  }
  return rows.sort((a, b) => b.started_at.localeCompare(a.started_at));
}

export function runRow(info: WorkflowExecutionInfo, now: number): RunRow {
  const closed = info.closeTime;
  return {
    workflow_id: info.workflowId,
    run_id: info.runId,
    pipeline_id: info.typedSearchAttributes.get(PIPELINE_ID_ATTRIBUTE) ?? null,
    status: displayStatus(info.status.name, info.typedSearchAttributes.get(RUN_STATUS_ATTRIBUTE)),
    started_at: info.startTime.toISOString(),
    closed_at: closed ? closed.toISOString() : null,
    duration_ms: (closed?.getTime() ?? now) - info.startTime.getTime(),
    rerun_of: sourceRunOf(info.memo),
  };
}

function sourceRunOf(memo: Record<string, unknown> | undefined): string | null {
  const source = memo?.orc_source_run as { workflow_id?: unknown } | undefined;
  return typeof source?.workflow_id === 'string' ? source.workflow_id : null;
}

/** Temporal's status; while running, the workflow's own when it says more (e.g. paused). */
export function displayStatus(execution: string, orcStatus: string | undefined): string {
  if (execution === 'RUNNING' && orcStatus && !['running', 'completed', 'failed'].includes(orcStatus)) return orcStatus;
  return EXECUTION_STATUSES[execution] ?? execution.toLowerCase();
}

function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
