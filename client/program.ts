// The table of command specs made into a commander program: commander parses, writes help
// (`orc help <command>`, `--help`) and finds "did you mean" suggestions (edit distance at most 3,
// similarity above 0.4); this file says its usage errors in orc's words with exit code 2
// (docs/decisions/0008-commander.md).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, Option, type CommanderError } from 'commander';
import type { CommandContext, CommandSpec, OptionSpec } from './commands/command.js';
import { CliError, EXIT } from './exit-codes.js';

/** What the command's body returned, once commander has run it. */
export interface Outcome {
  code?: number;
}

export function buildProgram(commands: readonly CommandSpec[], context: CommandContext, outcome: Outcome): Command {
  const program = configure(new Command('orc'), context)
    .usage('<command> [options]')
    .description('Durable AI pipelines in YAML, run on Temporal.')
    .version(`orc ${packageVersion()}`, '-V, --version', 'print the version of orc')
    .helpOption('-h, --help', 'show help (orc help <command> for one command)')
    .helpCommand('help [command]', 'show help for a command')
    .addHelpText('after', '\norc completion bash|zsh|fish prints a shell completion script.');
  for (const spec of commands) addCommand(program, spec, commands, context, outcome);
  return program;
}

function addCommand(
  parent: Command,
  spec: CommandSpec,
  commands: readonly CommandSpec[],
  context: CommandContext,
  outcome: Outcome,
): void {
  const command = configure(parent.command(spec.name), context)
    .description(spec.summary)
    .helpOption('-h, --help', 'show help for this command');
  for (const argument of spec.arguments ?? []) command.argument(argument);
  for (const option of spec.options ?? []) command.addOption(commanderOption(option));
  if (spec.details) command.addHelpText('after', `\n${spec.details}`);
  for (const sub of spec.subcommands ?? []) addCommand(command, sub, commands, context, outcome);
  if (spec.subcommands?.length) command.helpCommand('help [command]', 'show help for a subcommand');
  const run = spec.run;
  if (run)
    command.action(async (...parameters: unknown[]) => {
      const self = parameters.at(-1) as Command;
      outcome.code = await run({ args: self.args, options: self.opts(), commands }, context);
    });
}

function configure(command: Command, context: CommandContext): Command {
  return command
    .configureOutput({
      writeOut: (text) => context.print(text.trimEnd()),
      writeErr: (text) => context.note(text.trimEnd()),
      // Errors are said by usageError below, in orc's words.
      outputError: () => {},
    })
    .exitOverride((error) => {
      throw usageError(error, command);
    })
    .showSuggestionAfterError(true);
}

function commanderOption(spec: OptionSpec): Option {
  const option = new Option(spec.flags, spec.description);
  if (spec.choices) option.choices(spec.choices);
  if (spec.repeatable)
    option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
  return option;
}

/** Help and the version end the command with code 0; every other stop is bad usage (exit 2). */
function usageError(error: CommanderError, command: Command): CommanderError | CliError {
  if (error.exitCode === 0) return error;
  const path = commandPath(command);
  const quoted = /'([^']*)'/.exec(error.message)?.[1] ?? '';
  const suggestion = /\(Did you mean (?:one of )?(.+)\?\)/.exec(error.message)?.[1];
  const usage = `usage: ${path} ${command.usage()}`;
  const didYouMean = suggestion ? `did you mean ${suggestion}?\n  ` : '';
  switch (error.code) {
    case 'commander.help':
      // A command group without its subcommand: commander printed the group's help on stderr.
      return new CliError(`${path} needs a subcommand`, EXIT.invalid, `orc help ${path.slice(4)}`);
    case 'commander.unknownCommand':
      return new CliError(
        `unknown ${command.parent ? `${path.slice(4)} subcommand` : 'command'} "${quoted}"`,
        EXIT.invalid,
        `${didYouMean}${path} --help lists them`,
      );
    case 'commander.unknownOption':
      return new CliError(
        `Unknown option '${quoted}': ${path} does not take ${quoted}`,
        EXIT.invalid,
        `${didYouMean}${usage}`,
      );
    case 'commander.invalidArgument': {
      const [, flags = '', value = '', allowed = ''] =
        /option '([^']*)' argument '([^']*)' is invalid\. Allowed choices are (.*)\.$/.exec(error.message) ?? [];
      const flag = /--[\w-]+/.exec(flags)?.[0] ?? flags;
      if (allowed) return new CliError(`${flag} "${value}" is not allowed`, EXIT.invalid, `one of: ${allowed}`);
      return new CliError(error.message.replace(/^error: /, ''), EXIT.invalid, usage);
    }
    default:
      return new CliError(error.message.replace(/^error: /, '').split('\n')[0]!, EXIT.invalid, usage);
  }
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

/** The version in the package.json beside the code: the checkout's, or the installed package's. */
function packageVersion(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 4; depth++, folder = dirname(folder)) {
    try {
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
        version?: string;
        bin?: Record<string, string>;
      };
      if (manifest.bin?.orc && manifest.version) return manifest.version;
    } catch {
      // No package.json in this folder: look in its parent.
    }
  }
  return 'unknown';
}
