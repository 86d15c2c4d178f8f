// The run `orc rerun` starts from: it must exist, be a pipeline run and have ended — or be
// paused on its budget, waiting with nothing in flight for a raise that a fork can replace.
import type { RunPipelineInput } from '../workflows/lang/ir.js';
import type { StepReport } from '../workflows/result-document.js';
import { PIPELINE_WORKFLOW_TYPE, progressQuery } from '../workflows/messages.js';
import type { Engine } from './connect.js';
import { CliError, EXIT } from './exit-codes.js';
import { askWithin, findRun, isRunning, runInputOf } from './find-run.js';
import { QUERY_TIMEOUT_MS, closedRunDocument } from './run-status.js';

export interface RerunSource {
  workflowId: string;
  runId: string;
  /** The compiled pipeline and inputs it ran with. */
  input: Pick<RunPipelineInput, 'ir' | 'inputs'>;
  /** Set when the source still runs, paused on its budget since then. */
  budgetPausedSince?: string;
  /** Its top-level steps that completed; undefined when it cannot say (no worker to ask). */
  completedSteps?: string[];
}

export async function findRerunSource(engine: Engine, text: string): Promise<RerunSource> {
  const { handle, description } = await findRun(engine, text);
  const id = description.workflowId;
  if (description.type !== PIPELINE_WORKFLOW_TYPE)
    throw new CliError(`run ${id} is a ${description.type} workflow, not a pipeline run of orc`, EXIT.invalid);
  let budgetPausedSince: string | undefined;
  let steps: Record<string, StepReport> | undefined;
  if (isRunning(description)) {
    const progress = await askWithin(engine, QUERY_TIMEOUT_MS, () => handle.query(progressQuery)).catch(
      () => undefined,
    );
    budgetPausedSince = progress?.budget_paused_since;
    steps = progress?.steps;
    if (!budgetPausedSince)
      throw new CliError(
        `run ${id} is still running: a rerun reuses what a run has finished, so it starts from an ended run (or one paused on its budget)`,
        EXIT.invalid,
        `wait for it to end (orc watch ${id}) or cancel it (orc cancel ${id}), then rerun it`,
      );
  }
  const input = await runInputOf(engine, id, description.runId);
  if (!input) throw new CliError(`run ${id} has no pipeline in its input: it was not started by orc`, EXIT.invalid);
  steps ??= await closedRunDocument(engine, handle, description)
    .then((document) => document.steps)
    .catch(() => undefined);
  const completed =
    steps && Object.keys(steps).length > 0
      ? Object.keys(steps).filter((step) => steps[step]?.status === 'completed')
      : undefined;
  return {
    workflowId: id,
    runId: description.runId,
    input: { ir: input.ir, inputs: input.inputs },
    ...(budgetPausedSince ? { budgetPausedSince } : {}),
    ...(completed ? { completedSteps: completed } : {}),
  };
}
