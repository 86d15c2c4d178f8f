// `orc compile FILE [-o json|yaml]`: the compiled pipeline (IR); exit 2 with the diagnostics
// when the file is invalid.
import { outputFormatOf } from '../arguments.js';
import { EXIT } from '../exit-codes.js';
import type { CommandSpec } from './command.js';

export const compileCommand: CommandSpec = {
  name: 'compile',
  summary: 'print the compiled pipeline (IR) as JSON',
  arguments: ['<FILE>'],
  options: [{ flags: '-o, --output <FORMAT>', description: 'json (the default) or yaml', choices: ['json', 'yaml'] }],
  run: async ({ args, options }, context) => {
    const [{ compileOrExit }, { terminalColor }, { printDocument }] = await Promise.all([
      import('../compile-or-exit.js'),
      import('../config.js'),
      import('../output-format.js'),
    ]);
    const ir = await compileOrExit(args[0]!, terminalColor(), context);
    printDocument(ir, outputFormatOf(options) ?? 'json', context);
    return EXIT.ok;
  },
};
