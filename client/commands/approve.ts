// `orc approve RUN STEP [--comment C] [--set field=value]… [--value V] [--edit-file F] [--json]`:
// answer a waiting approval. `orc reject` (reject.ts) sends the same update, refusing.
import { optionalString, outputFormatOf, stringList, type OutputFormat } from '../arguments.js';
import { CliError, EXIT } from '../exit-codes.js';
import { OUTPUT_OPTIONS, type CommandContext, type CommandSpec } from './command.js';

export const approveCommand: CommandSpec = {
  name: 'approve',
  summary: 'approve a waiting step (with form answers, a prompt value or edited content)',
  arguments: ['<RUN>', '<STEP>'],
  options: [
    { flags: '--comment <TEXT>', description: 'a comment kept with the answer' },
    {
      flags: '--set <field=value>',
      description: 'a form answer (JSON when it parses, else text); left-out fields get their default',
      repeatable: true,
    },
    { flags: '--value <VALUE>', description: "a prompt step's value (py-orc user-prompt)" },
    { flags: '--edit-file <FILE>', description: 'the edited content (a .json file: its value)' },
    ...OUTPUT_OPTIONS,
  ],
  details: 'orc approvals lists what waits, with the flags each step needs.',
  run: async ({ args, options }, context) =>
    answerApproval(
      {
        run: args[0]!,
        step: args[1]!,
        approved: true,
        comment: optionalString(options.comment),
        sets: stringList(options.set),
        value: optionalString(options.value),
        editFile: optionalString(options.editFile),
        format: outputFormatOf(options),
      },
      context,
    ),
};

export interface AnswerArguments {
  run: string;
  step: string;
  approved: boolean;
  comment?: string;
  sets: string[];
  value?: string;
  editFile?: string;
  format?: OutputFormat;
}

export async function answerApproval(args: AnswerArguments, context: CommandContext): Promise<number> {
  const [answering, { findRun, isRunning, withEngine }, { displayStatus }, { printDocument }] = await Promise.all([
    import('../approval-answer.js'),
    import('../find-run.js'),
    import('../list-runs.js'),
    import('../output-format.js'),
  ]);
  return await withEngine(context.note, async (engine, config) => {
    const answer = await answering.buildAnswer({ ...args, by: config.userName });
    const { handle, description } = await findRun(engine, args.run);
    if (!isRunning(description))
      throw new CliError(
        `run ${description.workflowId} has ended (${displayStatus(description.status.name, undefined)}); nothing in it waits for an answer`,
        EXIT.invalid,
      );
    const { answer: sent, defaulted } = await answering.withDefaultsOfForm(
      engine,
      handle,
      answer,
      description.taskQueue,
    );
    const receipt = await answering.sendAnswer(engine, handle, sent, description.taskQueue);
    if (args.format)
      printDocument(
        {
          workflow_id: description.workflowId,
          run_id: description.runId,
          ...receipt,
          by: answer.by,
          ...(sent.answers ? { answers: sent.answers } : {}),
        },
        args.format,
        context,
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
