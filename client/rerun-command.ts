// The body of `orc rerun` (client/commands/rerun.ts has its options): a new run of RUN's
// pipeline (or of the edited file) that reuses every call RUN already made with the same
// fingerprint and runs the rest live (docs/forensics.md). `--from STEP` runs STEP and what
// depends on it live; with `--file`, the steps the edit changed and what depends on them.
import { unsupportedFeatures } from '../workflows/lang/runnable.js';
import type { PipelineIR } from '../workflows/lang/ir.js';
import type { OutputFormat } from './arguments.js';
import { loadCliConfig } from './config.js';
import { connectToEngine } from './connect.js';
import { CliError, EXIT } from './exit-codes.js';
import { declaredInputs, resolveInputs } from './parse-inputs.js';
import { planRerun, type RerunPlan } from './rerun-plan.js';
import { findRerunSource, type RerunSource } from './rerun-source.js';
import { startAndFollowRerun } from './rerun-start.js';
import type { CommandContext } from './commands/command.js';
import { defaultWorkflowId } from './commands/run.js';
import { compileOrExit } from './compile-or-exit.js';

export interface RerunArguments {
  run: string;
  from?: string;
  file?: string;
  inputs: string[];
  inputsFile?: string;
  id?: string;
  detach: boolean;
  format?: OutputFormat;
  taskQueue?: string;
}

export async function rerun(args: RerunArguments, context: CommandContext): Promise<number> {
  const config = await loadCliConfig({ taskQueue: args.taskQueue });
  // A file that does not compile is said before anything is asked of the server.
  const edited = args.file !== undefined ? await compileOrExit(args.file, config.color, context) : undefined;
  const engine = await connectToEngine(config, { startLocal: false, log: context.note });
  try {
    const source = await findRerunSource(engine, args.run);
    const ir = edited ?? source.input.ir;
    const unsupported = unsupportedFeatures(ir);
    if (unsupported.length > 0)
      throw new CliError(
        `${args.file ?? `the pipeline of run ${source.workflowId}`} cannot run with this version of orc:\n  ${unsupported.join('\n  ')}`,
        EXIT.invalid,
      );
    const plan = planRerun(source.input.ir, ir, args.from);
    const inputs = await rerunInputs(args, ir, source);
    context.note(planNote(source, plan, ir));
    return await startAndFollowRerun(
      engine,
      config,
      {
        workflowId: args.id ?? defaultWorkflowId(ir.id),
        input: {
          ir,
          inputs,
          reuse: { workflow_id: source.workflowId, run_id: source.runId, live_steps: plan.live },
        },
        detach: args.detach,
        ...(args.format ? { format: args.format } : {}),
      },
      context,
    );
  } finally {
    await engine.connection.close().catch(() => {});
  }
}

/** The source run's inputs, then `--inputs`, then `-i`; checked against the pipeline that runs. */
/** The source run's inputs, then --inputs, then -i; one the edited pipeline no longer declares is left behind, not refused. */
function rerunInputs(args: RerunArguments, ir: PipelineIR, source: RerunSource): Promise<Record<string, unknown>> {
  return resolveInputs(ir, args, { base: declaredInputs(ir, source.input.inputs) });
}

function planNote(source: RerunSource, plan: RerunPlan, ir: PipelineIR): string {
  const live = plan.live.length ? plan.live.join(', ') : 'none';
  const notLive = ir.steps.filter((step) => !plan.live.includes(step.id)).map((step) => step.id);
  // Only what the source completed can be reused: a step it never finished runs again.
  const completed = source.completedSteps && new Set(source.completedSteps);
  const reusable = completed ? notLive.filter((id) => completed.has(id)) : notLive;
  const unfinished = completed ? notLive.filter((id) => !completed.has(id)) : [];
  return [
    `Rerun of ${source.workflowId}: calls that match its recorded ones are reused (${reusable.length ? reusable.join(', ') : 'no step'}); live: ${live}.`,
    ...(unfinished.length
      ? [`  not completed in ${source.workflowId}, so they run again: ${unfinished.join(', ')}`]
      : []),
    ...(plan.changed.length ? [`  changed by the edit: ${plan.changed.join(', ')}`] : []),
    ...(source.budgetPausedSince
      ? [
          `  ${source.workflowId} is paused on its budget (since ${source.budgetPausedSince}) and goes on waiting: orc cancel ${source.workflowId} ends it.`,
        ]
      : []),
  ].join('\n');
}
