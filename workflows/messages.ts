// Queries, signals and updates: defined once, imported by the workflow and the client.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ProgressReport } from './result-document.js';

/** The one workflow's type name (workflows/run-pipeline.ts), as clients and schedules start it. */
export const PIPELINE_WORKFLOW_TYPE = 'runPipeline';

/** Where the run stands: every step's state (loops and approvals included). */
export const progressQuery = defineQuery<ProgressReport>('progress');

/** A step waiting for a person. `step` is its path: `review`, `per_item[3].review`, `child/review`. */
export interface PendingApproval {
  step: string;
  title: string;
  content?: unknown;
  /** JSON Schema of the form to fill in, if any. */
  fields?: Record<string, unknown>;
  allow_edit: boolean;
  require_comment: boolean;
  /** py-orc user-prompt: the kind of answer expected in `value`. */
  prompt?: { input_type: string; choices?: unknown; default?: unknown };
  requested_at: string;
  /** When it times out, and what happens then. */
  timeout_at?: string;
  on_timeout: 'reject' | 'approve' | 'fail';
}

export const pendingApprovalsQuery = defineQuery<PendingApproval[]>('pendingApprovals');

/** An answer to an approval, from `orc approve`/`orc reject`, the API or the Web UI. */
export interface ApprovalAnswer {
  step: string;
  approved: boolean;
  comment?: string;
  /** Who answered (the CLI sends the user name). */
  by?: string;
  /** Form answers, checked against the approval's `fields`. */
  answers?: Record<string, unknown>;
  /** Edited content, when the approval allows editing. */
  content?: unknown;
  /** py-orc user-prompt's answer. */
  value?: unknown;
}

export interface ApprovalReceipt {
  step: string;
  approved: boolean;
}

/**
 * The checked way to answer: the validator rejects unknown steps, steps that are not waiting
 * and answers that do not fit the form, so the caller learns at once.
 */
export const answerApprovalUpdate = defineUpdate<ApprovalReceipt, [ApprovalAnswer]>('answerApproval');

/**
 * The same answer as a signal, for tools that can only signal (the Web UI's "Send a Signal":
 * name `approval`, input `{"step": "review", "approved": true}`). A signal cannot be refused;
 * an invalid one is ignored and listed in the result's warnings.
 */
export const approvalSignal = defineSignal<[ApprovalAnswer]>('approval');

/** `orc budget raise`: new limits for a run whose budget is used up; refused unless above what is spent. */
export const raiseBudgetUpdate = defineUpdate<
  { max_cost_usd?: number; max_tokens?: number },
  [{ max_cost_usd?: number; max_tokens?: number }]
>('raiseBudget');

/**
 * An approval form's answers with the `default` of every field the approver left out — what
 * the run records and what `orc approve` sends, so `{{ review.urgent }}` exists when the
 * approver did not touch a checkbox that defaults to false.
 */
export function withFormDefaults(
  fields: Record<string, unknown> | undefined,
  answers: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const properties = fields?.properties;
  const filled: Record<string, unknown> = { ...answers };
  if (!properties || typeof properties !== 'object') return filled;
  for (const [name, property] of Object.entries(properties as Record<string, unknown>)) {
    if (filled[name] === undefined && property && typeof property === 'object' && 'default' in property)
      filled[name] = (property as { default: unknown }).default;
  }
  return filled;
}
