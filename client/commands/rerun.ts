// `orc rerun RUN [--from STEP] [--file edited.yaml] [-i name=value]… [--inputs F] [--id ID]
// [--detach] [--json | -o json|yaml] [--task-queue Q]`: a new run that reuses what RUN already
// did and runs the rest live (the body: client/rerun-command.ts; docs/forensics.md).
import { optionalString, outputFormatOf, stringList } from '../arguments.js';
import { OUTPUT_OPTIONS, TASK_QUEUE_OPTION, type CommandSpec } from './command.js';

export const rerunCommand: CommandSpec = {
  name: 'rerun',
  summary: 'a new run that reuses what RUN already did and runs the rest (--from, the edit) live',
  arguments: ['<RUN>'],
  options: [
    { flags: '--from <STEP>', description: 'run STEP and every step that depends on it live' },
    {
      flags: '--file <FILE>',
      description: 'run the edited pipeline: the steps the edit changed (and dependents) run live',
    },
    {
      flags: '-i, --input <name=value>',
      description: "an input replacing the source run's (JSON unless the parameter is a string)",
      repeatable: true,
    },
    { flags: '--inputs <FILE>', description: 'inputs from a JSON or YAML mapping (-i wins over it)' },
    { flags: '--id <ID>', description: 'the new run id (workflow id); default <pipeline>-<UTC time>-<4 hex>' },
    { flags: '--detach', description: 'start the run and return (needs a worker that outlives this command)' },
    ...OUTPUT_OPTIONS,
    TASK_QUEUE_OPTION,
  ],
  details: 'RUN is a workflow id, as orc run and orc list print it. docs/forensics.md explains what is reused.',
  run: async ({ args, options }, context) => {
    const { rerun } = await import('../rerun-command.js');
    const format = outputFormatOf(options);
    return rerun(
      {
        run: args[0]!,
        from: optionalString(options.from),
        file: optionalString(options.file),
        inputs: stringList(options.input),
        inputsFile: optionalString(options.inputs),
        id: optionalString(options.id),
        detach: options.detach === true,
        ...(format ? { format } : {}),
        taskQueue: optionalString(options.taskQueue),
      },
      context,
    );
  },
};
