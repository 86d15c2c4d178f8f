// What every part of the interpreter needs: the run's fixed facts, its clock, the approvals
// registry, and the hooks for progress and for draining before continue-as-new.
import type { PipelineIR, StepIR } from '../lang/ir.js';
import type { RunSecrets } from '../lang/secrets.js';
import type { ApprovalRegistry } from './approvals.js';
import type { BudgetTracker } from './budget.js';
import type { ListOutcome } from './run-list.js';
import type { ListState } from './run-state.js';
import type { LocalWindow } from './local-window.js';
import type { RunSlots } from './run-slots.js';
import type { ReuseSession } from './reuse.js';
import type { RenderOptions } from '../lang/expr/index.js';
import type { RunMemory } from './run-memory.js';

export interface InterpreterContext {
  ir: PipelineIR;
  inputs: Record<string, unknown>;
  /** `execution`, `execution_id`, … fixed for the run. */
  variables: Record<string, unknown>;
  /** The run's secret-token nonce and the names redacted from every activity's results. */
  secrets: RunSecrets;
  workflowId: string;
  /** Deterministic workflow time. */
  clock(): number;
  now(): string;
  /** How templates are rendered in this run: its clock, and its limits (template-costs.ts). */
  templateOptions: RenderOptions;
  /** After any change of any step's state: progress, current details. */
  changed(): void;
  approvals: ApprovalRegistry;
  budget: BudgetTracker;
  /** True once the run should continue as new: start nothing new, let loops pause. */
  draining(): boolean;
  warnings: string[];
  /** The run-wide cap on steps running at once. */
  slots: RunSlots;
  /** A rerun's source run and what it answers (reuse.ts); absent in every other run. */
  reuse?: ReuseSession;
  /** How many local steps run at once and share one workflow task (local-window.ts). */
  localWindow: LocalWindow;
  /** The run's `mcp-memory` (workflow-tools/run-memory.ts). */
  memory: RunMemory;
  /** Runs a nested list (a loop body, on_error handlers) as the top level is run. */
  runList(steps: readonly StepIR[], frame: Frame): Promise<ListOutcome>;
}

/** One step list being run: the top level, a loop iteration's body, or on_error handlers. */
export interface Frame {
  parent?: Frame;
  state: ListState;
  /** Prefix of step paths in this list: '', 'loop[2].', 'fetch.on_error.' */
  path: string;
  /** Names bound in this list: loop variables, `error`, the loop's own `<id>.iteration`. */
  variables: Record<string, unknown>;
}

export function childFrame(parent: Frame, state: ListState, path: string, variables: Record<string, unknown>): Frame {
  return { parent, state, path, variables };
}
