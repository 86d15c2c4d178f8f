// `orc reject RUN STEP [--reason R] [--json | -o json|yaml]`: refuse a waiting approval (the step
// completes with `approved: false`).
import { optionalString, outputFormatOf } from '../arguments.js';
import { answerApproval } from './approve.js';
import { OUTPUT_OPTIONS, type CommandSpec } from './command.js';

export const rejectCommand: CommandSpec = {
  name: 'reject',
  summary: 'reject a waiting step',
  arguments: ['<RUN>', '<STEP>'],
  options: [{ flags: '--reason <TEXT>', description: "why (the answer's comment)" }, ...OUTPUT_OPTIONS],
  run: async ({ args, options }, context) =>
    answerApproval(
      {
        run: args[0]!,
        step: args[1]!,
        approved: false,
        comment: optionalString(options.reason),
        sets: [],
        format: outputFormatOf(options),
      },
      context,
    ),
};
