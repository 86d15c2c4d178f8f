// `orc approvals [RUN] [--json | -o json|yaml]`: what waits for a person, in one run or across
// running runs.
import type { WorkflowHandle } from '@temporalio/client';
import type { PendingApproval } from '../../workflows/messages.js';
import { outputFormatOf } from '../arguments.js';
import type { Engine } from '../connect.js';
import { CliError, EXIT } from '../exit-codes.js';
import { formatDuration } from '../format-time.js';
import { paint } from '../paint.js';
import { OUTPUT_OPTIONS, type CommandContext, type CommandSpec } from './command.js';
import { RUN_DETAILS } from './status.js';

/**
 * Only runs whose OrcStatus says they wait for a person are asked (a query of a run whose worker
 * is gone costs its whole timeout); still bounded: the newest ones, a few at a time.
 */
const MAX_RUNS_ASKED = 100;
const CONCURRENT_QUERIES = 10;

/** What `orc approvals --json` prints per waiting step. */
export type RunApproval = PendingApproval & { workflow_id: string; run_id: string; pipeline_id: string | null };

interface RunToAsk {
  handle: WorkflowHandle;
  workflow_id: string;
  run_id: string;
  pipeline_id: string | null;
}

export const approvalsCommand: CommandSpec = {
  name: 'approvals',
  summary: 'steps waiting for approval, in one run or across running runs',
  arguments: ['[RUN]'],
  options: OUTPUT_OPTIONS,
  details: RUN_DETAILS,
  run: async ({ args, options }, context) => {
    const format = outputFormatOf(options);
    const [{ withEngine }, { printDocument }, { approvalLines }] = await Promise.all([
      import('../find-run.js'),
      import('../output-format.js'),
      import('../print-approvals.js'),
    ]);
    const run = args[0];
    return await withEngine(context.note, async (engine, config) => {
      const approvals = run === undefined ? await acrossRuns(engine, context) : await ofOneRun(engine, run, context);
      if (format) printDocument(approvals, format, context);
      else if (approvals.length === 0) context.note(`Nothing waits for approval${run ? ` in run ${run}` : ''}.`);
      else {
        const lines = (workflowId: string, waiting: RunApproval[]) =>
          approvalLines(workflowId, waiting, { color: config.color, now: Date.now() });
        context.print(renderApprovals(approvals, config.color, lines));
      }
      return EXIT.ok;
    });
  },
};

async function ofOneRun(engine: Engine, text: string, context: CommandContext): Promise<RunApproval[]> {
  const [{ findRun, isRunning }, { PIPELINE_ID_ATTRIBUTE }, { firstLine, pendingApprovalsOf, QUERY_TIMEOUT_MS }] =
    await Promise.all([
      import('../find-run.js'),
      import('../../workflows/search-attributes.js'),
      import('../run-status.js'),
    ]);
  const { handle, description } = await findRun(engine, text);
  if (!isRunning(description)) {
    context.note(`Run ${description.workflowId} has ended; nothing in it waits.`);
    return [];
  }
  const run = {
    handle,
    workflow_id: description.workflowId,
    run_id: description.runId,
    pipeline_id: description.typedSearchAttributes.get(PIPELINE_ID_ATTRIBUTE) ?? null,
  };
  try {
    return withRun(run, await pendingApprovalsOf(engine, handle));
  } catch (error) {
    throw new CliError(
      `run ${description.workflowId} did not answer within ${formatDuration(QUERY_TIMEOUT_MS)}: ${firstLine(error)}`,
      EXIT.engineUnreachable,
      `is a worker polling task queue "${description.taskQueue}"? (orc worker)`,
    );
  }
}

async function acrossRuns(engine: Engine, context: CommandContext): Promise<RunApproval[]> {
  const [{ listRuns }, { pendingApprovalsOf }] = await Promise.all([
    import('../list-runs.js'),
    import('../run-status.js'),
  ]);
  const rows = await listRuns(engine, { status: 'waiting' }, MAX_RUNS_ASKED);
  if (rows.length === MAX_RUNS_ASKED)
    context.note(`Asking the ${MAX_RUNS_ASKED} newest running runs only; orc approvals RUN asks one run.`);
  const runs: RunToAsk[] = rows.map((row) => ({
    ...row,
    handle: engine.client.workflow.getHandle(row.workflow_id, row.run_id),
  }));
  const silent: string[] = [];
  const found: RunApproval[][] = [];
  for (let index = 0; index < runs.length; index += CONCURRENT_QUERIES) {
    const batch = runs.slice(index, index + CONCURRENT_QUERIES);
    const answers = await Promise.allSettled(batch.map((run) => pendingApprovalsOf(engine, run.handle)));
    answers.forEach((answer, position) => {
      const run = batch[position]!;
      if (answer.status === 'fulfilled') found.push(withRun(run, answer.value));
      else silent.push(run.workflow_id);
    });
  }
  if (silent.length > 0)
    context.note(
      `${silent.length} running run${silent.length === 1 ? '' : 's'} did not answer (no worker polling their task queue?): ${silent.slice(0, 5).join(', ')}${silent.length > 5 ? ', …' : ''}`,
    );
  return found.flat();
}

function withRun(run: Omit<RunToAsk, 'handle'>, approvals: PendingApproval[]): RunApproval[] {
  return approvals.map((approval) => ({
    workflow_id: run.workflow_id,
    run_id: run.run_id,
    pipeline_id: run.pipeline_id,
    ...approval,
  }));
}

function renderApprovals(
  approvals: readonly RunApproval[],
  color: boolean,
  approvalLines: (workflowId: string, waiting: RunApproval[]) => string[],
): string {
  const painter = paint(color);
  const byRun = new Map<string, RunApproval[]>();
  for (const approval of approvals)
    byRun.set(approval.workflow_id, [...(byRun.get(approval.workflow_id) ?? []), approval]);
  return [...byRun.entries()]
    .flatMap(([workflowId, waiting]) => [
      `Run ${painter.bold(workflowId)}${waiting[0]?.pipeline_id ? ` of pipeline "${waiting[0].pipeline_id}"` : ''}:`,
      ...approvalLines(workflowId, waiting),
    ])
    .join('\n');
}
