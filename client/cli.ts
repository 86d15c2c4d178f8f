// The `orc` router: parses arguments, runs one command, maps every failure to an exit code
// and a message (never a stack trace for a user's mistake).
import { parseArgs } from 'node:util';
import { ConfigError, RegistryError } from '../workers/index.js';
import { onePositional, positiveInteger } from './arguments.js';
import { devCommand } from './commands/dev.js';
import { processContext, type CommandContext, type CommandSpec } from './commands/command.js';
import { runCommand } from './commands/run.js';
import { modelsCommand } from './commands/models.js';
import { budgetRaiseCommand } from './commands/budget.js';
import { compileCommand, schemaCommand } from './commands/schema.js';
import { validateCommand } from './commands/validate.js';
import { workerCommand } from './commands/worker.js';
import { CliError, EXIT } from './exit-codes.js';
import { RUN_COMMANDS } from './run-commands.js';
import { SCHEDULE_COMMAND } from './schedule-commands.js';
import { historyCommand } from './commands/history.js';
import { replayCommand } from './commands/replay.js';
import { RERUN_COMMAND } from './commands/rerun.js';
import { DIFF_COMMAND } from './commands/diff.js';

const json = { type: 'boolean', default: false } as const;
const taskQueue = { type: 'string' } as const;
const color = () => Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;

const COMMANDS: Record<string, CommandSpec> = {
  run: {
    usage: 'orc run FILE [-i name=value]… [--inputs file.json|yaml] [--id ID] [--detach] [--json] [--task-queue Q]',
    summary: 'compile, start a run, follow it and print the result',
    options: {
      input: { type: 'string', short: 'i', multiple: true },
      inputs: { type: 'string' },
      id: { type: 'string' },
      detach: { type: 'boolean', default: false },
      json,
      'task-queue': taskQueue,
    },
    run: (values, positionals, context) =>
      runCommand(
        {
          file: onePositional(positionals, 'orc run needs one pipeline file'),
          inputs: (values.input as string[] | undefined) ?? [],
          inputsFile: values.inputs as string | undefined,
          id: values.id as string | undefined,
          detach: values.detach === true,
          json: values.json === true,
          taskQueue: values['task-queue'] as string | undefined,
        },
        context,
      ),
  },
  rerun: RERUN_COMMAND,
  diff: DIFF_COMMAND,
  ...RUN_COMMANDS,
  schedule: SCHEDULE_COMMAND,
  history: {
    usage: 'orc history RUN [--json | --output FILE]',
    summary: "a run's event history: a listing, or JSON for orc replay and bug reports",
    options: { json, output: { type: 'string' } },
    run: (values, positionals, context) =>
      historyCommand(
        {
          run: onePositional(
            positionals,
            'orc history needs one run (a workflow id, as orc run and orc list print it)',
          ),
          json: values.json === true,
          ...(typeof values.output === 'string' ? { output: values.output } : {}),
        },
        context,
      ),
  },
  replay: {
    usage: 'orc replay FILE | RUN | --history FILE [--json]',
    summary: 'replay a history against the current workflow code; exit 0 if it is deterministic',
    options: { history: { type: 'string' }, json },
    run: (values, positionals, context) => {
      if (positionals.length > 1) throw new CliError('orc replay takes one history file or run', EXIT.invalid);
      return replayCommand(
        {
          ...(positionals[0] !== undefined ? { source: positionals[0] } : {}),
          ...(typeof values.history === 'string' ? { historyFile: values.history } : {}),
          json: values.json === true,
        },
        context,
      );
    },
  },
  validate: {
    usage: 'orc validate FILE… [--json]',
    summary: 'compile and print diagnostics; exit 0 if no errors, 2 otherwise',
    options: { json },
    run: (values, positionals, context) =>
      validateCommand(positionals, { json: values.json === true, color: color() }, context),
  },
  compile: {
    usage: 'orc compile FILE',
    summary: 'print the compiled pipeline (IR) as JSON',
    options: {},
    run: (_values, positionals, context) =>
      compileCommand(onePositional(positionals, 'orc compile needs one pipeline file'), color(), context),
  },
  schema: {
    usage: 'orc schema',
    summary: 'print the JSON Schema of the pipeline language (for editors)',
    options: {},
    run: async (_values, _positionals, context) => schemaCommand(context),
  },
  budget: {
    usage: 'orc budget raise RUN [--usd N] [--tokens N]',
    summary: "raise a run's budget so a paused run goes on",
    options: { usd: { type: 'string' }, tokens: { type: 'string' } },
    run: (values, positionals, context) => {
      if (positionals[0] !== 'raise' || positionals.length !== 2)
        throw new CliError('usage: orc budget raise RUN [--usd N] [--tokens N]', EXIT.invalid);
      const usd = values.usd === undefined ? undefined : Number(values.usd);
      if (usd !== undefined && !(usd > 0))
        throw new CliError(`--usd must be a positive number, not "${String(values.usd)}"`, EXIT.invalid);
      return budgetRaiseCommand(
        {
          run: positionals[1]!,
          ...(usd !== undefined ? { usd } : {}),
          tokens: positiveInteger(values.tokens, '--tokens'),
        },
        context,
      );
    },
  },
  models: {
    usage: 'orc models [--json]',
    summary: 'the model registry: providers, context windows, prices, and whether credentials are present',
    options: { json },
    run: async (values, _positionals, context) => modelsCommand({ json: values.json === true }, context),
  },
  worker: {
    usage: 'orc worker [--task-queue Q] [--max-concurrent-activities N]',
    summary: 'run a worker in the foreground (graceful stop on SIGINT/SIGTERM)',
    options: { 'task-queue': taskQueue, 'max-concurrent-activities': { type: 'string' } },
    run: (values, _positionals, context) =>
      workerCommand(
        {
          taskQueue: values['task-queue'] as string | undefined,
          maxConcurrentActivities: positiveInteger(values['max-concurrent-activities'], '--max-concurrent-activities'),
        },
        context,
      ),
  },
  dev: {
    usage: 'orc dev [--task-queue Q]',
    summary: 'start the local Temporal dev server (if none is up) and a worker; print the Web UI address',
    options: { 'task-queue': taskQueue },
    run: (values, _positionals, context) =>
      devCommand({ taskQueue: values['task-queue'] as string | undefined }, context),
  },
};

