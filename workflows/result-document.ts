// The result document of cli.md: what `orc run --json` and `orc result --json` print.
// Shared by the workflow (which builds it) and the client (which prints it).

export type RunStatus = 'completed' | 'failed' | 'cancelled' | 'timed_out';
export type StepStatus = 'pending' | 'running' | 'completed' | 'failed' | 'skipped' | 'cancelled';

export interface ErrorInfo {
  type: string;
  message: string;
  step?: string;
}

export interface StepReport {
  status: StepStatus;
  success: boolean;
  result?: unknown;
  error?: ErrorInfo;
  /** A failure that on_error handlers dealt with: the run goes on and stays successful. */
  handled?: boolean;
  /** Why a step was skipped: its condition, or a jump from another step. */
  skipped_by?: string;
  attempts?: number;
  /** Tool steps: how the tool ran — a regular activity, or a local activity on the workflow's worker. */
  execution?: 'local' | 'activity';
  /** A local step that moved on to a regular activity, and why (its local budget or attempts ran out). */
  local_fallback?: string;
  started_at?: string;
  duration_ms?: number;
  /** A step's declared `location` (py-orc), rendered: a tool step's, or where a natural-language step's product went. */
  location?: string;
  model?: string;
  /** Models of a fallback chain that failed before `model` answered, with their error types. */
  fallbacks?: string[];
  usage?: { input_tokens?: number; output_tokens?: number };
  cost_usd?: number;
  /** Loops: iterations run; each iteration's body step values; whether the condition ended it. */
  iterations?: number;
  each?: Record<string, StepReport>[];
  completed?: boolean;
  /** Approvals. */
  approved?: boolean;
  comment?: string;
  by?: string;
  /** Agent steps: model turns taken, and each turn's text and tool calls with their results. */
  turns?: number;
  transcript?: TranscriptTurn[];
  /** Runtime <AUTO> answers, by the pointer of the value they filled. */
  auto?: Record<string, unknown>;
  /** A rerun's step whose every call was answered from the source run: nothing was called or paid now. */
  reused?: ReusedFrom;
  /** A rerun's step that ran partly live: how many of its calls were answered from the source run. */
  reused_calls?: number;
  /** A step whose every model call was answered from the response cache (`cache:`): nothing was called or paid now. */
  cached?: CachedFrom;
  /** An agent step some of whose turns were answered from the response cache: how many. */
  cached_calls?: number;
}

export interface CachedFrom {
  calls: number;
  /** When the (first) entry was made. */
  created_at: string;
  /** What those calls used and cost when they were made; not spent again. */
  usage?: { input_tokens: number; output_tokens: number };
  cost_usd?: number;
}

export interface ReusedFrom {
  /** The source run's workflow id. */
  run: string;
  /** The step's path there (the same as here: the path is part of every call's fingerprint). */
  step: string;
  calls: number;
  /** What those calls used and cost when the source run made them; not spent again. */
  usage?: { input_tokens: number; output_tokens: number };
  cost_usd?: number;
}

export interface ResultDocument {
  pipeline: { id: string; name: string; version?: string; hash: string };
  run: {
    workflow_id: string;
    run_id: string;
    task_queue: string;
    started_at: string;
    completed_at: string;
    duration_ms: number;
  };
  status: RunStatus;
  success: boolean;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  steps: Record<string, StepReport>;
  usage: { model_calls: number; input_tokens: number; output_tokens: number; cost_usd: number };
  warnings?: string[];
  error?: ErrorInfo;
  /** A rerun: the run it reused, and how many calls were answered from it or made live. */
  reuse?: RunReuse;
}

export interface RunReuse {
  workflow_id: string;
  run_id?: string;
  reused_calls: number;
  live_calls: number;
}

/** Where a run stands, for the `progress` query and `orc status`. */
export interface ProgressReport {
  pipeline_id: string;
  status: 'running' | RunStatus;
  steps: Record<string, StepReport>;
  pending_approvals: PendingApprovalSummary[];
  /** Model usage and cost so far. */
  usage: ResultDocument['usage'];
  /** Set while the run waits for its budget to be raised (`on_exceed: pause`). */
  budget_paused_since?: string;
}

/** The part of a pending approval that progress shows (the full one: pendingApprovals query). */
export interface PendingApprovalSummary {
  step: string;
  title: string;
  requested_at: string;
}

/** The error type a failed run carries; its details hold the result document. */
export const PIPELINE_FAILED = 'PipelineFailed';

/** One turn of an agent step: the model's text and the tools it called, with what they gave. */
export interface TranscriptTurn {
  turn: number;
  model: string;
  text: string;
  tool_calls: {
    name: string;
    arguments: Record<string, unknown>;
    result?: unknown;
    error?: { type: string; message: string };
  }[];
}
