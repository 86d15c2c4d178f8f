// `orc test FILE --cassette CASSETTE [--update] [-i name=value]… [--inputs F] [--json | -o json|yaml]`:
// run the pipeline for real with its tool and model calls answered from a recorded run (the
// body: client/recorded-test.ts; docs/forensics.md).
import { optionalString, outputFormatOf, stringList } from '../arguments.js';
import { CliError, EXIT } from '../exit-codes.js';
import { OUTPUT_OPTIONS, type CommandSpec } from './command.js';

export const testCommand: CommandSpec = {
  name: 'test',
  summary: 'run a pipeline with its tool and model calls answered from a cassette (orc record): 0 provider calls',
  arguments: ['<FILE>'],
  options: [
    { flags: '--cassette <FILE>', description: 'the cassette to answer from (orc record RUN -o FILE)' },
    { flags: '--update', description: 'call tools and models live, then rewrite the cassette from that run' },
    {
      flags: '-i, --input <name=value>',
      description: "an input replacing the cassette's (JSON unless the parameter is a string)",
      repeatable: true,
    },
    { flags: '--inputs <FILE>', description: 'inputs from a JSON or YAML mapping (-i wins over it)' },
    ...OUTPUT_OPTIONS,
  ],
  details:
    'Exit 0: the run completed with every call answered from the cassette. 1: a call the cassette lacks (with a diff against the nearest recorded request), or a failed run. 2: bad usage, a pipeline that does not compile, a cassette that cannot be read.',
  run: async ({ args, options }, context) => {
    const cassette = optionalString(options.cassette);
    if (cassette === undefined)
      throw new CliError('orc test needs --cassette FILE', EXIT.invalid, 'make one with orc record RUN -o FILE');
    const format = outputFormatOf(options);
    const { recordedTest } = await import('../recorded-test.js');
    return recordedTest(
      {
        file: args[0]!,
        cassette,
        update: options.update === true,
        inputs: stringList(options.input),
        inputsFile: optionalString(options.inputs),
        ...(format ? { format } : {}),
      },
      context,
    );
  },
};
