// Where a run stands (`orc status`): from the workflow's progress query while it runs, from
// its result document once it has ended.
import type { WorkflowExecutionDescription, WorkflowHandle } from '@temporalio/client';
import { pendingApprovalsQuery, progressQuery, type PendingApproval } from '../workflows/messages.js';
import type {
  ErrorInfo,
  PendingApprovalSummary,
  ProgressReport,
  ResultDocument,
  StepReport,
} from '../workflows/result-document.js';
import { PIPELINE_ID_ATTRIBUTE } from '../workflows/search-attributes.js';
import type { Engine } from './connect.js';
import { formatDuration } from './format-time.js';
import { askWithin, isRunning, runInputOf, type FoundRun } from './find-run.js';
import { resultOf } from './follow-run.js';
import { workflowTaskFailure, workflowTaskFailureNote, type WorkflowTaskFailure } from './workflow-task-failure.js';

export type Usage = ResultDocument['usage'];

/** What `orc status --json` prints. */
export interface RunStatusReport {
  workflow_id: string;
  run_id: string;
  pipeline_id: string | null;
  /** `terminated` for a run ended by `orc terminate` (its result document says `failed`, error type `Terminated`). */
  status: ProgressReport['status'] | 'terminated';
  task_queue: string;
  started_at: string;
  closed_at?: string;
  duration_ms: number;
  steps: Record<string, StepReport>;
  /** In full; only the summary when the run could not be asked for more. */
  pending_approvals: Array<PendingApproval | PendingApprovalSummary>;
  /** Usage and cost so far; null when the run does not report it yet. */
  usage: Usage | null;
  error?: ErrorInfo;
  web_ui: string | null;
  /** Why steps are missing: no worker answered, or the workflow task is failing. */
  note?: string;
  /** Set when the run's workflow task is failing: the worker's message and the attempts. */
  workflow_task_failure?: WorkflowTaskFailure;
}

/** The progress report, read defensively: older workflows lack approvals, usage may come. */
type ProgressAnswer = Omit<ProgressReport, 'pending_approvals'> & {
  pending_approvals?: PendingApprovalSummary[];
  usage?: Usage;
};

export const QUERY_TIMEOUT_MS = 5_000;

export async function runStatus(engine: Engine, run: FoundRun, link: string | undefined): Promise<RunStatusReport> {
  const { description } = run;
  const base = {
    workflow_id: description.workflowId,
    run_id: description.runId,
    pipeline_id: description.typedSearchAttributes.get(PIPELINE_ID_ATTRIBUTE) ?? null,
    task_queue: description.taskQueue,
    started_at: description.startTime.toISOString(),
    web_ui: link ?? null,
  };
  if (isRunning(description)) return { ...base, ...(await runningStatus(engine, run.handle, description)) };
  const document = await closedRunDocument(engine, run.handle, description);
  return {
    ...base,
    pipeline_id: base.pipeline_id ?? (document.pipeline.id || null),
    status: description.status.name === 'TERMINATED' ? 'terminated' : document.status,
    closed_at: document.run.completed_at,
    duration_ms: document.run.duration_ms,
    steps: document.steps,
    pending_approvals: [],
    usage: document.usage,
    ...(document.error ? { error: document.error } : {}),
  };
}

async function runningStatus(engine: Engine, handle: WorkflowHandle, description: WorkflowExecutionDescription) {
  const duration_ms = Date.now() - description.startTime.getTime();
  let progress: ProgressAnswer;
  try {
    progress = await askWithin(engine, QUERY_TIMEOUT_MS, () => handle.query(progressQuery));
  } catch (error) {
    // A failing workflow task also fails queries: say so, rather than blame a missing worker.
    const failing = await workflowTaskFailure(engine, description).catch(() => undefined);
    const note = failing
      ? workflowTaskFailureNote(failing, description.workflowId)
      : `no worker answered within ${formatDuration(QUERY_TIMEOUT_MS)} (${firstLine(error)}); is a worker polling task queue "${description.taskQueue}"? (orc worker)`;
    return {
      status: 'running' as const,
      duration_ms,
      steps: {},
      pending_approvals: [],
      usage: null,
      note,
      ...(failing ? { workflow_task_failure: failing } : {}),
    };
  }
  // The query may still be answered (from the last good state) while new tasks fail.
  const failing =
    (description.raw.pendingWorkflowTask?.attempt ?? 0) > 1
      ? await workflowTaskFailure(engine, description).catch(() => undefined)
      : undefined;
  const summaries = Array.isArray(progress.pending_approvals) ? progress.pending_approvals : undefined;
  const pending = summaries?.length === 0 ? [] : await pendingApprovalsOf(engine, handle).catch(() => summaries ?? []);
  return {
    status: progress.status,
    duration_ms,
    steps: progress.steps,
    pending_approvals: pending,
    usage: progress.usage ?? null,
    ...(failing ? { workflow_task_failure: failing } : {}),
  };
}

/**
 * The result document of an ended run. Cancelled and timed-out runs return none, so their
 * steps come from asking the (replaying) workflow, when a worker answers.
 */
export async function closedRunDocument(
  engine: Engine,
  handle: WorkflowHandle,
  description: WorkflowExecutionDescription,
): Promise<ResultDocument> {
  const input = await runInputOf(engine, description.workflowId, description.runId);
  let steps: Record<string, StepReport> = {};
  const document = await resultOf(handle, input?.ir, input?.inputs ?? {}, () => steps);
  if (Object.keys(document.steps).length > 0) return document;
  try {
    steps = (await askWithin(engine, QUERY_TIMEOUT_MS, () => handle.query(progressQuery))).steps;
  } catch {
    // No worker to replay the run: the document stands without its steps.
  }
  return { ...document, steps };
}

/** Pending approvals of a running run; [] when it has none or cannot say (older workflow). */
export async function pendingApprovalsOf(engine: Engine, handle: WorkflowHandle): Promise<PendingApproval[]> {
  try {
    const answer = await askWithin(engine, QUERY_TIMEOUT_MS, () => handle.query(pendingApprovalsQuery));
    return Array.isArray(answer) ? answer : [];
  } catch (error) {
    if (/handler|registered|unknown query/i.test(firstLine(error))) return [];
    throw error;
  }
}

export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
