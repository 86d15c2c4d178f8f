// What every command gets: where data goes (stdout, only data) and where notes go (stderr).
import type { ParseArgsConfig } from 'node:util';

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

/** One `orc` command as the router knows it: its options for node:util parseArgs and its run. */
export interface CommandSpec {
  usage: string;
  summary: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(values: Record<string, unknown>, positionals: string[], context: CommandContext): Promise<number>;
}
