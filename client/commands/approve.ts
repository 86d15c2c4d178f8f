// `orc approve RUN STEP [--comment C] [--set field=value]… [--value V] [--edit-file F] [--json]`
// and `orc reject RUN STEP [--reason R] [--json]`: answer a waiting approval.
import { buildAnswer, sendAnswer, withDefaultsOfForm } from '../approval-answer.js';
import { CliError, EXIT } from '../exit-codes.js';
import { findRun, isRunning, withEngine } from '../find-run.js';
import { displayStatus } from '../list-runs.js';
import type { CommandContext } from './command.js';

export interface AnswerArguments {
  run: string;
  step: string;
  approved: boolean;
  comment?: string;
  sets: string[];
  value?: string;
  editFile?: string;
  json: boolean;
}

export async function answerCommand(args: AnswerArguments, context: CommandContext): Promise<number> {
  return await withEngine(context.note, async (engine, config) => {
    const answer = await buildAnswer({ ...args, by: config.userName });
    const { handle, description } = await findRun(engine, args.run);
    if (!isRunning(description))
      throw new CliError(
        `run ${description.workflowId} has ended (${displayStatus(description.status.name, undefined)}); nothing in it waits for an answer`,
        EXIT.invalid,
      );
    const { answer: sent, defaulted } = await withDefaultsOfForm(engine, handle, answer, description.taskQueue);
    const receipt = await sendAnswer(engine, handle, sent, description.taskQueue);
    if (args.json)
      context.print(
        JSON.stringify(
          {
            workflow_id: description.workflowId,
            run_id: description.runId,
            ...receipt,
            by: answer.by,
            ...(sent.answers ? { answers: sent.answers } : {}),
          },
          null,
          2,
        ),
      );
    else {
      context.print(
        `${receipt.approved ? 'Approved' : 'Rejected'} step "${receipt.step}" of run ${description.workflowId} (as ${answer.by}); the run goes on.`,
      );
      if (Object.keys(defaulted).length)
        context.print(
          `Form defaults for fields left out: ${Object.entries(defaulted)
            .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
            .join(', ')}`,
        );
    }
    return EXIT.ok;
  });
}
