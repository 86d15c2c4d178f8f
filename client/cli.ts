// The `orc` command line: the table of commands (each one's options and body in
// client/commands/<name>.ts), run through commander (client/program.ts). Every failure becomes
// an exit code and a message — never a stack trace for a user's mistake.
import { CommanderError } from 'commander';
import { approvalsCommand } from './commands/approvals.js';
import { approveCommand } from './commands/approve.js';
import { budgetCommand } from './commands/budget.js';
import { cacheCommand } from './commands/cache.js';
import { cancelCommand } from './commands/cancel.js';
import { processContext, type CommandContext, type CommandSpec } from './commands/command.js';
import { compileCommand } from './commands/compile.js';
import { completionCommand } from './commands/completion.js';
import { devCommand } from './commands/dev.js';
import { diffCommand } from './commands/diff.js';
import { gcCommand } from './commands/gc.js';
import { historyCommand } from './commands/history.js';
import { listCommand } from './commands/list.js';
import { modelsCommand } from './commands/models.js';
import { recordCommand } from './commands/record.js';
import { rejectCommand } from './commands/reject.js';
import { replayCommand } from './commands/replay.js';
import { rerunCommand } from './commands/rerun.js';
import { resultCommand } from './commands/result.js';
import { runCommand } from './commands/run.js';
import { scheduleCommand } from './commands/schedule.js';
import { schemaCommand } from './commands/schema.js';
import { statusCommand } from './commands/status.js';
import { terminateCommand } from './commands/terminate.js';
import { testCommand } from './commands/test.js';
import { validateCommand } from './commands/validate.js';
import { watchCommand } from './commands/watch.js';
import { workerCommand } from './commands/worker.js';
import { debugEnabled } from './config.js';
import { CliError, EXIT } from './exit-codes.js';
import { buildProgram, type Outcome } from './program.js';

/** In the order `orc --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  runCommand,
  validateCommand,
  compileCommand,
  schemaCommand,
  statusCommand,
  watchCommand,
  resultCommand,
  listCommand,
  rerunCommand,
  diffCommand,
  recordCommand,
  testCommand,
  cancelCommand,
  terminateCommand,
  approvalsCommand,
  approveCommand,
  rejectCommand,
  scheduleCommand,
  budgetCommand,
  cacheCommand,
  modelsCommand,
  historyCommand,
  replayCommand,
  gcCommand,
  workerCommand,
  devCommand,
  completionCommand,
];

export async function main(argv: string[], context: CommandContext = processContext): Promise<number> {
  const outcome: Outcome = {};
  const program = buildProgram(COMMANDS, context, outcome);
  if (argv.length === 0) {
    context.print(program.helpInformation().trimEnd());
    return EXIT.invalid;
  }
  // commander's help command looks one level down: `orc help schedule create` is asked here.
  const [first, ...rest] = argv;
  const words =
    first === 'help' && rest.length > 1 && !rest.some((word) => word.startsWith('-')) ? [...rest, '--help'] : argv;
  try {
    await program.parseAsync(words, { from: 'user' });
    return outcome.code ?? EXIT.ok;
  } catch (error) {
    return fail(error, context);
  }
}

function fail(error: unknown, context: CommandContext): number {
  if (error instanceof CommanderError) return error.exitCode;
  if (error instanceof CliError) {
    context.note(`orc: ${error.message}${error.hint ? `\n  hint: ${error.hint}` : ''}`);
    return error.exitCode;
  }
  // Known by name: their classes live with the worker side, which most commands never load.
  const name = (error as Error | undefined)?.name;
  if (name === 'ConfigError' || name === 'RegistryError') {
    context.note(`orc: configuration: ${(error as Error).message}`);
    return EXIT.invalid;
  }
  context.note(
    `orc: internal error: ${(error as Error)?.message ?? String(error)}${debugEnabled() ? `\n${(error as Error)?.stack ?? ''}` : ' (set ORC_DEBUG=1 for details; please report it)'}`,
  );
  return EXIT.runFailed;
}
