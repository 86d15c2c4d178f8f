// `orc diff RUN_A RUN_B [--json | -o json|yaml]`: two runs side by side, step by step — status,
// reused or live, inputs and outputs as unified diffs, tokens, cost, time (the body:
// client/diff-view.ts).
import { outputFormatOf } from '../arguments.js';
import { OUTPUT_OPTIONS, type CommandSpec } from './command.js';

export const diffCommand: CommandSpec = {
  name: 'diff',
  summary: 'two runs step by step: status, reused or live, inputs and outputs (unified diffs), tokens, cost, time',
  arguments: ['<RUN_A>', '<RUN_B>'],
  options: [...OUTPUT_OPTIONS],
  details: 'Typically a run and its rerun (orc rerun prints the id of the run it starts).',
  run: async ({ args, options }, context) => {
    const { diffRuns } = await import('../diff-view.js');
    const format = outputFormatOf(options);
    return diffRuns({ a: args[0]!, b: args[1]!, ...(format ? { format } : {}) }, context);
  },
};