export async function main(argv: string[], context: CommandContext = processContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    context.print(overallHelp());
    return name === undefined ? EXIT.invalid : EXIT.ok;
  }
  if (name === '--version') {
    context.print('orc 0.1.0');
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command)
    return fail(
      new CliError(
        `unknown command "${name}"`,
        EXIT.invalid,
        `commands: ${Object.keys(COMMANDS).join(', ')} (orc --help)`,
      ),
      context,
    );
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      context.print(`usage: ${command.usage}\n\n${command.summary}`);
      return EXIT.ok;
    }
    return await command.run(values, positionals, context);
  } catch (error) {
    return fail(error, context, command.usage);
  }
}

function fail(error: unknown, context: CommandContext, usage?: string): number {
  if (error instanceof CliError) {
    context.note(`orc: ${error.message}${error.hint ? `\n  hint: ${error.hint}` : ''}`);
    return error.exitCode;
  }
  if (error instanceof ConfigError || error instanceof RegistryError) {
    context.note(`orc: configuration: ${error.message}`);
    return EXIT.invalid;
  }
  const code = (error as { code?: string }).code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
    context.note(`orc: ${(error as Error).message}${usage ? `\n  usage: ${usage}` : ''}`);
    return EXIT.invalid;
  }
  context.note(
    `orc: internal error: ${(error as Error)?.message ?? String(error)}${process.env.ORC_DEBUG ? `\n${(error as Error)?.stack ?? ''}` : ' (set ORC_DEBUG=1 for details; please report it)'}`,
  );
  return EXIT.runFailed;
}

function overallHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return [
    'usage: orc <command> [options]',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, spec]) => `  ${name.padEnd(width)}  ${spec.summary}`),
    '',
    'orc <command> --help for its options.',
  ].join('\n');
}
