// The intermediate representation: what the compiler produces and the workflow interprets.
// Plain JSON only (it is the workflow's input). Templates stay source strings; the workflow
// renders them with lang/expr. Versioned: a change of shape bumps IR_VERSION.

export const IR_VERSION = 1;

export type ParameterType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';

export interface ParameterIR {
  type: ParameterType;
  required: boolean;
  default?: unknown;
  description?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  min_length?: number;
  max_length?: number;
  pattern?: string;
}

export interface RetryIR {
  max_attempts: number;
  initial_interval_ms: number;
  backoff: number;
  max_interval_ms: number;
  non_retryable: string[];
}

/** Where a step came from, for messages at run time. */
export interface LocationIR {
  line: number;
  column: number;
}

interface StepBaseIR {
  id: string;
  name?: string;
  description?: string;
  /** Every step this one waits for: `depends_on` plus the steps its templates read. */
  depends_on: string[];
  /** Per attempt of the step's activity. */
  timeout_ms: number;
  retry: RetryIR;
  on_failure: 'fail' | 'continue';
  task_queue?: string;
  /** Template of the one-line description shown in the Web UI. */
  summary?: string;
  location: LocationIR;
}

export interface ToolStepIR extends StepBaseIR {
  kind: 'tool';
  tool: string;
  action: string;
  /** Values may hold templates; rendered just before the step runs. */
  parameters: Record<string, unknown>;
}

export type StepIR = ToolStepIR;

export interface PipelineIR {
  ir_version: typeof IR_VERSION;
  id: string;
  name: string;
  version?: string;
  description?: string;
  /** `sha256:` of the IR itself (with this field empty): pins a run to its definition. */
  hash: string;
  source_file: string;
  parameters: Record<string, ParameterIR>;
  /** In the file's order; execution order comes from `depends_on`. */
  steps: StepIR[];
  outputs: Record<string, unknown>;
  timeout_ms?: number;
}

/** The workflow's input. */
export interface RunPipelineInput {
  ir: PipelineIR;
  inputs: Record<string, unknown>;
  /** False when the server lacks our search attributes and they could not be added. */
  search_attributes?: boolean;
}
