// What one `orc` command is: its spec (name, arguments, options — what help, completion and the
// parser need) and its body. cli.ts builds the commander program from a table of these. A
// command file imports only light modules at its top (this one, arguments.ts, exit-codes.ts):
// its body reaches everything else through `await import()`, so `orc --help` and
// `orc validate` never load what `orc run` needs (test/cli/lazy-loading.test.ts).

export interface CommandContext {
  /** Data: the result, JSON documents. */
  print(text: string): void;
  /** Notes for people: progress, what was started, warnings. */
  note(text: string): void;
}

export const processContext: CommandContext = {
  print: (text) => process.stdout.write(`${text}\n`),
  note: (text) => process.stderr.write(`${text}\n`),
};

export interface OptionSpec {
  /** commander's syntax: `-i, --input <name=value>`, `--json`. */
  flags: string;
  description: string;
  /** May be given more than once; the values arrive as a list. */
  repeatable?: boolean;
  /** The only values allowed (help and completion show them). */
  choices?: readonly string[];
}

export interface CommandInput {
  /** The positional arguments, in order. */
  args: string[];
  /** Option values by camelCase name (`--task-queue` → `taskQueue`). */
  options: Record<string, unknown>;
  /** The whole command table, for commands that describe the others (`orc completion`). */
  commands: readonly CommandSpec[];
}

export interface CommandSpec {
  name: string;
  summary: string;
  /** commander's syntax: `<RUN>`, `[RUN]`, `<FILE...>`. */
  arguments?: readonly string[];
  options?: readonly OptionSpec[];
  /** Text after the options in `orc help <command>`. */
  details?: string;
  subcommands?: readonly CommandSpec[];
  run?(input: CommandInput, context: CommandContext): Promise<number>;
}

export const TASK_QUEUE_OPTION: OptionSpec = {
  flags: '--task-queue <QUEUE>',
  description: 'task queue of runs and workers (default: ORC_TASK_QUEUE, else orchestrator)',
};

/** `--json` and `-o json|yaml`: every command that prints a document takes both. */
export const OUTPUT_OPTIONS: readonly OptionSpec[] = [
  { flags: '-o, --output <FORMAT>', description: 'print the document as json or yaml', choices: ['json', 'yaml'] },
  { flags: '--json', description: 'the same as -o json' },
];
